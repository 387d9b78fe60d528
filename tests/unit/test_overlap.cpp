// The overlap analysis (sim/overlap.hpp) against values worked out by hand: 4 neurons with given spike times,
// rates x = (10, 5, 0, 0) Hz in the first phase and y = (5, 0, 10, 0) Hz in the second:
//   overlap = x·y/(|x||y|) = 50/125 = 0.4; Pearson r = −6.25/68.75; active (≥ 6 Hz) 1 of 4 in each phase.
// And the reader's and validator's errors name their key.
#include <gtest/gtest.h>

#include <string>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "test_config_support.hpp"

using namespace plastix;

namespace {

const std::string file = R"([experiment]
name = "overlap_test"
dt = "0.1 ms"
[[population]]
name = "p"
size = 4
model = "spike_times"
times = [["50 ms", "150 ms", "250 ms", "350 ms", "450 ms", "550 ms", "650 ms", "750 ms", "850 ms", "950 ms", "1050 ms", "1250 ms", "1450 ms", "1650 ms", "1850 ms"], ["30 ms", "230 ms", "430 ms", "630 ms", "830 ms"], ["1010 ms", "1110 ms", "1210 ms", "1310 ms", "1410 ms", "1510 ms", "1610 ms", "1710 ms", "1810 ms", "1910 ms"], []]
[[phase]]
name = "first"
duration = "1 s"
[[phase]]
name = "second"
duration = "1 s"
[[monitor]]
type = "spikes"
population = "p"
[[analysis]]
type = "overlap"
spikes = "p"
phases = ["first", "second"]
active_rate = "6 Hz"
)";

}  // namespace

TEST(overlap, cosine_correlation_and_active_fractions_by_hand) {
  const run_results r = run_experiment(parse_experiment(file, "overlap.toml"));
  EXPECT_NEAR(r.metrics.at("overlap.p"), 0.4, 1e-12);
  EXPECT_NEAR(r.metrics.at("overlap_correlation.p"), -6.25 / 68.75, 1e-12);
  const table& t = r.tables.at("overlap");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"condition", "overlap", "correlation", "active_1", "active_2"}));
  ASSERT_EQ(t.data[0].size(), 1u);
  EXPECT_EQ(t.data[0][0], 1.0);
  EXPECT_NEAR(t.data[1][0], 0.4, 1e-12);
  EXPECT_DOUBLE_EQ(t.data[3][0], 0.25);
  EXPECT_DOUBLE_EQ(t.data[4][0], 0.25);
  EXPECT_DOUBLE_EQ(r.metrics.at("overlap_active_1.p"), 0.25);  // the active fractions as metrics (sweep measures)
  EXPECT_DOUBLE_EQ(r.metrics.at("overlap_active_2.p"), 0.25);
  // A delay of 500 ms: neuron 1 fires at 30..830 ms, 2 spikes in [500, 1000) = 4 Hz; neuron 0 at 1050..1850 ms
  // every 200 ms, 1650 and 1850 in [1500, 2000) = 4 Hz.
  const run_results d = run_experiment(parse_experiment(config_test::with(file, "active_rate", "delay = \"500 ms\"\nactive_rate"), "o.toml"));
  // x = (10, 4, 0, 0), y = (4, 0, 10, 0): x·y = 40, |x|² = |y|² = 116.
  EXPECT_NEAR(d.metrics.at("overlap.p"), 40.0 / 116.0, 1e-12);
}

TEST(overlap, errors_name_their_key) {
  EXPECT_NE(config_test::error_of(config_test::with(file, "phases = [\"first\", \"second\"]", "phases = [\"first\"]")).find("phases"),
            std::string::npos);
  EXPECT_NE(config_test::error_of(config_test::with(file, "phases = [\"first\", \"second\"]", "phases = [\"first\", \"third\"]"))
                .find("'third' is not a phase"),
            std::string::npos);
  EXPECT_NE(config_test::error_of(config_test::with(file, "spikes = \"p\"", "spikes = \"q\"")).find("no spikes monitor named 'q'"),
            std::string::npos);
  EXPECT_NE(config_test::error_of(config_test::with(file, "active_rate = \"6 Hz\"", "neuron = 3")).find("neuron"), std::string::npos);
  EXPECT_EQ(config_test::error_of(file), "no error");
}
