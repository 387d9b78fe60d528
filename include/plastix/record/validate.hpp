// Consistency checks on recorded data, run before anything is written to disk.
#pragma once
#include "plastix/record/monitors.hpp"

namespace plastix {

// Throws plastix::error naming the offending record when `results` cannot be written as documented in
// docs/output.md:
//  - record, table and column names must be non-empty, must not contain '/' and must not be "." or "..",
//    and must be unique within their kind (spikes, state, weights, rates, tables; columns within a table);
//  - spikes: one sender per spike time;
//  - state: values.size() == times.size() * neurons.size();
//  - weights: pre and post have one entry per recorded synapse, values.size() == times.size() * synapses.size();
//  - rates: one rate per bin start, bin > 0 and finite;
//  - tables: one data column per column name, all columns of equal length.
// Does nothing on valid input. write_hdf5 and summary_json call it first.
void validate_results(const run_results& results);

}  // namespace plastix
