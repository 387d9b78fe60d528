// plastix._core: the module. plastix::error becomes plastix._core.PlastixError (a ValueError) with the same message
// and a `problems` attribute: one dict per problem (file, line, column, key, message; several for plastix::problems);
// plastix::run_stopped becomes plastix._core.RunStopped (a PlastixError).
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "plastix/core/error.hpp"
#include "plastix/sim/run_stopped.hpp"
#include "plastix/version.hpp"

namespace {

pybind11::dict problem_dict(const plastix::error& e) {
  pybind11::dict d;
  d["file"] = e.where().file;
  d["line"] = e.where().line;
  d["column"] = e.where().column;
  d["key"] = e.where().key;
  d["message"] = e.message();
  return d;
}

// PlastixError(message) with .problems, for every plastix::error but run_stopped (its own translator below).
void raise_plastix_error(const plastix::error& e) {
  pybind11::list problems;
  if (const auto* all = dynamic_cast<const plastix::problems*>(&e)) {
    for (const plastix::error& p : all->list()) problems.append(problem_dict(p));
  } else {
    problems.append(problem_dict(e));
  }
  const pybind11::object type = pybind11::module_::import("plastix._core").attr("PlastixError");
  pybind11::object instance = type(e.what());
  instance.attr("problems") = problems;
  PyErr_SetObject(type.ptr(), instance.ptr());
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "plastix C++ core: experiment descriptions, runs and their results (see docs/python.md)";
  m.attr("__version__") = plastix::version;
  auto& plastix_error = pybind11::register_exception<plastix::error>(m, "PlastixError", PyExc_ValueError);
  // A run that stopped early (a NaN or ±inf): plastix._core.RunStopped, a PlastixError whose `results` attribute holds
  // the results up to the stop (bind_simulation.cpp sets it).
  pybind11::register_exception<plastix::run_stopped>(m, "RunStopped", plastix_error.ptr());
  pybind11::register_exception_translator([](std::exception_ptr p) {  // tried before the two above
    try {
      if (p) std::rethrow_exception(p);
    } catch (const plastix::run_stopped&) {
      throw;
    } catch (const plastix::error& e) {
      raise_plastix_error(e);
    }
  });
  plastix::python::bind_spec(m);
  plastix::python::bind_simulation(m);
  plastix::python::bind_results(m);
  plastix::python::bind_session(m);
}
