// One synapse against the others ([[analysis]] type = "synapse_rank"): the outcome of Izhikevich 2007's distal
// reward experiment, where one rewarded synapse grows to the maximum while the bulk of the weights stays low.
// From the weights monitor `weights`, which records every synapse of its projection: the chosen synapse is the one
// from pre neuron `pre_neuron` to post neuron `post_neuron` (the first such synapse of the monitor when there are
// several); "the others" are every other synapse of the monitor that exists at the sample (not NaN).
// One row per sample of the monitor:
//   t_s          the sample's time [s]
//   w            the chosen synapse's weight [the projection's weight unit]
//   mean, p90, p99   mean, 90th and 99th percentile of the others (percentiles interpolated linearly between
//                    the sorted values, as numpy.percentile's default)
//   rank         1 + the number of others with a larger weight (1 = the largest; ties share the better rank)
// The weight unit travels with the table: its labels of column `w` hold the monitor's unit once per row ("mV"), so
// that figures label the weight axis and a sweep's stacked tables keep it.
// Metrics at the last sample: synapse_w, synapse_rank, others_mean, others_p99.
#pragma once
#include <cstdint>
#include <vector>

#include "plastix/record/monitors.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

// The percentile q (in [0, 100]) of `values`, linearly interpolated; they are sorted in place. NaN when empty.
double percentile(std::vector<double>& values, double q);

// The table of the chosen synapse of `rec` (from pre neuron `pre` to post neuron `post`) against the others;
// throws plastix::error when the monitor has no such synapse.
table synapse_rank_table(const weight_record& rec, std::uint32_t pre, std::uint32_t post);

// Adds the table `a.table` and the metrics to `results` (the monitor named a.weights).
void synapse_rank_analysis(const analysis_spec& a, run_results& results);

}  // namespace plastix
