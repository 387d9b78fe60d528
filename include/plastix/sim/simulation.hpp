// Runs a network: owns its state (pimpl) and advances it step by step in the documented order
// (see advance() in simulation.cpp). Nothing global: two simulations never share state.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "plastix/core/state_visitor.hpp"

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
  // Resuming a phase from a checkpoint (docs/checkpoints.md): the phase is set up as at its start (its stimuli,
  // the rules' on_phase, its parameter changes up to `at`; not its births, which the checkpoint holds), then `load`
  // restores the saved state, and the phase runs on from step `at` of it. Marks up to `at` are not called again.
  struct resume_point {
    std::int64_t at = 0;             // [steps from the phase's start]
    std::uint32_t phase_index = 0;   // run_phase calls before this phase (keys the order of presented patterns)
    std::function<void()> load;      // restores the state (visit_state with a loading visitor)
  };
  // Applies the phase's stimuli, runs its duration (interventions in their windows), removes the stimuli; calls
  // each mark when the clock reaches its time. With `resume`: from a checkpoint inside the phase (see above).
  void run_phase(const phase_spec& phase, const std::vector<phase_mark>& marks = {},
                 const resume_point* resume = nullptr);
  // The same phase in pieces (plastix::session, Python's Simulation.run): run_phase is begin_phase, then
  // continue_phase(whole length), then end_phase. Pausing between two steps changes nothing: a phase continued in
  // pieces of any sizes is bitwise the phase run at once.
  //   begin_phase: sets the phase up as run_phase does before its first step;
  //   continue_phase: runs the phase begun up to step `until` of it (clamped to its length; in a slow phase up to
  //     the end of the slow step in which `until` falls) and returns the steps into the phase;
  //   end_phase: once the phase has run its length, ends it as run_phase does after its last step.
  void begin_phase(const phase_spec& phase, const std::vector<phase_mark>& marks = {},
                   const resume_point* resume = nullptr);
  std::int64_t continue_phase(std::int64_t until);
  void end_phase();
  bool in_phase() const;             // a phase is begun and not ended
  std::int64_t phase_step() const;   // steps into the phase begun [steps]
  std::int64_t phase_steps() const;  // its length [steps]
  // The parameter changes ([[phase]] set) and interventions of the phase begun become those of `edited` (the same
  // phase as an edited experiment file declares it: Python's sim.set, sim.intervene) from its current step on;
  // those of earlier steps are done and stay so, those due now are applied before the next step.
  void update_phase(const phase_spec& edited);
  // A checkpoint of the phase begun now, between two steps, as a periodic one would be taken here: the changes due
  // now applied, the interventions undone while write(at) saves the state, `at` steps into the phase.
  void checkpoint_now(const std::function<void(std::int64_t at)>& write);
  // Gives a population or rule the parameters of change `c` now (resuming: the changes of the phases before the
  // checkpoint's, since parameters are not in a checkpoint).
  void apply_change(const param_change& c);
  // A monitor that records from now on (Python's sim.add_monitor); throws plastix::error when its target is unknown.
  void add_monitor(const monitor_spec& m);

  // Checkpoints. The whole state of the network, the clock and the monitors, named for a state_visitor (saving or
  // loading; core/state_visitor.hpp). Taken by run_phase between two steps with the phase's interventions undone.
  void visit_state(state_visitor& v);
  // When run_phase writes checkpoints: `write(at)` is called between two steps, `at` steps into the phase, when
  //   - the clock reaches a multiple of every_steps (biological time; 0: never), or
  //   - every_wall seconds of wall time have passed since the last one (0: never), or
  //   - the stop check asks to stop (Ctrl-C): then run_phase throws run_stopped (interrupted) after writing, or
  //   - the clock reaches stop_at_step (tests: as a Ctrl-C exactly there; −1: never).
  // In a slow phase a checkpoint falls at the end of a slow step.
  // A sweep counts every_steps and stop_at_step on its own clock, the steps of all its points: step_origin is the
  // steps of the points before this simulation's, and wall_elapsed the wall time since the sweep's last checkpoint.
  struct checkpointing {
    std::int64_t every_steps = 0;
    double every_wall = 0.0;  // [s]
    std::int64_t stop_at_step = -1;
    std::int64_t step_origin = 0;  // [steps]
    double wall_elapsed = 0.0;     // [s]
    std::function<void(std::int64_t at)> write;
  };
  void set_checkpointing(checkpointing c);
  // Threads inside the run (docs/parallel.md): n threads (1: none, the default) update the neurons, deliver the
  // spikes and run the plasticity rules that split by target neuron, each thread for its own neurons and the synapses
  // onto them. The results are bitwise the same for every n; it may change between two steps (resuming with another
  // number of threads). The simulation starts with spec.threads.
  void set_threads(unsigned n);
  unsigned threads() const;
  // The parallel parts run so far (each one wait for the threads; 0 with one thread): how often a step waits.
  std::uint64_t parallel_parts() const;
  // Progress reports during run/run_phase (throttled to a few per second).
  void set_progress(progress_fn fn, double total_duration);
  // A stop request (Ctrl-C) polled during run/run_phase; see stop_fn.
  void set_stop_check(stop_fn fn);

  std::uint64_t spike_count(const std::string& population) const;  // since the start
  std::uint64_t synapse_count() const;  // of the whole network (also where MPI processes each hold a share)
  // The mean weight of a projection (sim/session.hpp mean_of: an exact sum, divided): under MPI with storage shared
  // out, of every process's share together — collective, every process calls it alike. Use it (and
  // projection::whole_size) for results, not the projection's own weights().
  double mean_weight(const projection& p);
  // The trials of the group reward conditions of modulator `modulator` so far (sim/reward_trials.hpp); throws
  // plastix::error when there is no such modulator.
  const std::vector<reward_trial>& reward_trials(const std::string& modulator) const;

  // Moves the recorded data and counts into a results object (call once, at the end).
  run_results collect_results(double wall_time);
  // A copy of the recorded data and counts so far (the run goes on unchanged).
  run_results results_so_far(double wall_time) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace plastix
