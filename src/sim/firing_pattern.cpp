// The firing pattern of a neuron under a current step (sim/firing_pattern.hpp).
#include "plastix/sim/firing_pattern.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/core/error.hpp"
#include "result_statistics.hpp"

namespace plastix {

namespace {

constexpr double undefined = 0.0;  // a value that needs more spikes (results hold no NaN)

double mean(std::span<const double> x) {
  double s = 0.0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

// Whether the steady ISIs repeat with a period of 2 to 6 ISIs (sim/firing_pattern.hpp).
bool periodic(std::span<const double> s) {
  const double tolerance = 0.1 * mean(s);
  for (std::size_t p = 2; p <= 6 && 2 * p <= s.size(); ++p) {
    double worst = 0.0;
    for (std::size_t k = 0; k + p < s.size(); ++k) worst = std::max(worst, std::abs(s[k + p] - s[k]));
    if (worst <= tolerance) return true;
  }
  return false;
}

enum code : std::size_t { silent, transient, tonic, adapting, accelerating, initial_burst, bursting, irregular };

}  // namespace

const std::vector<std::string>& pattern_names() {
  static const std::vector<std::string> names{
      "silent",       "transient",     "tonic",         "adapting",        "accelerating",
      "initial burst", "regular bursting", "irregular", "delayed tonic",   "delayed adapting",
      "delayed accelerating", "delayed initial burst", "delayed regular bursting", "delayed irregular"};
  return names;
}

firing_pattern classify_firing(std::span<const double> t, double duration) {
  firing_pattern f;
  const std::size_t n = t.size();
  f.spikes = static_cast<double>(n);
  f.latency_ms = n > 0 ? t[0] : undefined;
  std::vector<double> isi;
  for (std::size_t k = 1; k < n; ++k) isi.push_back(t[k] - t[k - 1]);
  f.isi_first_ms = isi.empty() ? undefined : isi[0];
  std::vector<double> steady;  // ISIs between spikes of the second half
  for (std::size_t k = 1; k < n; ++k)
    if (t[k - 1] >= 0.5 * duration) steady.push_back(isi[k - 1]);
  f.isi_steady_ms = steady.empty() ? undefined : mean(steady);
  f.isi_ratio = steady.empty() || isi.empty() ? undefined : f.isi_steady_ms / f.isi_first_ms;
  const std::size_t skip = std::min<std::size_t>(4, isi.size() / 5);
  if (isi.size() >= skip + 2) {
    double a = 0.0;
    for (std::size_t i = skip + 1; i < isi.size(); ++i) a += (isi[i] - isi[i - 1]) / (isi[i] + isi[i - 1]);
    f.adaptation_index = a / static_cast<double>(isi.size() - skip - 1);
  } else {
    f.adaptation_index = undefined;
  }
  f.isi_jump = undefined;
  for (std::size_t k = 1; k < std::min<std::size_t>(isi.size(), 4); ++k)
    f.isi_jump = std::max(f.isi_jump, isi[k] / isi[k - 1]);
  if (n == 0) {
    f.pattern = silent;
    return f;
  }
  if (steady.empty()) {
    f.pattern = transient;
    return f;
  }
  const auto [lo, hi] = std::minmax_element(steady.begin(), steady.end());
  if (*hi >= 2.0 * *lo) {
    f.pattern = periodic(steady) ? bursting : irregular;
  } else if (f.isi_jump >= 3.0) {
    f.pattern = initial_burst;
  } else {
    f.pattern = f.isi_ratio >= 1.25 ? adapting : f.isi_ratio <= 0.8 ? accelerating : tonic;
  }
  if (f.latency_ms > 2.0 * f.isi_steady_ms) f.pattern += irregular - transient;  // its "delayed" name
  return f;
}

void firing_pattern_analysis(const analysis_spec& a, const experiment_spec& spec, run_results& results) {
  const spike_record* spikes = nullptr;
  for (const spike_record& r : results.spikes)
    if (r.name == a.spikes) spikes = &r;
  if (!spikes) throw error(a.where, "firing_pattern: no spikes monitor named '" + a.spikes + "' was recorded");
  const std::vector<std::int64_t> start = phase_start_steps(spec);
  std::size_t p = 0;
  while (spec.phases.at(p).name != a.phase) ++p;
  const double dt = spec.dt;
  const std::int64_t from = start[p], to = start[p + 1];
  std::vector<double> times;  // [ms] from the step's onset
  for (std::size_t k = 0; k < spikes->times.size(); ++k) {
    const std::int64_t step = std::llround(spikes->times[k] / dt);
    if (spikes->senders[k] == a.neuron && step >= from && step < to)
      times.push_back(static_cast<double>(step - from) * dt);
  }
  const firing_pattern f = classify_firing(times, static_cast<double>(to - from) * dt);
  results.metrics["firing_pattern." + a.spikes] = static_cast<double>(f.pattern);
  results.metrics["spikes." + a.spikes] = f.spikes;
  results.metrics["latency_ms." + a.spikes] = f.latency_ms;
  table& tab = next_numbered_row(results, a.table, {"spikes", "latency_ms", "isi_first_ms", "isi_steady_ms",
                                                    "isi_ratio", "adaptation_index", "isi_jump", "pattern"});
  const double row[] = {f.spikes,           f.latency_ms, f.isi_first_ms, f.isi_steady_ms, f.isi_ratio,
                        f.adaptation_index, f.isi_jump,   static_cast<double>(f.pattern)};
  for (std::size_t c = 0; c < 8; ++c) tab.data[c + 1].push_back(row[c]);
  tab.labels["condition"].push_back(a.spikes);
  tab.labels["pattern"].push_back(pattern_names()[f.pattern]);
}

}  // namespace plastix
