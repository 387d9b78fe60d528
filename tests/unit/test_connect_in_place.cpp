// Connectivity drawn straight into the projection's columns (synapse/connectors.cpp, synapse/synapse_rows.hpp) and
// the transposed index packed in 32 bits (synapse/transposed_index.hpp): the network is the one a list of synapses
// gives (the construction before, kept here as the reference), and the packed entries decode to their synapses and
// pre neurons at the limits of their bit split.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "plastix/core/random.hpp"
#include "plastix/neuron/population.hpp"
#include "plastix/synapse/connectors.hpp"
#include "plastix/synapse/projection.hpp"
#include "projection_check.hpp"
#include "spec_builders.hpp"

using namespace plastix;

namespace {

std::unique_ptr<population> make(const std::string& name, std::size_t n, std::uint32_t index) {
  auto spec = test::lif_population(name, n, {}, {test::conductance("exc", 5.0, 0.0)});
  return make_population(spec, index, 1);
}

// The reference: the synapses as construction listed them before drawing in place — the connector's (pre, post)
// pairs, stably sorted by (pre, post), then each row's weights and delays drawn in that order from the row's
// streams. The projection orders the list by (pre, delay, post).
std::vector<synapse_entry> reference_entries(const projection_spec& spec, const connect_context& ctx) {
  const connector_spec& c = spec.connector;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  const bool exclude_self = !c.autapses && ctx.same_population;
  switch (c.type) {
    case connector_spec::kind::all_to_all:
      for (std::uint32_t j = 0; j < ctx.n_pre; ++j)
        for (std::uint32_t i = 0; i < ctx.n_post; ++i)
          if (!exclude_self || i != j) pairs.emplace_back(j, i);
      break;
    case connector_spec::kind::one_to_one:
      for (std::uint32_t j = 0; j < ctx.n_pre; ++j) pairs.emplace_back(j, j);
      break;
    case connector_spec::kind::fixed_probability: {
      const double log_q = std::log1p(-c.p);
      for (std::uint32_t j = 0; j < ctx.n_pre; ++j) {
        random_stream rs(ctx.seed, {purpose::connect, ctx.projection_index, j});
        for (std::int64_t i = -1;;) {
          double u = rs.uniform();
          if (u <= 0.0) u = 1e-300;
          const double gap = std::floor(std::log(u) / log_q);
          if (!(gap < static_cast<double>(ctx.n_post) - static_cast<double>(i))) break;
          i += 1 + static_cast<std::int64_t>(gap);
          if (i >= static_cast<std::int64_t>(ctx.n_post)) break;
          if (exclude_self && i == j) continue;
          pairs.emplace_back(j, static_cast<std::uint32_t>(i));
        }
      }
      break;
    }
    case connector_spec::kind::fixed_indegree:
      for (std::uint32_t i = 0; i < ctx.n_post; ++i) {
        random_stream rs(ctx.seed, {purpose::connect, ctx.projection_index, i});
        const std::uint64_t n = ctx.n_pre - (exclude_self ? 1 : 0);
        const auto to_pre = [&](std::uint64_t x) {
          return static_cast<std::uint32_t>(exclude_self && x >= i ? x + 1 : x);
        };
        if (c.multapses) {
          for (std::size_t m = 0; m < c.indegree; ++m) pairs.emplace_back(to_pre(rs.below(n)), i);
          continue;
        }
        std::vector<std::uint64_t> drawn;  // Floyd's sampling
        for (std::uint64_t m = n - c.indegree; m < n; ++m) {
          const std::uint64_t t = rs.below(m + 1);
          drawn.push_back(std::find(drawn.begin(), drawn.end(), t) != drawn.end() ? m : t);
        }
        for (std::uint64_t x : drawn) pairs.emplace_back(to_pre(x), i);
      }
      break;
    case connector_spec::kind::list: pairs = c.pairs; break;
  }
  if (c.type != connector_spec::kind::list) std::stable_sort(pairs.begin(), pairs.end());
  const distribution delay = spec.delay.value_or(distribution::constant(ctx.dt));
  std::vector<synapse_entry> out;
  std::uint32_t row = std::numeric_limits<std::uint32_t>::max();
  random_stream w_rs(ctx.seed, {purpose::weight, ctx.projection_index, 0});
  random_stream d_rs = w_rs;
  for (const auto& [j, i] : pairs) {
    if (j != row) {
      row = j;
      w_rs = random_stream(ctx.seed, {purpose::weight, ctx.projection_index, j});
      d_rs = random_stream(ctx.seed, {purpose::delay, ctx.projection_index, j});
    }
    const double w = spec.weight.sample(w_rs);
    out.push_back({j, i, w, static_cast<std::int32_t>(std::round(delay.sample(d_rs) / ctx.dt))});
  }
  return out;
}

// Builds the projection both ways and expects the same columns, segments and transposed index.
void expect_same_network(const projection_spec& spec, std::uint32_t n_pre, std::uint32_t n_post, bool same) {
  auto a = make("a", n_pre, 0), b = make("b", n_post, 1);
  population& post = same ? *a : *b;
  const connect_context ctx{n_pre, n_post, same, 3, 11, 0.1};
  projection drawn("ab", *a, post, 0, connect(spec, ctx), 0);
  projection listed("ab", *a, post, 0, reference_entries(spec, ctx), 0);
  ASSERT_GT(listed.size(), 0u);
  ASSERT_EQ(drawn.size(), listed.size());
  EXPECT_EQ(drawn.delay_values(), listed.delay_values());
  for (std::uint32_t j = 0; j < n_pre; ++j) {
    ASSERT_EQ(drawn.row_begin(j), listed.row_begin(j));
    ASSERT_EQ(drawn.row_end(j), listed.row_end(j));
  }
  for (std::uint32_t s = 0; s < listed.size(); ++s) {
    ASSERT_EQ(drawn.post_index()[s], listed.post_index()[s]) << "synapse " << s;
    ASSERT_EQ(drawn.weights()[s], listed.weights()[s]) << "synapse " << s;  // bitwise
    ASSERT_EQ(drawn.delay(s), listed.delay(s)) << "synapse " << s;
  }
  for (std::uint32_t i = 0; i < post.size(); ++i) {
    const auto d = drawn.incoming(i), l = listed.incoming(i);
    ASSERT_EQ(d.size(), l.size());
    for (std::size_t k = 0; k < d.size(); ++k) {
      ASSERT_EQ(d[k], l[k]);
      ASSERT_EQ(d.pre(k), l.pre(k));
      ASSERT_EQ(drawn.incoming_slot(i, k), listed.incoming_slot(i, k));
    }
  }
  std::multiset<test::synapse_tuple> all;
  for (const synapse_entry& e : reference_entries(spec, ctx)) all.insert({e.pre, e.post, e.delay, e.weight});
  test::expect_consistent(drawn, all);
}

projection_spec spec_of(connector_spec::kind kind) {
  projection_spec ps = test::projection_between("a", "b", "exc", 1.0, 0.1);
  ps.connector.type = kind;
  ps.weight = distribution::uniform(0.0, 1.0);
  ps.delay = distribution::uniform(0.1, 2.0);  // 1..20 steps: several delay segments per row
  return ps;
}

}  // namespace

TEST(connect_in_place, fixed_indegree_builds_the_network_of_the_list_without_autapses_with_delays) {
  projection_spec ps = spec_of(connector_spec::kind::fixed_indegree);
  ps.connector.indegree = 9;
  ps.connector.autapses = false;
  expect_same_network(ps, 60, 60, true);
}

TEST(connect_in_place, fixed_indegree_with_multapses_and_one_delay_builds_the_network_of_the_list) {
  projection_spec ps = spec_of(connector_spec::kind::fixed_indegree);
  ps.connector.indegree = 12;
  ps.connector.multapses = true;
  ps.delay = distribution::constant(0.5);
  expect_same_network(ps, 8, 70, false);
}

TEST(connect_in_place, fixed_probability_builds_the_network_of_the_list_without_autapses_with_delays) {
  projection_spec ps = spec_of(connector_spec::kind::fixed_probability);
  ps.connector.p = 0.15;
  ps.connector.autapses = false;
  expect_same_network(ps, 80, 80, true);
  ps.connector.autapses = true;
  expect_same_network(ps, 50, 90, false);
}

TEST(connect_in_place, one_to_one_and_all_to_all_build_the_network_of_the_list) {
  expect_same_network(spec_of(connector_spec::kind::one_to_one), 40, 40, false);
  projection_spec ps = spec_of(connector_spec::kind::all_to_all);
  ps.connector.autapses = false;
  expect_same_network(ps, 20, 20, true);
}

TEST(connect_in_place, rate_projections_get_one_delay_of_zero) {
  projection_spec ps = spec_of(connector_spec::kind::fixed_probability);
  ps.connector.p = 0.3;
  const synapse_rows rows = connect(ps, {30, 30, false, 0, 5, 0.1, true});
  ASSERT_GT(rows.size(), 0u);
  EXPECT_EQ(rows.delay_values, std::vector<std::int32_t>{0});
  for (const synapse_entry& e : rows.entries()) EXPECT_EQ(e.delay, 0);
}

// The bit split: pre_bits for the largest pre index, the rest for the offset in the row.
TEST(transposed_index, packs_while_the_longest_row_fits_beside_the_pre_index) {
  EXPECT_EQ(transposed_index::pre_bits(1), 0u);
  EXPECT_EQ(transposed_index::pre_bits(2), 1u);
  EXPECT_EQ(transposed_index::pre_bits(100000), 17u);
  EXPECT_EQ(transposed_index::pre_bits(std::size_t{1} << 20), 20u);
  EXPECT_EQ(transposed_index::pre_bits((std::size_t{1} << 20) + 1), 21u);
  EXPECT_TRUE(transposed_index::packs(1, std::numeric_limits<std::uint32_t>::max()));
  EXPECT_TRUE(transposed_index::packs(std::size_t{1} << 20, 4096));
  EXPECT_FALSE(transposed_index::packs(std::size_t{1} << 20, 4097));
  EXPECT_TRUE(transposed_index::packs(100000, 32768));
  EXPECT_FALSE(transposed_index::packs(100000, 32769));
  EXPECT_FALSE(transposed_index::packs((std::size_t{1} << 32) + 1, 1));
}

namespace {

// A forward CSR of 2^20 pre neurons whose last row (pre index all ones) has `longest` synapses and a few other rows
// some: every entry must decode to its synapse and pre neuron, packed or not.
void expect_entries_decode(std::uint32_t longest, bool packed) {
  const std::size_t n_pre = std::size_t{1} << 20, n_post = 97;
  std::vector<std::uint32_t> row_ptr(n_pre + 1, 0);
  const auto row_length = [&](std::size_t j) -> std::uint32_t {
    return j == n_pre - 1 ? longest : j % 65536 == 7 ? 3 : 0;
  };
  for (std::size_t j = 0; j < n_pre; ++j) row_ptr[j + 1] = row_ptr[j] + row_length(j);
  const auto post_of = [](std::size_t s) { return static_cast<std::uint32_t>((s * 31) % 97); };
  transposed_index t;
  std::size_t calls = 0;
  t.build(row_ptr, n_post, post_of,
          [&](std::uint32_t) { return [&](std::uint64_t, std::uint32_t, std::uint32_t) { ++calls; }; });
  EXPECT_EQ(t.packed(), packed);
  EXPECT_EQ(t.bytes_per_entry(), packed ? 4u : 8u);
  EXPECT_EQ(calls, row_ptr.back());
  std::size_t seen = 0;
  for (std::uint32_t i = 0; i < n_post; ++i) {
    const incoming_view in = t.incoming(i, row_ptr.data());
    for (std::size_t k = 0; k < in.size(); ++k) {
      const std::uint32_t s = in[k], j = in.pre(k);
      ASSERT_EQ(post_of(s), i);
      ASSERT_GE(s, row_ptr[j]);
      ASSERT_LT(s, row_ptr[j + 1]);
      if (k > 0) {
        ASSERT_LT(in[k - 1], s);
      }
      ASSERT_EQ(in.visit([&](auto e) { return e.synapse(k); }), s);
    }
    seen += in.size();
  }
  EXPECT_EQ(seen, row_ptr.back());
  // The last synapse: the largest pre index and the largest offset.
  const std::uint32_t last = row_ptr.back() - 1;
  const incoming_view in = t.incoming(post_of(last), row_ptr.data());
  EXPECT_EQ(in[in.size() - 1], last);
  EXPECT_EQ(in.pre(in.size() - 1), n_pre - 1);
}

}  // namespace

TEST(transposed_index, entries_decode_at_the_largest_pre_index_and_offset) {
  expect_entries_decode(4096, true);   // offset 4095: all 12 offset bits set, beside all 20 pre bits
  expect_entries_decode(4097, false);  // one more: the fallback (synapse id and pre index, 8 B)
}

TEST(transposed_index, a_projection_falls_back_when_a_row_does_not_fit) {
  auto a = make("a", (std::size_t{1} << 18) + 1, 0), b = make("b", 8193, 1);  // 19 pre bits: rows up to 2^13
  for (std::uint32_t row : {8192u, 8193u}) {
    std::vector<synapse_entry> entries;
    for (std::uint32_t i = 0; i < row; ++i) entries.push_back({1u << 18, i, 1.0 + i, 1});
    entries.push_back({5, 3, 0.5, 1});
    projection proj("ab", *a, *b, 0, entries, 0);
    EXPECT_EQ(proj.transposed().packed(), row == 8192u);
    EXPECT_EQ(proj.bytes_per_synapse(), row == 8192u ? 2u + 8 + 4 : 2u + 8 + 8);
    std::multiset<test::synapse_tuple> all;
    for (const synapse_entry& e : entries) all.insert({e.pre, e.post, e.delay, e.weight});
    test::expect_consistent(proj, all);
  }
}

TEST(connect_in_place, threads_draw_the_same_network_as_one_thread) {
  using kind = connector_spec::kind;
  for (const kind type : {kind::fixed_probability, kind::all_to_all, kind::one_to_one, kind::fixed_indegree}) {
    projection_spec ps = test::projection_between("a", "a", "exc", 1.0, 0.1);
    ps.connector.type = type;
    ps.connector.p = 0.15;  // 54 000 synapses: enough to be split (worth_splitting)
    ps.connector.indegree = 60;  // 36 000 synapses: drawn by blocks of post neurons
    ps.weight = distribution::uniform(0.0, 1.0);
    ps.delay = distribution::uniform(0.1, 1.0);
    {
      connect_context ctx{600, 600, true, 2, 17, 0.1, false};
      const synapse_rows first = connect(ps, ctx);
      const std::vector<synapse_entry> one = first.entries();
      ASSERT_FALSE(one.empty());
      for (const std::size_t n : {2, 3}) {
        thread_pool pool(n);
        ctx.pool = &pool;
        const synapse_rows rows = connect(ps, ctx);
        ctx.pool = nullptr;
        // the delay segments too: drawn by blocks of rows, joined in order
        EXPECT_EQ(rows.seg_ptr, first.seg_ptr);
        EXPECT_EQ(rows.seg_begin, first.seg_begin);
        EXPECT_EQ(rows.seg_delay, first.seg_delay);
        EXPECT_EQ(rows.delay_values, first.delay_values);
        const std::vector<synapse_entry> many = rows.entries();
        ASSERT_EQ(many.size(), one.size()) << static_cast<int>(type) << ", " << n << " threads";
        for (std::size_t s = 0; s < one.size(); ++s) {
          ASSERT_EQ(many[s].pre, one[s].pre) << "synapse " << s;
          ASSERT_EQ(many[s].post, one[s].post) << "synapse " << s;
          ASSERT_EQ(many[s].weight, one[s].weight) << "synapse " << s;
          ASSERT_EQ(many[s].delay, one[s].delay) << "synapse " << s;
        }
      }
    }
  }
}

// The transposed index built by blocks of rows on threads (a counting sort per block) is the index of one thread:
// the same entries onto every post neuron, in the same order, with the same delay slots.
TEST(connect_in_place, threads_build_the_same_transposed_index_as_one_thread) {
  for (const bool several_delays : {false, true}) {
    projection_spec ps = test::projection_between("a", "b", "exc", 1.0, 0.1);
    ps.connector.type = connector_spec::kind::fixed_probability;
    ps.connector.p = 0.2;
    if (several_delays) ps.delay = distribution::uniform(0.1, 1.5);
    auto a = make_population(test::lif_population("a", 500, {}, {test::conductance("exc", 5.0, 0.0)}), 0, 1);
    auto b = make_population(test::lif_population("b", 700, {}, {test::conductance("exc", 5.0, 0.0)}), 1, 1);
    const connect_context ctx{500, 700, false, 0, 5, 0.1, false};
    const projection one("ab", *a, *b, 0, connect(ps, ctx), 0);
    ASSERT_GE(one.size(), worth_splitting);
    for (const std::size_t n : {2, 3}) {
      thread_pool pool(n);
      const projection many("ab", *a, *b, 0, connect(ps, ctx), 0, std::nullopt, &pool);
      for (std::uint32_t i = 0; i < 700; ++i) {
        const auto x = one.incoming(i), y = many.incoming(i);
        ASSERT_EQ(x.size(), y.size()) << "post " << i << ", " << n << " threads";
        for (std::size_t k = 0; k < x.size(); ++k) {
          ASSERT_EQ(x[k], y[k]) << "post " << i << " entry " << k;
          ASSERT_EQ(one.incoming_slot(i, k), many.incoming_slot(i, k)) << "post " << i << " entry " << k;
        }
      }
    }
  }
}
