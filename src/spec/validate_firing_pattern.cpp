// Checks of a firing_pattern analysis (sim/firing_pattern.hpp) against the experiment: its spikes monitor records
// the neuron, its phase is a fast phase of the file, and no analysis of another type writes its table.
#include <algorithm>

#include "plastix/core/error.hpp"
#include "plastix/core/suggest.hpp"
#include "validate_detail.hpp"

namespace plastix::validate_detail {

void check_firing_pattern(const experiment_spec& spec, const analysis_spec& a, std::size_t k) {
  const std::string key = key_or(a.where, "analysis[" + std::to_string(k) + "]");
  const auto fail = [&](const std::string& field, const std::string& message) {
    validate_detail::fail(a.where, key + "." + field, message);
  };
  const monitor_spec* monitor = &monitor_named(spec, a, monitor_spec::kind::spikes, a.spikes, key, "spikes");
  if (!monitor->indices.empty() &&
      std::find(monitor->indices.begin(), monitor->indices.end(), a.neuron) == monitor->indices.end())
    fail("neuron", "the spikes monitor '" + a.spikes + "' does not record neuron " + std::to_string(a.neuron));
  for (const population_spec& p : spec.network.populations)
    if (p.name == monitor->target && a.neuron >= p.size)
      fail("neuron", "population '" + p.name + "' has " + std::to_string(p.size) + " neurons; there is no neuron " +
                         std::to_string(a.neuron));
  std::vector<std::string> phases;
  for (const phase_spec& ph : spec.phases) phases.push_back(ph.name);
  const auto it = std::find(phases.begin(), phases.end(), a.phase);
  if (it == phases.end()) fail("phase", "'" + a.phase + "' is not a phase;" + suggestion(a.phase, phases));
  if (!(spec.phases[static_cast<std::size_t>(it - phases.begin())].slow_step <= 0.0))
    fail("phase", "'" + a.phase + "' is a slow phase: no spikes are simulated in it");
  for (const analysis_spec& b : spec.analyses)
    if (b.type != analysis_spec::kind::firing_pattern && b.table == a.table)
      fail("table", "another analysis writes table '" + b.table + "'");
  for (const table_spec& t : spec.tables)
    if (t.name == a.table) fail("table", "there is already a [[table]] named '" + t.name + "'");
}

}  // namespace plastix::validate_detail
