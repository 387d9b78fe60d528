// State monitors record a rule's declared state by name (spec/catalogue.hpp `state`): per synapse (calcium's rho
// and c), per presynaptic neuron (stp's u and x, test_stp_state.cpp), with the declared unit; names are checked
// against the declarations with suggestions. Every declared state of every rule: test_state_catalogue.cpp.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using config_test::expect_error;

namespace {

// Pre and post spike trains (spike_times sources) onto each other through a calcium synapse (Graupner & Brunel
// 2012, DP preset), pairs at Δt = +10 ms: the calcium c jumps at every spike and decays.
std::string calcium_file(const std::string& monitors) {
  return R"([experiment]
duration = "1000 ms"

[[population]]
name = "pre"
size = 2
model = "spike_times"
times = [["100 ms", "300 ms", "500 ms"], ["100 ms", "300 ms", "500 ms"]]

[[population]]
name = "post"
size = 1
model = "spike_times"
times = [["110 ms", "310 ms", "510 ms"]]

[[projection]]
name = "syn"
pre = "pre"
post = "post"
weight = "1 nS"

  [[projection.plasticity]]
  rule = "calcium"
)" + monitors;
}

const std::string rho_and_c = R"(
[[monitor]]
type = "state"
projection = "syn"
variable = "rho"
synapses = [0, 1]
interval = "1 ms"

[[monitor]]
type = "state"
projection = "syn"
variable = "c"
interval = "1 ms"
)";

}  // namespace

TEST(record_rule_state, a_calcium_synapses_rho_and_calcium_are_recorded_by_name_per_synapse) {
  const run_results r = run_experiment(parse_experiment(calcium_file(rho_and_c), "t.toml"));
  ASSERT_EQ(r.states.size(), 2u);
  const state_record& rho = r.states.at(0);
  const state_record& c = r.states.at(1);
  EXPECT_EQ(rho.name, "syn_rho");
  EXPECT_EQ(rho.neurons, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(c.neurons.size(), 2u);  // every synapse when none are named
  EXPECT_EQ(rho.unit, "1");
  ASSERT_EQ(rho.times.size(), 1001u);  // t = 0, 1, ..., 1000 ms
  ASSERT_EQ(rho.values.size(), 2002u);
  double c_max = 0.0;
  for (std::size_t k = 0; k < c.values.size(); ++k) {
    ASSERT_TRUE(std::isfinite(c.values[k]));
    EXPECT_GE(c.values[k], 0.0);
    c_max = std::max(c_max, c.values[k]);
  }
  for (double v : rho.values) EXPECT_TRUE(std::isfinite(v));
  // Before the first spike there is no calcium; a pre and a post spike 10 ms apart add at least c_pre + c_post·e^{...}.
  EXPECT_EQ(c.values.front(), 0.0);
  const calcium_params p;
  EXPECT_GT(c_max, p.c_post);
  EXPECT_EQ(rho.values[0], p.rho_init);  // ρ of every synapse at the start
  // Calcium decays between pairings: 150 ms after a pairing it is below 1 % of its peak.
  const std::size_t late = 260;  // t = 260 ms, 150 ms after the pairing at 100/110 ms
  EXPECT_LT(c.values[2 * late], 0.01 * c_max);
}

TEST(record_rule_state, an_unknown_state_name_is_refused_with_the_recordable_names_and_a_suggestion) {
  const std::string bad = R"(
[[monitor]]
type = "state"
projection = "syn"
variable = "rh"
)";
  expect_error(calcium_file(bad), "variable = \"rh\"", "monitor.syn_rh.variable",
               {"have no recordable state 'rh' (they record rho, c)", "did you mean 'rho'?"});
}

TEST(record_rule_state, synapse_indices_out_of_range_are_refused_when_the_network_is_built) {
  const std::string bad = R"(
[[monitor]]
type = "state"
projection = "syn"
variable = "rho"
synapses = [5]
)";
  EXPECT_THROW(run_experiment(parse_experiment(calcium_file(bad), "t.toml")), plastix::error);
}
