// The ocular_dominance analysis (sim/ocular_dominance.hpp): the index and its seven classes against values worked
// out by hand, the table from hand-made snapshots, and, in a small run, a closed eye as a rate population silenced by
// block_spikes (its output 0 while the block lasts, the pattern back after it) with one snapshot per phase end.
#include <gtest/gtest.h>

#include <string>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/ocular_dominance.hpp"

using namespace plastix;

TEST(ocular_dominance, index_and_hubel_wiesel_classes_match_values_worked_out_by_hand) {
  EXPECT_DOUBLE_EQ(ocular_dominance_index(3.0, 1.0), 0.5);
  EXPECT_DOUBLE_EQ(ocular_dominance_index(1.0, 3.0), -0.5);
  EXPECT_DOUBLE_EQ(ocular_dominance_index(0.0, 0.0), 0.0);
  EXPECT_EQ(ocular_dominance_class(1.0), 1);    // contralateral only
  EXPECT_EQ(ocular_dominance_class(0.75), 1);   // (1 − 0.75)·3.5 = 0.875
  EXPECT_EQ(ocular_dominance_class(0.5), 2);    // 1.75
  EXPECT_EQ(ocular_dominance_class(0.0), 4);    // 3.5: binocular
  EXPECT_EQ(ocular_dominance_class(-0.5), 6);   // 5.25
  EXPECT_EQ(ocular_dominance_class(-1.0), 7);   // ipsilateral only (7, clamped from 8)
}

TEST(ocular_dominance, table_has_one_row_per_snapshot_with_mean_sd_and_class_fractions) {
  analysis_spec a;
  a.type = analysis_spec::kind::ocular_dominance;
  a.table = "od";
  // Two neurons: (3, 1) → ODI 0.5, class 2; (1, 1) → 0, class 4. Then (1, 3) → −0.5, class 6; (1, 1).
  const std::vector<ocular_dominance_snapshot> s{{0.0, {3.0, 1.0}, {1.0, 1.0}}, {2000.0, {1.0, 1.0}, {3.0, 1.0}}};
  run_results r;
  ocular_dominance_analysis(a, s, r);
  const table& t = r.tables.at("od");
  ASSERT_EQ(t.columns.size(), 13u);
  EXPECT_EQ(t.columns[2], "odi_mean");
  EXPECT_EQ(t.columns[12], "class_7");
  EXPECT_EQ(t.data[0], (std::vector<double>{0.0, 1.0}));
  EXPECT_EQ(t.data[1], (std::vector<double>{0.0, 2.0}));
  EXPECT_DOUBLE_EQ(t.data[2][0], 0.25);
  EXPECT_DOUBLE_EQ(t.data[3][0], 0.25);
  EXPECT_DOUBLE_EQ(t.data[2][1], -0.25);
  EXPECT_DOUBLE_EQ(t.data[4][0], 2.0);  // mean W_C
  EXPECT_DOUBLE_EQ(t.data[5][1], 2.0);  // mean W_I
  EXPECT_DOUBLE_EQ(t.data[6 + 1][0], 0.5);
  EXPECT_DOUBLE_EQ(t.data[6 + 3][0], 0.5);
  EXPECT_DOUBLE_EQ(t.data[6 + 5][1], 0.5);
  EXPECT_DOUBLE_EQ(t.data[6 + 3][1], 0.5);
  EXPECT_DOUBLE_EQ(r.metrics.at("odi_mean_start"), 0.25);
  EXPECT_DOUBLE_EQ(r.metrics.at("odi_mean_end"), -0.25);
}

namespace {

// Two eyes of one input each: the retina shows [1, 2], a linear relay passes it on; eye 0 is closed in phase
// `closed`. The relay's weights onto the cortex: 0.3 from eye 0, 0.1 from eye 1 (fixed).
const char* eyes = R"(
[experiment]
seed = 1
dt = "1 ms"

[[population]]
name = "retina"
model = "rate_patterns"
interval = "4 ms"
order = "cycle"
patterns = [[1.0, 2.0]]

[[population]]
name = "relay"
size = 2
model = "rate"

[[population]]
name = "cortex"
size = 1
model = "rate"

[[projection]]
name = "eyes"
pre = "retina"
post = "relay"
connector = "one_to_one"
weight = 1.0

[[projection]]
name = "ff"
pre = "relay"
post = "cortex"
connector = "list"
pairs = [[0, 0], [1, 0]]
weights = [0.3, 0.1]

[[phase]]
name = "open"
duration = "10 ms"

[[phase]]
name = "closed"
duration = "10 ms"
  [[phase.intervention]]
  type = "block_spikes"
  population = "retina"
  neurons = [0]

[[phase]]
name = "reopened"
duration = "10 ms"

[[monitor]]
type = "state"
population = "relay"
variable = "y"

[[analysis]]
type = "ocular_dominance"
projection = "ff"
first_eye = 1
)";

}  // namespace

TEST(ocular_dominance, a_closed_eye_outputs_nothing_while_blocked_and_its_pattern_again_after) {
  const experiment_spec spec = parse_experiment(eyes, "eyes.toml");
  const run_results r = run_experiment(spec);
  ASSERT_EQ(r.states.size(), 1u);
  const state_record& y = r.states[0];
  ASSERT_EQ(y.times.size(), 31u);  // the initial state (0), then after each step: sample s after step s − 1
  for (std::size_t s = 1; s < 31; ++s) {
    const bool closed = s >= 11 && s <= 20;  // steps 10 … 19: the phase "closed"
    EXPECT_EQ(y.values[2 * s], closed ? 0.0 : 1.0) << "t = " << y.times[s] << " ms";  // mid-presentation too
    EXPECT_EQ(y.values[2 * s + 1], 2.0) << "t = " << y.times[s] << " ms";
  }
  const table& t = r.tables.at("ocular_dominance");
  ASSERT_EQ(t.data[0].size(), 4u);  // the start and the end of each phase
  for (double odi : t.data[2]) EXPECT_NEAR(odi, 0.5, 1e-12);  // (0.3 − 0.1)/(0.3 + 0.1)
}

TEST(ocular_dominance, a_voltage_clamp_of_a_rate_population_and_an_eye_split_leaving_one_eye_empty_are_refused) {
  const std::string text = eyes;
  std::string clamp = text;
  clamp.replace(clamp.find("type = \"block_spikes\""), 21, "type = \"voltage_clamp\"\n  voltage = \"-70 mV\"");
  clamp.replace(clamp.find("  neurons = [0]\n"), 16, "");
  EXPECT_THROW(parse_experiment(clamp, "clamp.toml"), error);
  std::string split = text;
  split.replace(split.find("first_eye = 1"), 13, "first_eye = 2");
  try {
    parse_experiment(split, "split.toml");
    FAIL() << "first_eye = 2 of 2 accepted";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("first_eye"), std::string::npos) << e.what();
  }
}
