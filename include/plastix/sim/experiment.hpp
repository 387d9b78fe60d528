// An experiment: its phases run in order over one network, then metrics are computed into the results.
// A sweep runs the experiment once per point of a parameter grid and tabulates chosen metrics.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "plastix/record/checkpoint_file.hpp"
#include "plastix/record/monitors.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/sim/simulation.hpp"

namespace plastix {

// Builds the simulation, runs every phase, and returns recordings plus metrics:
//   rate_hz.<population>       mean firing rate over the whole run [Hz]
//   mean_weight.<projection>   mean weight at the end [nS or pA]
//   synapses.<projection>      number of synapses
//   dw_rel.<projection>        (projections with plasticity) relative change of the mean weight,
//                              (mean w_end − mean w_start)/mean w_start
//   w_start.<projection>, w_end.<projection>   mean weight before and after (projections with plasticity)
// (rate_hz is left out for rate populations, which emit no spikes), and the metrics and tables of the
// experiment's analyses (sim/analysis.hpp).
//
// A run that stops early — a state variable, weight or rule state became NaN or ±inf (the finite guard,
// sim/finite_guard.hpp), or `stop` asked to stop (Ctrl-C) — throws run_stopped (sim/run_stopped.hpp) carrying the
// results up to the stop. A completed run whose metrics or tables hold a NaN or ±inf throws run_stopped too
// (check_finite), with the complete results: nothing non-finite is reported as a success.
run_results run_experiment(const experiment_spec& spec, const progress_fn& progress = {}, const stop_fn& stop = {});

// Checkpoints of a run (docs/checkpoints.md, record/checkpoint_file.hpp).
struct checkpoint_options {
  std::filesystem::path file;      // where checkpoints are written (replaced atomically each time); empty: none
  std::int64_t every_steps = 0;    // biological period [steps]; 0 = none
  double every_wall = 0.0;         // wall-time period [s]; 0 = none
  bool at_end = false;             // one more when the last phase has run
  std::int64_t stop_at_step = -1;  // tests: a checkpoint when the clock reaches this step, then stop as on Ctrl-C
  // With a stop check (Ctrl-C) a checkpoint is written at the end of the current step before the run stops.
  // Called after each checkpoint is written: its header and the wall time of saving and writing it [s].
  std::function<void(const checkpoint_header&, double seconds)> written;
};
// As run_experiment, writing checkpoints; from `resume` (read_checkpoint; its experiment is `spec`, see
// io/resume.hpp resume_spec) when given: the results are bitwise those of the run that was never interrupted.
// A sweep's checkpoints: see run_sweep.
run_results run_experiment(const experiment_spec& spec, const progress_fn& progress, const stop_fn& stop,
                           const checkpoint_options& checkpoints, const checkpoint* resume = nullptr);

// The phases `names` picked by name from `phases`, in that order; a phase named again is run again, renamed
// "<name>#2", "<name>#3", ... (the sequence of a sweep condition, or of the sweep's `phases`). An unknown name is an
// error at `where`, "<who>: no phase named ...", listing the phases.
std::vector<phase_spec> phase_sequence(const std::vector<phase_spec>& phases, const std::vector<std::string>& names,
                                       const source_ref& where, const std::string& who);

// The description of the experiment with extra `--set` style overrides applied (re-reading its file).
using respecify_fn = std::function<experiment_spec(const std::vector<std::string>& overrides)>;

// Runs spec.sweep: one run per grid point; the table spec.sweep->table has one row per point, with the axis
// columns and the measured metrics. No recordings are kept, unless spec.sweep->keep names a grid point: then the
// results hold that point's recordings, tables and metrics besides the sweep table. Progress reports count the points.
// A point that stops early throws run_stopped naming the point (condition and axis values), with the sweep's tables
// up to the point before it.
run_results run_sweep(const experiment_spec& spec, const respecify_fn& respecify, const progress_fn& progress = {},
                      const stop_fn& stop = {});
// As run_sweep, writing checkpoints (docs/checkpoints.md): inside a point (its state and the sweep's: the point, the
// table rows and stacked tables of the points done, the kept point's results) and between two points (the sweep's
// state alone). every_steps and stop_at_step count the steps of all points so far. From `resume` (its experiment is
// `spec`) the sweep finishes the point it was in and runs the others: bitwise the results of an uninterrupted sweep.
// `jobs` (sim/point_schedule.hpp, docs/parallel.md): up to that many points run at once, each on a thread of its
// own, merged in point order: the results are bitwise those of jobs = 1. With jobs > 1 checkpoints are written
// between two points only (the points done in order; a point still running then is run again on resume): when one
// is due by wall time, or every_steps or stop_at_step was passed by the point just done, or on Ctrl-C.
run_results run_sweep(const experiment_spec& spec, const respecify_fn& respecify, const progress_fn& progress,
                      const stop_fn& stop, const checkpoint_options& checkpoints, const checkpoint* resume = nullptr,
                      unsigned jobs = 1);

// Checks that every value of every axis of spec.sweep can be set (respecifies and validates each distinct value of
// each axis once, with the first condition; an error names the axis value) and that
// every condition's description is valid; returns the size of the sweep (no sweep: one run of the file's phases).
struct sweep_size {
  std::size_t runs = 1;   // grid points: conditions × axis values
  double bio_time = 0.0;  // biological time of all runs [ms] (each condition's phases, times the axis points)
};
sweep_size check_sweep(const experiment_spec& spec, const respecify_fn& respecify);

}  // namespace plastix
