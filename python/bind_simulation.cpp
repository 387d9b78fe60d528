// Running: run_experiment and run_sweep on descriptions given as experiment file text (the sweep re-reads the text
// with each grid point's overrides, as the command line tool re-reads the file). The GIL is released while running.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "bindings.hpp"
#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

namespace py = pybind11;

namespace plastix::python {

namespace {

// Runs the experiment described by `text` (+ overrides): its sweep when it has one and `sweep` allows it.
std::shared_ptr<run_results> run_text(const std::string& text, const std::string& file_name,
                                      const std::vector<std::string>& overrides, bool sweep) {
  py::gil_scoped_release release;
  const experiment_spec spec = parse_experiment(text, file_name, overrides);
  if (spec.sweep && sweep) {
    const auto respecify = [&](const std::vector<std::string>& extra) {
      std::vector<std::string> all = overrides;
      all.insert(all.end(), extra.begin(), extra.end());
      return parse_experiment(text, file_name, all);
    };
    return std::make_shared<run_results>(run_sweep(spec, respecify));
  }
  return std::make_shared<run_results>(run_experiment(spec));
}

}  // namespace

void bind_simulation(py::module_& m) {
  m.def("run_text", &run_text, py::arg("text"), py::arg("file_name"),
        py::arg("overrides") = std::vector<std::string>{}, py::arg("sweep") = true,
        "Parses an experiment file's text with overrides and runs it (its [sweep] when it has one and sweep=True).");
  m.def(
      "run_experiment",
      [](const experiment_spec& spec) {
        py::gil_scoped_release release;
        return std::make_shared<run_results>(run_experiment(spec));
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
