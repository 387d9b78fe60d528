// Overlap of two representations (sim/overlap.hpp).
#include "plastix/sim/overlap.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/core/error.hpp"
#include "result_statistics.hpp"

namespace plastix {

void overlap_analysis(const analysis_spec& a, const experiment_spec& spec, run_results& results) {
  const spike_record* spikes = nullptr;
  for (const spike_record& r : results.spikes)
    if (r.name == a.spikes) spikes = &r;
  if (!spikes) throw error(a.where, "overlap: no spikes monitor named '" + a.spikes + "' was recorded");
  const std::size_t n = results.population_sizes.at(spikes->population);
  const double dt = spec.dt;
  const std::vector<std::int64_t> start = phase_start_steps(spec);
  std::vector<double> rates[2];
  double active[2] = {0.0, 0.0};
  for (std::size_t k = 0; k < 2; ++k) {
    std::size_t p = 0;
    while (spec.phases.at(p).name != a.phases.at(k)) ++p;
    const std::int64_t from = start[p] + std::llround(a.delay / dt), to = start[p + 1];
    if (to <= from) throw error(a.where, "overlap: phase '" + a.phases[k] + "' is not longer than the delay");
    rates_in_steps(*spikes, from, to, dt, n, rates[k]);
    for (double r : rates[k]) active[k] += r >= a.active_rate ? 1.0 / static_cast<double>(n) : 0.0;
  }
  const std::vector<double>& x = rates[0];
  const std::vector<double>& y = rates[1];
  double xy = 0.0, xx = 0.0, yy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    xy += x[i] * y[i];
    xx += x[i] * x[i];
    yy += y[i] * y[i];
  }
  const double cosine = xx > 0.0 && yy > 0.0 ? xy / std::sqrt(xx * yy) : 0.0;
  const double correlation = pair_statistics(x, y).correlation();
  results.metrics["overlap." + a.spikes] = cosine;
  results.metrics["overlap_correlation." + a.spikes] = correlation;
  results.metrics["overlap_active_1." + a.spikes] = active[0];
  results.metrics["overlap_active_2." + a.spikes] = active[1];
  table& t = next_numbered_row(results, a.table, {"overlap", "correlation", "active_1", "active_2"});
  const double row[] = {cosine, correlation, active[0], active[1]};
  for (std::size_t c = 0; c < 4; ++c) t.data[c + 1].push_back(row[c]);
}

}  // namespace plastix
