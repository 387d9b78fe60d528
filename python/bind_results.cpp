// Results of a run: plastix::run_results as _core.Results. Recordings are numpy arrays that view the C++ buffers
// without copying; each array holds a reference to the Results object (its numpy `base`), so the data stays alive
// as long as any array does, even after the Results object itself is gone in Python. The arrays are read-only.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "bindings.hpp"
#include "plastix/record/monitors.hpp"
#include "plastix/record/output_dir.hpp"

namespace py = pybind11;

namespace plastix::python {

namespace {

// A read-only array over `rows` x `cols` (cols = 0: 1-D) elements of `data`, kept alive by `owner`.
template <typename T>
py::array view(const std::vector<T>& data, const py::object& owner, std::size_t rows, std::size_t cols = 0) {
  std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(rows)};
  std::vector<py::ssize_t> strides{static_cast<py::ssize_t>((cols ? cols : 1) * sizeof(T))};
  if (cols) {
    shape.push_back(static_cast<py::ssize_t>(cols));
    strides.push_back(sizeof(T));
  }
  static const T empty{};
  py::array_t<T> a(shape, strides, data.empty() ? &empty : data.data(), owner);
  a.attr("setflags")(py::arg("write") = false);
  return std::move(a);
}

template <typename T>
py::array view(const std::vector<T>& data, const py::object& owner) {
  return view(data, owner, data.size());
}

py::object record(py::dict fields) { return py::module_::import("types").attr("SimpleNamespace")(**fields); }

const run_results& get(const py::object& self) { return *self.cast<std::shared_ptr<run_results>>(); }

}  // namespace

void bind_results(py::module_& m) {
  py::class_<run_results, std::shared_ptr<run_results>>(m, "Results", "What a run produced (plastix::run_results).")
      .def_readonly("experiment", &run_results::experiment)
      .def_readonly("version", &run_results::version)
      .def_readonly("file", &run_results::file)
      .def_readonly("file_text", &run_results::file_text)
      .def_readonly("seed", &run_results::seed)
      .def_readonly("dt", &run_results::dt, "[ms]")
      .def_readonly("bio_time", &run_results::bio_time, "simulated time [ms]")
      .def_readonly("wall_time", &run_results::wall_time, "[s]")
      .def_readonly("spike_count", &run_results::spike_count)
      .def_readonly("synapse_count", &run_results::synapse_count)
      .def_readonly("neuron_count", &run_results::neuron_count)
      .def_readonly("phases", &run_results::phases, "[(name, duration [ms])]")
      .def_readonly("metrics", &run_results::metrics, "metric name -> value (a copy)")
      .def_readonly("population_sizes", &run_results::population_sizes)
      .def_readonly("stop_reason", &run_results::stop_reason,
                    "'' when the run completed; else why it stopped early (the results of RunStopped)")
      .def_property_readonly("tables",
                             [](py::object self) {
                               py::dict out;  // name -> {column: array}, columns in order
                               for (const auto& [name, tab] : get(self).tables) {
                                 py::dict cols;
                                 for (std::size_t c = 0; c < tab.columns.size(); ++c)
                                   cols[py::str(tab.columns[c])] = view(tab.data[c], self);
                                 out[py::str(name)] = cols;
                               }
                               return out;
                             })
      .def_property_readonly("table_labels",
                             [](py::object self) {
                               py::dict out;  // name -> {column: [name per row]} (a sweep's conditions)
                               for (const auto& [name, tab] : get(self).tables) {
                                 if (tab.labels.empty()) continue;
                                 py::dict cols;
                                 for (const auto& [column, names] : tab.labels) cols[py::str(column)] = names;
                                 out[py::str(name)] = cols;
                               }
                               return out;
                             })
      .def_property_readonly("spikes",
                             [](py::object self) {
                               py::dict out;
                               for (const auto& r : get(self).spikes)
                                 out[py::str(r.name)] =
                                     record(py::dict(py::arg("population") = r.population,
                                                     py::arg("times") = view(r.times, self),
                                                     py::arg("senders") = view(r.senders, self)));
                               return out;
                             })
      .def_property_readonly("states",
                             [](py::object self) {
                               py::dict out;
                               for (const auto& r : get(self).states)
                                 out[py::str(r.name)] = record(py::dict(
                                     py::arg("population") = r.population, py::arg("variable") = r.variable,
                                     py::arg("unit") = r.unit, py::arg("scope") = r.scope,
                                     py::arg("neurons") = view(r.neurons, self),
                                     py::arg("times") = view(r.times, self),
                                     py::arg("values") = view(r.values, self, r.times.size(), r.neurons.size())));
                               return out;
                             })
      .def_property_readonly("weights",
                             [](py::object self) {
                               py::dict out;
                               for (const auto& r : get(self).weights)
                                 out[py::str(r.name)] = record(py::dict(
                                     py::arg("projection") = r.projection, py::arg("unit") = r.unit,
                                     py::arg("synapses") = view(r.synapses, self), py::arg("pre") = view(r.pre, self),
                                     py::arg("post") = view(r.post, self), py::arg("times") = view(r.times, self),
                                     py::arg("values") = view(r.values, self, r.times.size(), r.synapses.size())));
                               return out;
                             })
      .def_property_readonly("rates",
                             [](py::object self) {
                               py::dict out;
                               for (const auto& r : get(self).rates)
                                 out[py::str(r.name)] = record(py::dict(
                                     py::arg("population") = r.population, py::arg("bin") = r.bin,
                                     py::arg("times") = view(r.times, self), py::arg("rates") = view(r.rates, self)));
                               return out;
                             })
      .def_property_readonly("transmissions",
                             [](py::object self) {
                               py::dict out;
                               for (const auto& r : get(self).transmissions)
                                 out[py::str(r.name)] = record(py::dict(
                                     py::arg("projection") = r.projection, py::arg("unit") = r.unit,
                                     py::arg("times") = view(r.times, self), py::arg("pre") = view(r.pre, self),
                                     py::arg("efficacy") = view(r.efficacy, self)));
                               return out;
                             })
      .def(
          "write",
          [](const run_results& r, const std::string& dir) {
            py::gil_scoped_release release;
            write_results(r, dir);
          },
          py::arg("dir"), "Writes data.h5, summary.json and experiment.toml to dir, atomically.")
      .def("__repr__", [](const run_results& r) {
        return "<Results '" + r.experiment + "': " + std::to_string(r.spike_count) + " spikes, " +
               std::to_string(r.bio_time) + " ms>";
      });
}

}  // namespace plastix::python
