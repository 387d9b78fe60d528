// The declared keys of monitors, analyses, result tables and metrics (spec/output_keys.hpp).
#include "plastix/spec/output_keys.hpp"

#include <string>
#include <utility>

namespace plastix {

namespace {

// A key naming another item of the file, or a list the reader reads itself.
template <class P>
declaration<P>& name_key(declaration<P>& d, const char* key, const char* doc) {
  return d.extra(key, value_type::choice, dimension::dimensionless, bounds::any(), doc);
}

template <class P>
declaration<P>& list_key(declaration<P>& d, const char* key, const char* doc) {
  return d.extra(key, value_type::count, dimension::dimensionless, bounds::non_negative(), doc);
}

}  // namespace

const std::vector<std::string>& monitor_type_names() {
  static const std::vector<std::string> names{"spikes", "state", "weights", "rate", "transmission"};
  return names;
}

const declaration<monitor_spec>& monitor_declaration(monitor_spec::kind k) {
  using M = monitor_spec;
  const auto monitor = [](const char* type, const char* doc) {
    declaration<M> d("monitor", type, doc);
    name_key(d, "name", "the group's name in data.h5 (default: the target, and the variable)");
    return d;
  };
  const auto interval = [](declaration<M>& d, const char* doc) {
    return d.quantity("interval", &M::interval, dimension::time, bounds::non_negative(), doc);
  };
  static const auto spikes = [&] {
    auto d = monitor("spikes", "the spike times of a population's neurons");
    name_key(d, "population", "the population (required)");
    list_key(d, "neurons", "these neurons, e.g. [0, 1] (default: all)");
    return d;
  }();
  static const auto state = [&] {
    auto d = monitor("state", "a state variable of a population's neurons, or one a projection's rule declares");
    name_key(d, "population", "the population (or give projection)");
    name_key(d, "projection", "the projection whose plasticity rule keeps the variable");
    name_key(d, "modulator", "the [[modulator]] whose level is recorded (variable = \"level\", the default)");
    name_key(d, "variable", "the variable: v, w, g_RECEPTOR, i_ext, a rule's state, or a modulator's level (required)");
    list_key(d, "neurons", "these neurons (post or presynaptic for a rule's state), e.g. [0, 1] (default: all)");
    list_key(d, "synapses", "these synapses, for a rule's state per synapse");
    interval(d, "sampling interval (0: every step)");
    return d;
  }();
  static const auto weights = [&] {
    auto d = monitor("weights", "the weights of a projection's synapses");
    name_key(d, "projection", "the projection (required)");
    list_key(d, "synapses", "these synapses, e.g. [0, 1] (default: all)");
    interval(d, "sampling interval (0: at the end only)");
    return d;
  }();
  static const auto rate = [&] {
    auto d = monitor("rate", "the mean rate of a population in bins");
    name_key(d, "population", "the population (required)");
    d.extra("bin", value_type::quantity, dimension::time, bounds::positive(), "bin width (default 1 ms)");
    return d;
  }();
  static const auto transmission = [&] {
    auto d = monitor("transmission", "the efficacy of each transmitted spike of a projection (e.g. with stp)");
    name_key(d, "projection", "the projection (required)");
    list_key(d, "neurons", "these presynaptic neurons, e.g. [0] (default: all)");
    return d;
  }();
  switch (k) {
    case M::kind::spikes: return spikes;
    case M::kind::state: return state;
    case M::kind::weights: return weights;
    case M::kind::rate: return rate;
    case M::kind::transmission: return transmission;
  }
  return spikes;
}

const std::vector<std::string>& analysis_type_names() {
  static const std::vector<std::string> names{"principal_component", "pattern_responses", "recall", "weight_scaling",
                                              "overlap", "synapse_rank", "choices", "conditioned_response",
                                              "ocular_dominance", "classify", "firing_pattern"};
  return names;
}

const declaration<analysis_spec>& analysis_declaration(analysis_spec::kind k) {
  using A = analysis_spec;
  const auto analysis = [](const char* type, const char* doc) { return declaration<A>("analysis", type, doc); };
  const auto table = [](declaration<A>& d, const char* default_name) {
    return d.extra("table", value_type::choice, dimension::dimensionless, bounds::any(),
                   std::string("the result table's name (default ") + default_name + ")");
  };
  const auto neuron = [](declaration<A>& d) {
    name_key(d, "projection", "the analysed projection (required)");
    return d.count<std::uint32_t>("neuron", &A::neuron, bounds::non_negative(), "its post neuron");
  };
  const auto window = [](declaration<A>& d) {
    return d.quantity("delay", &A::delay, dimension::time, bounds::non_negative(),
                      "the window of a presentation starts this long after its onset")
        .quantity("active_rate", &A::active_rate, dimension::frequency, bounds::positive(),
                  "a neuron is active at this rate in the window");
  };
  static const auto principal_component = [&] {
    auto d = analysis("principal_component",
                      "angle between a rate neuron's weights and the top principal component of its input (Oja 1982)");
    neuron(d);
    name_key(d, "weights", "a weights monitor of the projection: one table row per sample");
    table(d, "convergence");
    return d;
  }();
  static const auto pattern_responses = [&] {
    auto d = analysis("pattern_responses", "the responses of a rate neuron to each pattern of its input");
    neuron(d);
    table(d, "responses");
    return d;
  }();
  static const auto recall = [&] {
    auto d = analysis("recall", "recall of memory patterns from the activity their cues evoke");
    name_key(d, "patterns", "the [[patterns]] set (required)");
    name_key(d, "population", "the scored population (default: the patterns' population)");
    name_key(d, "spikes", "the spikes monitor recording it (default: one recording all its neurons)");
    name_key(d, "phases", "list: the scored phases (default: every phase with a partial cue)");
    window(d);
    d.extra("threshold", value_type::number, dimension::dimensionless, bounds::any(),
            "count the patterns whose mean overlap in a phase is at least this (column recalled)");
    d.extra("strict_hit", value_type::number, dimension::dimensionless, bounds::any(),
            "a strict count too (column recalled_strict): the patterns whose mean hit in a phase is at least this ...");
    d.extra("strict_false_alarm", value_type::number, dimension::dimensionless, bounds::any(),
            "... and whose mean false alarm is below this (default: no limit)");
    name_key(d, "column", "an optional first column of the per-phase table ...");
    d.extra("values", value_type::number, dimension::dimensionless, bounds::any(), "list: ... its value per scored phase");
    table(d, "recall");
    return d;
  }();
  static const auto weight_scaling = [&] {
    auto d = analysis("weight_scaling", "weights after against before: slope and correlation (synaptic scaling)");
    name_key(d, "projection", "the analysed projection (required)");
    name_key(d, "phase", "before = the weights at the start of this phase (default: of the run)");
    table(d, "scaling");
    return d;
  }();
  static const auto overlap = [&] {
    auto d = analysis("overlap", "how alike a population's activity is in two phases");
    name_key(d, "spikes", "the spikes monitor of the population (required)");
    name_key(d, "phases", "list: the two compared phases (required)");
    window(d);
    table(d, "overlap");
    return d;
  }();
  static const auto synapse_rank = [&] {
    auto d = analysis("synapse_rank", "one synapse's weight against the others' over time: mean, percentiles, rank");
    name_key(d, "weights", "a weights monitor recording every synapse of its projection (required)");
    d.count<std::uint32_t>("pre_neuron", &A::pre_neuron, bounds::non_negative(), "the chosen synapse's pre neuron");
    d.count<std::uint32_t>("post_neuron", &A::post_neuron, bounds::non_negative(), "its post neuron");
    table(d, "rank");
    return d;
  }();
  static const auto choices = [&] {
    auto d = analysis("choices", "a two-choice task: the fraction of correct choices per block of a modulator's group "
                                 "reward trials (Izhikevich 2007)");
    name_key(d, "modulator", "the modulator whose group reward conditions give the trials (required)");
    d.count<std::uint32_t>("trials_per_block", &A::trials_per_block, bounds::non_negative(),
                           "trials per block within a phase run (0: one block per phase run)");
    table(d, "choices");
    return d;
  }();
  static const auto conditioned_response = [&] {
    auto d = analysis("conditioned_response", "classical conditioning: CR probability, amplitude and peak time per "
                                              "block of trials from the output population's rate (Medina & Mauk 2000)");
    name_key(d, "spikes", "the spikes monitor of the output population (required)");
    d.part(&A::cr, conditioned_response_keys::declare());
    d.count<std::uint32_t>("trials_per_block", &A::trials_per_block, bounds::non_negative(),
                           "trials per block within a phase run (0: one block per phase run)");
    table(d, "conditioned_response");
    return d;
  }();
  static const auto ocular_dominance = [&] {
    auto d = analysis("ocular_dominance", "ocular dominance index of each post neuron from its summed weights from two "
                                          "eyes, and its 7-class histogram, at the end of each phase run");
    name_key(d, "projection", "the analysed projection, from both eyes' inputs (required)");
    d.count<std::uint32_t>("first_eye", &A::first_eye, bounds::non_negative(),
                           "pre neurons [0, first_eye) are the first (contralateral) eye, the rest the second "
                           "(required)");
    table(d, "ocular_dominance");
    return d;
  }();
  static const auto classify = [&] {
    auto d = analysis("classify", "neurons labelled by their responses to a data set's images, which then classify "
                                  "test images by their votes (Diehl & Cook 2015)");
    name_key(d, "patterns", "the data set: a [[patterns]] set with a path (required)");
    name_key(d, "spikes", "the spikes monitor recording every neuron of the classifying population (required)");
    name_key(d, "phases", "list: pairs of phases [labelling, test, ...] (required)");
    d.quantity("delay", &A::delay, dimension::time, bounds::non_negative(),
               "the window of a presentation starts this long after its onset");
    d.count<std::uint32_t>("task_classes", &A::task_classes, bounds::non_negative(),
                           "> 0: classes per task (task j: classes j·k to j·k + k − 1); adds the accuracy on each "
                           "task after each pair (table `continual`, or <table>_tasks)");
    table(d, "accuracy");
    return d;
  }();
  static const auto firing_pattern = [&] {
    auto d = analysis("firing_pattern", "a neuron's response to a current step: spikes, latency, ISIs, adaptation "
                                        "and the class of its firing pattern (Naud et al. 2008)");
    name_key(d, "spikes", "the spikes monitor of the population (required)");
    d.count<std::uint32_t>("neuron", &A::neuron, bounds::non_negative(), "the neuron of the population analysed");
    name_key(d, "phase", "the phase of the current step (required)");
    table(d, "firing_patterns");
    return d;
  }();
  switch (k) {
    case A::kind::firing_pattern: return firing_pattern;
    case A::kind::ocular_dominance: return ocular_dominance;
    case A::kind::classify: return classify;
    case A::kind::conditioned_response: return conditioned_response;
    case A::kind::choices: return choices;
    case A::kind::synapse_rank: return synapse_rank;
    case A::kind::principal_component: return principal_component;
    case A::kind::pattern_responses: return pattern_responses;
    case A::kind::recall: return recall;
    case A::kind::weight_scaling: return weight_scaling;
    case A::kind::overlap: return overlap;
  }
  return principal_component;
}

const declaration<table_spec>& table_declaration() {
  static const auto d = [] {
    declaration<table_spec> d("table", "table", "[[table]]: a result table computed from recorded series after the run");
    name_key(d, "name", "the table's name (required)");
    d.extra("column", value_type::choice, dimension::dimensionless, bounds::any(), "its [[table.column]] tables");
    return d;
  }();
  return d;
}

// The keys that pick a series and how it is read (table columns and metrics).
template <class P>
declaration<P>& series_keys(declaration<P>& d) {
  name_key(d, "series", "the series read: rate.MONITOR, state.MONITOR, weights.MONITOR, "
                        "transmission.MONITOR, or for a column also table.TABLE.COLUMN");
  d.extra("pre", value_type::count, dimension::dimensionless, bounds::non_negative(),
          "transmission: only the events of this presynaptic neuron");
  return d.extra("average", value_type::flag, dimension::dimensionless, bounds::any(),
                 "state and weights: the mean over the monitor's neurons or synapses (default false: its first one)");
}

const declaration<table_column_spec>& table_column_declaration() {
  using C = table_column_spec;
  static const auto d = [] {
    declaration<C> d("table", "column", "[[table.column]]: a column of a result table");
    name_key(d, "name", "the column's name (required)");
    d.flag("index", &C::index, "count rows 1, 2, 3, ... instead of a series");
    series_keys(d);
    d.extra("normalize", value_type::choice, dimension::dimensionless, bounds::any(),
            "`none` or `first` (divide by the first value)");
    d.flag("times", &C::times, "the series' times instead of its values");
    d.extra("time_unit", value_type::choice, dimension::dimensionless, bounds::any(),
            "the unit of a column of times: ms, s, min, h or day");
    d.count("skip", &C::skip, bounds::non_negative(), "leave out the first values");
    return d;
  }();
  return d;
}

const declaration<metric_spec>& metric_declaration() {
  using M = metric_spec;
  static const auto d = [] {
    declaration<M> d("metric", "metric", "[[metric]]: one number from a recorded series over a time window");
    name_key(d, "name", "the metric's name (required)");
    series_keys(d);
    d.quantity("from", &M::from, dimension::time, bounds::any(), "start of the window");
    d.extra("to", value_type::quantity, dimension::time, bounds::non_negative(), "end of the window (default: the run's end)");
    d.choice("reduce", &M::reduce, {"mean", "max", "min", "crossings"}, "how the window's values become one number");
    d.number("threshold", &M::threshold, bounds::any(), "crossings: upward crossings of this value (required there)");
    return d;
  }();
  return d;
}

}  // namespace plastix
