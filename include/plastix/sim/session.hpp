// A run of one experiment (one sweep point) that the caller advances by any duration across its declared phases,
// changing parameters and interventions and adding monitors between two steps, saving it and going on (Python:
// plastix.Simulation, docs/python.md). run_experiment runs a session to its end in one go: `plastix run` and Python
// share one code path, and a run continued in pieces of any sizes is bitwise the run done at once.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "plastix/record/checkpoint_file.hpp"
#include "plastix/record/monitors.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

// Checkpoints of the run by period (plastix run --checkpoint-every, docs/checkpoints.md): the options, the
// experiment file run (for the header: a sweep's, for a point of it), and for a sweep's point the sweep's own state
// around the point's (`outer`, called with in_point = true), the point's name and the sweep's clock
// (simulation::checkpointing).
struct checkpoint_options;
struct point_checkpoints {
  const checkpoint_options& options;
  const experiment_spec& run;
  std::function<void(state_visitor&, bool in_point)> outer;
  std::string sweep_point;
  std::int64_t step_origin = 0;  // [steps]
  double wall_elapsed = 0.0;     // [s]
};

// What a Python session changed, saved in its checkpoints as /state/session/ (docs/checkpoints.md): the experiment
// as it runs now (the file's text with every sim.set and sim.intervene written into its phases) and the
// [[monitor]] tables added while running (in the order added; they record from the time they were added).
struct session_edits {
  std::string experiment_text;
  std::string monitors;
};

class session {
 public:
  struct options {
    progress_fn progress;
    stop_fn stop;
    // Calls inside the phases (a sweep's measuring times), one list per phase, made once the simulation is built.
    std::function<std::vector<std::vector<simulation::phase_mark>>(simulation&)> marks;
    std::vector<std::vector<double>>* timed = nullptr;  // what the marks measured so far (saved in checkpoints)
    const point_checkpoints* checkpoints = nullptr;     // periodic checkpoints
    const checkpoint* resume = nullptr;                 // continue the run saved there (its experiment is `spec`)
  };
  // Builds the simulation (and a warm start's weights, unless resuming); nothing runs yet.
  explicit session(const experiment_spec& spec, const options& o);
  explicit session(const experiment_spec& spec);
  ~session();
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  simulation& sim();
  const experiment_spec& spec() const;  // as edited so far (update)
  std::size_t phase() const;            // the phase running or next (spec().phases.size() once all have run)
  std::int64_t end_step() const;        // the clock's step at the end of the last phase
  bool done() const;                    // every phase has run

  // Advances by `duration` [ms] (rounded to steps; in a slow phase to the end of a slow step), across phases.
  // Throws plastix::error past the end of the declared phases, and run_stopped (with the results up to the stop)
  // when a value becomes NaN or ±inf or the stop check asks to stop: the session is then over.
  void run(double duration);
  // Changes from now on: the phases of `edited` (the same experiment with parameter changes and interventions
  // written into its phases, Python's sim.set and sim.intervene) replace the phase running (from its current step)
  // and those after it. Throws plastix::error when the network or the phases differ, or all phases have run.
  void update(const experiment_spec& edited);
  void add_monitor(const monitor_spec& m);
  // Begins the phase due now unless one is running, and returns the steps into it; throws plastix::error once every
  // phase has run.
  std::int64_t enter_phase();
  // Saved with every checkpoint as /state/session/ (Python sessions).
  void set_edits(session_edits edits);
  // Writes a checkpoint of the run now (the format of periodic ones; resume with the session constructor).
  void save(const std::filesystem::path& file);
  // The recordings, counts and plain metrics (rate_hz, mean_weight, synapses, dw_rel, w_start, w_end) so far; no
  // [[metric]], [[table]] or [[analysis]] (they describe whole runs) and no rule readouts.
  run_results results_so_far() const;
  // Runs what is left of the phases and returns the complete results, as run_experiment does (call once).
  run_results finish();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// The header of a checkpoint of `run` (the experiment file run: a sweep's, for a point of it); the caller sets
// where in the run it was taken.
checkpoint_header header_of(const experiment_spec& run);
// The results of a run that completed, unless a value in them is NaN or ±inf (nonfinite_in_results): then they are
// not a success, and they are thrown as the results of a stopped run, which `plastix run` writes to <DIR>.incomplete.
run_results finite_or_stopped(run_results r);

}  // namespace plastix
