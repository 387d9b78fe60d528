#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

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

namespace {

// Builds a projection from n_pre to n_post neurons (connection probability p) and checks that its CSR and transposed
// index hold exactly the synapses it was given. Returns the projection's bytes per synapse.
std::size_t check_csr_and_transposed_index(std::uint32_t n_pre, std::uint32_t n_post, double p) {
  auto a = make("a", n_pre, 0), b = make("b", n_post, 1);
  projection_spec spec = random_spec(connector_spec::kind::fixed_probability);
  spec.connector.p = p;
  auto entries = connect(spec, {n_pre, n_post, false, 0, 9, 0.1}).entries();
  EXPECT_GT(entries.size(), 100u);
  std::multiset<std::tuple<std::uint32_t, std::uint32_t, double, std::int32_t>> expected;
  for (const auto& e : entries) expected.insert({e.pre, e.post, e.weight, e.delay});
  projection proj("ab", *a, *b, 0, entries, 0);
  EXPECT_EQ(proj.size(), entries.size());
  std::multiset<std::tuple<std::uint32_t, std::uint32_t, double, std::int32_t>> stored;
  for (std::uint32_t j = 0; j < n_pre; ++j) {
    for (std::uint32_t s = proj.row_begin(j); s < proj.row_end(j); ++s) {
      stored.insert({j, proj.post_index()[s], proj.weights()[s], proj.delay(s)});
      EXPECT_EQ(proj.pre_of(s), j);
    }
  }
  EXPECT_EQ(stored, expected);
  std::size_t seen = 0;
  for (std::uint32_t i = 0; i < n_post; ++i) {
    const auto syn = proj.incoming(i);
    std::size_t k = 0;
    for (std::uint32_t s : syn) {  // the view's iterator and operator[] and visit() agree
      const std::uint32_t j = syn.pre(k);
      EXPECT_EQ(proj.post_index()[s], i);
      EXPECT_EQ(syn[k], s);
      EXPECT_EQ(proj.pre_of(s), j);
      EXPECT_EQ(syn.visit([&](auto typed) { return typed.pre(k); }), j);
      EXPECT_EQ(syn.visit([&](auto typed) { return typed.synapse(k); }), s);
      ++k;
    }
    seen += syn.size();
  }
  EXPECT_EQ(seen, proj.size());
  return proj.bytes_per_synapse();
}

}  // namespace

// Post populations of at most 65 536 neurons are indexed with 16 bits, larger ones with 32
// (synapse/index_column.hpp). Bytes per synapse: post index + 8 (weight) + 4 (transposed index: pre neuron and
// offset in its row packed in 32 bits, synapse/transposed_index.hpp) + 2 (delay slot: these projections have several
// delays).
TEST(projection, csr_and_transposed_index_agree) {
  EXPECT_EQ(check_csr_and_transposed_index(60, 45, 0.1), 2u + 8 + 4 + 2);
}

TEST(projection, csr_and_transposed_index_agree_with_32_bit_post_index) {
  EXPECT_EQ(check_csr_and_transposed_index(20, 70000, 0.001), 4u + 8 + 4 + 2);
}

TEST(projection, csr_and_transposed_index_agree_with_more_than_65536_pre_neurons) {
  EXPECT_EQ(check_csr_and_transposed_index(70000, 20, 0.001), 2u + 8 + 4 + 2);
}

TEST(projection, fourteen_bytes_per_synapse_with_one_delay) {
  auto a = make("a", 100, 0), b = make("b", 65536, 1);  // 65 536 neurons: the largest 16-bit population
  projection_spec spec = test::projection_between("a", "b", "exc", 1.0, 0.1);
  spec.connector.type = connector_spec::kind::fixed_probability;
  spec.connector.p = 0.001;
  const auto entries = connect(spec, {100, 65536, false, 0, 9, 0.1}).entries();
  ASSERT_GT(entries.size(), 100u);
  projection proj("ab", *a, *b, 0, entries, 0);
  EXPECT_EQ(proj.delay_slots(), 1u);
  EXPECT_EQ(proj.bytes_per_synapse(), 14u);
  std::multiset<std::pair<std::uint32_t, std::uint32_t>> expected, stored;
  for (const auto& e : entries) expected.insert({e.pre, e.post});
  std::uint32_t max_post = 0;
  for (std::uint32_t j = 0; j < 100; ++j) {
    for (std::uint32_t s = proj.row_begin(j); s < proj.row_end(j); ++s) {
      stored.insert({j, proj.post_index()[s]});
      max_post = std::max(max_post, proj.post_index()[s]);
    }
  }
  EXPECT_EQ(stored, expected);
  EXPECT_GT(max_post, 65000u);  // indices near the top of the 16-bit range survive the storage
}

TEST(connectors, fixed_probability_count_and_autapses) {
  projection_spec ps = random_spec(connector_spec::kind::fixed_probability);
  ps.connector.autapses = false;
  const auto entries = connect(ps, {400, 400, true, 2, 5, 0.1}).entries();
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
  const auto entries = connect(ps, {30, 30, true, 0, 5, 0.1}).entries();
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
  const auto seed3 = key(connect(ps, {100, 100, false, 0, 3, 0.1}).entries());
  EXPECT_EQ(seed3, key(connect(ps, {100, 100, false, 0, 3, 0.1}).entries()));
  EXPECT_NE(seed3, key(connect(ps, {100, 100, false, 0, 4, 0.1}).entries()));
}

TEST(connectors, one_to_one_and_all_to_all_and_list) {
  projection_spec ps = test::projection_between("a", "b", "exc", 2.0, 1.0);
  EXPECT_EQ(connect(ps, {5, 7, false, 0, 1, 0.1}).size(), 35u);
  ps.connector.type = connector_spec::kind::one_to_one;
  const auto diag = connect(ps, {5, 5, false, 0, 1, 0.1}).entries();
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
  const auto listed = connect(ps, {5, 5, false, 0, 1, 0.1}).entries();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1].pre, 2u);
  EXPECT_EQ(listed[1].weight, 0.25);
  EXPECT_EQ(listed[1].delay, 15);
}

namespace {
// The storage order is that of one std::stable_sort on (pre, delay, post): each synapse's weight (a unique id here)
// at each position, for entries given in any order, with multapses, and with few or many distinct delays.
void expect_stable_row_order(std::vector<synapse_entry> entries, std::uint32_t n_pre, std::uint32_t n_post) {
  auto a = make("a", n_pre, 0), b = make("b", n_post, 1);
  std::vector<synapse_entry> want = entries;
  std::stable_sort(want.begin(), want.end(), [](const synapse_entry& x, const synapse_entry& y) {
    return std::tie(x.pre, x.delay, x.post) < std::tie(y.pre, y.delay, y.post);
  });
  projection proj("ab", *a, *b, 0, std::move(entries), 0);
  ASSERT_EQ(proj.size(), want.size());
  for (std::uint32_t s = 0; s < want.size(); ++s) {
    ASSERT_EQ(proj.weights()[s], want[s].weight) << "synapse " << s;
    ASSERT_EQ(proj.post_index()[s], want[s].post) << "synapse " << s;
    ASSERT_EQ(proj.delay(s), want[s].delay) << "synapse " << s;
  }
}

std::vector<synapse_entry> random_entries(std::size_t n, std::uint32_t n_pre, std::uint32_t n_post,
                                          std::int32_t max_delay, std::uint64_t seed) {
  random_stream rs(seed, {purpose::user, 0, 0});
  std::vector<synapse_entry> out(n);
  for (std::size_t k = 0; k < n; ++k)
    out[k] = {static_cast<std::uint32_t>(rs.below(n_pre)), static_cast<std::uint32_t>(rs.below(n_post)),
              static_cast<double>(k), 1 + static_cast<std::int32_t>(rs.below(static_cast<std::uint64_t>(max_delay)))};
  return out;
}
}  // namespace

TEST(projection, stores_synapses_by_pre_then_delay_then_post_whatever_order_they_come_in) {
  expect_stable_row_order(random_entries(3000, 40, 30, 6, 1), 40, 30);  // any order, multapses
  expect_stable_row_order(random_entries(3000, 40, 30, 1, 2), 40, 30);  // one delay
}

TEST(projection, orders_each_row_by_delay_when_the_entries_come_by_pre_and_post_as_connect_gives_them) {
  for (std::int32_t max_delay : {5, 500, 3000000}) {  // few delays, more delays than a row has synapses, a wide range
    auto entries = random_entries(4000, 50, 60, max_delay, 3);
    std::stable_sort(entries.begin(), entries.end(), [](const synapse_entry& x, const synapse_entry& y) {
      return std::tie(x.pre, x.post) < std::tie(y.pre, y.post);
    });
    expect_stable_row_order(entries, 50, 60);
  }
}
