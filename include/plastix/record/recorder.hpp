// Monitors at run time: resolves monitor descriptions against the network once (no name lookups while
// running) and fills the records of record/monitors.hpp. Sampling happens at step 8 of the step order.
// Times: a spike is stamped with the start of the step in which it occurred (t = step·dt); a state or weight
// sample taken after step s holds the state at t = (s+1)·dt; an initial sample is taken at the start.
// A transmission monitor turns on its projection's transmission log (projection::record_transmissions) and stamps
// each event delivered in step s with t = s·dt (the presynaptic spike time plus the delay).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "plastix/neuron/population.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/record/monitors.hpp"
#include "plastix/synapse/projection.hpp"
#include "plastix/synapse/signals.hpp"

namespace plastix {

class thread_pool;  // core/thread_pool.hpp

class recorder {
 public:
  // `sig`: the run's signals, for monitors of a modulator's level (required when there are such monitors).
  recorder(const std::vector<monitor_spec>& specs, const std::vector<std::unique_ptr<population>>& populations,
           const std::vector<std::unique_ptr<projection>>& projections, double dt, signals* sig = nullptr);

  // One more monitor (the constructor adds each of `specs`; a monitor added while running records from then on:
  // call start() again for its initial sample). Throws plastix::error when its target is unknown.
  void add(const monitor_spec& s, const std::vector<std::unique_ptr<population>>& populations,
           const std::vector<std::unique_ptr<projection>>& projections, signals* sig = nullptr);
  void start(std::int64_t step);       // initial state and weight samples at t = step·dt
  void after_step(std::int64_t step);  // called once per step after plasticity
  // Whether after_step(step) samples a neuron's or synapse's state (state or weight monitors; MPI: the simulation
  // then gathers the state first).
  bool samples_after(std::int64_t step) const;
  // Slow mode: the clock went from step `from` to `to` in one slow step. States and weights are sampled (stamped
  // to·dt) when a sampling time lies in (from, to]; rate bins that ended are closed (no spikes in slow mode).
  void after_slow_step(std::int64_t from, std::int64_t to);
  void finish(std::int64_t step);      // final weight snapshot when no interval was given; closes rate bins

  // MPI with storage shared out (sim/rank_split.hpp): a weights monitor of a projection that keeps only the
  // synapses onto some post neurons (projection::kept_part) samples those it holds and leaves the others NaN; then
  // complete(proj, sample, posts) fills in the other processes' values (the recorded synapses' post neurons say
  // whose they are) — collective: every process samples at the same steps. Call once, after keep_onto.
  // A projection built as a process's share has its recorded synapses described by their holders:
  // describe(proj, local, pre, post, delays) gives every process, for each recorded synapse (its id here, or
  // new_synapse where another process holds it), its pre and post neuron and its delay [steps] — collective.
  using sample_completion =
      std::function<void(const projection& proj, std::span<double> sample, std::span<const std::uint32_t> posts)>;
  using synapse_description =
      std::function<void(const projection& proj, std::span<const std::uint32_t> local, std::vector<std::uint32_t>& pre,
                         std::vector<std::uint32_t>& post, std::vector<std::int32_t>& delays)>;
  void share_out(sample_completion complete, synapse_description describe);
  // The run's threads (docs/parallel.md): a state or weights sample of many neurons or synapses is taken in blocks,
  // one per thread (each value is read into its own place, so the record is the same); null: this thread only.
  void set_pool(thread_pool* pool) { pool_ = pool; }

  // Moves the recorded data into results (the recorder is empty afterwards).
  void move_into(run_results& results);
  // Copies the data recorded so far into results (the recorder goes on).
  void copy_into(run_results& results) const;

  // Checkpoints (core/state_visitor.hpp): the data recorded so far and each monitor's position (rate bins, the
  // weight monitors' current synapse ids).
  void visit_state(state_visitor& v);

 private:
  struct spike_monitor {
    spike_record rec;
    const population* pop;
    std::vector<char> mask;  // empty = all neurons
  };
  struct state_monitor {
    state_record rec;
    const population* pop;   // a population's state variable, or
    const projection* proj;  // a rule's state (rule->state_value)
    const plasticity_rule* rule;
    int variable;
    std::int64_t every;  // [steps]
    const modulator_track* track = nullptr;  // or a modulator's level (monitor_spec::modulator)
  };
  struct weight_monitor {
    weight_record rec;
    const projection* proj;
    std::int64_t every;  // [steps], 0 = start and end only
    std::int64_t last_sample = -1;
    // Structural plasticity: each recorded synapse is followed by its (pre, post, delay); after a rewiring its
    // current id is looked up again, new_synapse while it does not exist (sampled as NaN).
    std::vector<std::int32_t> delays;     // [steps]
    std::vector<std::uint32_t> current;   // current ids of the recorded synapses
    std::uint64_t generation = 0;         // of the projection when `current` was found
    bool shared_out = false;              // share_out: `current` holds this process's ids, new_synapse elsewhere
  };
  sample_completion complete_;  // share_out
  synapse_description describe_;
  void share_out(weight_monitor& m);  // its synapses by this process's ids (once; nothing unless shared out)
  struct rate_monitor {
    rate_record rec;
    const population* pop;
    std::int64_t every;  // bin [steps]
    std::uint64_t count = 0;
    std::int64_t bin_start = -1;
  };
  struct transmission_monitor {
    transmission_record rec;
    const projection* proj;
    std::vector<char> mask;  // pre neurons; empty = all
  };
  void sample_state(state_monitor& m, std::int64_t step);  // the state at t = step·dt
  void sample_weights(weight_monitor& m, std::int64_t step);
  double dt_;
  thread_pool* pool_ = nullptr;  // set_pool
  std::vector<spike_monitor> spikes_;
  std::vector<state_monitor> states_;
  std::vector<weight_monitor> weights_;
  std::vector<rate_monitor> rates_;
  std::vector<transmission_monitor> transmissions_;
};

}  // namespace plastix
