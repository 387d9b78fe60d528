#include "plastix/sim/synapse_rank.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "plastix/core/error.hpp"

namespace plastix {

double percentile(std::vector<double>& values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double pos = q / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

table synapse_rank_table(const weight_record& rec, std::uint32_t pre, std::uint32_t post) {
  std::size_t chosen = rec.synapses.size();
  for (std::size_t c = 0; c < rec.synapses.size() && chosen == rec.synapses.size(); ++c)
    if (rec.pre[c] == pre && rec.post[c] == post) chosen = c;
  if (chosen == rec.synapses.size())
    throw error("synapse_rank: weights monitor '" + rec.name + "' has no synapse from pre neuron " +
                std::to_string(pre) + " to post neuron " + std::to_string(post));
  table t;
  t.columns = {"t_s", "w", "mean", "p90", "p99", "rank"};
  t.data.resize(t.columns.size());
  const std::size_t columns = rec.synapses.size();
  std::vector<double> others;
  for (std::size_t k = 0; k < rec.times.size(); ++k) {
    const double* row = rec.values.data() + k * columns;
    others.clear();
    for (std::size_t c = 0; c < columns; ++c)
      if (c != chosen && !std::isnan(row[c])) others.push_back(row[c]);
    const double w = row[chosen];
    const double mean = others.empty() ? std::numeric_limits<double>::quiet_NaN()
                                       : std::accumulate(others.begin(), others.end(), 0.0) /
                                             static_cast<double>(others.size());
    const auto larger = std::count_if(others.begin(), others.end(), [w](double x) { return x > w; });
    t.data[0].push_back(rec.times[k] * 1e-3);
    t.data[1].push_back(w);
    t.data[2].push_back(mean);
    t.data[3].push_back(percentile(others, 90.0));
    t.data[4].push_back(percentile(others, 99.0));
    t.data[5].push_back(1.0 + static_cast<double>(larger));
  }
  if (!rec.unit.empty()) t.labels["w"].assign(rec.times.size(), rec.unit);
  return t;
}

void synapse_rank_analysis(const analysis_spec& a, run_results& results) {
  const weight_record* rec = nullptr;
  for (const weight_record& r : results.weights)
    if (r.name == a.weights) rec = &r;
  if (!rec) throw error(a.where, "synapse_rank: no weights monitor named '" + a.weights + "'");
  table t = synapse_rank_table(*rec, a.pre_neuron, a.post_neuron);
  if (!t.data[0].empty()) {
    results.metrics["synapse_w"] = t.data[1].back();
    results.metrics["synapse_rank"] = t.data[5].back();
    results.metrics["others_mean"] = t.data[2].back();
    results.metrics["others_p99"] = t.data[4].back();
  }
  results.tables[a.table] = std::move(t);
}

}  // namespace plastix
