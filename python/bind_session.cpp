// Runs you continue step by step: _core.Session, a plastix::session (sim/session.hpp) of an experiment given as the
// text of its file, behind plastix.Simulation (python/plastix/simulation.py, docs/python.md). The Python side writes
// each change (sim.set, sim.intervene) into the experiment's text, as a [[phase]] set or intervention at the time
// it is made; the text is read by plastix's own reader (every check and message of experiment files) and the
// session takes the phases from now on. Monitors added while running are [[monitor]] tables read the same way.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>

#include "bindings.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/units.hpp"
#include "plastix/io/config.hpp"
#include "plastix/io/resume.hpp"
#include "plastix/record/checkpoint_file.hpp"
#include "plastix/sim/run_stopped.hpp"
#include "plastix/sim/session.hpp"

namespace py = pybind11;

namespace plastix::python {

namespace {

class py_session {
 public:
  // A new run of the experiment `text` (read as the file `file_name`).
  py_session(const std::string& text, const std::string& file_name) : text_(text), file_name_(file_name) {
    const experiment_spec spec = read(text_);
    run_ = std::make_unique<session>(spec);
    run_->set_edits({text_, monitors_});
  }

  // The run saved in a checkpoint, continued (plastix.load).
  explicit py_session(const checkpoint& c) {
    const checkpoint_header& h = c.header;
    if (!h.sweep_point.empty())
      throw error("plastix.load: '" + h.experiment + "' is a checkpoint of a sweep (" + h.sweep_point +
                  "); a Simulation is one run: continue a sweep with `plastix resume`");
    file_name_ = h.file;
    // The version, and the experiment: a Python session's as it ran (its changes, its monitors), else the file's.
    const experiment_spec as_run = resume_spec(c);
    const session_edits edits = session_edits_of(c);
    text_ = edits.experiment_text.empty() ? as_run.file_text : edits.experiment_text;
    monitors_ = edits.monitors;
    const experiment_spec spec = read(text_ + monitors_);
    session::options o;
    o.resume = &c;
    run_ = std::make_unique<session>(spec, o);
    run_->set_edits({text_, monitors_});
    if (!run_->done()) run_->enter_phase();  // the saved state in place (the clock, ...) before anything is asked
  }

  session& run() {
    if (final_) throw error("the simulation has finished: its results are final (build or load a new one)");
    return *run_;
  }

  // The experiment read from `text`: one run, no sweep.
  experiment_spec read(const std::string& text) const {
    experiment_spec spec = parse_experiment(text, file_name_);
    if (spec.sweep)
      throw error(spec.sweep->where, "a Simulation runs one experiment, not a [sweep]: run sweeps with plastix.run, "
                                     "or pick one point with overrides and no [sweep]");
    return spec;
  }

  void update(const std::string& text) {
    const experiment_spec spec = read(text + monitors_);
    run().update(spec);
    text_ = text;
    run_->set_edits({text_, monitors_});
  }

  void add_monitor(const std::string& table) {
    const experiment_spec spec = read(text_ + monitors_ + table);
    run().add_monitor(spec.monitors.back());
    monitors_ += table;
    run_->set_edits({text_, monitors_});
  }

  std::shared_ptr<run_results> finish() {
    if (!final_) final_ = std::make_shared<run_results>(run_->finish());
    return final_;
  }

  std::shared_ptr<run_results> results() {
    if (final_) return final_;
    return std::make_shared<run_results>(run_->results_so_far());
  }

  const std::string& text() const { return text_; }
  const std::string& monitors() const { return monitors_; }
  session& raw() { return *run_; }
  bool finished() const { return static_cast<bool>(final_); }

 private:
  std::string text_;      // the experiment as edited so far (without the monitors added)
  std::string monitors_;  // [[monitor]] tables added while running
  std::string file_name_;
  std::unique_ptr<session> run_;
  std::shared_ptr<run_results> final_;
};

// Runs `fn` without the GIL, polling Python's signal handlers; a stop becomes RunStopped with its results.
template <class Fn>
void running(Fn&& fn) {
  const stop_fn stop = signal_check();
  try {
    py::gil_scoped_release release;
    fn(stop);
  } catch (const run_stopped& stopped) {
    raise_stopped(stopped);
  }
}

}  // namespace

void bind_session(py::module_& m) {
  py::class_<py_session>(m, "Session",
                         "A run of one experiment continued step by step (plastix.Simulation wraps it; "
                         "docs/python.md).")
      .def(py::init<const std::string&, const std::string&>(), py::arg("text"), py::arg("file_name"))
      .def(
          "run",
          [](py_session& self, double ms) {
            session& s = self.run();
            running([&](const stop_fn& stop) {
              s.sim().set_stop_check(stop);
              s.run(ms);
            });
          },
          py::arg("ms"), "Advances by ms milliseconds (rounded to steps).")
      .def("update", &py_session::update, py::arg("text"),
           "Takes the experiment's phases from this text (edited at the current time) from now on.")
      .def("add_monitor", &py_session::add_monitor, py::arg("table"),
           "Adds the [[monitor]] table (TOML text) from now on.")
      .def(
          "position",
          [](py_session& self) {
            session& s = self.run();
            const std::int64_t at = s.enter_phase();
            return py::make_tuple(s.phase(), static_cast<double>(at) * s.sim().dt());
          },
          "(index of the phase running, ms into it); begins the phase due now. An error once every phase has run.")
      .def_property(
          "threads", [](py_session& self) { return self.raw().sim().threads(); },
          [](py_session& self, unsigned n) {
            if (n < 1) throw error("threads: expected a whole number of at least 1, got " + std::to_string(n));
            self.raw().sim().set_threads(n);
          },
          "threads inside the run (1: none); the results are the same for every number (docs/parallel.md)")
      .def_property_readonly("t", [](py_session& self) { return self.raw().sim().time(); }, "time [ms]")
      .def_property_readonly("step", [](py_session& self) { return self.raw().sim().step(); })
      .def_property_readonly("dt", [](py_session& self) { return self.raw().sim().dt(); }, "time step [ms]")
      .def_property_readonly("end", [](py_session& self) {
        return static_cast<double>(self.raw().end_step()) * self.raw().sim().dt();
      }, "time at the end of the last phase [ms]")
      .def_property_readonly("phase",
                             [](py_session& self) -> py::object {
                               const session& s = self.raw();
                               if (s.done()) return py::none();
                               return py::str(s.spec().phases[s.phase()].name);
                             })
      .def_property_readonly("text", &py_session::text, "the experiment as edited so far")
      .def_property_readonly("monitors", &py_session::monitors, "the [[monitor]] tables added")
      .def_property_readonly("finished", &py_session::finished)
      .def(
          "weights",
          [](py_session& self, const std::string& projection) {
            const auto w = self.run().sim().projection_named(projection).weights();
            return py::array_t<double>(static_cast<py::ssize_t>(w.size()), w.data());
          },
          py::arg("projection"), "A copy of the projection's weights now, by synapse.")
      .def("results", &py_session::results, "The results so far (final ones once finished).")
      .def(
          "save",
          [](py_session& self, const std::string& path) {
            session& s = self.run();
            py::gil_scoped_release release;
            s.save(path);
          },
          py::arg("path"), "Writes a checkpoint of the run now.")
      .def(
          "finish",
          [](py_session& self) {
            std::shared_ptr<run_results> r;
            running([&](const stop_fn& stop) {
              if (!self.finished()) self.raw().sim().set_stop_check(stop);
              r = self.finish();
            });
            return r;
          },
          "Runs what is left of the phases; the complete results.");
  m.def(
      "load_session",
      [](const std::string& path) {
        const checkpoint c = read_checkpoint(path);
        return std::make_unique<py_session>(c);
      },
      py::arg("path"), "The run saved in a checkpoint, to continue (plastix.load).");
  m.def(
      "quantity_ms", [](const std::string& text) { return parse_quantity(text, dimension::time); }, py::arg("text"),
      "A time with its unit (\"20 ms\", \"2 s\") in ms.");
}

}  // namespace plastix::python
