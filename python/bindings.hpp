// Shared declarations of the plastix._core bindings: one bind_<area>() per file.
#pragma once
#include <pybind11/pybind11.h>

namespace plastix::python {

void bind_spec(pybind11::module_& m);        // bind_spec.cpp: experiment_spec, load/parse_experiment
void bind_simulation(pybind11::module_& m);  // bind_simulation.cpp: run_experiment, run_sweep
void bind_results(pybind11::module_& m);     // bind_results.cpp: run_results with zero-copy numpy views

}  // namespace plastix::python
