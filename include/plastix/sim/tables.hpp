// Result tables computed after a run from its recorded series ([[table]] in experiment files, table_spec in
// spec/experiment.hpp): e.g. the amplitudes of a train of transmitted spikes relative to the first.
#pragma once
#include <vector>

#include "plastix/record/monitors.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

// Adds one table per spec to results.tables. Series columns:
//   "transmission.<monitor>"  the efficacies of the transmission monitor, in order of delivery (`pre`: only the
//                             events of that presynaptic neuron)
//   "rate.<monitor>"          the population rate in each bin [Hz]
//   "state.<monitor>"         the samples of the monitor's first recorded neuron, or (`average`) the mean over its
//                             neurons
// `times` takes the series' times [ms] instead (bin starts, sample times, delivery times); `skip` leaves out the
// first values; `normalize_first` divides a column by its first value (after skip); index columns count 1, 2, 3,
// ... up to the common length.
// Throws plastix::error naming the table when its columns differ in length, a series is unknown, a first value
// to normalize by is 0, or a table of that name already exists.
void compute_tables(const std::vector<table_spec>& tables, run_results& results);

// One table computed as compute_tables computes it (the same errors), returned instead of added to the results.
table compute_table(const table_spec& t, const run_results& results);

// Adds one metric per spec to results.metrics: over the values of its series (read as a table column) whose time
// lies in [from, to): their mean, max, min, or the number of upward crossings of `threshold` (a value below it
// followed by one at or above it). Throws plastix::error when the window holds no value or the name is taken.
void compute_metrics(const std::vector<metric_spec>& metrics, run_results& results);

}  // namespace plastix
