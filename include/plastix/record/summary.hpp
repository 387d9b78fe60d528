// A run's summary as JSON (summary.json in the output directory; fields documented in docs/output.md).
#pragma once
#include <string>

#include "plastix/record/monitors.hpp"

namespace plastix {

// Pretty-printed JSON (2-space indent, trailing newline) with, in this order: experiment, seed, version, file,
// dt_ms, bio_time_s, wall_time_s, realtime_factor (bio_time_s / wall_time_s, null when wall_time_s is 0),
// neuron_count, synapse_count, spike_count, population_sizes {name: size}, phases [{name, duration_ms}],
// metrics {name: value}, tables {name: {column: [values]}} (columns in their stored order).
// Non-finite numbers (NaN, inf) are written as null, since JSON has no such values.
// Throws plastix::error when validate_results(results) does.
std::string summary_json(const run_results& results);

}  // namespace plastix
