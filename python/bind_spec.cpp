// Experiment descriptions: plastix::experiment_spec as _core.ExperimentSpec (read-only), made only by the experiment
// file reader, so that Python and files share one validation and one set of error messages.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "plastix/io/config.hpp"
#include "plastix/spec/experiment.hpp"

namespace py = pybind11;

namespace plastix::python {

void bind_spec(py::module_& m) {
  py::class_<experiment_spec>(m, "ExperimentSpec",
                              "A validated experiment description (plastix::experiment_spec), in internal units.")
      .def_readonly("name", &experiment_spec::name)
      .def_readonly("seed", &experiment_spec::seed)
      .def_readonly("dt", &experiment_spec::dt, "time step [ms]")
      .def_readonly("file", &experiment_spec::file)
      .def_readonly("file_text", &experiment_spec::file_text)
      .def_property_readonly("populations",
                             [](const experiment_spec& s) {
                               py::dict d;  // name -> size, in file order
                               for (const auto& p : s.network.populations) d[py::str(p.name)] = p.size;
                               return d;
                             })
      .def_property_readonly("projections",
                             [](const experiment_spec& s) {
                               py::list l;
                               for (const auto& p : s.network.projections) l.append(p.name);
                               return l;
                             })
      .def_property_readonly("monitors",
                             [](const experiment_spec& s) {
                               py::list l;
                               for (const auto& mon : s.monitors) l.append(mon.name);
                               return l;
                             })
      .def_property_readonly("phases",
                             [](const experiment_spec& s) {
                               py::list l;  // (name, duration [ms])
                               for (const auto& ph : s.phases) l.append(py::make_tuple(ph.name, ph.duration));
                               return l;
                             })
      .def_property_readonly("duration",
                             [](const experiment_spec& s) {
                               double total = 0.0;
                               for (const auto& ph : s.phases) total += ph.duration;
                               return total;
                             },
                             "total duration of the phases [ms]")
      .def_property_readonly("has_sweep", [](const experiment_spec& s) { return s.sweep.has_value(); })
      .def("__repr__", [](const experiment_spec& s) {
        return "<ExperimentSpec '" + s.name + "' seed=" + std::to_string(s.seed) + ">";
      });

  m.def("load_experiment", &load_experiment, py::arg("path"), py::arg("overrides") = std::vector<std::string>{},
        "Reads and validates an experiment file; overrides are --set strings 'dotted.key=value'.");
  m.def(
      "parse_experiment",
      [](const std::string& text, const std::string& file_name, const std::vector<std::string>& overrides) {
        return parse_experiment(text, file_name, overrides);
      },
      py::arg("text"), py::arg("file_name"), py::arg("overrides") = std::vector<std::string>{},
      "As load_experiment, from the text of a file; file_name is used in messages.");
}

}  // namespace plastix::python
