// Runs the points of a sweep on N threads and merges their results in point order (run_sweep in experiment.cpp;
// docs/parallel.md). Private to the sim layer.
#pragma once
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "plastix/core/communicator.hpp"
#include "plastix/sim/simulation.hpp"

namespace plastix {

// Which points run_points runs and on how many threads.
struct point_range {
  std::size_t first = 0;  // the first point to run (points before it are done)
  std::size_t end = 0;    // one past the last point
  unsigned jobs = 1;      // points at the same time; 1: each point runs and is merged on the calling thread
};
// Computes point k (on any thread) into storage of the caller's; `stop` is the stop check the point's run polls.
using point_work = std::function<void(std::size_t point, const stop_fn& stop)>;
// Merges point k into the sweep's results, always on the calling thread, in point order.
using point_merge = std::function<void(std::size_t point)>;

// Runs work(k) for every point k of `range` and merge(k) after it, in point order, on the calling thread; returns
// the number of points merged (range.end, unless `stop` said stop before the next point to merge had started).
// jobs = 1: work(k) and merge(k) one after another on the calling thread, with `stop` as the points' stop check.
// jobs > 1: up to `jobs` points at once on threads of their own (at most 2 × jobs points beyond the next to merge
// are computed ahead); `stop` is asked on the calling thread only (at least every 0.1 s), and when it says stop, no
// point starts any more and the running points are asked to stop through their own stop checks (their work throws
// run_stopped, rethrown here for the first of them). A point whose work throws is not merged: the
// points before it still run and are merged, the points after it are stopped or not started, and its exception is
// rethrown here — the error of the first point that failed, as in a run one point after another. An exception from
// merge or from `stop` stops every running point and is rethrown once they have ended.
std::size_t run_points(const point_range& range, const point_work& work, const point_merge& merge,
                       const stop_fn& stop);

// MPI (docs/parallel.md): the points of `range` shared out over the K processes of `comm`, in rounds of K points,
// point k computed by rank k mod K on its own (range.jobs is not used), instead of each point being shared among
// them. compute(k) runs point k here and returns its outcome as bytes (point_outcome.hpp; it throws nothing); after
// each round one collective gives every rank every point's outcome, and take(k, bytes) merges them in point order on
// every rank — throwing a point's error there, after the points before it — so every rank ends with the same
// results and meets the same error. `stop` is asked on every rank before each round: when any says stop, no round
// starts. Returns the number of points merged.
using point_compute = std::function<std::vector<char>(std::size_t point)>;
using point_take = std::function<void(std::size_t point, std::span<const char> outcome)>;
std::size_t run_points_on_ranks(communicator& comm, const point_range& range, const point_compute& compute,
                                const point_take& take, const stop_fn& stop);

// Where point k lies in the sweep's grid: its condition (the outermost axis) and its index on each axis (the last
// axis fastest). `sizes`: the number of values of each axis.
void grid_position(std::size_t k, const std::vector<std::size_t>& sizes, std::size_t& condition,
                   std::vector<std::size_t>& index);

// The progress text of a sweep: "3/9 points done, ETA 12 s" (the ETA from the mean wall time per point done in this
// run: `done_here` points in `wall` seconds; none before the first).
std::string sweep_progress_text(std::size_t done, std::size_t points, std::size_t done_here, double wall);

}  // namespace plastix
