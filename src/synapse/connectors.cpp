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
#include "drawn_pairs.hpp"

namespace plastix {

const std::vector<std::string>& connector_names() {
  static const std::vector<std::string> names{"all_to_all", "one_to_one", "fixed_probability", "fixed_indegree",
                                              "list"};
  return names;
}

namespace {

using namespace drawn;

// One pass over the pairs, add(j, i) for each: with a pool and a connector that draws row by row, each thread visits
// a block of rows (contiguous, in order; add must then touch only its row's entries); else all on this thread.
// The same pairs, each row's in the same order, however many threads.
template <class Add>
void visit_pairs(const projection_spec& spec, const connect_context& ctx, Add&& add) {
  const auto n_pre = static_cast<std::uint32_t>(ctx.n_pre);
  if (!ctx.pool || ctx.pool->size() < 2 || !draws_by_rows(spec.connector)) return drawn::visit_pairs(spec, ctx, 0, n_pre, add);
  const std::vector<std::uint32_t> blocks = split_range(n_pre, ctx.pool->size());
  ctx.pool->run([&](std::size_t k) { drawn::visit_pairs(spec, ctx, blocks[k], blocks[k + 1], add); });
}

// Whether the connector draws post neuron by post neuron (fixed_indegree: a stream per post neuron), and the pairs
// it draws (its work, for blocks_for).
bool draws_by_posts(const connector_spec& c) { return c.type == connector_spec::kind::fixed_indegree; }
std::size_t pairs_by_posts(const connector_spec& c, const connect_context& ctx) { return ctx.n_post * c.indegree; }

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

// The second pass: the same pairs again, each post neuron written straight into its row.
void fill_rows(const projection_spec& spec, const connect_context& ctx, synapse_rows& rows) {
  std::vector<std::uint32_t> next(rows.row_ptr.begin(), rows.row_ptr.end() - 1);
  visit_pairs(spec, ctx, [&](std::uint32_t j, std::uint32_t i) { rows.post.set(next[j]++, i); });
}

}  // namespace

// A connector that draws_by_posts, on threads: blocks of post neurons, each drawing its neurons' inputs from their
// own streams. A row's entries come in ascending post neuron, so a block's follow those of the blocks before it:
// each block counts its entries per row, the counts give each block its place in every row, and the second pass
// writes them there — the rows of one pass. Only the post neurons [first_post, last_post) are drawn (all, or a
// process's own: connect_by_owners).
synapse_rows drawn::connect_by_post_blocks(const projection_spec& spec, const connect_context& ctx,
                                           std::uint32_t first_post, std::uint32_t last_post) {
  const std::size_t blocks = ctx.pool ? ctx.pool->size() : 1;
  std::vector<std::uint32_t> bounds = split_range(last_post - first_post, blocks);
  for (std::uint32_t& b : bounds) b += first_post;
  const auto run = [&](auto&& f) {
    if (blocks == 1) return f(std::size_t{0});
    ctx.pool->run(f);
  };
  std::vector<std::vector<std::uint64_t>> at(blocks, std::vector<std::uint64_t>(ctx.n_pre, 0));
  run([&](std::size_t b) {
    fixed_indegree(spec.connector, ctx, bounds[b], bounds[b + 1], [&](std::uint32_t j, std::uint32_t) { ++at[b][j]; });
  });
  std::vector<std::uint64_t> count(ctx.n_pre + 1, 0);
  for (std::size_t j = 0; j < ctx.n_pre; ++j) {
    count[j + 1] = count[j];
    for (std::size_t b = 0; b < blocks; ++b) count[j + 1] += at[b][j];
  }
  check_count(spec, count.back());
  synapse_rows rows = empty_rows(count, ctx);
  for (std::size_t j = 0; j < ctx.n_pre; ++j) place_in_block_order(at, j, rows.row_ptr[j]);
  run([&](std::size_t b) {
    fixed_indegree(spec.connector, ctx, bounds[b], bounds[b + 1],
                   [&](std::uint32_t j, std::uint32_t i) { rows.post.set(at[b][j]++, i); });
  });
  return rows;
}

namespace {

// Whether to draw by blocks of post neurons on threads (connect_by_post_blocks).
bool by_post_blocks(const projection_spec& spec, const connect_context& ctx) {
  return draws_by_posts(spec.connector) && blocks_for(ctx.pool, pairs_by_posts(spec.connector, ctx)) > 1;
}

}  // namespace

synapse_rows connect(const projection_spec& spec, const connect_context& ctx) {
  if (spec.connector.type == connector_spec::kind::list) return connect_list(spec, ctx);
  if (ctx.comm && ctx.comm->size() > 1) return connect_by_owners(spec, ctx);
  if (by_post_blocks(spec, ctx)) {
    synapse_rows rows = connect_by_post_blocks(spec, ctx, 0, static_cast<std::uint32_t>(ctx.n_post));
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
  fill_rows(spec, ctx, rows);
  draw_weights_and_delays(spec, ctx, rows);
  return rows;
}

}  // namespace plastix
