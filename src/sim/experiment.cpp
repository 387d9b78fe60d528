#include "plastix/sim/experiment.hpp"

#include <chrono>
#include <numeric>

namespace plastix {

run_results run_experiment(const experiment_spec& spec, const progress_fn& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  simulation sim(spec);
  double total = 0.0;
  for (const phase_spec& ph : spec.phases) total += ph.duration;
  if (progress) sim.set_progress(progress, total);
  for (const phase_spec& ph : spec.phases) sim.run_phase(ph);

  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double seconds = sim.time() * 1e-3;
  std::map<std::string, double> metrics;
  for (const auto& pop : sim.populations()) {
    const double n = static_cast<double>(pop->size());
    metrics["rate_hz." + pop->name()] =
        seconds > 0.0 ? static_cast<double>(sim.spike_count(pop->name())) / (n * seconds) : 0.0;
  }
  for (const auto& proj : sim.projections()) {
    const auto w = proj->weights();
    metrics["mean_weight." + proj->name()] =
        w.empty() ? 0.0 : std::accumulate(w.begin(), w.end(), 0.0) / static_cast<double>(w.size());
    metrics["synapses." + proj->name()] = static_cast<double>(w.size());
  }
  run_results r = sim.collect_results(wall);
  r.metrics = std::move(metrics);
  for (const phase_spec& ph : spec.phases) r.phases.emplace_back(ph.name, ph.duration);
  return r;
}

}  // namespace plastix
