// plastix._core: the module. plastix::error becomes plastix._core.PlastixError (a ValueError) with the same message.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "plastix/core/error.hpp"
#include "plastix/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "plastix C++ core: experiment descriptions, runs and their results (see docs/python.md)";
  m.attr("__version__") = plastix::version;
  pybind11::register_exception<plastix::error>(m, "PlastixError", PyExc_ValueError);
  plastix::python::bind_spec(m);
  plastix::python::bind_simulation(m);
  plastix::python::bind_results(m);
}
