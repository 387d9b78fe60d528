// [[phase]] tables and their stimuli ([[phase.stimulus]]).
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

stimulus_spec read_stimulus(const table_reader& t) {
  t.check_keys({"population", "rate", "current", "neurons", "patterns", "pattern", "fraction", "on", "off"},
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
  }
  s.neurons = t.index_list("neurons");
  read_pattern_stimulus(t, s);
  return s;
}

// [[phase.intervention]]: type = "block" (or "block_receptor", "block_nmda"), a target (population or projection),
// receptor (default "nmda"), fraction (default 1).
intervention_spec read_intervention(const table_reader& t) {
  t.check_keys({"type", "population", "projection", "receptor", "fraction"}, "for an intervention");
  intervention_spec iv;
  iv.where = t.where();
  const std::string type = t.choice("type", intervention_names());
  iv.type = intervention_spec::kind::block_receptor;
  if (type == "block_nmda" && t.has("receptor") && t.string("receptor") != "nmda")
    t.fail("receptor", "type \"block_nmda\" blocks the nmda receptor; use type = \"block\" for another one");
  if (t.has("population")) iv.population = t.string("population");
  if (t.has("projection")) iv.projection = t.string("projection");
  if (t.has("receptor")) iv.receptor = t.string("receptor");
  if (t.has("fraction")) iv.fraction = t.number("fraction");
  return iv;
}

}  // namespace

phase_spec read_phase(const table_reader& t) {
  t.check_keys({"name", "duration", "stimulus", "slow_step", "block_protein_synthesis", "intervention"}, "for a phase");
  phase_spec p;
  p.where = t.where();
  p.name = t.string("name");
  if (p.name.empty()) t.fail("name", "expected a non-empty phase name");
  p.duration = t.quantity("duration", dimension::time);
  p.slow_step = t.quantity_or("slow_step", dimension::time, 0.0);
  p.block_protein_synthesis = t.boolean_or("block_protein_synthesis", false);
  for (const table_reader& s : t.tables("stimulus")) p.stimuli.push_back(read_stimulus(s));
  for (const table_reader& s : t.tables("intervention")) p.interventions.push_back(read_intervention(s));
  return p;
}

}  // namespace plastix::io_detail
