// validate(experiment_spec): cross-references and values of a model description, before anything is built.
// Every error names the item at fault through its `where` (file, line) and a dotted key ending in the field,
// e.g. "population.exc.size"; parse_experiment moves the line to that key when the file has it.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <tuple>
#include <map>
#include <string>
#include <vector>

#include "plastix/core/clock.hpp"
#include "plastix/core/suggest.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "plastix/spec/rule_state.hpp"
#include "plastix/spec/rule_site.hpp"
#include "plastix/spec/protocols.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/spec/param_changes.hpp"
#include "plastix/spec/output_keys.hpp"
#include "plastix/spec/resources.hpp"
#include "validate_detail.hpp"

namespace plastix {

namespace {

constexpr double bytes_per_neuron = 256.0;     // state, receptors, traces, spike buffers: generous on purpose
constexpr double bytes_per_receptor = 32.0;    // per neuron and receptor (two columns with a rise time)
constexpr double delay_slot_bytes = 24.0;      // per step of delay: one (empty) list of spikes in flight
constexpr std::size_t max_problems = 2 * problems::shown_at_most;  // validation stops after so many

// Construction shared out over K processes sends its synapses in rounds (connect_context::round_synapses, 2^20 of
// 20 bytes), and receives as many: what a process holds beyond its share while it builds [bytes].
constexpr double construction_round_bytes = 2.0 * 20.0 * 1048576.0;

// Memory of a projection per synapse [bytes], as synapse/projection.cpp and synapse/connectors.cpp lay it out
// (docs/performance.md, "Memory at scale"). stored: the post index (2 B up to 65 536 neurons, else 4 B), the weight
// (8 B), the transposed index (4 B: pre neuron and offset in its row packed in 32 bits, synapse/transposed_index.hpp;
// 8 B when the longest possible row does not fit beside the pre index), a delay slot per transposed entry with several
// delays (2 B), and each per-synapse variable a rule declares (8 B; pair STDP: none). building: the most held per
// synapse while the projection is built. The drawn connectors write straight into the storage (nothing more); the
// list connector makes a list of synapses (24 B each), ordered through a second list when the pairs are not in
// order, then beside the forward columns. The whole network's peak is the storage of all projections plus the
// largest extra of one.
struct synapse_bytes {
  double stored = 0.0, building = 0.0;
};
synapse_bytes synapse_memory(const projection_spec& p, const population_spec& pre, const population_spec& post) {
  const auto index_bytes = [](std::size_t n) { return n <= 65536 ? 2.0 : 4.0; };
  const connector_spec& c = p.connector;
  bool several_delays = p.delay && p.delay->type != distribution::kind::constant;
  if (!c.delays.empty())
    several_delays = std::any_of(c.delays.begin(), c.delays.end(), [&](double d) { return d != c.delays.front(); });
  // The longest row a connector gives (drawn ones: the mean row length and six standard deviations), and whether
  // its offsets fit beside the pre index in 32 bits (as transposed_index::packs decides it from the built rows).
  const auto n_pre = static_cast<double>(pre.size), n_post = static_cast<double>(post.size);
  const auto likely_most = [](double mean) { return mean + 6.0 * std::sqrt(mean) + 16.0; };
  double longest = n_post;
  switch (c.type) {
    case connector_spec::kind::all_to_all: break;
    case connector_spec::kind::one_to_one: longest = 1.0; break;
    case connector_spec::kind::fixed_probability:
      longest = std::min(n_post, likely_most(n_post * std::min(c.p, 1.0)));
      break;
    case connector_spec::kind::fixed_indegree: {
      const double mean = n_pre > 0.0 ? n_post * static_cast<double>(c.indegree) / n_pre : 0.0;
      longest = c.multapses ? likely_most(mean) : std::min(n_post, likely_most(mean));
      break;
    }
    case connector_spec::kind::list: {
      std::vector<std::uint32_t> row(pre.size, 0);
      longest = 0.0;
      for (const auto& pair : c.pairs)
        if (pair.first < row.size()) longest = std::max(longest, static_cast<double>(++row[pair.first]));
      break;
    }
  }
  unsigned pre_bits = 0;
  while (pre_bits < 64 && (std::uint64_t{1} << pre_bits) < pre.size) ++pre_bits;
  const bool packs = pre_bits < 32 && longest <= std::ldexp(1.0, 32 - static_cast<int>(pre_bits));
  synapse_bytes b;
  b.stored = index_bytes(post.size) + 8.0 + (packs ? 4.0 : 8.0) + (several_delays ? 2.0 : 0.0);
  for (const rule_spec& r : p.plasticity)
    for (const state_info& v : rule_state(r.params))
      if (v.scope == state_scope::per_synapse) b.stored += 8.0;
  constexpr double entry = 24.0;
  b.building = c.type == connector_spec::kind::list
                   ? std::max({2 * entry, entry + index_bytes(post.size) + 8.0, b.stored})
                   : b.stored;
  return b;
}

using validate_detail::fail;
using validate_detail::key_or;

// The parameter a message is about: its leading identifier ("tau_w must be ..." -> "tau_w").
std::string leading_name(const std::string& message) {
  std::size_t n = 0;
  while (n < message.size() && (std::islower(static_cast<unsigned char>(message[n])) ||
                                std::isdigit(static_cast<unsigned char>(message[n])) || message[n] == '_')) {
    ++n;
  }
  return message.substr(0, n);
}

std::string monitor_type_name(monitor_spec::kind k) { return monitor_type_names().at(static_cast<std::size_t>(k)); }

std::string model_name(const neuron_params& p) { return neuron_model_names().at(p.index()); }

std::vector<std::string> state_names(const neuron_params& p) {
  return std::visit(
      [](const auto& params) -> std::vector<std::string> {
        using P = std::decay_t<decltype(params)>;
        if constexpr (std::is_same_v<P, lif_params>) return {lif_params::state_names.begin(), lif_params::state_names.end()};
        if constexpr (std::is_same_v<P, adex_params>) return {adex_params::state_names.begin(), adex_params::state_names.end()};
        if constexpr (std::is_same_v<P, adex_clopath_params>) {
          return {adex_clopath_params::state_names.begin(), adex_clopath_params::state_names.end()};
        }
        if constexpr (std::is_same_v<P, izhikevich_params>) {
          return {izhikevich_params::state_names.begin(), izhikevich_params::state_names.end()};
        }
        if constexpr (std::is_same_v<P, rate_unit_params>) return {"y", "h"};
        if constexpr (std::is_same_v<P, equations_neuron_params>) {  // named by the model's author
          std::vector<std::string> names;
          for (const equations::quantity_def& q : params.model.state) names.push_back(q.name);
          return names;
        }
        if constexpr (std::is_same_v<P, rate_patterns_source_params> ||
                      std::is_same_v<P, rate_gaussian_source_params>) {
          return {"x"};
        }
        return {};
      },
      p);
}

// Variables that can be initialised and recorded, as the engine names them: model state, "g_<receptor>" and
// "i_ext" (neurons only).
std::vector<std::string> variables_of(const population_spec& p) {
  std::vector<std::string> names = state_names(p.model);
  for (const receptor_params& r : p.receptors) names.push_back("g_" + r.name);
  if (!is_source(p.model) && !is_rate(p.model)) names.emplace_back("i_ext");
  return names;
}

const char* unit_of(const population_spec& p, const std::string& variable) {
  if (is_rate(p.model)) return "";  // rates are dimensionless
  if (variable == "w" || variable == "z" || variable == "i_ext") return "pA";
  if (variable == "clamp") return "ms";  // adex_clopath: spike clamp time left
  for (const receptor_params& r : p.receptors) {
    if (variable == "g_" + r.name) return receptor_unit(r.kind);
  }
  return "mV";
}

}  // namespace

std::string model_validate(const neuron_params& p) {  // spec/param_changes.hpp
  return std::visit(
      [](const auto& params) -> std::string {
        using P = std::decay_t<decltype(params)>;
        if constexpr (std::is_same_v<P, lif_params>) return validate_params(params);
        if constexpr (std::is_same_v<P, adex_params>) return validate_params(params);
        if constexpr (std::is_same_v<P, adex_clopath_params>) return validate_params(params);
        if constexpr (std::is_same_v<P, izhikevich_params>) return validate_params(params);
        if constexpr (std::is_same_v<P, poisson_source_params>) return validate_params(params);
        if constexpr (std::is_same_v<P, spike_times_source_params>) return validate_params(params);
        if constexpr (std::is_same_v<P, regular_source_params>) return validate_params(params);
        if constexpr (std::is_same_v<P, rate_unit_params>) return validate_params(params);
        if constexpr (std::is_same_v<P, rate_patterns_source_params>) return validate_params(params);
        if constexpr (std::is_same_v<P, rate_gaussian_source_params>) return validate_params(params);
        if constexpr (std::is_same_v<P, equations_neuron_params>) return validate_params(params);
        return "";
      },
      p);
}

namespace {

// "a poisson spike source", "an adex population"
std::string what_is(const population_spec& p) {
  const std::string model = model_name(p.model);
  const bool vowel = !model.empty() && std::string("aeiou").find(model[0]) != std::string::npos;
  const char* source = is_rate(p.model) ? " rate source" : " spike source";
  return (vowel ? "an " : "a ") + model + (is_source(p.model) ? source : " population");
}

// Checks a value or distribution: finite, low <= high, sd >= 0, min <= max.
void check_distribution(const distribution& d, const source_ref& where, const std::string& key, const char* unit) {
  const auto finite = [&](double v) {
    if (!std::isfinite(v)) fail(where, key, fmt::format("expected a finite value, got {} {}", v, unit));
  };
  finite(d.a);
  if (d.type == distribution::kind::uniform) {
    finite(d.b);
    if (d.a > d.b) fail(where, key, fmt::format("uniform distribution: low ({} {}) is above high ({} {})", d.a, unit, d.b, unit));
  } else if (d.type == distribution::kind::normal) {
    finite(d.b);
    if (d.b < 0.0) fail(where, key, fmt::format("normal distribution: sd must be >= 0 {}, got {} {}", unit, d.b, unit));
    if (d.lo > d.hi) {
      fail(where, key, fmt::format("normal distribution: min ({} {}) is above max ({} {})", d.lo, unit, d.hi, unit));
    }
  }
}

class validator {
 public:
  validator(const experiment_spec& spec, const machine_share& share)
      : spec_(spec), share_(share), memory_(machine_memory()) {}

  // One network held whole by one process (network_memory): valid after run() found no problem.
  double one_network_bytes() const { return total_bytes_ + building_bytes_; }

  // Every problem, at most one per item (each is checked on its own; its first problem ends its check).
  std::vector<error> run() {
    const source_ref top{spec_.file, 0, 0, ""};
    if (!(spec_.dt > 0.0) || !std::isfinite(spec_.dt)) {  // every time is checked against dt: nothing more
      return {error(source_ref{spec_.file, 0, 0, "experiment.dt"},
                    fmt::format("dt must be > 0 ms, got {} ms", spec_.dt))};
    }
    each([&] {
      if (spec_.network.populations.empty())
        fail(top, "population", "the experiment has no populations; expected at least one [[population]]");
    });
    each([&] {
      if (spec_.phases.empty())
        fail(top, "phase", "the experiment has no phases; expected [[phase]] tables or experiment.duration");
    });
    bool steps_ok = true;
    for (std::size_t i = 0; i < spec_.phases.size(); ++i)
      steps_ok &= each([&] { check_phase_steps(spec_.phases[i], i); });
    if (steps_ok && !spec_.phases.empty()) each([&] { check_run_steps(); });
    for (const population_spec& p : spec_.network.populations) each([&] { check_population(p); });
    for (const projection_spec& p : spec_.network.projections) each([&] { check_projection(p); });
    for (const monitor_spec& m : spec_.monitors) each([&] { check_monitor(m); });
    for (std::size_t i = 0; i < spec_.phases.size(); ++i) each([&] { check_phase(spec_.phases[i], i); });
    for (const table_spec& t : spec_.tables) each([&] { check_table(t); });
    for (const metric_spec& m : spec_.metrics) each([&] { check_metric(m); });
    for (std::size_t k = 0; k < spec_.modulators.size(); ++k) each([&] { validate_detail::check_modulator(spec_, k); });
    each([&] { validate_detail::check_modulations(spec_); });
    if (!problems_.empty()) return std::move(problems_);  // the checks across items assume valid items
    each([&] { check_total_memory(); });
    each([&] { validate_detail::check_analyses(spec_); });
    each([&] { validate_detail::check_patterns(spec_); });
    each([&] { check_sweep_table_name(); });
    return std::move(problems_);
  }

 private:
  // Runs one check; its problem is collected. Whether it passed. After max_problems problems nothing more is checked
  // (a check may cost a search through every name, for a suggestion).
  template <class F>
  bool each(F&& check) {
    if (problems_.size() >= max_problems) return false;
    try {
      check();
      return true;
    } catch (const error& e) {
      problems_.push_back(e);
      return false;
    }
  }

  const population_spec* find_population(const std::string& name) const {
    for (const population_spec& p : spec_.network.populations) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }
  const projection_spec* find_projection(const std::string& name) const {
    for (const projection_spec& p : spec_.network.projections) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }
  std::vector<std::string> population_names() const {
    std::vector<std::string> names;
    for (const population_spec& p : spec_.network.populations) names.push_back(p.name);
    return names;
  }
  std::vector<std::string> projection_names() const {
    std::vector<std::string> names;
    for (const projection_spec& p : spec_.network.projections) names.push_back(p.name);
    return names;
  }

  // The population named `name`, or an error "no population named 'exx'; did you mean 'exc'?" at `key`.
  const population_spec& population_for(const std::string& name, const source_ref& where, const std::string& key,
                                        const std::string& role) const {
    if (const population_spec* p = find_population(name)) return *p;
    fail(where, key, role + " '" + name + "' is not a population;" + suggestion(name, population_names()));
  }

  // Names must be unique among items of one kind; `seen` maps name -> where it was first defined.
  static void check_unique(std::map<std::string, source_ref>& seen, const std::string& name, const source_ref& where,
                           const std::string& key, const std::string& kind) {
    if (name.empty()) fail(where, key + ".name", "a " + kind + " needs a non-empty name");
    auto [it, inserted] = seen.emplace(name, where);
    if (inserted) return;
    const std::string first = it->second.line > 0 ? " (first defined at line " + std::to_string(it->second.line) + ")" : "";
    fail(where, key + ".name", "there are two " + kind + "s named '" + name + "'" + first + "; names must be unique");
  }

  // How one machine holds the networks of the run (docs/parallel.md, "Memory"): `networks` at once, each process
  // `synapse_share` of a network's synapses (storage shared out over K processes; the simulation checks again should
  // a process keep every synapse after all), and `why` in words.
  struct machine_load {
    double networks = 1.0, synapse_share = 1.0;
    std::string why;
  };
  machine_load load() const {
    const auto K = static_cast<double>(share_.processes), L = static_cast<double>(share_.on_one_machine);
    if (share_.processes > 1 && !spec_.sweep)
      return {L, 1.0 / K, fmt::format("{:g} of the run's {:g} processes on one machine, each holding about 1/{:g} of the "
                                      "synapses", L, K, K)};
    if (share_.processes > 1)
      return {L, 1.0, fmt::format("{:g} of the run's {:g} processes on one machine, each computing whole points of "
                                  "the sweep", L, K)};
    if (spec_.sweep && share_.jobs > 1) {
      double points = static_cast<double>(std::max<std::size_t>(1, spec_.sweep->conditions.size()));
      for (const auto& a : spec_.sweep->axes) points *= static_cast<double>(a.values.size());
      const double at_once = std::min(points, static_cast<double>(share_.jobs));
      if (at_once > 1.0) return {at_once, 1.0, fmt::format("{:g} points of the sweep at once (--jobs {})", at_once, share_.jobs)};
    }
    return {};
  }

  // `bytes` of one network (of which `synapse_bytes` are synapses, shared out over processes) as one machine holds
  // them; fails when that exceeds its memory.
  void check_memory(double bytes, double synapse_bytes, const source_ref& where, const std::string& key,
                    const std::string& what) const {
    const machine_load m = load();
    const double held = m.networks * (bytes - synapse_bytes * (1.0 - m.synapse_share) +
                                      (m.synapse_share < 1.0 && synapse_bytes > 0.0 ? construction_round_bytes : 0.0));
    if (memory_ > 0.0 && held > memory_) {
      const std::string how = m.why.empty() ? "" : " (" + m.why + ")";
      fail(where, key, what + " needs about " + memory_text(held) + " of memory" + how + ", more than this machine has free (" +
                           memory_text(memory_) + "); expected a smaller model");
    }
  }
  void check_memory(double bytes, const source_ref& where, const std::string& key, const std::string& what) const {
    check_memory(bytes, 0.0, where, key, what);
  }

  void check_population(const population_spec& p) {
    const std::string key = key_or(p.where, "population." + p.name);
    check_unique(populations_seen_, p.name, p.where, key, "population");
    if (p.size == 0) fail(p.where, key + ".size", "size must be > 0, got 0");

    if (const std::string e = model_validate(p.model); !e.empty()) {
      const std::string field = leading_name(e);
      fail(p.where, field.empty() ? key : key + "." + field, e);
    }
    validate_detail::check_rate_population(p, key);
    double extra_bytes = 0.0;
    if (const auto* st = std::get_if<spike_times_source_params>(&p.model)) {
      if (!st->times.empty() && st->times.size() != p.size) {  // empty: no spikes of its own
        fail(p.where, key + ".times", fmt::format("expected one list of spike times per neuron ({} lists for size = {}), "
                                                  "got {}", p.size, p.size, st->times.size()));
      }
      for (const auto& t : st->times) extra_bytes += 8.0 * static_cast<double>(t.size());
    }

    if (is_source(p.model) && !p.receptors.empty()) {
      fail(p.where, key + ".receptor", what_is(p) + " has no membrane and cannot have receptors");
    }
    std::map<std::string, source_ref> receptors_seen;
    for (const receptor_params& r : p.receptors) check_receptor(r, p, key, receptors_seen);
    if (const auto* lif = std::get_if<lif_params>(&p.model))
      if (std::string e = method_problem(*lif, p.receptors); !e.empty()) fail(p.where, key + ".method", e);
    if (p.intrinsic) {
      if (is_source(p.model) || is_rate(p.model))
        fail(p.where, key + ".intrinsic", what_is(p) + " has no membrane; intrinsic plasticity needs spiking neurons");
      if (const auto problems = intrinsic_params::declare().problems(*p.intrinsic); !problems.empty())
        fail(p.where, key + ".intrinsic." + problems.front().key, problems.front().message);
    }

    const std::vector<std::string> variables = variables_of(p);
    for (const auto& [variable, value] : p.init) {
      const std::string init_key = key + ".init." + variable;
      if (std::find(variables.begin(), variables.end(), variable) == variables.end()) {
        if (variables.empty()) fail(p.where, init_key, what_is(p) + " has no state variables to initialise");
        fail(p.where, init_key, "population '" + p.name + "' has no variable '" + variable + "';" +
                                    suggestion(variable, variables));
      }
      check_distribution(value, p.where, init_key, unit_of(p, variable));
    }

    const double n = static_cast<double>(p.size);
    const double bytes = n * (bytes_per_neuron + bytes_per_receptor * static_cast<double>(p.receptors.size())) + extra_bytes;
    total_bytes_ += bytes;
    check_memory(bytes, p.where, key + ".size", fmt::format("population '{}' of {} neurons", p.name, p.size));
  }

  static void check_receptor(const receptor_params& r, const population_spec& p, const std::string& pop_key,
                             std::map<std::string, source_ref>& seen) {
    const std::string key = pop_key + ".receptor." + r.name;
    if (r.name.empty()) fail(p.where, pop_key + ".receptor", "a receptor needs a non-empty name");
    if (!seen.emplace(r.name, p.where).second) {
      fail(p.where, key + ".name", "population '" + p.name + "' has two receptors named '" + r.name + "'");
    }
    if (!(r.tau_decay > 0.0) || !std::isfinite(r.tau_decay)) {
      fail(p.where, key + ".tau_decay", fmt::format("tau_decay must be > 0 ms, got {} ms", r.tau_decay));
    }
    if (!(r.tau_rise >= 0.0) || !std::isfinite(r.tau_rise)) {
      fail(p.where, key + ".tau_rise", fmt::format("tau_rise must be >= 0 ms (0 = instantaneous rise), got {} ms",
                                                   r.tau_rise));
    }
    if (r.tau_rise > 0.0 && r.tau_rise == r.tau_decay) {
      fail(p.where, key + ".tau_rise",
           fmt::format("tau_rise must differ from tau_decay (both {} ms): the difference of exponentials is then "
                       "undefined", r.tau_rise));
    }
    if (!std::isfinite(r.e_rev)) fail(p.where, key + ".e_rev", fmt::format("e_rev must be finite, got {} mV", r.e_rev));
    if (!(r.mg >= 0.0) || !std::isfinite(r.mg)) {
      fail(p.where, key + ".mg", fmt::format("mg must be >= 0 mM, got {} mM", r.mg));
    }
  }

  void check_projection(const projection_spec& p) {
    const std::string key = key_or(p.where, "projection." + p.name);
    check_unique(projections_seen_, p.name, p.where, key, "projection");
    const population_spec& pre = population_for(p.pre, p.where, key + ".pre", "pre");
    const population_spec& post = population_for(p.post, p.where, key + ".post", "post");
    if (is_rate(pre.model) || is_rate(post.model)) validate_detail::check_rate_projection(spec_, p, pre, post, key);
    validate_detail::check_rule_kinds(p, pre, post, key);
    if (is_source(post.model)) {
      // A projection onto a spike source transmits nothing; it exists for its plasticity (protocols that impose
      // the post spikes). It must say so by naming no receptor.
      if (!p.receptor.empty() && p.receptor != "none") {
        fail(p.where, key + ".receptor", "post population '" + post.name + "' is " + what_is(post) +
                                             ", which has no receptors; a projection onto it only carries plasticity: "
                                             "leave receptor out (or set receptor = \"none\")");
      }
      if (p.plasticity.empty()) {
        fail(p.where, key + ".post", "post population '" + post.name + "' is " + what_is(post) +
                                         ", which receives no input; a projection onto a spike source needs a "
                                         "[[projection.plasticity]] rule, otherwise it does nothing");
      }
    }
    const auto receptor = std::find_if(post.receptors.begin(), post.receptors.end(),
                                       [&](const receptor_params& r) { return r.name == p.receptor; });
    if (!is_source(post.model) && !is_rate(post.model) && receptor == post.receptors.end()) {
      std::vector<std::string> present;
      for (const receptor_params& r : post.receptors) present.push_back(r.name);
      if (present.empty()) {
        fail(p.where, key + ".receptor", "population '" + post.name + "' has no receptors; add a "
                                         "[[population.receptor]] table named '" + p.receptor + "' to it");
      }
      const std::string best = closest_match(p.receptor, present);
      fail(p.where, key + ".receptor", "population '" + post.name + "' has no receptor '" + p.receptor +
                                           "'; its receptors are: " + join_names(present) +
                                           (best.empty() ? "" : " (did you mean '" + best + "'?)"));
    }
    const char* weight_unit = is_rate(post.model)                 ? ""
                              : receptor != post.receptors.end() ? receptor_unit(receptor->kind)
                                                                 : "nS";

    const connector_spec& c = p.connector;
    const auto n_pre = pre.size, n_post = post.size;
    switch (c.type) {
      case connector_spec::kind::all_to_all: break;
      case connector_spec::kind::one_to_one:
        if (n_pre != n_post) {
          fail(p.where, key + ".connector", fmt::format("one_to_one needs populations of equal size; '{}' has {} "
                                                        "neurons and '{}' has {}", pre.name, n_pre, post.name, n_post));
        }
        break;
      case connector_spec::kind::fixed_probability:
        if (!(c.p >= 0.0 && c.p <= 1.0)) fail(p.where, key + ".p", fmt::format("p must be in [0, 1], got {}", c.p));
        break;
      case connector_spec::kind::fixed_indegree: {
        const std::size_t available = n_pre - (p.pre == p.post && !c.autapses ? 1 : 0);
        if (!c.multapses && c.indegree > available) {
          fail(p.where, key + ".indegree",
               fmt::format("indegree {} is larger than the {} distinct inputs available from '{}'; expected "
                           "indegree <= {} (or multapses = true)", c.indegree, available, pre.name, available));
        }
        break;
      }
      case connector_spec::kind::list: check_list(p, pre, post, key, weight_unit); break;
    }

    check_distribution(p.weight, p.where, key + ".weight", weight_unit);
    double smallest_delay = spec_.dt;  // the default delay is one step
    if (p.delay) {
      check_distribution(*p.delay, p.where, key + ".delay", "ms");
      smallest_delay = p.delay->min();
      if (p.delay->type == distribution::kind::normal && p.delay->lo < 0.0) {
        fail(p.where, key + ".delay", "a normal delay distribution needs min >= 0 ms (e.g. min = \"0 ms\"); "
                                      "otherwise it can draw negative delays");
      }
      if (smallest_delay < 0.0) {
        fail(p.where, key + ".delay", fmt::format("delay must be >= 0 ms, got {} ms", smallest_delay));
      }
    }
    if (!c.delays.empty()) smallest_delay = *std::min_element(c.delays.begin(), c.delays.end());
    const double ring_bytes = check_delay_steps(p, key);
    if (!(p.dendritic_delay >= 0.0) || !std::isfinite(p.dendritic_delay)) {
      fail(p.where, key + ".dendritic_delay", fmt::format("dendritic_delay must be >= 0 ms, got {} ms", p.dendritic_delay));
    }
    if (p.dendritic_delay > smallest_delay) {
      fail(p.where, key + ".dendritic_delay",
           fmt::format("dendritic_delay ({} ms) is larger than the {} ({} ms); it is the dendritic part of the "
                       "total delay, expected 0 ms <= dendritic_delay <= delay", p.dendritic_delay,
                       p.delay || !c.delays.empty() ? "smallest delay" : "default delay of one step", smallest_delay));
    }
    if (p.convention == projection_spec::stdp_convention::nest) check_nest_convention(p, key);

    for (std::size_t k = 0; k < p.plasticity.size(); ++k) {
      const rule_spec& r = p.plasticity[k];
      const std::string rule_key = key_or(r.where, key + ".plasticity[" + std::to_string(k) + "]");
      if (const auto problems = rule_problems(r.params); !problems.empty()) {
        const key_problem& first = problems.front();
        fail(r.where, first.key.empty() ? rule_key : rule_key + "." + first.key, rule_name(r.params) + " rule: " + first.message);
      }
      check_rule_in({spec_, p, pre, post, k, r, rule_key,
                     [&](double delay, const std::string& field, const std::string& what) {
                       total_bytes_ += check_ring(delay, r.where, rule_key + "." + field, what);
                     }});
    }

    const double synapses = expected_synapses(spec_, p);
    const synapse_bytes bytes = synapse_memory(p, pre, post);
    total_bytes_ += synapses * bytes.stored + ring_bytes;
    synapse_bytes_ += synapses * bytes.stored;
    building_bytes_ = std::max(building_bytes_, synapses * (bytes.building - bytes.stored));
    check_memory(synapses * bytes.building, synapses * bytes.building, p.where, key + connector_key(c),
                 fmt::format("projection '{}' with about {:.3g} synapses", p.name, synapses));
  }

  // The key that sets the number of synapses of a connector.
  static std::string connector_key(const connector_spec& c) {
    switch (c.type) {
      case connector_spec::kind::fixed_probability: return ".p";
      case connector_spec::kind::fixed_indegree: return ".indegree";
      case connector_spec::kind::list: return ".pairs";
      default: return ".connector";
    }
  }

  // Delays become whole steps of dt (32-bit) and a ring of that many slots of spikes in flight: the largest delay
  // must fit. Returns the memory of the rings [bytes].
  double check_delay_steps(const projection_spec& p, const std::string& key) const {
    double largest = spec_.dt;  // [ms] the default delay of one step
    std::string field = ".delay";
    if (p.delay) {
      const distribution& d = *p.delay;
      largest = d.type == distribution::kind::uniform  ? d.b
                : d.type == distribution::kind::normal ? std::min(d.hi, d.a + 10.0 * d.b)  // beyond: never drawn
                                                       : d.a;
    }
    if (!p.connector.delays.empty()) {
      largest = *std::max_element(p.connector.delays.begin(), p.connector.delays.end());
      field = ".delays";
    }
    const double dendritic = p.convention == projection_spec::stdp_convention::nest ? largest : p.dendritic_delay;
    return check_ring(largest, p.where, key + field, "projection '" + p.name + "'") +
           delay_slot_bytes * 2.0 * dendritic / spec_.dt;
  }

  // stdp_convention = "nest" (docs/concepts.md#timing-conventions): the whole delay is dendritic, so it is one value
  // for the projection (plastix holds one dendritic delay per projection), and only the rules whose NEST
  // counterparts define the convention (stdp_synapse, stdp_triplet_synapse) or that do not pair spikes (stp).
  void check_nest_convention(const projection_spec& p, const std::string& key) const {
    const std::string why = "stdp_convention = \"nest\" takes the whole delay as dendritic";
    if (p.dendritic_delay != 0.0) fail(p.where, key + ".dendritic_delay", why + "; leave dendritic_delay out");
    if (p.delay && p.delay->type != distribution::kind::constant)
      fail(p.where, key + ".delay", why + ", which plastix holds once per projection: expected one delay value");
    const auto& d = p.connector.delays;
    const auto steps = [&](double ms) { return std::llround(ms / spec_.dt); };
    if (std::any_of(d.begin(), d.end(), [&](double x) { return steps(x) != steps(d.front()); }))
      fail(p.where, key + ".delays", why + ", which plastix holds once per projection: expected one delay value");
    for (std::size_t k = 0; k < p.plasticity.size(); ++k) {
      const std::string name = rule_name(p.plasticity[k].params);
      if (name != "stdp" && name != "triplet" && name != "stp")
        fail(p.plasticity[k].where, key + ".plasticity[" + std::to_string(k) + "]",
             "stdp_convention = \"nest\" is defined for the rules stdp and triplet (NEST's stdp_synapse and "
             "stdp_triplet_synapse) and stp; this projection has " + name);
    }
  }

  // A delay of `delay` [ms] held as a ring of one slot per step (synapse delays, calcium_control's bpap_delay): at
  // most 2^31 - 1 steps, and the ring in memory. Returns its memory [bytes].
  double check_ring(double delay, const source_ref& where, const std::string& key, const std::string& what) const {
    const double steps = delay / spec_.dt;
    constexpr double max_steps = 2147483647.0;  // int32 step counts of synapse delays
    if (!(steps <= max_steps)) {
      fail(where, key, fmt::format("a delay of {} ms is {:.3g} steps of dt = {} ms, more than the {:.0f} steps a "
                                   "delay can span; expected a shorter delay", delay, steps, spec_.dt, max_steps));
    }
    const double bytes = delay_slot_bytes * (steps + 1.0);
    check_memory(bytes, where, key, fmt::format("{} with delays up to {} ms ({:.3g} steps of dt)", what, delay, steps));
    return bytes;
  }

  static void check_list(const projection_spec& p, const population_spec& pre, const population_spec& post,
                         const std::string& key, const char* weight_unit) {
    const connector_spec& c = p.connector;
    for (std::size_t i = 0; i < c.pairs.size(); ++i) {
      const auto [a, b] = c.pairs[i];
      if (a >= pre.size) {
        fail(p.where, key + ".pairs", fmt::format("pair {} = [{}, {}]: pre index {} is out of range ('{}' has {} "
                                                  "neurons: 0 to {})", i, a, b, a, pre.name, pre.size, pre.size - 1));
      }
      if (b >= post.size) {
        fail(p.where, key + ".pairs", fmt::format("pair {} = [{}, {}]: post index {} is out of range ('{}' has {} "
                                                  "neurons: 0 to {})", i, a, b, b, post.name, post.size, post.size - 1));
      }
    }
    if (!c.weights.empty() && c.weights.size() != c.pairs.size()) {
      fail(p.where, key + ".weights", fmt::format("expected one weight per pair ({}), got {}", c.pairs.size(),
                                                  c.weights.size()));
    }
    for (double w : c.weights) {
      if (!std::isfinite(w)) fail(p.where, key + ".weights", fmt::format("expected finite weights, got {} {}", w, weight_unit));
    }
    if (!c.delays.empty() && c.delays.size() != c.pairs.size()) {
      fail(p.where, key + ".delays", fmt::format("expected one delay per pair ({}), got {}", c.pairs.size(),
                                                 c.delays.size()));
    }
    for (double d : c.delays) {
      if (!(d >= 0.0) || !std::isfinite(d)) fail(p.where, key + ".delays", fmt::format("delays must be >= 0 ms, got {} ms", d));
    }
  }

  void check_total_memory() const {
    // while the largest projection is built
    check_memory(total_bytes_ + building_bytes_, synapse_bytes_ + building_bytes_, source_ref{spec_.file, 0, 0, ""},
                 "population", "all populations, projections and recordings together");
  }

  void check_monitor(const monitor_spec& m) {
    const std::string key = key_or(m.where, "monitor." + m.name);
    // Each type of monitor is written to its own group (/spikes, /state, ...): names are unique per type.
    check_unique(monitors_seen_[static_cast<int>(m.type)], m.name, m.where, key, monitor_type_name(m.type) + " monitor");
    if (m.modulator) {  // the level of a [[modulator]]
      const std::vector<std::string> names = produced_signals(spec_);
      if (std::find(names.begin(), names.end(), m.target) == names.end())
        fail(m.where, key + ".modulator", "'" + m.target + "' is not a [[modulator]];" +
                                              (names.empty() ? std::string(" the experiment has none") : suggestion(m.target, names)));
      return;
    }
    if (m.type == monitor_spec::kind::state && m.rule_state) {
      const projection_spec* proj = find_projection(m.target);
      if (!proj) {
        fail(m.where, key + ".projection", "'" + m.target + "' is not a projection;" +
                                               suggestion(m.target, projection_names()));
      }
      // The state its rules declare (spec/catalogue.hpp; all of it is recordable), by name: the first rule that has it.
      std::vector<state_info> states;  // (a rule written as equations declares its own: spec/rule_state.hpp)
      for (const rule_spec& r : proj->plasticity)
        for (state_info& v : rule_state(r.params)) states.push_back(std::move(v));
      std::vector<std::string> variables;
      const state_info* found = nullptr;
      for (const state_info& v : states) {
        variables.push_back(v.name);
        if (!found && v.name == m.variable) found = &v;
      }
      if (variables.empty()) {
        fail(m.where, key + ".variable", "projection '" + proj->name + "' has no plasticity rule with a state to "
                                             "record (e.g. stdp: x_pre, y_post; stp: u, x; calcium: rho, c)");
      }
      if (!found) {
        fail(m.where, key + ".variable", "the rules of projection '" + proj->name + "' have no recordable state '" +
                                             m.variable + "' (they record " + join_names(variables) + ");" +
                                             suggestion(m.variable, variables));
      }
      // Indices: presynaptic neurons, post neurons or synapses, as the variable is kept (synapse ids are checked
      // when the network is built).
      const population_spec* side = found->scope == state_scope::per_pre    ? find_population(proj->pre)
                                    : found->scope == state_scope::per_neuron ? find_population(proj->post)
                                                                              : nullptr;
      if (side) {
        for (std::uint32_t i : m.indices) {
          if (i >= side->size) {
            fail(m.where, key + ".neurons", fmt::format("neuron {} is out of range: '{}' is kept {} of projection '{}', "
                                                        "whose {} population '{}' has {} neurons (0 to {})", i,
                                                        m.variable, scope_name(found->scope), proj->name,
                                                        side == find_population(proj->pre) ? "pre" : "post",
                                                        side->name, side->size, side->size - 1));
          }
        }
      }
    }
    if (m.type == monitor_spec::kind::transmission || (m.type == monitor_spec::kind::state && m.rule_state)) {
      const projection_spec* proj = find_projection(m.target);
      if (!proj) {
        fail(m.where, key + ".projection", "'" + m.target + "' is not a projection;" +
                                               suggestion(m.target, projection_names()));
      }
      const population_spec* pre = m.rule_state ? nullptr : find_population(proj->pre);  // rule state: above
      if (pre) {
        for (std::uint32_t i : m.indices) {
          if (i >= pre->size) {
            fail(m.where, key + ".neurons", fmt::format("pre neuron {} is out of range: population '{}' (pre of "
                                                        "projection '{}') has {} neurons (0 to {})", i, pre->name,
                                                        proj->name, pre->size, pre->size - 1));
          }
        }
      }
    } else if (m.type == monitor_spec::kind::weights) {
      const projection_spec* proj = find_projection(m.target);
      if (!proj) {
        fail(m.where, key + ".projection", "'" + m.target + "' is not a projection;" +
                                               suggestion(m.target, projection_names()));
      }
      const population_spec* pre = find_population(proj->pre);
      const population_spec* post = find_population(proj->post);
      if (pre && post && proj->connector.type != connector_spec::kind::fixed_probability) {
        const auto count = static_cast<std::uint64_t>(expected_synapses(spec_, *proj));
        for (std::uint32_t i : m.indices) {
          if (i >= count) {
            fail(m.where, key + ".synapses", fmt::format("synapse {} is out of range: projection '{}' has {} "
                                                         "synapses (0 to {})", i, proj->name, count, count - 1));
          }
        }
      }
    } else {
      const population_spec& p = population_for(m.target, m.where, key + ".population", "population");
      validate_detail::check_rate_monitor(m, p, key);
      for (std::uint32_t i : m.indices) {
        if (i >= p.size) {
          fail(m.where, key + ".neurons", fmt::format("neuron {} is out of range: population '{}' has {} neurons "
                                                      "(0 to {})", i, p.name, p.size, p.size - 1));
        }
      }
      if (m.type == monitor_spec::kind::state) {
        const std::vector<std::string> variables = variables_of(p);
        if (variables.empty()) {
          fail(m.where, key + ".variable", "population '" + p.name + "' is " + what_is(p) +
                                               " and has no state variables to record");
        }
        if (std::find(variables.begin(), variables.end(), m.variable) == variables.end()) {
          fail(m.where, key + ".variable", "population '" + p.name + "' has no variable '" + m.variable + "';" +
                                               suggestion(m.variable, variables));
        }
      }
    }
    if (!(m.interval >= 0.0) || !std::isfinite(m.interval)) {
      const std::string field = m.type == monitor_spec::kind::rate ? "bin" : "interval";
      fail(m.where, key + "." + field, fmt::format("{} must be >= 0 ms, got {} ms", field, m.interval));
    }
    const double bytes = monitor_bytes(spec_, m);
    total_bytes_ += bytes;
    const bool spiking = m.type == monitor_spec::kind::spikes || m.type == monitor_spec::kind::transmission;
    const bool sampled = m.type == monitor_spec::kind::state || m.type == monitor_spec::kind::weights;
    check_memory(bytes, m.where, key + (sampled ? ".interval" : m.type == monitor_spec::kind::rate ? ".bin" : ""),
                 fmt::format("{} monitor '{}' over {:.3g} s{}", monitor_type_name(m.type), m.name,
                             run_steps(spec_) * spec_.dt * 1e-3,
                             spiking ? fmt::format(" (spike rates estimated: sources at their rates, neurons at {} Hz)",
                                                 assumed_neuron_rate) : ""));
  }

  static std::string phase_key(const phase_spec& ph, std::size_t index) {
    return key_or(ph.where, "phase." + (ph.name.empty() ? std::to_string(index) : ph.name));
  }

  // A phase runs a whole number of steps of dt (clock::steps rounds to the nearest): at least one, not absurdly many,
  // and its duration must be that number of steps (up to rounding noise), or the run would not last what it reports.
  void check_phase_steps(const phase_spec& ph, std::size_t index) const {
    const std::string key = phase_key(ph, index);
    // The implicit phase of [experiment] duration is located at that key already.
    const bool at_duration = key.size() >= 9 && key.compare(key.size() - 9, 9, ".duration") == 0;
    const std::string dkey = at_duration ? key : key + ".duration";
    if (!(ph.duration > 0.0) || !std::isfinite(ph.duration)) {
      fail(ph.where, dkey, fmt::format("duration must be > 0 ms, got {} ms", ph.duration));
    }
    const double exact = ph.duration / spec_.dt;  // [steps]
    if (!(exact <= max_run_steps)) {
      fail(ph.where, dkey, fmt::format("duration {} ms is {:.3g} steps of dt = {} ms, more than the limit of {:.0e} "
                                       "steps; expected a shorter duration or a larger dt", ph.duration, exact,
                                       spec_.dt, max_run_steps));
    }
    const std::int64_t steps = clock{spec_.dt}.steps(ph.duration);
    if (steps == 0) {
      fail(ph.where, dkey, fmt::format("duration {} ms is shorter than half a step of dt = {} ms: the phase would "
                                       "simulate no step; expected a duration of at least dt", ph.duration, spec_.dt));
    }
    if (std::abs(exact - static_cast<double>(steps)) > 1e-3 + 1e-9 * exact) {
      fail(ph.where, dkey, fmt::format("duration {} ms is not a whole number of steps of dt = {} ms ({:.6g} steps); it "
                                       "would run {} steps = {} ms; expected a multiple of dt", ph.duration, spec_.dt,
                                       exact, steps, static_cast<double>(steps) * spec_.dt));
    }
  }

  void check_run_steps() const {
    const double steps = run_steps(spec_);
    if (!(steps <= max_run_steps)) {
      const phase_spec& last = spec_.phases.back();
      fail(last.where, phase_key(last, spec_.phases.size() - 1),
           fmt::format("the phases together last {:.3g} steps of dt = {} ms, more than the limit of {:.0e} steps; "
                       "expected shorter phases or a larger dt", steps, spec_.dt, max_run_steps));
    }
  }

  // A noise or sine current (stimulus_spec::varies): finite values, a noise interval of whole steps.
  void check_varying_current(const stimulus_spec& s, const std::string& skey) const {
    if (!(s.current_sd >= 0.0) || !std::isfinite(s.current_sd))
      fail(s.where, skey + ".current_sd", fmt::format("current_sd must be >= 0 pA, got {} pA", s.current_sd));
    if (s.noise_interval != 0.0) {
      const double k = s.noise_interval / spec_.dt;
      if (!(s.noise_interval > 0.0) || !std::isfinite(k) || std::abs(k - std::round(k)) > 1e-6 * k || k < 0.5)
        fail(s.where, skey + ".noise_interval",
             fmt::format("noise_interval must be a positive whole number of dt = {} ms, got {} ms", spec_.dt,
                         s.noise_interval));
    }
    if (!std::isfinite(s.sine_amplitude))
      fail(s.where, skey + ".sine_amplitude", fmt::format("sine_amplitude must be finite, got {} pA", s.sine_amplitude));
    if (!(s.sine_frequency >= 0.0) || !std::isfinite(s.sine_frequency))
      fail(s.where, skey + ".sine_frequency",
           fmt::format("sine_frequency must be >= 0 Hz, got {} Hz", s.sine_frequency));
    if (!std::isfinite(s.sine_phase))
      fail(s.where, skey + ".sine_phase", fmt::format("sine_phase must be finite, got {} degrees", s.sine_phase));
  }

  void check_phase(const phase_spec& ph, std::size_t index) {
    const std::string key = phase_key(ph, index);
    check_unique(phases_seen_, ph.name, ph.where, key, "phase");
    if (ph.slow_step != 0.0) {
      const double k = ph.slow_step / spec_.dt;
      if (!(ph.slow_step > 0.0) || !std::isfinite(ph.slow_step) || std::abs(k - std::round(k)) > 1e-6 * k)
        fail(ph.where, key + ".slow_step",
             fmt::format("slow_step must be a positive whole number of dt = {} ms, got {} ms", spec_.dt, ph.slow_step));
      if (!ph.stimuli.empty())
        fail(ph.stimuli[0].where, key + ".stimulus",
             "a slow phase (slow_step) steps no neurons, so a stimulus would have no effect; put it in a phase "
             "without slow_step");
    }
    for (std::size_t i = 0; i < ph.births.size(); ++i) {  // neurogenesis (sim/neurogenesis.hpp)
      const birth_spec& b = ph.births[i];
      const std::string bkey = key_or(b.where, key + ".birth[" + std::to_string(i) + "]");
      const population_spec& p = population_for(b.population, b.where, bkey + ".population", "population");
      if (p.neurogenesis.unborn == 0)
        fail(b.where, bkey + ".population", "population '" + p.name + "' has no unborn neurons; give it "
                                            "neurogenesis = { unborn = N } to have neurons born during the run");
      if (b.count == 0) fail(b.where, bkey + ".count", "expected at least 1 neuron to be born");
    }
    for (std::size_t i = 0; i < ph.stimuli.size(); ++i) {
      const stimulus_spec& s = ph.stimuli[i];
      const std::string skey = key_or(s.where, key + ".stimulus[" + std::to_string(i) + "]");
      const population_spec& p = population_for(s.population, s.where, skey + ".population", "population");
      validate_detail::check_rate_stimulus(s, p, skey);
      if (s.type == stimulus_spec::kind::rate) {
        const bool rate_source = std::holds_alternative<poisson_source_params>(p.model) ||
                                 std::holds_alternative<regular_source_params>(p.model);
        if (!rate_source) {
          fail(s.where, skey + ".rate", "a rate stimulus applies to poisson and regular sources; population '" +
                                            p.name + "' is " + what_is(p) +
                                            (is_source(p.model) ? "" : " (drive neurons with current = \"... pA\")"));
        }
        if (!(s.value >= 0.0) || !std::isfinite(s.value)) {
          fail(s.where, skey + ".rate", fmt::format("rate must be >= 0 Hz, got {} Hz", s.value));
        }
      } else {
        if (is_source(p.model)) {
          fail(s.where, skey + ".current", "a current stimulus applies to neuron populations; population '" + p.name +
                                               "' is " + what_is(p) + " (set its rate with rate = \"... Hz\")");
        }
        if (!std::isfinite(s.value)) fail(s.where, skey + ".current", fmt::format("current must be finite, got {} pA", s.value));
        check_varying_current(s, skey);
      }
      if (!(s.start >= 0.0) || !(s.start < ph.duration))
        fail(s.where, skey + ".start", fmt::format("start must be in [0, phase duration = {} ms), got {} ms",
                                                   ph.duration, s.start));
      if (!(s.stop > s.start))
        fail(s.where, skey + ".stop", fmt::format("stop must be after start ({} ms), got {} ms", s.start, s.stop));
      for (std::uint32_t n : s.neurons) {
        if (n >= p.size) {
          fail(s.where, skey + ".neurons", fmt::format("neuron {} is out of range: population '{}' has {} neurons "
                                                       "(0 to {})", n, p.name, p.size, p.size - 1));
        }
      }
    }
  }

  // [[table]]: unique names, one series per column that names a recorded monitor of the right type.
  void check_table(const table_spec& t) {
    const std::string key = key_or(t.where, "table." + t.name);
    check_unique(tables_seen_, t.name, t.where, key, "table");
    if (t.name.find('/') != std::string::npos) fail(t.where, key + ".name", "a table name must not contain '/'");
    if (t.columns.empty()) fail(t.where, key + ".column", "table '" + t.name + "' has no [[table.column]]");
    std::map<std::string, source_ref> columns_seen;
    bool has_series = false;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const table_column_spec& c = t.columns[i];
      const std::string ckey = key_or(c.where, key + ".column[" + std::to_string(i) + "]");
      check_unique(columns_seen, c.name, c.where, ckey, "table column");
      if (c.name.find('/') != std::string::npos) fail(c.where, ckey + ".name", "a column name must not contain '/'");
      if (c.index) continue;
      has_series = true;
      if (c.series.rfind("table.", 0) == 0) {  // a column of a result table, found after the run
        check_table_column(c, ckey);
        continue;
      }
      check_series(c, ckey);
    }
    if (!has_series) {
      fail(t.where, key + ".column", "table '" + t.name + "' has only index columns; at least one column needs "
                                     "series = \"...\" (the index counts its rows)");
    }
  }


  // The series of a table column or metric: a recorded monitor of the right kind; pre and average where they apply.
  void check_series(const table_column_spec& c, const std::string& ckey) {
    const std::size_t dot = c.series.find('.');
    const std::string kind = c.series.substr(0, dot);
    const std::string monitor = dot == std::string::npos ? "" : c.series.substr(dot + 1);
    const std::vector<std::string> kinds{"transmission", "rate", "state", "weights"};
    if (dot == std::string::npos || std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      fail(c.where, ckey + ".series", "series '" + c.series + "' is not a recorded series; expected "
                                      "\"transmission.<monitor>\", \"rate.<monitor>\", \"state.<monitor>\" or "
                                      "\"weights.<monitor>\"");
    }
    const monitor_spec::kind type = kind == "transmission" ? monitor_spec::kind::transmission
                                    : kind == "rate"       ? monitor_spec::kind::rate
                                    : kind == "weights"    ? monitor_spec::kind::weights
                                                           : monitor_spec::kind::state;
    std::vector<std::string> names;
    const monitor_spec* found = nullptr;
    for (const monitor_spec& m : spec_.monitors) {
      if (m.type != type) continue;
      names.push_back(m.name);
      if (m.name == monitor) found = &m;
    }
    if (!found) {
      fail(c.where, ckey + ".series", "series '" + c.series + "': there is no " + kind + " monitor named '" +
                                          monitor + "';" + suggestion(monitor, names));
    }
    if (c.pre) {
      if (type != monitor_spec::kind::transmission) {
        fail(c.where, ckey + ".pre", "pre selects the events of one presynaptic neuron and applies only to "
                                     "transmission series, not to '" + c.series + "'");
      }
      const auto& recorded = found->indices;
      if (!recorded.empty() && std::find(recorded.begin(), recorded.end(), *c.pre) == recorded.end()) {
        std::string list;
        for (std::uint32_t k : recorded) list += (list.empty() ? "" : ", ") + std::to_string(k);
        fail(c.where, ckey + ".pre", fmt::format("transmission monitor '{}' does not record pre neuron {} (it "
                                                 "records neurons {})", found->name, *c.pre, list));
      }
      const projection_spec* proj = find_projection(found->target);
      const population_spec* pre = proj ? find_population(proj->pre) : nullptr;
      if (pre && *c.pre >= pre->size) {
        fail(c.where, ckey + ".pre", fmt::format("pre neuron {} is out of range: population '{}' has {} neurons "
                                                 "(0 to {})", *c.pre, pre->name, pre->size, pre->size - 1));
      }
    }
    if (c.average && type != monitor_spec::kind::state && type != monitor_spec::kind::weights) {
      fail(c.where, ckey + ".average", "average (the mean over a monitor's neurons or synapses) applies only to "
                                       "state and weights series, not to '" + c.series + "'");
    }
  }

  // A table column "table.<table>.<column>" (tables.cpp): the table and column exist only after the run (compute
  // reports a missing one); here the form, and no key that applies only to recorded series.
  void check_table_column(const table_column_spec& c, const std::string& ckey) {
    const std::string rest = c.series.substr(6);
    const std::size_t dot = rest.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size())
      fail(c.where, ckey + ".series", "series '" + c.series + "': expected \"table.<table>.<column>\"");
    if (c.pre) fail(c.where, ckey + ".pre", "pre applies only to transmission series, not to '" + c.series + "'");
    if (c.average) fail(c.where, ckey + ".average", "average applies only to state and weights series, not to '" + c.series + "'");
    if (c.times) fail(c.where, ckey + ".times", "a result table column has no times ('" + c.series + "')");
  }

  // A sweep with `keep` holds the kept run's result tables beside its own table (`table`): the two must not share a
  // name, or one would replace the other. A run's tables: each analysis's `table` and its companions
  // `<table>_<what>` (recall: also `patterns_<set>`; classify with the default name: its fixed names), each
  // [[table]], each structural rule's turnover table. (The stacked `tables` are by design the kept run's tables of
  // that name with the leading columns added: they take their place, docs/experiment-files.md.)
  void check_sweep_table_name() {
    if (!spec_.sweep || !spec_.sweep->keep || spec_.sweep->measures.empty()) return;
    const std::string& name = spec_.sweep->table;
    const auto clash = [&](const std::string& what) {
      fail(spec_.sweep->where, "sweep.table",
           fmt::format("the sweep's table '{}' has the name of a table of the runs ({}), and keep = {} keeps the "
                       "kept run's tables beside it: rename the sweep's table", name, what, *spec_.sweep->keep));
    };
    for (const analysis_spec& a : spec_.analyses) {
      const std::string what = fmt::format("the [[analysis]] at line {} writes '{}'", a.where.line, a.table);
      if (name == a.table) clash(what);
      if (name.rfind(a.table + "_", 0) == 0) clash(what + " and may write '" + a.table + "_...'");
      if (a.type == analysis_spec::kind::recall && name == "patterns_" + a.patterns)
        clash(fmt::format("the recall analysis at line {} writes '{}'", a.where.line, name));
      const std::vector<std::string> fixed{"confusion", "neuron_labels", "classified", "continual"};
      if (a.type == analysis_spec::kind::classify && a.table == "accuracy" &&
          std::find(fixed.begin(), fixed.end(), name) != fixed.end())
        clash(fmt::format("the classify analysis at line {} writes '{}'", a.where.line, name));
    }
    for (const table_spec& t : spec_.tables)
      if (t.name == name) clash(fmt::format("[[table]] '{}' at line {}", t.name, t.where.line));
    for (const projection_spec& p : spec_.network.projections)
      for (const rule_spec& r : p.plasticity)
        if (const auto* st = std::get_if<structural_params>(&r.params); st && st->table == name)
          clash(fmt::format("the turnover table of projection '{}'", p.name));
  }

  // [[metric]]: unique among metrics, a recorded series.
  void check_metric(const metric_spec& m) {
    const std::string key = key_or(m.where, "metric." + m.name);
    check_unique(metrics_seen_, m.name, m.where, key, "metric");
    check_series(m.series, key);
    const double end = run_steps(spec_) * spec_.dt;  // [ms]
    if (m.from >= end) {
      fail(m.where, key + ".from", fmt::format("the window starts at {} ms, at or after the end of the run ({} ms); "
                                               "expected from < {} ms", m.from, end, end));
    }
    if (m.to != metric_spec{}.to && m.to > end * (1.0 + 1e-12)) {
      fail(m.where, key + ".to", fmt::format("the window ends at {} ms, after the end of the run ({} ms); expected "
                                             "to <= {} ms (or leave to out: until the end)", m.to, end, end));
    }
  }

  const experiment_spec& spec_;
  const machine_share share_;
  const double memory_;  // [bytes]
  double total_bytes_ = 0.0;
  double synapse_bytes_ = 0.0;  // of total_bytes_: the synapses' storage
  double building_bytes_ = 0.0;  // the most one projection holds beyond its storage while it is built
  std::map<std::string, source_ref> populations_seen_, projections_seen_, phases_seen_, tables_seen_, metrics_seen_;
  std::map<int, std::map<std::string, source_ref>> monitors_seen_;
  std::vector<error> problems_;
};

}  // namespace

double network_memory(const experiment_spec& spec) {
  validator v(spec, {});
  v.run();
  return v.one_network_bytes();
}

std::vector<error> validation_problems(const experiment_spec& spec) { return validation_problems(spec, {}); }

std::vector<error> validation_problems(const experiment_spec& spec, const machine_share& share) {
  std::vector<error> found = validator(spec, share).run();
  if (!found.empty()) return found;  // the checks across items assume valid items
  for (void (*check)(const experiment_spec&) : {validate_protocols, validate_interventions, validate_param_changes}) {
    try {
      check(spec);
    } catch (const error& e) {
      found.push_back(e);
    }
  }
  return found;
}

void validate(const experiment_spec& spec) { throw_problems(validation_problems(spec)); }

void validate(const experiment_spec& spec, const machine_share& share) {
  throw_problems(validation_problems(spec, share));
}

}  // namespace plastix
