// A population: N neurons of one model (or one kind of spike source), state stored as structure-of-arrays
// columns. The population owns its data; the model type (neuron/lif.hpp ...) is a stateless policy.
#pragma once
#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "plastix/core/state_visitor.hpp"
#include "plastix/neuron/receptors.hpp"

namespace plastix {

class thread_pool;  // core/thread_pool.hpp

struct population_spec;

// What every per-step hook receives.
struct step_context {
  std::int64_t step = 0;   // current step
  double dt = 0.1;         // [ms]
  std::uint64_t seed = 1;  // experiment seed, for counter-based random streams
  // The run's threads (docs/parallel.md), for hooks that run whole on the calling thread (a rule's on_step and
  // on_slow) and may share a loop over independent synapses among them; null: this thread only. Never used from
  // inside a part already running on the pool.
  thread_pool* pool = nullptr;
  double time() const { return static_cast<double>(step) * dt; }  // [ms]
};

class population {
 public:
  population(std::string name, std::size_t size, std::uint32_t index);
  virtual ~population() = default;
  population(const population&) = delete;
  population& operator=(const population&) = delete;

  const std::string& name() const { return name_; }
  std::size_t size() const { return size_; }
  std::uint32_t index() const { return index_; }  // position in the network (keys random streams)
  virtual const char* model_name() const = 0;
  virtual bool is_source() const { return false; }

  // Steps 1–2 of a time step: integrate, detect threshold crossings, reset; fills spikes().
  virtual void update(const step_context& ctx) = 0;
  // Threads inside a run (docs/parallel.md): the same steps 1–2 in parts, each on a thread. begin_update (one
  // thread) prepares the step and says whether the population can be updated in parts now (false: call update());
  // update_part (any thread, parts disjoint) updates neurons [begin, end) and appends their spikes, ascending, to
  // `spikes`; end_update (one thread) takes the parts' spikes in the order of their ranges. Neurons are independent
  // within a step, so the three together are bitwise update().
  virtual bool begin_update(const step_context& ctx) { return false; }
  virtual void update_part(const step_context& ctx, std::size_t begin, std::size_t end,
                           std::vector<std::uint32_t>& spikes) {}
  void end_update(std::span<const std::vector<std::uint32_t>> parts) {
    spikes_.clear();
    for (const auto& part : parts) spikes_.insert(spikes_.end(), part.begin(), part.end());
  }
  // Neurons that spiked in the current step, ascending.
  const std::vector<std::uint32_t>& spikes() const { return spikes_; }
  // Neurogenesis (sim/neurogenesis.hpp): neurons from n on are not born yet; their spikes of this step are dropped.
  void discard_spikes_from(std::uint32_t n) {
    std::size_t k = spikes_.size();
    while (k > 0 && spikes_[k - 1] >= n) --k;
    spikes_.resize(k);
  }

  // Rate populations (neuron/rate.hpp) have a continuous output instead of spikes.
  virtual bool is_rate() const { return false; }
  // Output of each neuron in the current step [1] (rate populations; empty for spiking populations).
  virtual std::span<const double> rates() const { return {}; }
  // Input of each neuron in the current step [1]: rate projections add Σ w·x here just before update()
  // (rate units; empty for every other population). update() consumes and clears it.
  virtual std::span<double> rate_input() { return {}; }

  // Receptors (input channels); empty for sources.
  synaptic_input& input() { return input_; }
  const synaptic_input& input() const { return input_; }

  // Recordable variables: model state ("v", "w", ...), receptor values ("g_<receptor>") and "i_ext".
  virtual std::vector<std::string> variables() const;
  int variable_id(const std::string& name) const;  // -1 if unknown
  virtual std::string unit_of(const std::string& name) const;
  virtual double sample(int variable_id, std::size_t neuron) const;
  virtual void set_state(int variable_id, std::size_t neuron, double value);

  // The neurons' state as columns, for the finite guard (sim/finite_guard.hpp): each column holds one value per
  // neuron of the variable variables()[variable]. A receptor with a rise time has two columns under one variable.
  struct state_column {
    std::size_t variable;            // index into variables()
    std::span<const double> values;  // one per neuron
  };
  // Appends the columns to `out` (the guard reuses one vector, so nothing is allocated per call).
  virtual void state_columns(std::vector<state_column>& out) const { input_columns(0, out); }

  // External current per neuron [pA] (current steps, phase stimuli). Empty for sources.
  std::vector<double>& i_ext() { return i_ext_; }

  // Spike sources: override the rate [Hz] of chosen neurons (empty = all) until clear_rate().
  virtual void set_rate(std::span<const std::uint32_t> neurons, double rate_hz, const step_context& ctx);
  virtual void clear_rate(const step_context& ctx);

  // Interventions (spec/interventions.hpp) that act on neurons: a silenced neuron emits no spikes (TTX,
  // lesions) — a silenced neuron of a rate population outputs 0 (silence_rate); a clamped neuron's voltage "v" is
  // held at a given value and it emits no spikes (voltage clamp).
  // Silencing counts, so that overlapping interventions compose; a clamp is NaN when off.
  void silence(std::uint32_t neuron, int delta);  // delta = +1 to silence, −1 to undo
  int silenced(std::uint32_t neuron) const { return silenced_.empty() ? 0 : silenced_[neuron]; }
  // Whether an intervention blocks the neuron's spikes now (silenced or clamped).
  bool spikes_blocked(std::uint32_t neuron) const {
    return (!silenced_.empty() && silenced_[neuron] > 0) || (!clamp_.empty() && !std::isnan(clamp_[neuron]));
  }
  void set_clamp(std::uint32_t neuron, double v);  // [mV]; NaN = no clamp
  double clamp(std::uint32_t neuron) const;        // [mV]; NaN = no clamp
  // Called right after update() (simulation.cpp advance(), step 2) while any neuron is silenced or clamped: removes
  // their spikes from spikes(), sets the output of silenced rate neurons to 0 and the clamped voltages, so that
  // what follows in the step (transmission, rules that read v or rates) sees them.
  bool overridden() const { return overrides_ > 0; }
  void apply_overrides();

  // Checkpoints (core/state_visitor.hpp): the state common to every population (this step's spikes, i_ext, the
  // receptors, interventions' silencing and clamps), then the model's own (visit_model_state).
  void visit_state(state_visitor& v);

 protected:
  // The model's own state (membrane variables, refractory ends, a source's positions in its random streams).
  virtual void visit_model_state(state_visitor& v) = 0;
  virtual std::vector<std::string> state_variables() const { return {}; }
  // Rate populations: sets the output of a silenced neuron to 0 for this step (apply_overrides).
  virtual void silence_rate(std::uint32_t) {}
  // state_columns() of the receptors and of i_ext, whose variable ids follow `first` model state variables.
  void input_columns(std::size_t first, std::vector<state_column>& out) const;
  std::string name_;
  std::size_t size_;
  std::uint32_t index_;
  std::vector<std::uint32_t> spikes_;
  synaptic_input input_;
  std::vector<double> i_ext_;

 private:
  std::vector<int> silenced_;       // per neuron: number of active silencing interventions (empty: none ever)
  std::vector<double> clamp_;       // per neuron: clamped voltage [mV] or NaN (empty: none ever)
  std::vector<std::uint32_t> clamped_;  // neurons with a clamp, ascending
  int overrides_ = 0;               // silenced neurons + clamped neurons
  int v_id_ = -1;                   // variable id of "v"
};

// Builds the population described by spec (model parameters, receptors, initial state from seed).
std::unique_ptr<population> make_population(const population_spec& spec, std::uint32_t index, std::uint64_t seed);

}  // namespace plastix
