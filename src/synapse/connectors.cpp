#include "plastix/synapse/connectors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "plastix/core/counting_sort.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/random.hpp"

namespace plastix {

const std::vector<std::string>& connector_names() {
  static const std::vector<std::string> names{"all_to_all", "one_to_one", "fixed_probability", "fixed_indegree",
                                              "list"};
  return names;
}

namespace {

using pair_list = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Geometric skipping: the gaps between successes of a Bernoulli(p) sequence, one stream per pre row.
void fixed_probability(const connector_spec& c, const connect_context& ctx, pair_list& out) {
  const double p = c.p;
  if (p <= 0.0) return;
  const double log_q = std::log1p(-std::min(p, 0.999999999999));
  // The expected count and six standard deviations: the list rarely grows (growing doubles its capacity, and the
  // list is part of the memory peak of construction; docs/performance.md).
  const double mean = static_cast<double>(ctx.n_pre) * static_cast<double>(ctx.n_post) * std::min(p, 1.0);
  out.reserve(static_cast<std::size_t>(mean + 6.0 * std::sqrt(mean) + 16.0));
  for (std::uint32_t j = 0; j < ctx.n_pre; ++j) {
    random_stream rs(ctx.seed, {purpose::connect, ctx.projection_index, j});
    std::int64_t i = -1;
    for (;;) {
      if (p >= 1.0) {
        ++i;
      } else {
        double u = rs.uniform();
        if (u <= 0.0) u = 1e-300;
        // The gap in double first: with a tiny p it is far beyond any population (and beyond int64).
        const double gap = std::floor(std::log(u) / log_q);
        if (!(gap < static_cast<double>(ctx.n_post) - static_cast<double>(i))) break;
        i += 1 + static_cast<std::int64_t>(gap);
      }
      if (i >= static_cast<std::int64_t>(ctx.n_post)) break;
      if (!c.autapses && ctx.same_population && i == j) continue;
      out.emplace_back(j, static_cast<std::uint32_t>(i));
    }
  }
}

// k distinct inputs per post neuron (Floyd's sampling), one stream per post neuron.
void fixed_indegree(const connector_spec& c, const connect_context& ctx, pair_list& out) {
  const std::size_t k = c.indegree;
  out.reserve(static_cast<std::size_t>(ctx.n_post) * k);  // exactly: no spare capacity at the memory peak
  std::vector<std::uint8_t> chosen;  // chosen[x]: candidate x already drawn for this post neuron
  std::vector<std::uint64_t> order;  // the draws in order
  for (std::uint32_t i = 0; i < ctx.n_post; ++i) {
    random_stream rs(ctx.seed, {purpose::connect, ctx.projection_index, i});
    const bool exclude_self = !c.autapses && ctx.same_population;
    const std::uint64_t n = ctx.n_pre - (exclude_self ? 1 : 0);  // candidates, self removed
    auto to_pre = [&](std::uint64_t x) { return static_cast<std::uint32_t>(exclude_self && x >= i ? x + 1 : x); };
    if (c.multapses) {
      for (std::size_t m = 0; m < k; ++m) out.emplace_back(to_pre(rs.below(n)), i);
      continue;
    }
    if (k > n)
      throw error("fixed_indegree: " + std::to_string(k) + " distinct inputs requested but only " + std::to_string(n) +
                  " presynaptic candidates");
    chosen.resize(n, 0);
    order.clear();
    for (std::uint64_t m = n - k; m < n; ++m) {
      const std::uint64_t t = rs.below(m + 1);
      const std::uint64_t pick = chosen[t] ? m : t;
      chosen[pick] = 1;
      order.push_back(pick);
    }
    for (std::uint64_t x : order) {
      out.emplace_back(to_pre(x), i);
      chosen[x] = 0;  // cleared for the next post neuron: O(k), not O(n)
    }
  }
}

}  // namespace

std::vector<synapse_entry> connect(const projection_spec& spec, const connect_context& ctx) {
  const connector_spec& c = spec.connector;
  pair_list pairs;
  switch (c.type) {
    case connector_spec::kind::all_to_all:
      pairs.reserve(ctx.n_pre * ctx.n_post);
      for (std::uint32_t j = 0; j < ctx.n_pre; ++j)
        for (std::uint32_t i = 0; i < ctx.n_post; ++i)
          if (c.autapses || !ctx.same_population || i != j) pairs.emplace_back(j, i);
      break;
    case connector_spec::kind::one_to_one:
      if (ctx.n_pre != ctx.n_post)
        throw error(spec.where, "one_to_one connector needs equal population sizes, got " +
                                    std::to_string(ctx.n_pre) + " and " + std::to_string(ctx.n_post));
      pairs.reserve(ctx.n_pre);
      for (std::uint32_t j = 0; j < ctx.n_pre; ++j) pairs.emplace_back(j, j);
      break;
    case connector_spec::kind::fixed_probability: fixed_probability(c, ctx, pairs); break;
    case connector_spec::kind::fixed_indegree: fixed_indegree(c, ctx, pairs); break;
    case connector_spec::kind::list: pairs = c.pairs; break;
  }

  // Weights and delays: drawn per synapse from per-row streams, in row order, independent of the connector.
  const bool explicit_list = c.type == connector_spec::kind::list;
  if (pairs.size() >= std::numeric_limits<std::uint32_t>::max())
    throw error(spec.where, "projection '" + spec.name + "': " + std::to_string(pairs.size()) +
                                " synapses; at most 2^32 − 1 per projection");
  std::vector<std::uint32_t> order(pairs.size());  // 4 B per synapse at the memory peak of construction
  for (std::size_t s = 0; s < order.size(); ++s) order[s] = static_cast<std::uint32_t>(s);
  if (!explicit_list && !std::is_sorted(pairs.begin(), pairs.end())) {
    // the order of a stable sort by (pre, post): by post, then by pre (core/counting_sort.hpp)
    counting_sort(order, ctx.n_post, [&](std::uint32_t s) { return pairs[s].second; });
    counting_sort(order, ctx.n_pre, [&](std::uint32_t s) { return pairs[s].first; });
  }
  const distribution delay = spec.delay.value_or(distribution::constant(ctx.dt));
  std::vector<synapse_entry> entries;
  entries.reserve(pairs.size());
  std::uint32_t row = std::numeric_limits<std::uint32_t>::max();
  random_stream w_rs(ctx.seed, {purpose::weight, ctx.projection_index, 0});
  random_stream d_rs(ctx.seed, {purpose::delay, ctx.projection_index, 0});
  for (const std::uint32_t s : order) {
    const auto [j, i] = pairs[s];
    if (j != row) {
      row = j;
      w_rs = random_stream(ctx.seed, {purpose::weight, ctx.projection_index, j});
      d_rs = random_stream(ctx.seed, {purpose::delay, ctx.projection_index, j});
    }
    synapse_entry e;
    e.pre = j;
    e.post = i;
    e.weight = explicit_list && !c.weights.empty() ? c.weights[s] : spec.weight.sample(w_rs);
    const double d = explicit_list && !c.delays.empty() ? c.delays[s] : delay.sample(d_rs);
    if (d < 0.0) throw error(spec.where, "projection '" + spec.name + "': negative delay " + std::to_string(d) + " ms");
    const double steps = std::round(d / ctx.dt);
    if (!(steps <= static_cast<double>(std::numeric_limits<std::int32_t>::max())))
      throw error(spec.where, "projection '" + spec.name + "': a delay of " + std::to_string(d) + " ms is more steps of "
                  "dt than a delay can span");
    e.delay = static_cast<std::int32_t>(steps);
    entries.push_back(e);
  }
  return entries;
}

}  // namespace plastix
