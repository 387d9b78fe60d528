// `regular` spike sources (neuron/sources.hpp): rate 0 is accepted and silent; a phase stimulus then drives them,
// the first spike at the stimulus's start (how tagging_capture.toml delivers its tetani); a negative rate is an error.
#include <gtest/gtest.h>

#include <string>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "test_config_support.hpp"

using namespace plastix;

namespace {

const std::string silent_file = R"([[population]]
name = "in"
size = 2
model = "regular"
rate = "0 Hz"

[[monitor]]
type = "spikes"
population = "in"

[[phase]]
name = "silent"
duration = "100 ms"

[[phase]]
name = "tetanus"
duration = "50 ms"
  [[phase.stimulus]]
  population = "in"
  rate = "100 Hz"

[[phase]]
name = "after"
duration = "100 ms"
)";

}  // namespace

TEST(regular_source, rate_zero_is_silent_until_a_stimulus_drives_it) {
  const run_results r = run_experiment(parse_experiment(silent_file, "r.toml"));
  ASSERT_EQ(r.spikes.size(), 1u);
  // 5 pulses per neuron at 100 Hz from the tetanus' start (100 ms): 100, 110, 120, 130, 140 ms; none before or after.
  EXPECT_EQ(r.spikes[0].times.size(), 10u);
  for (std::size_t k = 0; k < r.spikes[0].times.size(); ++k)
    EXPECT_NEAR(r.spikes[0].times[k], 100.0 + 10.0 * static_cast<double>(k / 2), 1e-9) << k;
  config_test::expect_error(config_test::with(silent_file, "rate = \"0 Hz\"", "rate = \"-1 Hz\""), "rate = \"-1 Hz\"",
                            "population.in.rate", {">= 0"});
}
