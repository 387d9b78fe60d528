// Enrichment and chronic stress on synaptic tagging and capture (experiments/enrichment_stress.toml; tag–trigger–
// consolidation of Clopath et al. 2008): a control, an enriched (30 % more synapses on the pathway, protein-synthesis
// threshold halved) and a stressed animal (LTP tag rate × 0.4 from the housing phase on), each given a weak and a
// strong tetanus, with a 1 h housing phase instead of a day (nothing happens in it). Required: the weak tetanus
// leaves late LTP (8 h, above the baseline 1.6 by 0.05) only in the enriched animal, and its early LTP (1 h) is
// ordered enriched > control > stressed; the strong tetanus gives late LTP in the control animal, at least 0.05 less
// under stress, and not less after enrichment (within 0.03: late LTP of the strong tetanus saturates).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

TEST(enrichment_stress, enrichment_raises_late_ltp_after_a_weak_tetanus_and_chronic_stress_lowers_it) {
  const std::vector<std::string> overrides{"phase.housing.duration=1 h"};
  const run_results r = run_ready("enrichment_stress", overrides);
  const table& t = r.tables.at("late_ltp");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"condition", "t_h", "w_A"}));
  ASSERT_EQ(t.data[0].size(), 24u);  // 6 conditions × 1, 2, 4, 8 h
  std::map<std::string, double> early, late;
  for (std::size_t row = 0; row < 24; ++row) {
    const std::string& name = t.labels.at("condition")[row];
    std::printf("%-18s %g h: w_A %.3f\n", name.c_str(), t.data[1][row], t.data[2][row]);
    if (t.data[1][row] == 1.0) early[name] = t.data[2][row];
    if (t.data[1][row] == 8.0) late[name] = t.data[2][row];
  }
  const double baseline = 1.6;
  EXPECT_GT(late.at("weak, enriched"), baseline + 0.05);
  EXPECT_LT(late.at("weak, control"), baseline + 0.02);
  EXPECT_LT(late.at("weak, stressed"), baseline + 0.02);
  EXPECT_GT(early.at("weak, enriched"), early.at("weak, control"));
  EXPECT_GT(early.at("weak, control"), early.at("weak, stressed"));
  EXPECT_GT(late.at("strong, control"), baseline + 0.1);
  EXPECT_LT(late.at("strong, stressed"), late.at("strong, control") - 0.05);
  EXPECT_GT(late.at("strong, enriched"), late.at("strong, control") - 0.03);
}
