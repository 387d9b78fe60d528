// Conditioned responses per block (sim/conditioned_response.hpp).
#include "plastix/sim/conditioned_response.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/core/error.hpp"
#include "result_statistics.hpp"

namespace plastix {

namespace {

// Spikes in the steps [from, to) (times step·dt [ms], in time order).
double count_in_steps(const spike_record& spikes, std::int64_t from, std::int64_t to, double dt) {
  const auto lo = std::lower_bound(spikes.times.begin(), spikes.times.end(), (static_cast<double>(from) - 0.5) * dt);
  const auto hi = std::lower_bound(spikes.times.begin(), spikes.times.end(), (static_cast<double>(to) - 0.5) * dt);
  return static_cast<double>(hi - lo);
}

}  // namespace

conditioned_response_result conditioned_response_tables(const spike_record& spikes, std::size_t n,
                                                        const analysis_spec& a, double dt,
                                                        const std::vector<std::int64_t>& phase_starts,
                                                        std::int64_t end_step) {
  const conditioned_response_keys& k = a.cr;
  const double peak_end = k.peak_end > 0.0 ? k.peak_end : k.trial_interval - k.baseline;  // [ms] after CS onset
  const auto steps = [dt](double t) { return std::llround(t / dt); };
  // The mean rate per neuron [Hz] in [t0, t1) (ms).
  const auto rate = [&](double t0, double t1) {
    const std::int64_t from = steps(t0), to = steps(t1);
    if (to <= from || n == 0) return 0.0;
    return count_in_steps(spikes, from, to, dt) / static_cast<double>(n) / (static_cast<double>(to - from) * dt * 1e-3);
  };
  const std::size_t bins = static_cast<std::size_t>(std::max(0.0, std::floor(peak_end / k.bin + 1e-9)));

  conditioned_response_result out;
  out.blocks.columns = {"block", "phase", "t_s", "trials",
                        "cr_probability", "cr_amplitude_hz", "peak_ms", "baseline_hz"};
  out.blocks.data.resize(out.blocks.columns.size());
  out.psth.columns = {"block", "t_ms", "rate_hz", "isi_ms"};
  out.psth.data.resize(out.psth.columns.size());

  std::uint32_t in_block = 0;
  std::size_t block_phase = 0;
  double block_start = 0.0, crs = 0.0, amplitude = 0.0, baseline = 0.0;
  std::vector<double> psth(bins, 0.0);
  const auto close_block = [&] {
    if (in_block == 0) return;
    const double trials = in_block;
    auto& d = out.blocks.data;
    const double block = static_cast<double>(d[0].size() + 1);
    std::size_t best = bins;  // the largest bin at or after window_start
    for (std::size_t b = 0; b < bins; ++b) {
      psth[b] /= trials;
      if (static_cast<double>(b) * k.bin + 1e-9 >= k.window_start && (best == bins || psth[b] > psth[best])) best = b;
    }
    const double peak = best < bins ? (static_cast<double>(best) + 0.5) * k.bin : 0.0;
    const double row[] = {block, static_cast<double>(block_phase + 1), block_start * 1e-3, trials, crs / trials,
                          amplitude / trials, peak, baseline / trials};
    for (std::size_t c = 0; c < d.size(); ++c) d[c].push_back(row[c]);
    for (std::size_t b = 0; b < bins; ++b) {
      out.psth.data[0].push_back(block);
      out.psth.data[1].push_back((static_cast<double>(b) + 0.5) * k.bin);
      out.psth.data[2].push_back(psth[b]);
      out.psth.data[3].push_back(k.isi);  // the US's time after CS onset, for the figure
    }
    in_block = 0;
    crs = amplitude = baseline = 0.0;
    std::fill(psth.begin(), psth.end(), 0.0);
  };

  const double end = static_cast<double>(end_step) * dt;
  for (std::size_t trial = 0;; ++trial) {
    const double c = k.first_cs + static_cast<double>(trial) * k.trial_interval;  // CS onset [ms]
    if (c + std::max(peak_end, k.isi) > end + 1e-9) break;
    const std::size_t phase = static_cast<std::size_t>(
        std::upper_bound(phase_starts.begin(), phase_starts.end(), steps(c)) - phase_starts.begin() - 1);
    if (in_block > 0 && (phase != block_phase || in_block == a.trials_per_block)) close_block();
    if (in_block == 0) {
      block_phase = phase;
      block_start = c;
    }
    ++in_block;
    const double r_b = rate(c - k.baseline, c);
    const double amp = rate(c + k.window_start, c + k.isi) - r_b;
    baseline += r_b;
    amplitude += amp;
    crs += amp >= k.threshold ? 1.0 : 0.0;
    for (std::size_t b = 0; b < bins; ++b)
      psth[b] += rate(c + static_cast<double>(b) * k.bin, c + static_cast<double>(b + 1) * k.bin);
  }
  close_block();
  return out;
}

void conditioned_response_analysis(const analysis_spec& a, const experiment_spec& spec, run_results& results) {
  const spike_record* spikes = nullptr;
  for (const spike_record& r : results.spikes)
    if (r.name == a.spikes) spikes = &r;
  if (!spikes) throw error(a.where, "conditioned_response: no spikes monitor named '" + a.spikes + "' was recorded");
  const std::size_t n = results.population_sizes.at(spikes->population);
  const std::int64_t end_step = std::llround(results.bio_time / spec.dt);
  conditioned_response_result t =
      conditioned_response_tables(*spikes, n, a, spec.dt, phase_start_steps(spec), end_step);
  const auto& d = t.blocks.data;
  double trials = 0.0;
  for (double x : d[3]) trials += x;
  results.metrics["cr_trials"] = trials;
  if (!d[0].empty()) {
    results.metrics["cr_probability_first"] = d[4].front();
    results.metrics["cr_probability_last"] = d[4].back();
    results.metrics["cr_amplitude_last"] = d[5].back();
    results.metrics["cr_peak_ms_last"] = d[6].back();
  }
  results.tables[a.table] = std::move(t.blocks);
  results.tables[a.table + "_psth"] = std::move(t.psth);
}

}  // namespace plastix
