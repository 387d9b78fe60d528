// Construction shared out over MPI processes (connect_context::comm, docs/parallel.md "Construction"): every
// process of K draws only the rows of its own presynaptic neurons — the rows' owner — and sends each synapse to the
// process that holds it (the one owning its post neuron), so that construction's work and memory are
// O(synapses / K) per process. The holder gets exactly the rows projection::keep_onto keeps of the whole projection
// drawn by one process:
//   - the rows' posts from the row's stream (fixed_indegree: each post neuron's inputs from its stream, drawn by the
//     holder, whose per-row counts go to the rows' owners);
//   - every synapse of the row its weight and delay, in the row's order by post, from the row's streams;
//   - the row ordered by delay, stably; the whole projection's id of each synapse (for checkpoints, monitors and the
//     finite guard: synapse_rows::whole_begin) is its place in the whole projection: the rows of the owners before,
//     the owner's rows before, its place in the row;
//   - the whole projection's delay values, on every process.
// The owner sends its rows in rounds of at most connect_context::round_synapses synapses (its memory beyond the
// storage: one round's messages; a longer row is a round of its own), the same number of rounds on every process.
#include <algorithm>
#include <cstring>
#include <functional>
#include <numeric>
#include <utility>

#include "drawn_pairs.hpp"
#include "plastix/core/byte_buffer.hpp"
#include "plastix/core/partition.hpp"
#include "plastix/core/thread_pool.hpp"

namespace plastix::drawn {

namespace {

// What the owner sends of each synapse, packed (20 bytes): its post neuron — fixed_indegree: its place among the
// holder's synapses of the row, in order by post (the holder drew them) — its delay [steps], weight and whole id.
constexpr std::size_t sent_bytes = 20;
struct sent_synapse {
  std::uint32_t post;
  std::int32_t delay;
  double weight;
  std::uint32_t whole;
};
void put(char* at, const sent_synapse& s) {
  std::memcpy(at, &s.post, 4);
  std::memcpy(at + 4, &s.delay, 4);
  std::memcpy(at + 8, &s.weight, 8);
  std::memcpy(at + 16, &s.whole, 4);
}
sent_synapse take(const char* at) {
  sent_synapse s;
  std::memcpy(&s.post, at, 4);
  std::memcpy(&s.delay, at + 4, 4);
  std::memcpy(&s.weight, at + 8, 8);
  std::memcpy(&s.whole, at + 16, 4);
  return s;
}

template <class T>
std::span<const char> bytes_of(const std::vector<T>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)};
}
template <class T>
std::vector<T> values_of(const byte_buffer& b, std::size_t from, std::size_t bytes) {
  std::vector<T> v(bytes / sizeof(T));
  if (bytes > 0) std::memcpy(v.data(), b.data() + from, bytes);
  return v;
}

// Who does what: the processes' rows (owners) and shares of post neurons (holders).
struct layout {
  communicator& comm;
  std::size_t ranks, me;
  std::vector<std::uint32_t> rows;    // K + 1: process r owns the rows [rows[r], rows[r + 1])
  std::vector<std::uint32_t> shares;  // K + 1: process r holds the synapses onto [shares[r], shares[r + 1])
  std::uint32_t first() const { return rows[me]; }
  std::size_t own_rows() const { return rows[me + 1] - rows[me]; }
  // The process holding post neuron i.
  std::size_t holder(std::uint32_t i) const {
    return static_cast<std::size_t>(std::upper_bound(shares.begin() + 1, shares.end(), i) - (shares.begin() + 1));
  }
};

// The pairs a connector draws for `rows` of its rows (the work of a loop over them, for run_blocks).
std::size_t expected_pairs(const connector_spec& c, const connect_context& ctx, std::size_t rows) {
  switch (c.type) {
    case connector_spec::kind::all_to_all: return rows * ctx.n_post;
    case connector_spec::kind::fixed_probability:
      return static_cast<std::size_t>(static_cast<double>(rows) * static_cast<double>(ctx.n_post) * c.p);
    default: return rows;
  }
}

// Sends each process r the counts for_rank(r) (one per row of some rows, as a list of uint32) and returns what every
// process sent this one, in rank order.
template <class ForRank>
std::vector<std::uint32_t> exchange_counts(communicator& comm, std::size_t ranks, ForRank&& for_rank) {
  std::vector<std::uint32_t> out;
  std::vector<std::size_t> sizes(ranks), received_sizes;
  for (std::size_t r = 0; r < ranks; ++r) {
    const std::size_t before = out.size();
    for_rank(r, out);
    sizes[r] = (out.size() - before) * sizeof(std::uint32_t);
  }
  byte_buffer in;
  comm.alltoall(bytes_of(out), sizes, received_sizes, in);
  return values_of<std::uint32_t>(in, 0, in.size());
}

// Each row's synapses onto each holder: to[(j − first) · K + r] for the owner's rows j, and the holder's share
// drawn (fixed_indegree: it draws its own post neurons' inputs) or only its rows' lengths.
struct counted {
  std::vector<std::uint32_t> to;
  synapse_rows share;
};

counted count_by_holder(const projection_spec& spec, const connect_context& ctx, const layout& at) {
  counted c;
  const std::size_t K = at.ranks, n_own = at.own_rows();
  c.to.assign(n_own * K, 0);
  if (spec.connector.type == connector_spec::kind::fixed_indegree) {
    c.share = connect_by_post_blocks(spec, ctx, at.shares[at.me], at.shares[at.me + 1]);
    const std::vector<std::uint32_t>& row_ptr = c.share.row_ptr;
    const std::vector<std::uint32_t> from_holders = exchange_counts(at.comm, K, [&](std::size_t r, auto& out) {
      for (std::uint32_t j = at.rows[r]; j < at.rows[r + 1]; ++j) out.push_back(row_ptr[j + 1] - row_ptr[j]);
    });
    for (std::size_t r = 0; r < K; ++r)  // holder r's counts of every own row, in rank order
      for (std::size_t j = 0; j < n_own; ++j) c.to[j * K + r] = from_holders[r * n_own + j];
    return c;
  }
  run_blocks(ctx.pool, n_own, expected_pairs(spec.connector, ctx, n_own), [&](std::size_t lo, std::size_t hi) {
    visit_pairs(spec, ctx, at.first() + static_cast<std::uint32_t>(lo), at.first() + static_cast<std::uint32_t>(hi),
                [&](std::uint32_t j, std::uint32_t i) { ++c.to[(j - at.first()) * K + at.holder(i)]; });
  }, 1);
  const std::vector<std::uint32_t> from_owners = exchange_counts(at.comm, K, [&](std::size_t r, auto& out) {
    for (std::size_t j = 0; j < n_own; ++j) out.push_back(c.to[j * K + r]);
  });
  std::vector<std::uint64_t> count(ctx.n_pre + 1, 0);  // every owner's rows, in rank order: all rows
  for (std::size_t j = 0; j < ctx.n_pre; ++j) count[j + 1] = count[j] + from_owners[j];
  c.share = empty_rows(count, ctx);
  return c;
}

// What one owner draws and sends: its rows, their whole ids from `first_whole` on, in rounds.
struct owner_rows {
  std::vector<std::uint64_t> whole_at;  // own rows + 1: each row's first whole id minus the owner's first
  std::vector<std::uint32_t> round_at;  // rounds + 1: the rounds' first rows (offsets into the own rows)
};

owner_rows plan_rounds(const std::vector<std::uint32_t>& to, std::size_t K, std::size_t n_own,
                       std::size_t round_synapses) {
  owner_rows o;
  o.whole_at.assign(n_own + 1, 0);
  o.round_at.push_back(0);
  std::uint64_t in_round = 0;
  for (std::size_t j = 0; j < n_own; ++j) {
    const std::uint64_t length = std::accumulate(to.begin() + j * K, to.begin() + (j + 1) * K, std::uint64_t{0});
    o.whole_at[j + 1] = o.whole_at[j] + length;
    if (in_round > 0 && in_round + length > round_synapses) {
      o.round_at.push_back(static_cast<std::uint32_t>(j));
      in_round = 0;
    }
    in_round += length;
  }
  if (n_own > 0) o.round_at.push_back(static_cast<std::uint32_t>(n_own));
  return o;
}

// Adds d to the distinct values (ascending) unless it is there.
void note_value(std::vector<std::int32_t>& values, std::int32_t d) {
  const auto at = std::lower_bound(values.begin(), values.end(), d);
  if (at == values.end() || *at != d) values.insert(at, d);
}

// One row's draws, kept per thread.
struct row_draws {
  std::vector<std::uint32_t> posts, order;
  std::vector<double> weights;
  std::vector<std::int32_t> delays;
  std::vector<std::uint64_t> before;  // K + 1: the row's synapses onto the holders before each
};

// Draws row j (length n) and writes each of its synapses, in the row's order by delay, at where[r] for its holder r
// (advanced past it); `values`: the distinct delays met, ascending.
void send_row(const projection_spec& spec, const connect_context& ctx, const layout& at, std::uint32_t j,
              const std::uint32_t* to, std::uint64_t whole_first, std::vector<char*>& where, row_draws& t,
              std::vector<std::int32_t>& values) {
  const std::size_t K = at.ranks;
  t.before.assign(K + 1, 0);
  for (std::size_t r = 0; r < K; ++r) t.before[r + 1] = t.before[r] + to[r];
  const std::size_t n = t.before[K];
  if (n == 0) return;
  const bool by_place = spec.connector.type == connector_spec::kind::fixed_indegree;  // the holder has the posts
  t.posts.clear();
  if (!by_place) visit_pairs(spec, ctx, j, j + 1, [&](std::uint32_t, std::uint32_t i) { t.posts.push_back(i); });
  random_stream w_rs(ctx.seed, {purpose::weight, ctx.projection_index, j});
  t.weights.resize(n);
  for (double& w : t.weights) w = spec.weight.sample(w_rs);
  t.delays.assign(n, 0);
  if (!ctx.rate) {  // rate transmission: no delay
    const distribution delay = spec.delay.value_or(distribution::constant(ctx.dt));
    random_stream d_rs(ctx.seed, {purpose::delay, ctx.projection_index, j});
    for (std::int32_t& d : t.delays) d = delay_steps(spec, ctx, delay.sample(d_rs));
  }
  t.order.resize(n);
  std::iota(t.order.begin(), t.order.end(), 0u);
  if (std::adjacent_find(t.delays.begin(), t.delays.end(), std::not_equal_to<>()) != t.delays.end())
    std::stable_sort(t.order.begin(), t.order.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return t.delays[x] < t.delays[y]; });
  for (std::size_t s = 0; s < n; ++s) {
    const std::uint32_t k = t.order[s];
    const auto r = static_cast<std::size_t>(std::upper_bound(t.before.begin() + 1, t.before.end(), k) -
                                            (t.before.begin() + 1));
    const std::uint32_t post = by_place ? static_cast<std::uint32_t>(k - t.before[r]) : t.posts[k];
    put(where[r], {post, t.delays[k], t.weights[k], static_cast<std::uint32_t>(whole_first + s)});
    where[r] += sent_bytes;
    if (s == 0 || t.delays[k] != t.delays[t.order[s - 1]]) note_value(values, t.delays[k]);
  }
}

// The segments received from one owner (its rows come in order), joined in rank order at the end.
struct received_segments {
  std::vector<std::uint32_t> begin, whole;
  std::vector<std::int32_t> delay;
};

// Writes the synapses of rows [first, last) received from one owner (at `from`) into the holder's share, in the
// rows' order by delay, and opens their segments. Returns the end of what was read.
const char* take_rows(const projection_spec& spec, std::uint32_t first, std::uint32_t last, const char* from,
                      synapse_rows& share, received_segments& segs, std::vector<std::uint32_t>& scratch) {
  const bool by_place = spec.connector.type == connector_spec::kind::fixed_indegree;
  for (std::uint32_t j = first; j < last; ++j) {
    const std::uint32_t b = share.row_ptr[j], e = share.row_ptr[j + 1];
    if (by_place) {  // the row's posts as the holder drew them, in order by post
      scratch.resize(e - b);
      for (std::uint32_t s = b; s < e; ++s) scratch[s - b] = share.post[s];
    }
    for (std::uint32_t s = b; s < e; ++s, from += sent_bytes) {
      const sent_synapse x = take(from);
      share.post.set(s, by_place ? scratch[x.post] : x.post);
      share.weight[s] = x.weight;
      if (s == b || x.delay != segs.delay.back()) {
        segs.begin.push_back(s);
        segs.delay.push_back(x.delay);
        segs.whole.push_back(x.whole);
        ++share.seg_ptr[j + 1];
      }
    }
  }
  return from;
}

}  // namespace

synapse_rows connect_by_owners(const projection_spec& spec, const connect_context& ctx) {
  communicator& comm = *ctx.comm;
  const auto K = static_cast<std::size_t>(comm.size());
  if (ctx.share_bounds.size() != K + 1) throw error("connect_by_owners: share_bounds needs one boundary per process + 1");
  const layout at{comm, K, static_cast<std::size_t>(comm.rank()), split_range(ctx.n_pre, K), ctx.share_bounds};
  const std::size_t n_own = at.own_rows();
  counted c = count_by_holder(spec, ctx, at);
  synapse_rows& share = c.share;
  owner_rows o = plan_rounds(c.to, K, n_own, ctx.round_synapses);

  // Every owner's synapse count and rounds: the whole projection's size, the first whole id of each owner's rows.
  const std::vector<std::uint64_t> mine{o.whole_at.back(), o.round_at.size() - 1};
  std::vector<std::size_t> sizes;
  const std::vector<char> all = comm.allgather(bytes_of(mine), sizes);
  std::vector<std::uint64_t> totals(K), rounds_of(K);
  for (std::size_t r = 0; r < K; ++r) {
    std::memcpy(&totals[r], all.data() + r * 16, 8);
    std::memcpy(&rounds_of[r], all.data() + r * 16 + 8, 8);
  }
  const std::uint64_t whole = std::accumulate(totals.begin(), totals.end(), std::uint64_t{0});
  check_count(spec, whole);
  const std::uint64_t first_whole = std::accumulate(totals.begin(), totals.begin() + static_cast<long>(at.me),
                                                    std::uint64_t{0});
  const std::uint64_t rounds = *std::max_element(rounds_of.begin(), rounds_of.end());

  std::vector<received_segments> segs(K);
  std::vector<std::int32_t> values;  // the delays this owner's rows have
  byte_buffer out, in;
  std::vector<std::size_t> out_sizes(K), in_sizes;
  std::vector<std::uint32_t> scratch;
  for (std::uint64_t round = 0; round < rounds; ++round) {
    // this owner's rows [a, b) of the round, and where each row's synapses go in each holder's message
    const bool has = round + 1 < o.round_at.size();
    const std::uint32_t a = has ? o.round_at[round] : 0, b = has ? o.round_at[round + 1] : 0;
    std::vector<std::uint64_t> row_at((b - a) * K);
    std::uint64_t bytes = 0;
    for (std::size_t r = 0; r < K; ++r) {
      const std::uint64_t start = bytes;
      bytes += 8;  // the rows [first, last), as whole row numbers
      for (std::uint32_t j = a; j < b; ++j) {
        row_at[(j - a) * K + r] = bytes;
        bytes += sent_bytes * c.to[j * K + r];
      }
      out_sizes[r] = bytes - start;
    }
    out.reset(bytes);
    for (std::size_t r = 0, start = 0; r < K; start += out_sizes[r], ++r) {
      const std::uint32_t rows[2]{at.first() + a, at.first() + b};
      std::memcpy(out.data() + start, rows, 8);
    }
    std::vector<std::vector<std::int32_t>> block_values(blocks_for(ctx.pool, o.whole_at[b] - o.whole_at[a]));
    run_blocks(ctx.pool, b - a, o.whole_at[b] - o.whole_at[a], [&](std::size_t lo, std::size_t hi, std::size_t blk) {
      row_draws t;
      std::vector<char*> where(K);
      for (std::size_t j = a + lo; j < a + hi; ++j) {
        for (std::size_t r = 0; r < K; ++r) where[r] = out.data() + row_at[(j - a) * K + r];
        send_row(spec, ctx, at, at.first() + static_cast<std::uint32_t>(j), c.to.data() + j * K,
                 first_whole + o.whole_at[j], where, t, block_values[blk]);
      }
    }, 1);
    for (const auto& v : block_values)
      for (std::int32_t d : v) note_value(values, d);
    comm.alltoall(out.bytes(), out_sizes, in_sizes, in);
    const char* from = in.data();
    for (std::size_t r = 0; r < K; ++r) {
      std::uint32_t rows[2];
      std::memcpy(rows, from, 8);
      const char* end = take_rows(spec, rows[0], rows[1], from + 8, share, segs[r], scratch);
      if (static_cast<std::size_t>(end - from) != in_sizes[r])
        throw error("connect_by_owners: process " + std::to_string(r) + " sent a message of unexpected length");
      from = end;
    }
  }

  // The segments in row order (the owners' in rank order), and the whole projection's delay values.
  for (const received_segments& s : segs) {
    share.seg_begin.insert(share.seg_begin.end(), s.begin.begin(), s.begin.end());
    share.seg_delay.insert(share.seg_delay.end(), s.delay.begin(), s.delay.end());
    share.whole_begin.insert(share.whole_begin.end(), s.whole.begin(), s.whole.end());
  }
  std::vector<std::size_t> value_sizes;
  const std::vector<char> every_value = comm.allgather(bytes_of(values), value_sizes);
  std::vector<std::int32_t> delays(every_value.size() / sizeof(std::int32_t));
  if (!delays.empty()) std::memcpy(delays.data(), every_value.data(), every_value.size());
  std::sort(delays.begin(), delays.end());
  if (!delays.empty()) share.note_delays(delays);
  share.close_segments();
  const bool whole_share = at.shares[at.me] == 0 && at.shares[at.me + 1] == ctx.n_post;
  share.kept_part = !whole_share;
  share.whole_size = whole_share ? 0 : whole;
  if (whole_share) share.whole_begin.clear();
  return std::move(c.share);  // not a copy: `share` names a member
}

}  // namespace plastix::drawn
