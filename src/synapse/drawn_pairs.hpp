// The pairs the drawn connectors make, and the checks of their counts and delays: shared by construction in one
// process (connectors.cpp) and by construction shared out over MPI processes (connect_by_owners.cpp). Internal to
// src/synapse.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/core/huge_pages.hpp"
#include "plastix/core/random.hpp"
#include "plastix/synapse/connectors.hpp"

namespace plastix::drawn {

// Each connector visits its synapses as (pre, post) pairs, calling add(j, i) once per synapse; visiting twice gives
// the same pairs (counter-based streams). Within each pre neuron's row the posts come in ascending order (ties, i.e.
// multapses, in the order of their draws): the order of a stable sort by (pre, post) of the pairs as drawn.

// Geometric skipping: the gaps between successes of a Bernoulli(p) sequence, one stream per pre row.
template <class Add>
void fixed_probability(const connector_spec& c, const connect_context& ctx, std::uint32_t first, std::uint32_t last,
                       Add&& add) {
  const double p = c.p;
  if (p <= 0.0) return;
  const double log_q = std::log1p(-std::min(p, 0.999999999999));
  for (std::uint32_t j = first; j < last; ++j) {
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
      add(j, static_cast<std::uint32_t>(i));
    }
  }
}

// k distinct inputs per post neuron (Floyd's sampling), one stream per post neuron; the post neurons [first, last)
// in ascending order.
template <class Add>
void fixed_indegree(const connector_spec& c, const connect_context& ctx, std::uint32_t first, std::uint32_t last,
                    Add&& add) {
  const std::size_t k = c.indegree;
  std::vector<std::uint8_t> chosen;  // chosen[x]: candidate x already drawn for this post neuron
  std::vector<std::uint64_t> order;  // the draws in order
  for (std::uint32_t i = first; i < last; ++i) {
    random_stream rs(ctx.seed, {purpose::connect, ctx.projection_index, i});
    const bool exclude_self = !c.autapses && ctx.same_population;
    const std::uint64_t n = ctx.n_pre - (exclude_self ? 1 : 0);  // candidates, self removed
    auto to_pre = [&](std::uint64_t x) { return static_cast<std::uint32_t>(exclude_self && x >= i ? x + 1 : x); };
    if (c.multapses) {
      for (std::size_t m = 0; m < k; ++m) add(to_pre(rs.below(n)), i);
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
      add(to_pre(x), i);
      chosen[x] = 0;  // cleared for the next post neuron: O(k), not O(n)
    }
  }
}

// Whether the connector draws row by row (each pre neuron's row from its own stream, or no stream): then the rows
// of a block [first, last) can be visited on their own (visit_pairs), on any thread.
inline bool draws_by_rows(const connector_spec& c) {
  return c.type != connector_spec::kind::fixed_indegree && c.type != connector_spec::kind::list;
}

// The pairs of the rows [first, last) (a connector that draws_by_rows), or of all rows (the others: only with
// [0, n_pre)).
template <class Add>
void visit_pairs(const projection_spec& spec, const connect_context& ctx, std::uint32_t first, std::uint32_t last,
                 Add&& add) {
  const connector_spec& c = spec.connector;
  switch (c.type) {
    case connector_spec::kind::all_to_all:
      for (std::uint32_t j = first; j < last; ++j)
        for (std::uint32_t i = 0; i < ctx.n_post; ++i)
          if (c.autapses || !ctx.same_population || i != j) add(j, i);
      break;
    case connector_spec::kind::one_to_one:
      if (ctx.n_pre != ctx.n_post)
        throw error(spec.where, "one_to_one connector needs equal population sizes, got " +
                                    std::to_string(ctx.n_pre) + " and " + std::to_string(ctx.n_post));
      for (std::uint32_t j = first; j < last; ++j) add(j, j);
      break;
    case connector_spec::kind::fixed_probability: fixed_probability(c, ctx, first, last, add); break;
    case connector_spec::kind::fixed_indegree:
      fixed_indegree(c, ctx, 0, static_cast<std::uint32_t>(ctx.n_post), add);
      break;
    case connector_spec::kind::list: break;  // connect_list
  }
}

inline void check_count(const projection_spec& spec, std::uint64_t n) {
  if (n >= std::numeric_limits<std::uint32_t>::max())
    throw error(spec.where, "projection '" + spec.name + "': " + std::to_string(n) +
                                " synapses; at most 2^32 − 1 per projection");
}

// A delay [ms] in steps of dt.
inline std::int32_t delay_steps(const projection_spec& spec, const connect_context& ctx, double d) {
  if (d < 0.0) throw error(spec.where, "projection '" + spec.name + "': negative delay " + std::to_string(d) + " ms");
  const double steps = std::round(d / ctx.dt);
  if (!(steps <= static_cast<double>(std::numeric_limits<std::int32_t>::max())))
    throw error(spec.where, "projection '" + spec.name + "': a delay of " + std::to_string(d) + " ms is more steps of "
                "dt than a delay can span");
  return static_cast<std::int32_t>(steps);
}

// Columns for rows of the given lengths (`count`: their prefix sums), the post neurons not yet written.
inline synapse_rows empty_rows(const std::vector<std::uint64_t>& count, const connect_context& ctx) {
  synapse_rows rows;
  rows.row_ptr.assign(count.begin(), count.end());
  const std::size_t n = rows.row_ptr.back();
  rows.post.assign(n, ctx.n_post);
  resize_huge(rows.weight, n);  // core/huge_pages.hpp
  rows.seg_ptr.assign(ctx.n_pre + 1, 0);
  return rows;
}

// fixed_indegree's inputs of the post neurons [first_post, last_post), drawn by blocks of post neurons on the
// context's threads (one block without them) into rows, the weights and delays not yet drawn (connectors.cpp).
synapse_rows connect_by_post_blocks(const projection_spec& spec, const connect_context& ctx, std::uint32_t first_post,
                                    std::uint32_t last_post);

// Construction shared out over MPI processes (connect_context::comm; connect_by_owners.cpp).
synapse_rows connect_by_owners(const projection_spec& spec, const connect_context& ctx);

}  // namespace plastix::drawn
