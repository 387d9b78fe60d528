// Eyeblink conditioning in the cerebellar circuit (experiments/cerebellar_learning.toml; pf_purkinje rule after
// Medina & Mauk 2000), a short version: 50 acquisition trials (CS + climbing-fibre US) and 30 extinction trials (CS
// alone), at CS–US intervals of 400 and 250 ms. Required, in each condition: few CRs in the first block of 10
// trials (learning starts within it) and CRs in nearly every trial of the last acquisition block; the CR peaks before
// the US and within 150 ms of it, later for the longer interval; after extinction the CRs are gone.
#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

TEST(cerebellar_learning, crs_are_acquired_timed_to_the_us_at_both_intervals_and_extinguished_by_the_cs_alone) {
  const std::vector<std::string> overrides{"phase.acquisition.duration=50 s", "phase.extinction.duration=30 s",
                                           "population.cf.stop=50 s"};
  const run_results r = run_ready("cerebellar_learning", overrides);
  const table& t = r.tables.at("conditioned_response");
  const auto col = [&](const std::string& name) { return column(t, name); };
  const auto condition = col("condition"), phase = col("phase"), p = col("cr_probability"), peak = col("peak_ms");
  ASSERT_EQ(condition.size(), 16u);  // 2 conditions × (5 acquisition + 3 extinction blocks)
  double last_peak[3] = {};
  for (double c : {1.0, 2.0}) {
    const double isi = c == 1.0 ? 400.0 : 250.0;
    double first = -1.0, last_acquisition = 0.0, last_extinction = 1.0;
    for (std::size_t k = 0; k < condition.size(); ++k) {
      if (condition[k] != c) continue;
      std::printf("isi %g ms: block phase %g, CR probability %.2f, peak %g ms\n", isi, phase[k], p[k], peak[k]);
      if (first < 0.0) first = p[k];
      if (phase[k] == 1.0) {
        last_acquisition = p[k];
        last_peak[static_cast<int>(c)] = peak[k];
      } else {
        last_extinction = p[k];
      }
    }
    EXPECT_LE(first, 0.6) << "isi " << isi;
    EXPECT_GE(last_acquisition, 0.8) << "isi " << isi;
    EXPECT_LT(last_peak[static_cast<int>(c)], isi) << "isi " << isi;
    EXPECT_GT(last_peak[static_cast<int>(c)], isi - 150.0) << "isi " << isi;
    EXPECT_LE(last_extinction, 0.2) << "isi " << isi;
  }
  EXPECT_GT(last_peak[1], last_peak[2] + 80.0);
}
