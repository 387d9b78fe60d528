// MPI inside a run (docs/parallel.md, "MPI: processes"): the K processes ("ranks") of `mpirun -n K plastix run`
// share one simulation. Rank r owns, of every population, the range of neurons thread r of K would own
// (split_range, core/partition.hpp) and the synapses onto them. Unless something reads a projection's synapses as
// a whole (whole_storage_because), each rank builds and holds only the synapses onto its own neurons (storage
// shared out: connect_context::comm, projection::keep_onto); else every rank builds and holds the whole network
// (the same network: counter-based random streams).
//
// Distributed (the common case: COBA neurons, rules that split by target neuron): each rank updates its neurons and
// delivers to them (simulation.cpp: update_populations, split_by_target); the spike lists are exchanged every step, or
// once per minimum delay (exchange_spikes: concatenated in rank order, which is the order of one process), so every
// rank sees every spike;
// everything else runs whole on every rank, identically. State a rank does not own goes stale on it; before anything
// reads it as a whole (state and weight monitors, the end of a phase, marks, results, slow phases and slow hooks, a
// NaN found by the finite guard) sync_state gives every rank the owners' values. Otherwise the run is replicated: every rank
// computes everything (the same results, no speed-up), and replicated_because() says why.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "plastix/core/byte_buffer.hpp"
#include "plastix/core/communicator.hpp"
#include "plastix/core/exact_sum.hpp"
#include "plastix/neuron/population.hpp"
#include "plastix/sim/finite_guard.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

class rank_split {
 public:
  // `why_not`: empty when the network can be distributed, else the feature that keeps it replicated.
  // `threads`: the threads of each rank (T): thread t of rank r owns the part r·T + t of K·T parts.
  rank_split(std::shared_ptr<communicator> comm, const std::vector<std::unique_ptr<population>>& populations,
             const std::vector<std::unique_ptr<projection>>& projections, std::string why_not,
             std::size_t threads = 1);

  communicator& comm() { return *comm_; }
  int rank() const { return comm_->rank(); }
  int size() const { return comm_->size(); }
  bool distributed() const { return why_not_.empty(); }
  const std::string& replicated_because() const { return why_not_; }
  // Per population: size() + 1 boundaries of the ranks' neurons, and K·T + 1 boundaries of the threads' parts (the
  // ranks' are every T-th of them).
  const std::vector<std::vector<std::uint32_t>>& bounds() const { return bounds_; }
  const std::vector<std::vector<std::uint32_t>>& part_bounds() const { return part_bounds_; }
  std::size_t threads() const { return threads_; }

  // The spike exchange: each *lists[i] holds this rank's spikes of one population at one step (the same (step,
  // population) at index i on every rank); on return it holds every rank's, concatenated in rank order (the ascending
  // list of one process). `steps`: how many time steps the lists cover (for report()). One collective.
  void exchange_spikes(std::span<std::vector<std::uint32_t>* const> lists, std::size_t steps);
  // Storage shared out (whole_storage_because() empty): every projection onto a population split over the ranks
  // keeps only the synapses onto this rank's neurons (projection::keep_onto), unless it was built as this rank's
  // share already (connect_context::comm). Before the run starts and before the projections' parts are set.
  // `ctx`: the step (the rules' on_rewire).
  void keep_own_synapses(const step_context& ctx);
  // Every population's and projection's state as its owners have it, on every rank (collective). A projection that
  // keeps only its own synapses is left as it is: every value it holds is its own.
  void sync_state();
  // The exact sum over every rank of each rank's `mine` (collective; the same value on every rank).
  exact_sum sum(const exact_sum& mine);
  // For weights monitors (recorder::share_out): `sample` holds this rank's values of the synapses onto its neurons
  // (`posts`: each recorded synapse's post neuron, which says whose it is); on return every rank's (collective).
  void complete_sample(const projection& proj, std::span<double> sample, std::span<const std::uint32_t> posts);
  // For weights monitors of a projection built as this rank's share (recorder::share_out): each recorded synapse's
  // pre and post neuron and delay from the rank that holds it (`local`: its id here, or new_synapse).
  void describe_synapses(const projection& proj, std::span<const std::uint32_t> local, std::vector<std::uint32_t>& pre,
                         std::vector<std::uint32_t>& post, std::vector<std::int32_t>& delays);
  // For the finite guard (finite_guard::set_combine): every rank's finding in one column of synapses together.
  finite_guard::found combine(const finite_guard::found& mine);
  // What this rank owns, which the finite guard scans alone (sim/finite_guard.hpp set_owned): per population its
  // neurons [begin, end); per projection its synapses as runs [begin, end) in storage order (all of them when the
  // post population is not split).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> owned_neurons() const;
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> owned_synapses();
  // Whether a projection was rewired (structural plasticity: its generation changed) since the last call: its
  // synapses' owners are then found again (owned_synapses, the gathering). Throws when a rewired projection now has
  // as many synapses as post neurons, not one onto each (its arrays could not be told apart: sync_state).
  bool rewired();

  // The cost of sharing the run (bench/mpi_speedup.py): with `timed` (PLASTIX_MPI_TIMING=1 in the environment of
  // the plastix program), a barrier before each spike exchange separates the wait for the slowest rank (load
  // imbalance) from the exchange itself; report() prints both per step, the state gathers and the synapses each
  // process holds on stderr (rank 0).
  void time_it(bool timed) { timed_ = timed; }
  void report();  // collective: also the synapses each process holds

 private:
  std::shared_ptr<communicator> comm_;
  const std::vector<std::unique_ptr<population>>& populations_;
  const std::vector<std::unique_ptr<projection>>& projections_;
  std::string why_not_;
  std::vector<std::vector<std::uint32_t>> bounds_, part_bounds_;
  std::size_t threads_ = 1;
  std::vector<std::size_t> post_of_;  // per projection: the index of its post population
  byte_buffer send_;     // this rank's spike lists (exchange_spikes)
  byte_buffer scratch_;  // every rank's bytes, kept: a later gathering or exchange touches no fresh memory
  struct owned_run {  // elements [begin, end) of a saved array, owned by rank `owner`
    std::uint32_t begin, end;
    std::size_t owner;
  };
  std::vector<std::vector<owned_run>> synapse_runs_;  // per projection: its synapses' runs (synapse_runs)
  static constexpr std::uint64_t not_found = ~std::uint64_t{0};
  std::vector<std::uint64_t> runs_generation_;        // per projection: the generation they were found at, or not_found
  std::vector<std::uint64_t> seen_generation_;        // per projection: its generation at the last rewired()
  const std::vector<owned_run>& synapse_runs(std::size_t j);  // projection j's, found again after a rewiring
  bool timed_ = false;
  std::uint64_t exchanges_ = 0, steps_ = 0, syncs_ = 0, bytes_ = 0;
  double wait_s_ = 0.0, exchange_s_ = 0.0, sync_s_ = 0.0;  // [s]
};

// Why every process of a distributed run must still hold every synapse (empty: each keeps only the synapses onto its
// own neurons, projection::keep_onto): the first thing that reads a projection's synapses as a whole — a monitor of
// the projection's transmissions or of a rule's state or traces, an analysis of the projection, a rule's readouts
// over its synapses (calcium's up_prob), a rule that rewires its projection (structural) or neurogenesis (every
// process rewires alike), or a warm start (which loads every synapse). The rest reads only what the
// process owns, or is put together from every process's share: weights monitors' samples (complete_sample), the
// mean weights (exact sums: core/exact_sum.hpp), the synapse counts, the finite guard's findings.
std::string whole_storage_because(const experiment_spec& spec,
                                  const std::vector<std::unique_ptr<projection>>& projections);

// The neurons [begin, end) of a population of n that process `rank` of `ranks` processes of `threads` threads owns.
std::pair<std::uint32_t, std::uint32_t> owned_range(std::size_t n, int ranks, std::size_t threads, int rank);

// Why the network cannot be distributed over processes (empty: it can): the first feature that reads or writes
// state across the ranks' ranges, for `ranks` processes of `threads` threads each. Per population: whether it has
// rate inputs, and whether it can be updated in parts (its begin_update).
std::string replicated_because(const std::vector<std::unique_ptr<population>>& populations,
                               const std::vector<std::unique_ptr<projection>>& projections, int ranks,
                               std::size_t threads, const std::vector<bool>& rate_inputs,
                               const std::vector<bool>& in_parts);

}  // namespace plastix
