// The conditioned_response analysis (sim/conditioned_response.hpp) on spike trains written out here, against the
// numbers worked out by hand: baseline and window rates, CR decisions, the block PSTH and its peak, blocks that end at
// a phase boundary.
#include <gtest/gtest.h>

#include "plastix/sim/conditioned_response.hpp"

using namespace plastix;

namespace {

constexpr double dt = 0.1;  // [ms]

// Two neurons; four trials with CS onsets at 200, 1200, 2200, 3200 ms. Before each CS both neurons fire once (10 Hz
// over a 100 ms baseline); in trials 2 and 3 each also fires 6 spikes in [300, 350) ms after CS onset.
spike_record trains() {
  spike_record r;
  r.name = "out";
  r.population = "out";
  for (int k = 0; k < 4; ++k) {
    const double c = 200.0 + 1000.0 * k;
    std::vector<std::pair<double, std::uint32_t>> s{{c - 50.0, 0}, {c - 40.0, 1}};
    if (k >= 2)
      for (int j = 0; j < 6; ++j)
        for (std::uint32_t n : {0u, 1u}) s.emplace_back(c + 300.0 + 8.0 * j + n, n);
    for (const auto& [t, n] : s) {
      r.times.push_back(t);
      r.senders.push_back(n);
    }
  }
  return r;
}

analysis_spec analysis() {
  analysis_spec a;
  a.type = analysis_spec::kind::conditioned_response;
  a.cr.first_cs = 200.0;
  a.cr.trial_interval = 1000.0;
  a.cr.isi = 400.0;
  a.cr.window_start = 100.0;
  a.cr.baseline = 100.0;
  a.cr.threshold = 9.5;
  a.cr.bin = 50.0;
  a.cr.peak_end = 600.0;
  a.trials_per_block = 2;
  return a;
}

}  // namespace

TEST(conditioned_response, counts_crs_amplitudes_and_the_psth_peak_per_block_as_worked_out_by_hand) {
  const conditioned_response_result r = conditioned_response_tables(trains(), 2, analysis(), dt, {0, 40000}, 40000);
  ASSERT_EQ(r.blocks.data[0].size(), 2u);
  const auto& d = r.blocks.data;  // block, phase, t_s, trials, cr_probability, cr_amplitude_hz, peak_ms, baseline_hz
  EXPECT_EQ(d[3][0], 2.0);
  EXPECT_NEAR(d[2][1], 2.2, 1e-12);
  EXPECT_NEAR(d[7][0], 10.0, 1e-9);   // one spike per neuron in 100 ms
  EXPECT_NEAR(d[5][0], -10.0, 1e-9);  // nothing in the window
  EXPECT_EQ(d[4][0], 0.0);
  EXPECT_NEAR(d[5][1], 20.0 - 10.0, 1e-9);  // 6 spikes per neuron in the 300 ms window
  EXPECT_EQ(d[4][1], 1.0);
  EXPECT_NEAR(d[6][1], 325.0, 1e-9);  // the bin [300, 350) ms
  ASSERT_EQ(r.psth.data[0].size(), 2u * 12u);  // 12 bins of 50 ms up to 600 ms, per block
  EXPECT_NEAR(r.psth.data[1][12 + 6], 325.0, 1e-9);
  EXPECT_NEAR(r.psth.data[2][12 + 6], 6.0 / 0.05, 1e-9);  // 6 spikes per neuron and trial in 50 ms
  EXPECT_EQ(r.psth.data[3][12 + 6], analysis().cr.isi);
}

TEST(conditioned_response, a_block_ends_where_a_phase_ends_and_only_whole_trials_are_scored) {
  analysis_spec a = analysis();
  a.trials_per_block = 0;  // one block per phase run
  // Phases start at 0 and 2.5 s; the run ends at 3.7 s: the trial at 3.2 s would need up to 3.8 s and is left out.
  const conditioned_response_result r = conditioned_response_tables(trains(), 2, a, dt, {0, 25000, 37000}, 37000);
  const auto& d = r.blocks.data;
  ASSERT_EQ(d[0].size(), 1u);
  EXPECT_EQ(d[3][0], 3.0);  // trials at 0.2, 1.2, 2.2 s, all in the first phase
  EXPECT_EQ(d[1][0], 1.0);
  EXPECT_NEAR(d[4][0], 1.0 / 3.0, 1e-12);
}
