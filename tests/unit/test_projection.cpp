#include <gtest/gtest.h>

#include <map>
#include <set>

#include "plastix/core/random.hpp"
#include "plastix/neuron/population.hpp"
#include "plastix/synapse/connectors.hpp"
#include "plastix/synapse/projection.hpp"
#include "spec_builders.hpp"

using namespace plastix;

namespace {

std::unique_ptr<population> make(const std::string& name, std::size_t n, std::uint32_t index) {
  auto spec = test::lif_population(name, n, {}, {test::conductance("exc", 5.0, 0.0)});
  return make_population(spec, index, 1);
}

projection_spec random_spec(connector_spec::kind kind) {
  projection_spec ps = test::projection_between("a", "b", "exc", 1.0, 0.1);
  ps.connector.type = kind;
  ps.connector.p = 0.1;
  ps.connector.indegree = 7;
  ps.weight = distribution::uniform(0.0, 1.0);
  ps.delay = distribution::uniform(0.1, 2.0);
  return ps;
}

}  // namespace

TEST(projection, csr_and_transposed_index_agree) {
  auto a = make("a", 60, 0), b = make("b", 45, 1);
  auto entries = connect(random_spec(connector_spec::kind::fixed_probability), {60, 45, false, 0, 9, 0.1});
  std::multiset<std::tuple<std::uint32_t, std::uint32_t, double, std::int32_t>> expected;
  for (const auto& e : entries) expected.insert({e.pre, e.post, e.weight, e.delay});
  projection proj("ab", *a, *b, 0, entries, 0);
  ASSERT_EQ(proj.size(), entries.size());
  std::multiset<std::tuple<std::uint32_t, std::uint32_t, double, std::int32_t>> stored;
  for (std::uint32_t j = 0; j < 60; ++j) {
    for (std::uint32_t s = proj.row_begin(j); s < proj.row_end(j); ++s) {
      stored.insert({j, proj.post_index()[s], proj.weights()[s], proj.delay(s)});
      EXPECT_EQ(proj.pre_of(s), j);
    }
  }
  EXPECT_EQ(stored, expected);
  std::size_t seen = 0;
  for (std::uint32_t i = 0; i < 45; ++i) {
    const auto syn = proj.incoming(i);
    const auto pre = proj.incoming_pre(i);
    ASSERT_EQ(syn.size(), pre.size());
    for (std::size_t k = 0; k < syn.size(); ++k) {
      EXPECT_EQ(proj.post_index()[syn[k]], i);
      EXPECT_EQ(proj.pre_of(syn[k]), pre[k]);
    }
    seen += syn.size();
  }
  EXPECT_EQ(seen, proj.size());
}

TEST(connectors, fixed_probability_count_and_autapses) {
  projection_spec ps = random_spec(connector_spec::kind::fixed_probability);
  ps.connector.autapses = false;
  const auto entries = connect(ps, {400, 400, true, 2, 5, 0.1});
  const double expected = 0.1 * 400 * 399, sd = std::sqrt(expected * 0.9);
  EXPECT_NEAR(static_cast<double>(entries.size()), expected, 5 * sd);
  for (const auto& e : entries) EXPECT_NE(e.pre, e.post);
  std::set<std::pair<std::uint32_t, std::uint32_t>> unique;
  for (const auto& e : entries) unique.insert({e.pre, e.post});
  EXPECT_EQ(unique.size(), entries.size());
}

TEST(connectors, fixed_indegree_gives_exact_distinct_inputs) {
  projection_spec ps = random_spec(connector_spec::kind::fixed_indegree);
  ps.connector.autapses = false;
  const auto entries = connect(ps, {30, 30, true, 0, 5, 0.1});
  std::map<std::uint32_t, std::set<std::uint32_t>> inputs;
  for (const auto& e : entries) {
    EXPECT_NE(e.pre, e.post);
    EXPECT_TRUE(inputs[e.post].insert(e.pre).second) << "duplicate input";
  }
  ASSERT_EQ(inputs.size(), 30u);
  for (const auto& [post, pres] : inputs) EXPECT_EQ(pres.size(), 7u);
}

TEST(connectors, same_seed_same_network_other_seed_other_network) {
  const projection_spec ps = random_spec(connector_spec::kind::fixed_probability);
  auto key = [](const std::vector<synapse_entry>& v) {
    std::vector<std::tuple<std::uint32_t, std::uint32_t, double, std::int32_t>> out;
    for (const auto& e : v) out.emplace_back(e.pre, e.post, e.weight, e.delay);
    return out;
  };
  EXPECT_EQ(key(connect(ps, {100, 100, false, 0, 3, 0.1})), key(connect(ps, {100, 100, false, 0, 3, 0.1})));
  EXPECT_NE(key(connect(ps, {100, 100, false, 0, 3, 0.1})), key(connect(ps, {100, 100, false, 0, 4, 0.1})));
}

TEST(connectors, one_to_one_and_all_to_all_and_list) {
  projection_spec ps = test::projection_between("a", "b", "exc", 2.0, 1.0);
  EXPECT_EQ(connect(ps, {5, 7, false, 0, 1, 0.1}).size(), 35u);
  ps.connector.type = connector_spec::kind::one_to_one;
  const auto diag = connect(ps, {5, 5, false, 0, 1, 0.1});
  ASSERT_EQ(diag.size(), 5u);
  for (const auto& e : diag) {
    EXPECT_EQ(e.pre, e.post);
    EXPECT_EQ(e.delay, 10);
    EXPECT_EQ(e.weight, 2.0);
  }
  ps.connector.type = connector_spec::kind::list;
  ps.connector.pairs = {{0, 3}, {2, 1}};
  ps.connector.weights = {0.5, 0.25};
  ps.connector.delays = {0.3, 1.5};
  const auto listed = connect(ps, {5, 5, false, 0, 1, 0.1});
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1].pre, 2u);
  EXPECT_EQ(listed[1].weight, 0.25);
  EXPECT_EQ(listed[1].delay, 15);
}
