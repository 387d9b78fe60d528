// plastix._core: the module. plastix::error becomes plastix._core.PlastixError (a ValueError) with the same message;
// plastix::run_stopped becomes plastix._core.RunStopped (a PlastixError).
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "plastix/core/error.hpp"
#include "plastix/sim/run_stopped.hpp"
#include "plastix/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "plastix C++ core: experiment descriptions, runs and their results (see docs/python.md)";
  m.attr("__version__") = plastix::version;
  auto& plastix_error = pybind11::register_exception<plastix::error>(m, "PlastixError", PyExc_ValueError);
  // A run that stopped early (a NaN or ±inf): plastix._core.RunStopped, a PlastixError whose `results` attribute holds
  // the results up to the stop (bind_simulation.cpp sets it).
  pybind11::register_exception<plastix::run_stopped>(m, "RunStopped", plastix_error.ptr());
  plastix::python::bind_spec(m);
  plastix::python::bind_simulation(m);
  plastix::python::bind_results(m);
}
