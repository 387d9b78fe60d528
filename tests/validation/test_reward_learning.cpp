// A two-choice task solved by spikes with a reversal (experiments/reward_learning.toml; Izhikevich 2007's
// instrumental conditioning), a short version: 200 trials rewarding A, then 200 rewarding B, in the control and with
// the dopamine reduced to 10 % (depleted_10). Chance: a trial is correct when the rewarded group fires more than the
// other in 20 ms, which before learning happens in about 30 % of the trials (ties count as wrong).
// Required: the control learns A (its best learn block above 60 % correct) and relearns B after the reversal (its
// last block above 60 % correct), and the depleted network does worse over the run than the control.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

TEST(reward_learning, the_network_learns_and_relearns_after_a_reversal_and_depleted_dopamine_learns_less) {
  const std::vector<std::string> overrides{"phase.learn.duration=200 s", "phase.reversal.duration=200 s"};
  const run_results r = run_ready("reward_learning", overrides);
  const table& t = r.tables.at("choices");
  const auto col = [&](const std::string& name) { return column(t, name); };
  const auto condition = col("condition"), phase = col("phase"), correct = col("correct");
  ASSERT_EQ(condition.size(), 12u);  // 3 conditions × 4 blocks of 100 trials
  double best_learn = 0.0, last_reversal = 0.0, control_mean = 0.0, depleted_mean = 0.0;
  for (std::size_t k = 0; k < condition.size(); ++k) {
    std::printf("condition %g phase %g correct %.2f\n", condition[k], phase[k], correct[k]);
    if (condition[k] == 1.0) {
      if (phase[k] == 1.0) best_learn = std::max(best_learn, correct[k]);
      else last_reversal = correct[k];
      control_mean += correct[k] / 4.0;
    }
    if (condition[k] == 3.0) depleted_mean += correct[k] / 4.0;
  }
  EXPECT_GT(best_learn, 0.6);
  EXPECT_GT(last_reversal, 0.6);
  EXPECT_GT(control_mean, depleted_mean + 0.1);
}
