// [[phase]] tables and their stimuli ([[phase.stimulus]]).
#include <map>

#include "plastix/spec/intervention_keys.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

stimulus_spec read_stimulus(const table_reader& t) {
  t.check_keys({"population", "rate", "current", "neurons", "patterns", "pattern", "range", "fraction", "on", "off",
                "start", "stop", "current_sd", "noise_interval", "sine_amplitude", "sine_frequency", "sine_phase",
                "classes"},
               "for a stimulus");
  stimulus_spec s;
  s.where = t.where();
  s.population = t.string("population");
  if (t.has("rate") == t.has("current")) {
    const std::string what = "expected either rate = \"20 Hz\" (for poisson and regular sources) or current = "
                             "\"100 pA\" (for neuron populations)";
    if (t.has("rate")) t.fail("current", what + ", not both");
    t.fail_here(what);
  }
  if (t.has("rate")) {
    s.type = stimulus_spec::kind::rate;
    s.value = t.quantity("rate", dimension::frequency);
  } else {
    s.type = stimulus_spec::kind::current;
    s.value = t.quantity("current", dimension::current);
    s.current_sd = t.quantity_or("current_sd", dimension::current, 0.0);
    s.noise_interval = t.quantity_or("noise_interval", dimension::time, 0.0);
    s.sine_amplitude = t.quantity_or("sine_amplitude", dimension::current, 0.0);
    s.sine_frequency = t.quantity_or("sine_frequency", dimension::frequency, 0.0);
    s.sine_phase = t.has("sine_phase") ? t.number("sine_phase") : 0.0;
  }
  for (const char* key : {"current_sd", "noise_interval", "sine_amplitude", "sine_frequency", "sine_phase"})
    if (s.type == stimulus_spec::kind::rate && t.has(key))
      t.fail(key, "a varying current (noise or sine) is for current = \"... pA\" stimuli, not for rates");
  s.neurons = t.index_list("neurons");
  read_pattern_stimulus(t, s);
  s.start = t.quantity_or("start", dimension::time, 0.0);
  if (t.has("stop")) s.stop = t.quantity("stop", dimension::time);
  return s;
}

// [[phase.intervention]] (spec/interventions.hpp): type, a target (population, projection, neurons), the kind's
// values and an optional window [start, stop) inside the phase.
intervention_spec read_intervention(const table_reader& t) {
  const std::string type = t.choice("type", intervention_names());
  intervention_spec iv;
  iv.type = intervention_kind(type);
  using kind = intervention_spec::kind;
  const std::string context = "for a " + std::string(intervention_name(iv.type)) + " intervention";
  std::vector<std::string> keys = intervention_declaration(iv.type).info().key_names();
  keys.insert(keys.begin(), "type");
  std::map<std::string, std::string> misplaced{
      {"receptor", "is used only with type = \"block_receptor\""},
      {"fraction", "is used only with type = \"block_receptor\" or \"block_protein_synthesis\""},
      {"voltage", "is used only with type = \"voltage_clamp\""},
      {"neurons", "is used only with type = \"voltage_clamp\" or \"block_spikes\""},
      {"projection", "is used only with type = \"block_receptor\", \"block_protein_synthesis\" or "
                     "\"block_plasticity\""}};
  t.check_keys(keys, context, misplaced);
  iv.where = t.where();
  if (type == "block_nmda" && t.has("receptor") && t.string("receptor") != "nmda")
    t.fail("receptor", "type \"block_nmda\" blocks the nmda receptor; use type = \"block_receptor\" for another one");
  if (t.has("population")) iv.population = t.string("population");
  if (t.has("projection")) iv.projection = t.string("projection");
  iv.neurons = t.index_list("neurons");
  if (t.has("receptor")) iv.receptor = t.string("receptor");
  if (t.has("fraction")) iv.fraction = t.number("fraction");
  if (iv.type == kind::voltage_clamp) iv.voltage = t.quantity("voltage", dimension::voltage);
  iv.start = t.quantity_or("start", dimension::time, 0.0);
  if (t.has("stop")) iv.stop = t.quantity("stop", dimension::time);
  return iv;
}

}  // namespace

phase_spec read_phase(const table_reader& t) {
  t.check_keys({"name", "duration", "stimulus", "slow_step", "block_protein_synthesis", "intervention", "birth", "set"},
               "for a phase");
  phase_spec p;
  p.where = t.where();
  p.name = t.name("name");
  p.duration = t.quantity("duration", dimension::time);
  p.slow_step = t.quantity_or("slow_step", dimension::time, 0.0);
  t.read_items("stimulus", p.stimuli, read_stimulus);
  t.read_items("intervention", p.interventions, read_intervention);
  // Older files: block_protein_synthesis = true is a block_protein_synthesis intervention on the whole network.
  if (t.boolean_or("block_protein_synthesis", false)) {
    intervention_spec iv;
    iv.type = intervention_spec::kind::block_protein_synthesis;
    iv.where = t.ref("block_protein_synthesis");
    iv.where.key = t.key_of("block_protein_synthesis");
    p.interventions.push_back(iv);
  }
  t.read_items("birth", p.births, [](const table_reader& s) {  // neurogenesis (sim/neurogenesis.hpp)
    s.check_keys({"population", "count"}, "for a birth");
    return birth_spec{s.string("population"), s.count("count"), s.where()};
  });
  return p;
}

}  // namespace plastix::io_detail
