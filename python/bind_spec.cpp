// Experiment descriptions: plastix::experiment_spec as _core.ExperimentSpec (read-only), made only by the experiment
// file reader, so that Python and files share one validation and one set of error messages.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "plastix/io/config.hpp"
#include "plastix/spec/catalogue_text.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/spec/models.hpp"

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

  // The model catalogue (spec/models.hpp): one dict per model, its keys and state as dicts.
  m.def(
      "catalogue",
      [] {
        py::list out;
        for (const model_info* mi : catalogue()) {
          py::list keys, state;
          for (const key_info& k : mi->keys) {
            const std::string unit = k.type == value_type::quantity ? std::string(unit_name(k.dim)) : "";
            keys.append(py::dict(py::arg("name") = k.name, py::arg("type") = type_text(k), py::arg("unit") = unit,
                                 py::arg("default") = k.default_text, py::arg("bounds") = k.range.text(unit),
                                 py::arg("choices") = k.choices, py::arg("doc") = k.doc));
          }
          for (const state_info& v : mi->state) {
            state.append(py::dict(py::arg("name") = v.name, py::arg("scope") = std::string(scope_name(v.scope)),
                                  py::arg("unit") = v.weight_unit ? std::string("weight") : std::string(unit_name(v.dim)),
                                  py::arg("doc") = v.doc));
          }
          out.append(py::dict(py::arg("family") = mi->family, py::arg("name") = mi->name, py::arg("doc") = mi->doc,
                              py::arg("keys") = keys, py::arg("presets") = mi->presets, py::arg("state") = state));
        }
        return out;
      },
      "Every model of the catalogue: dicts with family, name, doc, keys (name, type, unit, default, bounds, "
      "choices, doc), presets and state (name, scope, unit, doc).");
  m.def("catalogue_overview", &catalogue_overview, "The text of `plastix list`.");
  m.def(
      "model_help", [](const std::string& name) { return model_help(name); }, py::arg("name"),
      "The text of `plastix list NAME`: the keys, presets and state of the model(s) named `name`.");

  m.def(
      "load_experiment",
      [](const std::string& path, const std::vector<std::string>& overrides) { return load_experiment(path, overrides); },
      py::arg("path"), py::arg("overrides") = std::vector<std::string>{},
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
