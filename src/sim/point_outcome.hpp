// A sweep point's outcome as bytes, for MPI processes that share out a sweep's points (run_points_on_ranks,
// sweep_points.hpp; docs/parallel.md): the point's results and measured rows, or the error that stopped it, so that
// every process merges every point and meets every error as if it had computed the point itself. Private to the sim
// layer.
#pragma once
#include <functional>
#include <span>
#include <vector>

#include "plastix/record/monitors.hpp"

namespace plastix {

// Runs `compute`, which fills `results` and `timed`, and returns the outcome; throws nothing (what `compute` throws
// is the outcome). `results` and `timed` are left empty.
std::vector<char> point_outcome(const std::function<void()>& compute, run_results& results,
                                std::vector<std::vector<double>>& timed);

// Reads an outcome into `results` and `timed`, or throws the point's error as it was thrown: run_stopped with its
// results up to the stop, problems, error; any other exception as std::runtime_error (an internal error).
void take_point_outcome(std::span<const char> bytes, run_results& results, std::vector<std::vector<double>>& timed);

}  // namespace plastix
