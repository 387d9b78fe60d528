// Working memory by synaptic facilitation (Mongillo, Barak & Tsodyks 2008; experiments/working_memory.toml).
// A reduced network: the experiment file with every population halved (s1, s2, s3: 100 neurons, ns: 700, inh: 250)
// and connection probability 1 instead of 0.8, so each neuron has 1000 excitatory and 250 inhibitory inputs
// instead of 1600 and 400; every recurrent efficacy is scaled by 1.6 to keep the mean recurrent input. Seed 1.
// The reduced network is noisier, so its regime boundaries lie a little higher than the full network's
// (docs/models/working_memory.md): the quiescent level is i_e = 16.3 pA (full: 16 pA), the periodic level 16.8 pA.
// Outcomes asserted (tolerances in the assertions):
//   quiescent background: after the cue, s1 fires no more than spontaneously (delay rate < 2 Hz, at most one
//     population spike in the 1.5 s delay), but its synapses stay facilitated (mean u at the end of the delay
//     > u of a non-cued population + 0.1); the nonspecific reactivation retrieves s1 (a population spike, rate
//     in the reactivation window > 4 Hz and > 5× that of s2 and s3) and not s2, s3 (no population spike);
//   higher background: the cued item is refreshed by periodic population spikes (≥ 3 in the delay) while the
//     non-cued populations stay at their spontaneous rate (< 1 Hz).
#include <gtest/gtest.h>

#include <string>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

using namespace plastix;

namespace {

run_results run_reduced(const std::string& i_e) {
  std::vector<std::string> overrides;
  for (const char* p : {"s1", "s2", "s3", "ns"}) overrides.push_back(std::string("population.") + p + ".i_e=" + i_e);
  experiment_spec spec =
      load_experiment(std::string(PLASTIX_SOURCE_DIR) + "/experiments/working_memory.toml", overrides);
  spec.sweep.reset();  // one run at this background
  for (population_spec& p : spec.network.populations) p.size /= 2;
  for (projection_spec& p : spec.network.projections) {
    if (p.connector.type != connector_spec::kind::fixed_probability) continue;  // the noise stays one-to-one
    p.connector.p = 1.0;
    p.weight.a *= 1.6;
  }
  return run_experiment(spec);
}

}  // namespace

TEST(working_memory, item_held_by_facilitation_and_retrieved_by_nonspecific_reactivation) {
  const run_results r = run_reduced("16.3 pA");
  const auto& m = r.metrics;
  // Held without persistent firing.
  EXPECT_LT(m.at("delay_rate.s1"), 2.0);
  EXPECT_LE(m.at("delay_population_spikes.s1"), 1.0);
  EXPECT_GT(m.at("u_end_delay.s1"), m.at("u_end_delay.s2") + 0.1);
  EXPECT_GT(m.at("u_end_delay.s1"), m.at("u_end_delay.s3") + 0.1);
  EXPECT_LT(m.at("u_end_delay.s2"), 0.3);  // near U = 0.19: never cued
  // Retrieved by the nonspecific reactivation: the cued item only.
  EXPECT_GE(m.at("reactivation_population_spikes.s1"), 1.0);
  EXPECT_GT(m.at("reactivation_rate.s1"), 4.0);
  for (const char* other : {"s2", "s3"}) {
    EXPECT_EQ(m.at(std::string("reactivation_population_spikes.") + other), 0.0) << other;
    EXPECT_GT(m.at("reactivation_rate.s1"), 5.0 * m.at(std::string("reactivation_rate.") + other)) << other;
  }
  // The time-course table: s1's u is high after the cue and decays through the delay; s2's stays near U.
  const table& t = r.tables.at("time_course");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"t_ms", "rate_cued_hz", "rate_other_hz", "u_cued", "u_other"}));
  ASSERT_EQ(t.data[0].size(), 20u);  // 5 s in 250 ms bins
  const std::size_t cue_end = 5, delay_end = 11;  // rows ending at 1.5 s and 3 s
  EXPECT_GT(t.data[3][cue_end], 0.5);
  EXPECT_LT(t.data[3][delay_end], t.data[3][cue_end]);
  EXPECT_LT(t.data[4][cue_end], 0.3);
}

TEST(working_memory, higher_background_refreshes_the_item_by_periodic_population_spikes) {
  const run_results r = run_reduced("16.8 pA");
  const auto& m = r.metrics;
  EXPECT_GE(m.at("delay_population_spikes.s1"), 3.0);
  EXPECT_LT(m.at("delay_rate.s2"), 1.0);
  EXPECT_LT(m.at("delay_rate.s3"), 1.0);
  EXPECT_EQ(m.at("delay_population_spikes.s2"), 0.0);
}
