// The finite guard: stops a run as soon as a state variable, a weight or a rule's per-synapse state becomes NaN or
// ±inf, with an error that names the population or projection, the variable, the neuron or synapse (with its pre and
// post neuron) and the time (docs/output.md, "Runs that stop early").
//
// Cost: the checks are vectorized reductions over the state columns, not done every step:
//   - the neurons' state (model state, receptors, i_ext) every 1 ms of biological time (every step when dt ≥ 1 ms);
//   - the weights and per-synapse rule state of projections with plasticity (other weights never change) every
//     k ms, k = the number of these values over the number of neuron values (at least 1): the synapses then cost
//     about as much as the neurons, whatever their number;
//   - everything at the start of the run and at the end of each phase (check(step, true)), so that no completed run
//     ends with a non-finite value.
// A value found non-finite became so between the previous check of its kind and this one; the error gives both
// times ("between t = 10 ms and t = 11 ms"). Once something is found, every column is scanned to list all that is
// non-finite at that moment: a NaN voltage usually has its cause in a weight that ran away.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "plastix/core/thread_pool.hpp"
#include "plastix/neuron/population.hpp"
#include "plastix/record/monitors.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

class finite_guard {
 public:
  // The populations and projections of a simulation (kept by reference; they must outlive the guard).
  finite_guard(const std::vector<std::unique_ptr<population>>& populations,
               const std::vector<std::unique_ptr<projection>>& projections, double dt);

  // The first step count at which check() has something to do.
  std::int64_t next_due() const { return next_; }
  // Steps between two checks of the neurons and of the plastic synapses.
  std::int64_t neuron_interval() const { return neuron_every_; }
  std::int64_t synapse_interval() const { return synapse_every_; }

  // With the clock at `step` (steps done): checks what is due, or everything (`all`). Throws run_stopped (cause
  // nonfinite, at time step·dt) listing every non-finite value; does nothing else.
  void check(std::int64_t step, bool all = false);
  // Threads inside a run (docs/parallel.md): the scans are shared by the pool's threads, each a slice of every
  // column (null: this thread scans all). What is found is the same: whether every value is finite.
  void set_pool(thread_pool* pool) { pool_ = pool; }
  // MPI (sim/rank_split.hpp): the values this process owns, the only ones its scans read — per population its
  // neurons [begin, end) (columns of one value per neuron), per projection its synapses as runs [begin, end) (the
  // weights and the rules' per-synapse columns). A value a process does not own may be stale there; its owner scans
  // it, and every process learns what any found (simulation.cpp check_finite), so all stop at the same step with
  // the same message (diagnose() reads the whole state, gathered first). Empty lists: everything (one process).
  using range = std::pair<std::uint32_t, std::uint32_t>;
  void set_owned(std::vector<range> neurons, std::vector<std::vector<range>> synapses) {
    owned_neurons_ = std::move(neurons);
    owned_synapses_ = std::move(synapses);
  }

  // MPI with storage shared out (projection::kept_part): a process holds only its share of such a projection's
  // synapses, so the message's count and first synapse of each of their columns come from every process: `combine`
  // takes this process's finding in one column and returns every process's together (the counts summed, the
  // synapse with the lowest whole id). Collective: diagnose() calls it on every process for every such column, in
  // the same order, so every process must call stop() together.
  struct found {
    std::uint64_t count = 0;  // non-finite values
    std::uint64_t first = 0;  // the first one's synapse: its id in the whole projection ...
    double value = 0.0;       // ... its value
    std::uint32_t pre = 0, post = 0;  // ... and neurons
  };
  void set_combine(std::function<found(const found&)> combine) { combine_ = std::move(combine); }
  // Stops the run with the diagnosis (run_stopped, cause nonfinite): every process, once any found a non-finite
  // value (simulation.cpp check_finite), after the owners' state was gathered.
  [[noreturn]] void stop(std::int64_t step) const;
  // Checkpoints (core/state_visitor.hpp): when the next checks are due and the last ones that passed.
  void visit_state(state_visitor& v) {
    v.scalar("next_neurons", next_neurons_);
    v.scalar("next_synapses", next_synapses_);
    v.scalar("next", next_);
    v.scalar("last_neurons", last_neurons_);
    v.scalar("last_synapses", last_synapses_);
  }

 private:
  bool neurons_finite() const;
  bool synapses_finite(bool all) const;
  bool columns_finite() const;  // every column in spans_, on the pool when there is one
  std::string diagnose(std::int64_t step) const;  // the error message: everything non-finite now
  std::string window(std::int64_t last_ok, std::int64_t step) const;

  const std::vector<std::unique_ptr<population>>& populations_;
  const std::vector<std::unique_ptr<projection>>& projections_;
  double dt_;  // [ms]
  std::int64_t neuron_every_ = 1, synapse_every_ = 1;  // [steps]
  std::int64_t next_neurons_ = 0, next_synapses_ = 0, next_ = 0;
  std::int64_t last_neurons_ = -1, last_synapses_ = -1;  // steps of the last checks that passed (−1: none yet)
  mutable std::vector<population::state_column> columns_;  // scratch for state_columns()
  mutable std::vector<std::span<const double>> spans_;    // scratch: the columns of one scan
  mutable std::vector<std::uint8_t> ok_;                  // scratch: per thread, whether its slices are finite
  thread_pool* pool_ = nullptr;
  std::function<found(const found&)> combine_;  // set_combine
  std::vector<range> owned_neurons_;                 // per population (set_owned; empty: all)
  std::vector<std::vector<range>> owned_synapses_;   // per projection (set_owned; empty: all)
  // The part of `column` (of `pop`, or of projection j's synapses) that this process scans: to spans_.
  void add_owned_neurons(std::size_t p, std::span<const double> column) const;
  void add_owned_synapses(std::size_t j, std::span<const double> column) const;
};

// The results of a completed run, checked before they count as a success: every metric, every table value, every
// recorded state and transmission, and every recorded weight but the NaN that marks a synapse that did not exist at
// that sample (structural plasticity) must be finite. Returns "" when they are, else a message naming the first
// value that is not (metric, or table and column and row, or monitor and sample).
std::string nonfinite_in_results(const run_results& results);

}  // namespace plastix
