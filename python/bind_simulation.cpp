// Running: run_experiment and run_sweep on descriptions given as experiment file text (the sweep re-reads the text
// with each grid point's overrides, as the command line tool re-reads the file). The GIL is released while running;
// a run started in the main thread polls Python's signal handlers (stop_fn below), so Ctrl-C raises
// KeyboardInterrupt within a second.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "bindings.hpp"
#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/io/respecify.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/point_schedule.hpp"
#include "plastix/sim/run_stopped.hpp"

namespace py = pybind11;

namespace plastix::python {

namespace {

// The run's stop check (called at most every 0.1 s of wall time, without the GIL): takes the GIL and runs Python's
// signal handlers; when one raises (Ctrl-C: KeyboardInterrupt), the exception leaves the run as
// error_already_set and reaches the caller unchanged.
bool python_signals() {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  return false;
}

}  // namespace

// The stop check for a run started by the calling thread: Python runs signal handlers only in the main thread, so a
// run started in another one is not polled (and never waits for the GIL). Needs the GIL.
stop_fn signal_check() {
  const py::module_ threading = py::module_::import("threading");
  if (!threading.attr("current_thread")().is(threading.attr("main_thread")())) return {};
  return python_signals;
}

// Raises plastix._core.RunStopped with the results up to the stop as its `results` attribute (None if there are
// none) and the time of the stop [ms] as `time_ms`. Needs the GIL.
[[noreturn]] void raise_stopped(const run_stopped& stop) {
  const py::object type = py::module_::import("plastix._core").attr("RunStopped");
  py::object e = type(stop.what());
  e.attr("results") = stop.results() ? py::cast(stop.results()) : py::none();
  e.attr("time_ms") = stop.time();
  PyErr_SetObject(type.ptr(), e.ptr());
  throw py::error_already_set();
}

namespace {

// Runs the experiment described by `text` (+ overrides): its sweep when it has one and `sweep` allows it.
// A sweep runs `jobs` points at once (0: default_jobs(), the number of cores; docs/parallel.md); the stop check is
// asked by the calling thread only.
std::shared_ptr<run_results> run_text(const std::string& text, const std::string& file_name,
                                      const std::vector<std::string>& overrides, bool sweep, unsigned jobs,
                                      unsigned threads) {
  const stop_fn stop = signal_check();
  try {
    py::gil_scoped_release release;
    experiment_spec spec = parse_experiment(text, file_name, overrides);
    spec.threads = threads > 0 ? threads : 1;  // how it is computed, not what (docs/parallel.md)
    if (spec.sweep && sweep) {
      const respecify_fn respecify = respecify_text(text, file_name, overrides);
      return std::make_shared<run_results>(
          run_sweep(spec, respecify, {}, stop, checkpoint_options{}, nullptr, jobs > 0 ? jobs : default_jobs()));
    }
    return std::make_shared<run_results>(run_experiment(spec, {}, stop));
  } catch (const run_stopped& stopped) {  // the GIL is held again here
    raise_stopped(stopped);
  }
}

}  // namespace

void bind_simulation(py::module_& m) {
  m.def("run_text", &run_text, py::arg("text"), py::arg("file_name"),
        py::arg("overrides") = std::vector<std::string>{}, py::arg("sweep") = true, py::arg("jobs") = 0u, py::arg("threads") = 1u,
        "Parses an experiment file's text with overrides and runs it (its [sweep] when it has one and sweep=True; "
        "`jobs` points of it at once, 0: the number of cores; `threads` threads inside each run). "
        "Raises RunStopped (with .results up to the stop) when a value becomes NaN or infinite, and "
        "KeyboardInterrupt on Ctrl-C.");
  m.def(
      "run_experiment",
      [](const experiment_spec& spec) {
        const stop_fn stop = signal_check();
        try {
          py::gil_scoped_release release;
          return std::make_shared<run_results>(run_experiment(spec, {}, stop));
        } catch (const run_stopped& stopped) {
          raise_stopped(stopped);
        }
      },
      py::arg("spec"), "Runs a validated description once (a [sweep] is ignored).");
  m.def(
      "check_sweep",
      [](const std::string& text, const std::string& file_name, const std::vector<std::string>& overrides) {
        const experiment_spec spec = parse_experiment(text, file_name, overrides);
        check_sweep(spec, [&](const std::vector<std::string>& extra) {
          std::vector<std::string> all = overrides;
          all.insert(all.end(), extra.begin(), extra.end());
          return parse_experiment(text, file_name, all);
        });
      },
      py::arg("text"), py::arg("file_name"), py::arg("overrides") = std::vector<std::string>{});
}

}  // namespace plastix::python
