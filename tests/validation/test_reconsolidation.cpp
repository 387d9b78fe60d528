// Reconsolidation (Nader, Schafe & LeDoux 2000) with the reconsolidation extension of the tag–trigger–consolidation
// rule (docs/models/consolidation.md#reconsolidation): experiments/reconsolidation.toml as it is (a sweep over
// recall × protein-synthesis inhibition; one pathway of 100 synapses; 48 h, mostly in slow phases).
// Outcomes asserted, with the tolerances in the assertions (memory = the pathway's mean weight; w0 = 1, a
// consolidated synapse ≈ 3; the learning consolidates about 60 % of the synapses, memory ≈ 2.2):
//   every condition has consolidated the memory before recall (memory_before > 2.0);
//   recall alone: the memory is kept (memory_after > 0.9 · memory_before);
//   recall + protein-synthesis inhibition: the memory is weakened (memory_after < 1.5, i.e. most late phases lost);
//   inhibition without recall, and neither: the memory is kept (> 0.9 · memory_before).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

TEST(reconsolidation, recall_makes_memory_labile_and_protein_synthesis_inhibition_then_weakens_it) {
  const run_results r = run_ready("reconsolidation");
  const table& t = r.tables.at("reconsolidation");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"recall_hz", "protein_synthesis_inhibited", "memory_before",
                                                 "memory_after"}));
  ASSERT_EQ(t.data[0].size(), 4u);
  // Rows: (no recall, no inhibition), (no recall, inhibition), (recall, no inhibition), (recall, inhibition).
  EXPECT_EQ(t.data[0], (std::vector<double>{0, 0, 100, 100}));
  EXPECT_EQ(t.data[1], (std::vector<double>{0, 1, 0, 1}));
  const std::vector<double>& before = t.data[2];
  const std::vector<double>& after = t.data[3];
  for (std::size_t k = 0; k < 4; ++k) EXPECT_GT(before[k], 2.0) << "row " << k;
  EXPECT_GT(after[0], 0.9 * before[0]);  // nothing done
  EXPECT_GT(after[1], 0.9 * before[1]);  // inhibition without recall: kept
  EXPECT_GT(after[2], 0.9 * before[2]);  // recall alone: kept (restabilized)
  EXPECT_LT(after[3], 1.5);              // recall + inhibition: weakened
  EXPECT_LT(after[3], 0.5 * before[3]);
  // The kept point (recall + inhibition) has its weights over time: consolidated before recall, lost after.
  EXPECT_EQ(r.weights.size(), 1u);
  EXPECT_NEAR(r.metrics.at("memory_after"), after[3], 1e-12);
}
