// Ocular dominance and its critical period (experiments/ocular_dominance.toml; BCM after Clothiaux, Bear & Cooper
// 1991), a short version: 20 cortical neurons, 100 s of binocular development, 40 s of monocular deprivation (MD) of
// the contralateral eye, 40 s of reverse occlusion. Required: development leaves the neurons binocular; MD inside the
// critical period shifts the mean ocular dominance index toward the open (ipsilateral) eye, by at least 0.1 more
// than MD after the critical period closed (τ_w × 20) and at least 2.5 times as much; without MD nothing shifts;
// reopening the deprived eye (reverse occlusion) brings the shift inside the critical period back by at least half.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

TEST(ocular_dominance, md_shifts_toward_the_open_eye_strongly_in_the_critical_period_weakly_after_and_recovers) {
  const std::vector<std::string> overrides{"population.cortex.size=20", "phase.development.duration=100 s",
                                           "phase.binocular.duration=40 s", "phase.deprivation.duration=40 s",
                                           "phase.reverse_occlusion.duration=40 s", "monitor[0].interval=0 s"};
  const run_results r = run_ready("ocular_dominance", overrides);
  const table& t = r.tables.at("ocular_dominance");
  const auto col = [&](const std::string& name) { return column(t, name); };
  const auto condition = col("condition"), phase = col("phase"), odi = col("odi_mean");
  ASSERT_EQ(condition.size(), 12u);  // 3 conditions × (start + 3 phase ends)
  double at[4][4] = {};              // [condition][phase]
  for (std::size_t k = 0; k < condition.size(); ++k) {
    at[static_cast<int>(condition[k])][static_cast<int>(phase[k])] = odi[k];
    std::printf("condition %g, phase %g: ODI %+.3f\n", condition[k], phase[k], odi[k]);
  }
  for (int c = 1; c <= 3; ++c) EXPECT_LT(std::abs(at[c][1]), 0.1) << "binocular after development, condition " << c;
  const double shift_control = at[1][2] - at[1][1], shift_cp = at[2][2] - at[2][1], shift_adult = at[3][2] - at[3][1];
  EXPECT_LT(std::abs(shift_control), 0.05);
  EXPECT_LT(shift_cp, -0.1);  // toward the open, ipsilateral eye (ODI < 0)
  EXPECT_LT(shift_adult, 0.0);
  EXPECT_LT(shift_cp, shift_adult - 0.1);
  EXPECT_GT(std::abs(shift_cp), 2.5 * std::abs(shift_adult));
  EXPECT_GT(at[2][3] - at[2][2], 0.5 * std::abs(shift_cp));  // recovery after reopening
}
