// Runs a network: owns its state (pimpl) and advances it step by step in the documented order
// (see advance() in simulation.cpp). Nothing global: two simulations never share state.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "plastix/neuron/population.hpp"
#include "plastix/record/monitors.hpp"
#include "plastix/sim/reward_trials.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

struct progress_info {
  std::string phase;       // current phase name
  double fraction = 0.0;   // of the whole run, 0..1
  double bio_time = 0.0;   // simulated so far [ms]
  double wall_time = 0.0;  // since the run started [s]
};
using progress_fn = std::function<void(const progress_info&)>;
// Asked while running, at most every 0.1 s of wall time (and every 1 ms of biological time): true stops the run
// (run/run_phase throw run_stopped, cause interrupted). It may also throw (Python: KeyboardInterrupt).
using stop_fn = std::function<bool()>;

class simulation {
 public:
  // Validates the description and builds the network (populations, connectivity, monitors).
  explicit simulation(const experiment_spec& spec);
  ~simulation();
  simulation(simulation&&) noexcept;
  simulation& operator=(simulation&&) noexcept;

  const experiment_spec& spec() const;
  double dt() const;           // [ms]
  std::int64_t step() const;   // steps done so far
  double time() const;         // [ms]

  population& population_named(const std::string& name);
  projection& projection_named(const std::string& name);
  const std::vector<std::unique_ptr<population>>& populations() const;
  const std::vector<std::unique_ptr<projection>>& projections() const;

  // Advances by duration [ms] (rounded to whole steps) with the stimuli currently applied.
  // run and run_phase throw run_stopped (sim/run_stopped.hpp) when a state variable, weight or rule state becomes NaN
  // or ±inf (the finite guard, sim/finite_guard.hpp) or when the stop check asks to stop; the simulation can then
  // still collect_results() up to that time.
  void run(double duration);
  // A call at a time inside a phase: `at` [ms] from the phase's start, in [0, duration] (rounded to a step), e.g. to
  // read the weights 1 h into a slow phase (sweep measuring times). Marks only read: the run is the same with them.
  struct phase_mark {
    double at;  // [ms]
    std::function<void()> fn;
  };
  // Applies the phase's stimuli, runs its duration (interventions in their windows), removes the stimuli; calls
  // each mark when the clock reaches its time.
  void run_phase(const phase_spec& phase, const std::vector<phase_mark>& marks = {});
  // Progress reports during run/run_phase (throttled to a few per second).
  void set_progress(progress_fn fn, double total_duration);
  // A stop request (Ctrl-C) polled during run/run_phase; see stop_fn.
  void set_stop_check(stop_fn fn);

  std::uint64_t spike_count(const std::string& population) const;  // since the start
  std::uint64_t synapse_count() const;
  // The trials of the group reward conditions of modulator `modulator` so far (sim/reward_trials.hpp); throws
  // plastix::error when there is no such modulator.
  const std::vector<reward_trial>& reward_trials(const std::string& modulator) const;

  // Moves the recorded data and counts into a results object (call once, at the end).
  run_results collect_results(double wall_time);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace plastix
