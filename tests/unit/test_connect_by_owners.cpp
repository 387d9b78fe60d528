// Construction shared out over MPI processes (synapse/connect_by_owners.cpp), with the processes played by threads
// (threads_communicator.hpp): each process draws only its own rows and receives its share from the rows' owners, and
// gets exactly what it keeps of the whole projection drawn by one process (projection::keep_onto) — the same
// synapses in the same order, weights bitwise, delays, the whole projection's ids, its delay values and size — for
// every connector that draws, 2 and 3 processes, with and without threads, in one round or many.
#include <gtest/gtest.h>

#include <memory>

#include "plastix/core/partition.hpp"
#include "plastix/neuron/population.hpp"
#include "plastix/synapse/connectors.hpp"
#include "plastix/synapse/projection.hpp"
#include "spec_builders.hpp"
#include "threads_communicator.hpp"

using namespace plastix;

namespace {

using kind = connector_spec::kind;

projection_spec spec_of(kind type) {
  projection_spec ps = test::projection_between("a", "a", "exc", 1.0, 0.1);
  ps.connector.type = type;
  ps.connector.p = 0.15;
  ps.connector.indegree = 40;
  ps.weight = distribution::uniform(0.0, 1.0);
  ps.delay = distribution::uniform(0.1, 1.0);  // 1..10 steps: several segments per row
  return ps;
}

std::unique_ptr<population> make(const std::string& name, std::size_t n, std::uint32_t index) {
  return make_population(test::lif_population(name, n, {}, {test::conductance("exc", 5.0, 0.0)}), index, 1);
}

// The share as rows of a projection against the reference: the whole projection drawn by one process, of which
// projection::keep_onto keeps the synapses onto [lo, hi) (tests/unit/test_keep_onto.cpp shows it keeps exactly
// those, in the whole projection's order, with their ids).
void expect_share(const synapse_rows& got, synapse_rows whole, std::uint32_t lo, std::uint32_t hi, population& pre,
                  population& post, const std::string& what) {
  projection share("ab", pre, post, 0, synapse_rows(got), 0);
  projection kept("ab", pre, post, 0, std::move(whole), 0);
  const bool part = lo > 0 || hi < post.size();
  if (part) kept.keep_onto(lo, hi, {0, 0.1, 1});
  EXPECT_EQ(got.kept_part, part) << what;
  EXPECT_EQ(share.kept_part(), kept.kept_part()) << what;
  EXPECT_EQ(share.whole_size(), kept.whole_size()) << what;
  EXPECT_EQ(share.delay_values(), kept.delay_values()) << what;
  ASSERT_EQ(share.size(), kept.size()) << what;
  for (std::uint32_t j = 0; j < pre.size(); ++j) ASSERT_EQ(share.row_begin(j), kept.row_begin(j)) << what << ", row " << j;
  for (std::uint32_t s = 0; s < share.size(); ++s) {
    ASSERT_EQ(share.post_index()[s], kept.post_index()[s]) << what << ", synapse " << s;
    ASSERT_EQ(share.weights()[s], kept.weights()[s]) << what << ", synapse " << s;  // bitwise
    ASSERT_EQ(share.delay(s), kept.delay(s)) << what << ", synapse " << s;
    ASSERT_EQ(share.whole_id(s), kept.whole_id(s)) << what << ", synapse " << s;
  }
}

// Every rank of `ranks` builds its share by owners (with `threads` threads each, rounds of `round` synapses) and
// compares it with the share kept from the whole projection drawn by one process.
void expect_shares_as_kept(const projection_spec& ps, std::uint32_t n, int ranks, std::vector<std::uint32_t> bounds,
                           std::size_t threads, std::size_t round, bool rate = false) {
  const connect_context base{n, n, true, 2, 17, 0.1, rate};
  std::vector<synapse_rows> got(static_cast<std::size_t>(ranks));
  test::threads_world world(ranks);
  world.run([&](communicator& comm) {
    connect_context ctx = base;
    std::unique_ptr<thread_pool> pool = threads > 1 ? std::make_unique<thread_pool>(threads) : nullptr;
    ctx.pool = pool.get();
    ctx.comm = &comm;
    ctx.share_bounds = bounds;
    ctx.round_synapses = round;
    got[static_cast<std::size_t>(comm.rank())] = connect(ps, ctx);
  });
  auto a = make("a", n, 0);
  const projection whole("ab", *a, *a, 0, connect(ps, base), 0);
  ASSERT_GT(whole.size(), 0u);
  std::size_t held = 0;
  for (int r = 0; r < ranks; ++r) {
    const auto me = static_cast<std::size_t>(r);
    expect_share(got[me], connect(ps, base), bounds[me], bounds[me + 1], *a, *a,
                 "connector " + std::to_string(static_cast<int>(ps.connector.type)) + (rate ? " (rate)" : "") +
                     ", rank " + std::to_string(r) + " of " + std::to_string(ranks) + ", " + std::to_string(threads) +
                     " threads, rounds of " + std::to_string(round));
    held += got[me].size();
  }
  EXPECT_EQ(held, whole.size());  // every synapse held once
}

}  // namespace

TEST(connect_by_owners, each_process_gets_the_share_it_would_keep_from_the_whole_projection) {
  for (const kind type : {kind::fixed_probability, kind::all_to_all, kind::one_to_one, kind::fixed_indegree}) {
    const projection_spec ps = spec_of(type);
    for (const int ranks : {2, 3})
      for (const std::size_t round : {std::size_t{1} << 22, std::size_t{700}}) {
        std::vector<std::uint32_t> bounds = split_range(400, static_cast<std::size_t>(ranks));
        expect_shares_as_kept(ps, 400, ranks, bounds, 1, round);
      }
  }
}

TEST(connect_by_owners, autapses_multapses_and_one_delay_are_drawn_as_by_one_process) {
  projection_spec ps = spec_of(kind::fixed_probability);
  ps.connector.autapses = false;
  expect_shares_as_kept(ps, 300, 3, split_range(300, 3, 1), 1, 500);
  ps = spec_of(kind::fixed_indegree);
  ps.connector.multapses = true;
  ps.delay = distribution::constant(0.5);
  expect_shares_as_kept(ps, 300, 2, split_range(300, 2, 1), 1, 500);
  ps.connector.multapses = false;
  ps.connector.autapses = false;
  expect_shares_as_kept(ps, 300, 3, split_range(300, 3, 1), 1, 500);
}

TEST(connect_by_owners, rate_projections_get_their_share_with_one_delay_of_zero) {
  for (const kind type : {kind::fixed_probability, kind::fixed_indegree, kind::all_to_all})
    expect_shares_as_kept(spec_of(type), 150, 3, split_range(150, 3, 1), 1, 400, true);
}

TEST(connect_by_owners, a_process_may_hold_nothing_or_everything) {
  const projection_spec ps = spec_of(kind::fixed_probability);
  expect_shares_as_kept(ps, 200, 3, {0, 0, 120, 200}, 1, 300);   // rank 0 holds nothing
  expect_shares_as_kept(ps, 200, 2, {0, 200, 200}, 1, 300);      // rank 0 holds all: a whole projection
}

TEST(connect_by_owners, threads_inside_each_process_draw_the_same_share) {
  for (const kind type : {kind::fixed_probability, kind::fixed_indegree}) {
    projection_spec ps = spec_of(type);
    ps.connector.indegree = 120;  // 72 000 synapses: split by the threads (worth_splitting)
    expect_shares_as_kept(ps, 600, 2, split_range(600, 2), 2, std::size_t{1} << 22);
    expect_shares_as_kept(ps, 600, 3, split_range(600, 3), 3, 20000);
  }
}
