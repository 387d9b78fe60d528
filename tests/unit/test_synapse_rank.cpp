// The synapse_rank analysis (sim/synapse_rank.hpp) against values worked out by hand, and through an experiment
// file: the reader, the validator's errors naming their key, and the table it writes.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "test_config_support.hpp"
#include "plastix/sim/synapse_rank.hpp"

using namespace plastix;

namespace {

const std::string file = R"([experiment]
name = "rank_test"
dt = "0.1 ms"
duration = "10 ms"
[[population]]
name = "a"
size = 3
model = "spike_times"
times = [[], [], []]
[[population]]
name = "b"
size = 2
model = "lif"
  [[population.receptor]]
  name = "exc"
  kind = "current"
  tau_decay = "5 ms"
[[projection]]
name = "ab"
pre = "a"
post = "b"
receptor = "exc"
weight = "2 pA"
[[monitor]]
type = "weights"
projection = "ab"
[[analysis]]
type = "synapse_rank"
weights = "ab"
pre_neuron = 2
post_neuron = 1
)";

}  // namespace

TEST(synapse_rank, mean_percentiles_and_rank_of_the_others_by_hand) {
  weight_record rec;
  rec.name = "w";
  rec.synapses = {0, 1, 2, 3, 4};
  rec.pre = {0, 0, 1, 2, 3};
  rec.post = {1, 2, 2, 0, 0};
  rec.times = {0.0, 1000.0};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  rec.values = {1, 1, 1, 1, 1,    // all equal: the chosen one (0→2) ranks first, with the others
                1, 3, 2, nan, 4};  // others {1, 2, 4} (the NaN synapse does not exist then)
  const table t = synapse_rank_table(rec, 0, 2);
  ASSERT_EQ(t.columns, (std::vector<std::string>{"t_s", "w", "mean", "p90", "p99", "rank"}));
  ASSERT_EQ(t.data[0].size(), 2u);
  EXPECT_DOUBLE_EQ(t.data[0][1], 1.0);
  EXPECT_DOUBLE_EQ(t.data[1][0], 1.0);
  EXPECT_DOUBLE_EQ(t.data[2][0], 1.0);
  EXPECT_DOUBLE_EQ(t.data[4][0], 1.0);
  EXPECT_DOUBLE_EQ(t.data[5][0], 1.0);
  EXPECT_DOUBLE_EQ(t.data[1][1], 3.0);
  EXPECT_NEAR(t.data[2][1], 7.0 / 3.0, 1e-15);
  EXPECT_NEAR(t.data[3][1], 2.0 + 0.8 * 2.0, 1e-12);   // position 0.9·2 = 1.8 between 2 and 4
  EXPECT_NEAR(t.data[4][1], 2.0 + 0.98 * 2.0, 1e-12);  // position 1.98
  EXPECT_DOUBLE_EQ(t.data[5][1], 2.0);                 // only 4 is larger
  EXPECT_THROW(synapse_rank_table(rec, 3, 3), plastix::error);
}

TEST(synapse_rank, percentile_interpolates_linearly_as_numpy) {
  std::vector<double> v{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(percentile(v, 50.0), 2.5);
  EXPECT_DOUBLE_EQ(percentile(v, 100.0), 4.0);
  EXPECT_DOUBLE_EQ(percentile(v, 0.0), 1.0);
  std::vector<double> none;
  EXPECT_TRUE(std::isnan(percentile(none, 50.0)));
}

TEST(synapse_rank, an_experiment_writes_its_table_and_metrics) {
  const run_results r = run_experiment(parse_experiment(file, "rank.toml"));
  const table& t = r.tables.at("rank");
  ASSERT_EQ(t.data[0].size(), 2u);  // interval 0: the weights at the start and at the end
  EXPECT_DOUBLE_EQ(t.data[1][0], 2.0);
  EXPECT_DOUBLE_EQ(t.data[2][0], 2.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("synapse_rank"), 1.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("synapse_w"), 2.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("others_p99"), 2.0);
  // the weight unit travels with the table (figures label the weight axis with it)
  EXPECT_EQ(t.labels.at("w"), (std::vector<std::string>{r.weights.at(0).unit, r.weights.at(0).unit}));
  EXPECT_FALSE(r.weights.at(0).unit.empty());
}

TEST(synapse_rank, errors_name_their_key) {
  EXPECT_NE(config_test::error_of(config_test::with(file, "weights = \"ab\"", "weights = \"ac\"")).find("no weights monitor named 'ac'"),
            std::string::npos);
  EXPECT_NE(config_test::error_of(config_test::with(file, "pre_neuron = 2", "pre_neuron = 3")).find("pre_neuron"), std::string::npos);
  EXPECT_NE(config_test::error_of(config_test::with(file, "post_neuron = 1", "post_neuron = 2")).find("post_neuron"), std::string::npos);
  EXPECT_NE(config_test::error_of(config_test::with(file, "type = \"weights\"\nprojection = \"ab\"", "type = \"weights\"\nprojection = \"ab\"\nsynapses = [0]"))
                .find("records only some synapses"),
            std::string::npos);
  EXPECT_EQ(config_test::error_of(file), "no error");
}
