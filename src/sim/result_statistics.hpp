// Pieces the after-run analyses share (private to sim/): where the phases start in steps, the rates of a recorded
// population in a window of steps, the statistics of paired samples, and tables that several analyses fill one row
// each.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "plastix/record/monitors.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

// Start of each phase of spec in steps of spec.dt, rounded as the simulation rounds them; one more entry: the end.
std::vector<std::int64_t> phase_start_steps(const experiment_spec& spec);

// Every neuron's rate [Hz] over the steps [from, to) (from < to) from a spikes record (times step·dt [ms], in time
// order) into rates (resized to n and overwritten).
void rates_in_steps(const spike_record& spikes, std::int64_t from, std::int64_t to, double dt, std::size_t n,
                    std::vector<double>& rates);

// Means and centred sums of squares and products of paired samples x[i], y[i].
struct paired_statistics {
  double mean_x = 0.0, mean_y = 0.0;
  double sxx = 0.0, syy = 0.0, sxy = 0.0;
  double slope() const;        // least-squares slope of y on x; 0 if x is constant
  double correlation() const;  // Pearson's r; 0 if x or y is constant
};
paired_statistics pair_statistics(std::span<const double> x, std::span<const double> y);

// The row table `name` of results that analyses of one type fill one row each, in file order: created with
// columns {"condition", more...} when new; returns it with the next row's condition number (1, 2, ...) appended.
table& next_numbered_row(run_results& results, const std::string& name, const std::vector<std::string>& more);

}  // namespace plastix
