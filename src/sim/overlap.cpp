// Overlap of two representations (sim/overlap.hpp).
#include "plastix/sim/overlap.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/core/error.hpp"

namespace plastix {

void overlap_analysis(const analysis_spec& a, const experiment_spec& spec, run_results& results) {
  const spike_record* spikes = nullptr;
  for (const spike_record& r : results.spikes)
    if (r.name == a.spikes) spikes = &r;
  if (!spikes) throw error(a.where, "overlap: no spikes monitor named '" + a.spikes + "' was recorded");
  const std::size_t n = results.population_sizes.at(spikes->population);
  const double dt = spec.dt;
  // Phase starts in steps, as the simulation rounds them.
  std::vector<std::int64_t> start(spec.phases.size() + 1, 0);
  for (std::size_t p = 0; p < spec.phases.size(); ++p)
    start[p + 1] = start[p] + std::llround(spec.phases[p].duration / dt);
  std::vector<double> rates[2];
  double active[2] = {0.0, 0.0};
  for (std::size_t k = 0; k < 2; ++k) {
    std::size_t p = 0;
    while (spec.phases.at(p).name != a.phases.at(k)) ++p;
    const std::int64_t from = start[p] + std::llround(a.delay / dt), to = start[p + 1];
    rates[k].assign(n, 0.0);
    if (to <= from) throw error(a.where, "overlap: phase '" + a.phases[k] + "' is not longer than the delay");
    // spikes in steps [from, to): times are step·dt, recorded in time order
    const auto lo = std::lower_bound(spikes->times.begin(), spikes->times.end(), (static_cast<double>(from) - 0.5) * dt);
    const auto hi = std::lower_bound(spikes->times.begin(), spikes->times.end(), (static_cast<double>(to) - 0.5) * dt);
    const double seconds = static_cast<double>(to - from) * dt * 1e-3;
    for (auto it = lo; it != hi; ++it) rates[k][spikes->senders[static_cast<std::size_t>(it - spikes->times.begin())]] += 1.0 / seconds;
    for (double r : rates[k]) active[k] += r >= a.active_rate ? 1.0 / static_cast<double>(n) : 0.0;
  }
  const std::vector<double>& x = rates[0];
  const std::vector<double>& y = rates[1];
  double xy = 0.0, xx = 0.0, yy = 0.0, mx = 0.0, my = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    xy += x[i] * y[i];
    xx += x[i] * x[i];
    yy += y[i] * y[i];
    mx += x[i] / static_cast<double>(n);
    my += y[i] / static_cast<double>(n);
  }
  const double cosine = xx > 0.0 && yy > 0.0 ? xy / std::sqrt(xx * yy) : 0.0;
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  const double correlation = sxx > 0.0 && syy > 0.0 ? sxy / std::sqrt(sxx * syy) : 0.0;
  results.metrics["overlap." + a.spikes] = cosine;
  results.metrics["overlap_correlation." + a.spikes] = correlation;
  table& t = results.tables[a.table];
  if (t.columns.empty()) {
    t.columns = {"condition", "overlap", "correlation", "active_1", "active_2"};
    t.data.resize(t.columns.size());
  }
  const double row[] = {static_cast<double>(t.data[0].size() + 1), cosine, correlation, active[0], active[1]};
  for (std::size_t c = 0; c < t.columns.size(); ++c) t.data[c].push_back(row[c]);
}

}  // namespace plastix
