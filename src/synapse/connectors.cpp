#include "plastix/synapse/connectors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "plastix/core/error.hpp"
#include "plastix/core/huge_pages.hpp"
#include "plastix/core/partition.hpp"
#include "plastix/core/random.hpp"
#include "plastix/core/thread_pool.hpp"

namespace plastix {

const std::vector<std::string>& connector_names() {
  static const std::vector<std::string> names{"all_to_all", "one_to_one", "fixed_probability", "fixed_indegree",
                                              "list"};
  return names;
}

namespace {

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
bool draws_by_rows(const connector_spec& c) {
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

// One pass over the pairs, add(j, i) for each: with a pool and a connector that draws row by row, each thread visits
// a block of rows (contiguous, in order; add must then touch only its row's entries); else all on this thread.
// The same pairs, each row's in the same order, however many threads.
template <class Add>
void visit_pairs(const projection_spec& spec, const connect_context& ctx, Add&& add) {
  const auto n_pre = static_cast<std::uint32_t>(ctx.n_pre);
  if (!ctx.pool || ctx.pool->size() < 2 || !draws_by_rows(spec.connector)) return visit_pairs(spec, ctx, 0, n_pre, add);
  const std::vector<std::uint32_t> blocks = split_range(n_pre, ctx.pool->size());
  ctx.pool->run([&](std::size_t k) { visit_pairs(spec, ctx, blocks[k], blocks[k + 1], add); });
}

// Whether the connector draws post neuron by post neuron (fixed_indegree: a stream per post neuron), and the pairs
// it draws (its work, for blocks_for).
bool draws_by_posts(const connector_spec& c) { return c.type == connector_spec::kind::fixed_indegree; }
std::size_t pairs_by_posts(const connector_spec& c, const connect_context& ctx) { return ctx.n_post * c.indegree; }

void check_count(const projection_spec& spec, std::uint64_t n) {
  if (n >= std::numeric_limits<std::uint32_t>::max())
    throw error(spec.where, "projection '" + spec.name + "': " + std::to_string(n) +
                                " synapses; at most 2^32 − 1 per projection");
}

// A delay [ms] in steps of dt.
std::int32_t delay_steps(const projection_spec& spec, const connect_context& ctx, double d) {
  if (d < 0.0) throw error(spec.where, "projection '" + spec.name + "': negative delay " + std::to_string(d) + " ms");
  const double steps = std::round(d / ctx.dt);
  if (!(steps <= static_cast<double>(std::numeric_limits<std::int32_t>::max())))
    throw error(spec.where, "projection '" + spec.name + "': a delay of " + std::to_string(d) + " ms is more steps of "
                "dt than a delay can span");
  return static_cast<std::int32_t>(steps);
}

// The explicit list: weights and delays given or drawn per synapse in the list's order, from the streams of its
// row (restarted whenever the pre neuron changes from one pair to the next); then ordered into rows.
synapse_rows connect_list(const projection_spec& spec, const connect_context& ctx) {
  const connector_spec& c = spec.connector;
  check_count(spec, c.pairs.size());
  const distribution delay = spec.delay.value_or(distribution::constant(ctx.dt));
  std::vector<synapse_entry> entries;
  entries.reserve(c.pairs.size());
  std::uint32_t row = std::numeric_limits<std::uint32_t>::max();
  random_stream w_rs(ctx.seed, {purpose::weight, ctx.projection_index, 0});
  random_stream d_rs(ctx.seed, {purpose::delay, ctx.projection_index, 0});
  for (std::size_t s = 0; s < c.pairs.size(); ++s) {
    const auto [j, i] = c.pairs[s];
    if (j != row) {
      row = j;
      w_rs = random_stream(ctx.seed, {purpose::weight, ctx.projection_index, j});
      d_rs = random_stream(ctx.seed, {purpose::delay, ctx.projection_index, j});
    }
    synapse_entry e;
    e.pre = j;
    e.post = i;
    e.weight = !c.weights.empty() ? c.weights[s] : spec.weight.sample(w_rs);
    e.delay = delay_steps(spec, ctx, !c.delays.empty() ? c.delays[s] : delay.sample(d_rs));
    if (ctx.rate) e.delay = 0;
    entries.push_back(e);
  }
  try {
    return rows_from_entries(std::move(entries), ctx.n_pre, ctx.n_post);
  } catch (const error& e) {
    throw error(spec.where, "projection '" + spec.name + "': " + e.what());
  }
}

// Orders row j (its synapses from b on, their delays in `delays`, in the row's order by post) by delay, stably, and
// opens its delay segments; `delays` ends ascending.
struct row_scratch {
  std::vector<std::uint32_t> order, posts;
  std::vector<double> weights;
  std::vector<std::int32_t> delays, all;  // the row's delays (for a share: also the whole row's)
};
void order_by_delay(synapse_rows& rows, synapse_rows& segs, std::uint32_t j, std::uint32_t b,
                    std::vector<std::int32_t>& delays, row_scratch& t) {
  if (std::all_of(delays.begin(), delays.end(), [&](std::int32_t d) { return d == delays.front(); })) {
    segs.add_row_segment(j, delays.front());
    return;
  }
  t.order.resize(delays.size());
  for (std::uint32_t k = 0; k < t.order.size(); ++k) t.order[k] = k;
  std::stable_sort(t.order.begin(), t.order.end(),
                   [&](std::uint32_t x, std::uint32_t y) { return delays[x] < delays[y]; });
  t.posts.resize(t.order.size());
  t.weights.resize(t.order.size());
  for (std::size_t k = 0; k < t.order.size(); ++k) {
    t.posts[k] = rows.post[b + t.order[k]];
    t.weights[k] = rows.weight[b + t.order[k]];
  }
  for (std::size_t k = 0; k < t.order.size(); ++k) {
    rows.post.set(b + k, t.posts[k]);
    rows.weight[b + k] = t.weights[k];
  }
  std::stable_sort(delays.begin(), delays.end());
  segs.add_row_segments(j, delays);
}

// Runs row(j, segs, scratch) for every row j, in blocks of rows on the context's threads: a row's synapses, and its
// count of segments, are its own; its segments (and delay values) go to `segs`, the block's own part, and the parts
// are joined in block order — the segments of one pass (synapse_rows::join_segments).
template <class Row>
void for_each_row(const connect_context& ctx, synapse_rows& rows, Row&& row) {
  const auto n_pre = static_cast<std::uint32_t>(ctx.n_pre);
  if (blocks_for(ctx.pool, rows.size()) == 1) {
    row_scratch scratch;
    for (std::uint32_t j = 0; j < n_pre; ++j) row(j, rows, scratch);
    return;
  }
  std::vector<synapse_rows> parts(blocks_for(ctx.pool, rows.size()));
  run_blocks(ctx.pool, n_pre, rows.size(), [&](std::size_t first, std::size_t last, std::size_t b) {
    synapse_rows& part = parts[b];
    part.row_ptr = rows.row_ptr;
    part.seg_ptr.assign(rows.seg_ptr.size(), 0);
    row_scratch scratch;
    for (auto j = static_cast<std::uint32_t>(first); j < last; ++j) row(j, part, scratch);
  }, 1);
  for (const synapse_rows& part : parts) rows.join_segments(part);
}

// Weights and delays of each row, drawn in the row's order (by post) from the row's streams, then the row ordered
// by delay (stably: ties keep their order by post) and its delay segments added.
void draw_weights_and_delays(const projection_spec& spec, const connect_context& ctx, synapse_rows& rows) {
  const distribution delay = spec.delay.value_or(distribution::constant(ctx.dt));
  for_each_row(ctx, rows, [&](std::uint32_t j, synapse_rows& segs, row_scratch& scratch) {
    const std::uint32_t b = rows.row_ptr[j], e = rows.row_ptr[j + 1];
    if (b == e) return;
    random_stream w_rs(ctx.seed, {purpose::weight, ctx.projection_index, j});
    for (std::uint32_t s = b; s < e; ++s) rows.weight[s] = spec.weight.sample(w_rs);
    if (ctx.rate) {  // rate transmission: no delay
      segs.add_row_segment(j, 0);
      return;
    }
    random_stream d_rs(ctx.seed, {purpose::delay, ctx.projection_index, j});
    std::vector<std::int32_t>& delays = scratch.delays;
    delays.resize(e - b);
    for (std::int32_t& d : delays) d = delay_steps(spec, ctx, delay.sample(d_rs));
    order_by_delay(rows, segs, j, b, delays, scratch);
  });
  rows.close_segments();
}

// The same for a process's share (connect_context::keep): each row holds only its synapses onto [keep_lo, keep_hi),
// which come `before[j]` synapses into the whole row (ordered by post). The row's streams give every synapse of the
// whole row its weight and delay as above; the share keeps its own, ordered by delay (stably: the order of the
// whole row's sort, filtered), and each of its segments learns the whole projection's id of its first synapse: the
// whole row's synapses of shorter delay, then those of the same delay onto earlier post neurons.
void draw_kept_weights_and_delays(const projection_spec& spec, const connect_context& ctx, synapse_rows& rows,
                                  const std::vector<std::uint64_t>& whole_ptr, const std::vector<std::uint32_t>& before) {
  const distribution delay = spec.delay.value_or(distribution::constant(ctx.dt));
  for_each_row(ctx, rows, [&](std::uint32_t j, synapse_rows& segs, row_scratch& scratch) {
    const std::uint32_t b = rows.row_ptr[j], e = rows.row_ptr[j + 1];
    const std::uint64_t whole_row = whole_ptr[j + 1] - whole_ptr[j];
    if (whole_row == 0) return;
    std::vector<std::int32_t>& all = scratch.all;
    if (ctx.rate) {  // rate transmission: no delay
      segs.note_delays({});
      if (b == e) return;
    } else {  // every delay of the whole row: the whole projection's delay values (slots, the shortest delay)
      random_stream d_rs(ctx.seed, {purpose::delay, ctx.projection_index, j});
      all.resize(whole_row);
      for (std::int32_t& d : all) d = delay_steps(spec, ctx, delay.sample(d_rs));
      segs.note_delays(all);
      if (b == e) return;
    }
    random_stream w_rs(ctx.seed, {purpose::weight, ctx.projection_index, j});
    for (std::uint32_t k = 0; k < before[j]; ++k) spec.weight.sample(w_rs);  // the whole row's draws before ours
    for (std::uint32_t s = b; s < e; ++s) rows.weight[s] = spec.weight.sample(w_rs);
    if (ctx.rate) {
      segs.add_row_segment(j, 0);
      segs.whole_begin.push_back(static_cast<std::uint32_t>(whole_ptr[j] + before[j]));
      return;
    }
    std::vector<std::int32_t>& delays = scratch.delays;
    delays.assign(all.begin() + before[j], all.begin() + before[j] + (e - b));
    // the whole projection's id of the first synapse of delay d among ours
    const auto whole_first = [&](std::int32_t d) {
      std::uint64_t at = whole_ptr[j];
      for (std::size_t k = 0; k < all.size(); ++k) at += all[k] < d || (all[k] == d && k < before[j]);
      return static_cast<std::uint32_t>(at);
    };
    order_by_delay(rows, segs, j, b, delays, scratch);
    for (std::size_t k = 0; k < delays.size(); ++k)
      if (k == 0 || delays[k] != delays[k - 1]) segs.whole_begin.push_back(whole_first(delays[k]));
  });
  rows.close_segments();
}

// Columns for rows of the given lengths (`count`: their prefix sums), the post neurons not yet written.
synapse_rows empty_rows(const std::vector<std::uint64_t>& count, const connect_context& ctx) {
  synapse_rows rows;
  rows.row_ptr.assign(count.begin(), count.end());
  const std::size_t n = rows.row_ptr.back();
  rows.post.assign(n, ctx.n_post);
  resize_huge(rows.weight, n);  // core/huge_pages.hpp
  rows.seg_ptr.assign(ctx.n_pre + 1, 0);
  return rows;
}

// The second pass: the same pairs again, each post neuron that is `stored` written straight into its row.
template <class Stored>
void fill_rows(const projection_spec& spec, const connect_context& ctx, synapse_rows& rows, Stored&& stored) {
  std::vector<std::uint32_t> next(rows.row_ptr.begin(), rows.row_ptr.end() - 1);
  visit_pairs(spec, ctx, [&](std::uint32_t j, std::uint32_t i) {
    if (stored(i)) rows.post.set(next[j]++, i);
  });
}

// A connector that draws_by_posts, on threads: blocks of post neurons, each drawing its neurons' inputs from their
// own streams. A row's entries come in ascending post neuron, so a block's follow those of the blocks before it:
// each block counts its entries per row (stored ones; for a share also all, and those before keep_lo), the counts
// give each block its place in every row, and the second pass writes them there — the rows of one pass. For a share,
// `whole_ptr` and `before` get the whole rows' counts and the synapses before the share's (see connect_kept).
synapse_rows connect_by_post_blocks(const projection_spec& spec, const connect_context& ctx,
                                    std::vector<std::uint64_t>& whole_ptr, std::vector<std::uint32_t>& before) {
  const std::size_t blocks = ctx.pool->size();
  const std::vector<std::uint32_t> bounds = split_range(ctx.n_post, blocks);
  const auto stored = [&](std::uint32_t i) { return !ctx.keep || (i >= ctx.keep_lo && i < ctx.keep_hi); };
  const std::size_t share_rows = ctx.keep ? ctx.n_pre : 0;
  std::vector<std::vector<std::uint64_t>> at(blocks, std::vector<std::uint64_t>(ctx.n_pre, 0));
  std::vector<std::vector<std::uint64_t>> all(blocks, std::vector<std::uint64_t>(share_rows, 0));
  std::vector<std::vector<std::uint32_t>> early(blocks, std::vector<std::uint32_t>(share_rows, 0));
  ctx.pool->run([&](std::size_t b) {
    fixed_indegree(spec.connector, ctx, bounds[b], bounds[b + 1], [&](std::uint32_t j, std::uint32_t i) {
      if (stored(i)) ++at[b][j];
      if (!ctx.keep) return;
      ++all[b][j];
      if (i < ctx.keep_lo) ++early[b][j];
    });
  });
  std::vector<std::uint64_t> count(ctx.n_pre + 1, 0);
  if (ctx.keep) {
    whole_ptr.assign(ctx.n_pre + 1, 0);
    before.assign(ctx.n_pre, 0);
  }
  for (std::size_t j = 0; j < ctx.n_pre; ++j) {
    count[j + 1] = count[j];
    for (std::size_t b = 0; b < blocks; ++b) count[j + 1] += at[b][j];
    if (!ctx.keep) continue;
    whole_ptr[j + 1] = whole_ptr[j];
    for (std::size_t b = 0; b < blocks; ++b) {
      whole_ptr[j + 1] += all[b][j];
      before[j] += early[b][j];
    }
  }
  check_count(spec, ctx.keep ? whole_ptr.back() : count.back());
  synapse_rows rows = empty_rows(count, ctx);
  for (std::size_t j = 0; j < ctx.n_pre; ++j) place_in_block_order(at, j, rows.row_ptr[j]);
  ctx.pool->run([&](std::size_t b) {
    fixed_indegree(spec.connector, ctx, bounds[b], bounds[b + 1], [&](std::uint32_t j, std::uint32_t i) {
      if (stored(i)) rows.post.set(at[b][j]++, i);
    });
  });
  return rows;
}

// Whether to draw by blocks of post neurons on threads (connect_by_post_blocks).
bool by_post_blocks(const projection_spec& spec, const connect_context& ctx) {
  return draws_by_posts(spec.connector) && blocks_for(ctx.pool, pairs_by_posts(spec.connector, ctx)) > 1;
}

// A process's share of a drawn connector (connect_context::keep): the whole rows counted, then only the synapses
// onto [keep_lo, keep_hi) stored.
synapse_rows connect_kept(const projection_spec& spec, const connect_context& ctx) {
  std::vector<std::uint64_t> whole_ptr(ctx.n_pre + 1, 0), count(ctx.n_pre + 1, 0);
  std::vector<std::uint32_t> before(ctx.n_pre, 0);
  if (by_post_blocks(spec, ctx)) {
    synapse_rows rows = connect_by_post_blocks(spec, ctx, whole_ptr, before);
    draw_kept_weights_and_delays(spec, ctx, rows, whole_ptr, before);
    rows.kept_part = true;
    rows.whole_size = whole_ptr.back();
    return rows;
  }
  const auto ours = [&](std::uint32_t i) { return i >= ctx.keep_lo && i < ctx.keep_hi; };
  visit_pairs(spec, ctx, [&](std::uint32_t j, std::uint32_t i) {
    ++whole_ptr[j + 1];
    if (ours(i)) ++count[j + 1];
    else if (i < ctx.keep_lo) ++before[j];
  });
  for (std::size_t j = 0; j < ctx.n_pre; ++j) {
    whole_ptr[j + 1] += whole_ptr[j];
    count[j + 1] += count[j];
  }
  check_count(spec, whole_ptr.back());
  synapse_rows rows = empty_rows(count, ctx);
  count = std::vector<std::uint64_t>();
  fill_rows(spec, ctx, rows, ours);
  draw_kept_weights_and_delays(spec, ctx, rows, whole_ptr, before);
  rows.kept_part = true;
  rows.whole_size = whole_ptr.back();
  return rows;
}

}  // namespace

synapse_rows connect(const projection_spec& spec, const connect_context& ctx) {
  if (ctx.keep && spec.connector.type != connector_spec::kind::list) return connect_kept(spec, ctx);
  if (spec.connector.type == connector_spec::kind::list) return connect_list(spec, ctx);
  if (by_post_blocks(spec, ctx)) {
    std::vector<std::uint64_t> unused_ptr;
    std::vector<std::uint32_t> unused_before;
    synapse_rows rows = connect_by_post_blocks(spec, ctx, unused_ptr, unused_before);
    draw_weights_and_delays(spec, ctx, rows);
    return rows;
  }
  // First pass: the length of every row.
  std::vector<std::uint64_t> count(ctx.n_pre + 1, 0);
  visit_pairs(spec, ctx, [&](std::uint32_t j, std::uint32_t) { ++count[j + 1]; });
  for (std::size_t j = 0; j < ctx.n_pre; ++j) count[j + 1] += count[j];
  check_count(spec, count.back());
  synapse_rows rows = empty_rows(count, ctx);
  count = std::vector<std::uint64_t>();
  fill_rows(spec, ctx, rows, [](std::uint32_t) { return true; });
  draw_weights_and_delays(spec, ctx, rows);
  return rows;
}

}  // namespace plastix
