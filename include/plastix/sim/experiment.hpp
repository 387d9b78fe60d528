// An experiment: its phases run in order over one network, then metrics are computed into the results.
#pragma once
#include "plastix/record/monitors.hpp"
#include "plastix/sim/network.hpp"
#include "plastix/sim/simulation.hpp"

namespace plastix {

// Builds the simulation, runs every phase, and returns recordings plus metrics:
//   rate_hz.<population>   mean firing rate over the whole run [Hz]
//   mean_weight.<projection>, final weights' mean [nS or pA]
run_results run_experiment(const experiment_spec& spec, const progress_fn& progress = {});

}  // namespace plastix
