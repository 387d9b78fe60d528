// The ready homeostasis experiments reproduce the published outcomes (docs/models/homeostasis.md), at reduced
// duration (the full files are what users run):
//   hebbian_instability: a recurrent network with STDP alone runs away; with synaptic scaling and inhibitory STDP
//                        (Vogels et al. 2011) it settles at the 5 Hz target.
//   scaling_ttx:         Turrigiano et al. 1998 — TTX scales excitatory weights up, bicuculline down, and the change
//                        is multiplicative (weights after vs before: slope ≠ 1, correlation > 0.99).
// Prints the tables and simulated hours per wall second.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

namespace {

run_results run_file(const std::string& name, const std::vector<std::string>& overrides) {
  const run_results r = run_ready(name, overrides);
  std::printf("%s: %.3g h simulated in %.3g s wall: %.3g simulated hours per wall second\n", name.c_str(),
              r.bio_time / 3.6e6, r.wall_time, r.bio_time / 3.6e6 / r.wall_time);
  for (const auto& [tname, t] : r.tables) {
    std::printf("table %s:", tname.c_str());
    for (const auto& c : t.columns) std::printf(" %14s", c.c_str());
    std::printf("\n");
    for (std::size_t k = 0; k < t.data[0].size(); ++k) {
      std::printf("       ");
      for (const auto& col : t.data) std::printf(" %14.5g", col[k]);
      std::printf("\n");
    }
  }
  return r;
}

}  // namespace

// 20 s instead of 60 s (the plain network runs away within the first 10 s); 1 s bins. The table stacks the two
// conditions' time courses: rows 0–19 plain, 20–39 homeostatic.
TEST(hebbian_instability, plain_runs_away_and_homeostatic_settles_at_the_target) {
  const run_results r = run_file("hebbian_instability.toml", {"experiment.duration=20 s"});
  const table& t = r.tables.at("timecourse");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"condition", "t_s", "rate_hz", "mean_w"}));
  ASSERT_EQ(t.data[0].size(), 40u);
  EXPECT_EQ(t.labels.at("condition").front(), "plain");
  EXPECT_EQ(t.labels.at("condition").back(), "homeostatic");
  const std::size_t plain = 19, homeostatic = 39;  // the last bin of each condition
  EXPECT_EQ(t.data[0][plain], 1.0);
  EXPECT_EQ(t.data[0][homeostatic], 2.0);
  EXPECT_DOUBLE_EQ(column(t, "t_s")[plain], 20.0);
  EXPECT_DOUBLE_EQ(column(t, "t_s")[homeostatic], 20.0);
  const std::vector<double>& rate = column(t, "rate_hz");
  const std::vector<double>& w = column(t, "mean_w");
  // The same network, seed and input in both: the same rate in the first bin up to the plasticity's effect (the
  // weights start equal; scaling and iSTDP act from the first 100 ms on).
  EXPECT_NEAR(rate[20], rate[0], 2.0);
  // Plain: the rate explodes to above 20× the target (it saturates near the refractory limit) and the E→E weights
  // grow by more than 50 %.
  EXPECT_GT(rate[plain], 100.0);
  EXPECT_GT(w[plain], 1.5);
  // Homeostatic: from 5 s on, the mean rate within ±0.5 Hz of the 5 Hz target and every 1 s bin within ±2 Hz;
  // weights stay below the plain ones.
  double mean = 0.0;
  for (std::size_t k = 25; k <= homeostatic; ++k) {
    EXPECT_NEAR(rate[k], 5.0, 2.0) << "bin " << k - 20;
    mean += rate[k] / 15.0;
  }
  EXPECT_NEAR(mean, 5.0, 0.5);
  EXPECT_LT(w[homeostatic], w[plain]);
}

// scaling_ttx (Turrigiano et al. 1998) with 100 instead of 200 excitatory and 25 instead of 50 inhibitory neurons per
// condition, the full two days. Full size (seed 1): slopes 1.035 / 1.527 / 0.740, correlations ≥ 0.9992.
TEST(scaling_ttx, ttx_scales_up_bicuculline_down_multiplicatively) {
  const run_results r = run_file("scaling_ttx.toml", {"population.exc.size=100", "population.inh.size=25"});
  const table& t = r.tables.at("scaling");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"condition", "slope", "intercept", "correlation", "mean_w_before",
                                                  "mean_w_after"}));
  ASSERT_EQ(t.data[0], (std::vector<double>{1.0, 2.0, 3.0}));
  EXPECT_EQ(t.labels.at("condition"), (std::vector<std::string>{"control", "ttx", "bicuculline"}));
  // The same network and seed in every condition: the same weights before the treatment.
  EXPECT_EQ(column(t, "mean_w_before")[1], column(t, "mean_w_before")[0]);
  EXPECT_EQ(column(t, "mean_w_before")[2], column(t, "mean_w_before")[0]);
  const table& pairs = r.tables.at("scaling_weights");
  ASSERT_EQ(pairs.columns, (std::vector<std::string>{"condition", "w_before", "w_after"}));
  EXPECT_EQ(pairs.data[0].size(), 3 * 500u);  // 500 of the 2000 E→E synapses per condition
  const std::vector<double>& slope = column(t, "slope");
  const std::vector<double>& corr = column(t, "correlation");
  const std::vector<double>& intercept = column(t, "intercept");
  const std::vector<double>& before = column(t, "mean_w_before");
  // Control at steady state: its weights change by less than 10 %.
  EXPECT_NEAR(slope[0], 1.0, 0.1);
  // TTX: every neuron silent, one factor for all its synapses: ×1.3 or more (the rule's exp(β·2 d·5 Hz) ≈ 1.54),
  // exactly multiplicative.
  EXPECT_GT(slope[1], 1.3);
  EXPECT_GT(corr[1], 0.9999);
  // Bicuculline: activity raised (~8×) until scaling brings it back: scaled down by 15 % or more.
  EXPECT_LT(slope[2], 0.85);
  // Multiplicative: correlation above 0.99 and the line through 0 (intercept below 2 % of the mean weight).
  for (std::size_t c = 0; c < 3; ++c) {
    EXPECT_GT(corr[c], 0.99) << "condition " << c + 1;
    EXPECT_LT(std::abs(intercept[c]), 0.02 * before[c]) << "condition " << c + 1;
  }
}
