// experiments/neurogenesis.toml (docs/models/neurogenesis.md): granule cells born while a new, similar pattern is
// learned separate the representations of the old and the new pattern (Aimone, Wiles & Gage 2009; Aimone, Deng &
// Gage 2011) in a sparse, inhibition-controlled dentate gyrus with depression-dominated STDP. The two conditions are
// runs of the same network from the same seed (paired). Seeds 1–8 (~1 s each): the overlap is lower with newborn
// cells in all 8 (mean 0.641 → 0.493), the control's stays above the input's (0.535: the mature network integrates
// the patterns) and the newborn condition's falls below it on average (pattern separation; in 6 of 8 seeds). The
// test asserts a mean reduction > 0.08, lower in at least 7 of 8 seeds, the control's mean above and the newborn
// condition's mean below the input's. Per seed: the same input in both conditions (overlap ~0.55) and a sparse code
// (at least one and at most 15 % of the granule cells at >= 10 Hz in each test phase; observed 0.8–5.8 %).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

TEST(neurogenesis_experiment, newborn_neurons_separate_similar_patterns_below_the_input_overlap) {
  double reduction = 0.0, mean_input = 0.0, mean_control = 0.0, mean_newborn = 0.0;
  int lower = 0;
  const int seeds = 8;
  for (int seed = 1; seed <= seeds; ++seed) {
    const std::vector<std::string> overrides{"experiment.seed=" + std::to_string(seed)};
    const run_results r = run_ready("neurogenesis", overrides);
    const table& t = r.tables.at("overlap");
    ASSERT_EQ(t.columns, (std::vector<std::string>{"condition", "input", "overlap", "correlation", "active_1",
                                                    "active_2"}));
    ASSERT_EQ(t.labels.at("condition"), (std::vector<std::string>{"control", "neurogenesis"}));
    const double input = t.data[1][0], control = t.data[2][0], newborn = t.data[2][1];
    std::printf("seed %d: overlap input %.3f, control %.3f, neurogenesis %.3f (%.3g h simulated in %.3g s wall)\n", seed,
                input, control, newborn, r.bio_time / 3.6e6, r.wall_time);
    EXPECT_EQ(t.data[1][1], input) << "seed " << seed << ": both conditions get the same input spikes";
    EXPECT_NEAR(input, 0.55, 0.1) << "seed " << seed;
    for (std::size_t c = 0; c < 2; ++c)
      for (std::size_t k : {4u, 5u}) {
        EXPECT_LT(t.data[k][c], 0.15) << "seed " << seed << " " << t.labels.at("condition")[c] << ": sparse coding";
        EXPECT_GT(t.data[k][c], 0.003) << "seed " << seed << " " << t.labels.at("condition")[c]
                                       << ": the pattern is represented";
      }
    reduction += (control - newborn) / seeds;
    mean_input += input / seeds;
    mean_control += control / seeds;
    mean_newborn += newborn / seeds;
    lower += newborn < control ? 1 : 0;
  }
  EXPECT_GT(reduction, 0.08);
  EXPECT_GE(lower, 7);
  EXPECT_GT(mean_control, mean_input) << "without newborn cells the representations overlap more than the inputs";
  EXPECT_LT(mean_newborn, mean_input) << "with newborn cells they overlap less than the inputs: pattern separation";
}
