// Pieces the after-run analyses share (result_statistics.hpp).
#include "result_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace plastix {

std::vector<std::int64_t> phase_start_steps(const experiment_spec& spec) {
  std::vector<std::int64_t> start(spec.phases.size() + 1, 0);
  for (std::size_t p = 0; p < spec.phases.size(); ++p)
    start[p + 1] = start[p] + std::llround(spec.phases[p].duration / spec.dt);
  return start;
}

void rates_in_steps(const spike_record& spikes, std::int64_t from, std::int64_t to, double dt, std::size_t n,
                    std::vector<double>& rates) {
  rates.assign(n, 0.0);
  // spikes in steps [from, to): times are step·dt, recorded in time order
  const auto lo = std::lower_bound(spikes.times.begin(), spikes.times.end(), (static_cast<double>(from) - 0.5) * dt);
  const auto hi = std::lower_bound(spikes.times.begin(), spikes.times.end(), (static_cast<double>(to) - 0.5) * dt);
  const double seconds = static_cast<double>(to - from) * dt * 1e-3;
  for (auto it = lo; it != hi; ++it) rates[spikes.senders[static_cast<std::size_t>(it - spikes.times.begin())]] += 1.0 / seconds;
}

double paired_statistics::slope() const { return sxx > 0.0 ? sxy / sxx : 0.0; }

double paired_statistics::correlation() const { return sxx > 0.0 && syy > 0.0 ? sxy / std::sqrt(sxx * syy) : 0.0; }

paired_statistics pair_statistics(std::span<const double> x, std::span<const double> y) {
  paired_statistics st;
  const double n = static_cast<double>(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    st.mean_x += x[i];
    st.mean_y += y[i];
  }
  st.mean_x = n > 0.0 ? st.mean_x / n : 0.0;
  st.mean_y = n > 0.0 ? st.mean_y / n : 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double dx = x[i] - st.mean_x, dy = y[i] - st.mean_y;
    st.sxx += dx * dx;
    st.syy += dy * dy;
    st.sxy += dx * dy;
  }
  return st;
}

table& next_numbered_row(run_results& results, const std::string& name, const std::vector<std::string>& more) {
  table& t = results.tables[name];
  if (t.columns.empty()) {
    t.columns = {"condition"};
    t.columns.insert(t.columns.end(), more.begin(), more.end());
    t.data.resize(t.columns.size());
  }
  t.data[0].push_back(static_cast<double>(t.data[0].size() + 1));
  return t;
}

}  // namespace plastix
