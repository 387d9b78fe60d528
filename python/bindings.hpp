// Shared declarations of the plastix._core bindings: one bind_<area>() per file.
#pragma once
#include <pybind11/pybind11.h>

#include "plastix/sim/run_stopped.hpp"
#include "plastix/sim/simulation.hpp"

namespace plastix::python {

void bind_spec(pybind11::module_& m);        // bind_spec.cpp: experiment_spec, load/parse_experiment
void bind_simulation(pybind11::module_& m);  // bind_simulation.cpp: run_experiment, run_sweep
void bind_results(pybind11::module_& m);     // bind_results.cpp: run_results with zero-copy numpy views
void bind_session(pybind11::module_& m);     // bind_session.cpp: runs continued step by step (plastix.Simulation)

// bind_simulation.cpp: the stop check of a run started by the calling thread (Python's signal handlers: Ctrl-C;
// needs the GIL), and RunStopped raised with the results up to the stop (needs the GIL).
stop_fn signal_check();
[[noreturn]] void raise_stopped(const run_stopped& stop);

}  // namespace plastix::python
