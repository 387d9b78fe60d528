// The interface every plasticity rule implements. A projection may stack several rules (e.g. STDP + STP +
// scaling); they are called in the order they were added. When the hooks run within one time step (the full
// order is in simulation.cpp):
//   after_modulators step 2b: once per step, after the step's neuromodulators, before the hooks below;
//   on_transmit step 4: a presynaptic spike of neuron `pre` reaches its synapses with delay slot `slot`; returns the
//                       factor by which it is transmitted (short-term plasticity); rules multiply;
//   before_transmission step 4: then (unless blocked) for the synapses [begin, end) before they transmit;
//   on_pre      step 4: after transmission, for the synapses [begin, end) that the spike reached;
//   on_post     step 5: post neuron `post` spiked (seen at the synapses after the dendritic delay);
//   on_step     step 6: every step, for continuous rules;
//   on_slow     step 7: every slow_interval() of biological time (homeostasis, consolidation, structure).
//   set_params  before the step at which a [[phase]] set changes the rule's parameters (simulation::run_phase).
//   on_share    once, after the whole network is built (simulation constructor): a rule that shares state per
//               population with the rules of other projections finds it in `shared` (synapse/shared_state.hpp).
//   on_end      once, at the end of the run (also of a run that stopped), before the metrics are read: e.g. the
//               calcium rule brings its event-driven ρ up to the end (sim/experiment.cpp end_metrics);
//   report      then, to add the rule's readouts to the run's metrics (e.g. calcium: dw_rel, up_prob, down_prob).
//   on_rewire   whenever structural plasticity (projection::rewire, called from a rule's on_slow) has removed and
//               added synapses: synapse ids changed; see per_synapse below.
// Timing with delays: a synapse sees the pre spike after the axonal delay and the post spike after the dendritic
// delay. plastix shifts both by the dendritic delay, so on_pre runs when the spike reaches the receptor
// (t_pre + delay) and on_post at t_post + 2·dendritic_delay: the interval each synapse sees is the true one.
// A pre event and a post event in the same step: on_pre runs first, then on_post. Traces are incremented after
// all rules have seen an event (a rule reads x(t−)).
#pragma once
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "plastix/core/huge_pages.hpp"
#include "plastix/core/state_visitor.hpp"
#include "plastix/neuron/population.hpp"
#include "plastix/spec/rule_kinds.hpp"

namespace plastix {

class projection;
class shared_state;
struct phase_spec;
struct rule_context;
class plasticity_rule;
std::unique_ptr<plasticity_rule> make_rule(const rule_params& p, rule_context& ctx);

// One presynaptic spike reaching the synapses [begin, end) of neuron `pre` that share delay slot `slot`.
struct pre_event {
  std::uint32_t pre, slot, begin, end;
};

// How synapse ids moved in a rewiring: old_id_of_new[s] is the id synapse s had before, or new_synapse.
using rewire_map = std::span<const std::uint32_t>;
inline constexpr std::uint32_t new_synapse = std::numeric_limits<std::uint32_t>::max();

// A rule's per-synapse state column, registered with its rule so that it follows its synapse through rewiring:
// the default on_rewire moves every column's values to the synapses' new ids and gives new synapses `fresh`.
// EVERY per-synapse variable of a rule must be a per_synapse<T> (never a std::vector sized by proj.size()): then
// nothing has to be remembered when structural plasticity changes the synapses.
class synapse_column {
 public:
  virtual ~synapse_column() = default;
  virtual void remap(rewire_map old_id_of_new) = 0;
  // The values when they are one double per synapse (else empty): what the finite guard checks.
  virtual std::span<const double> doubles() const { return {}; }
  virtual bool holds_doubles() const { return false; }  // one double per synapse (also when there are none here)
  // Checkpoints: the values, under `name` (their number follows the synapses: structural plasticity changes it).
  virtual void visit_state(state_visitor& v, const std::string& name) = 0;
};

class plasticity_rule {
 public:
  plasticity_rule() = default;
  plasticity_rule(const plasticity_rule&) = delete;  // columns register their address with the rule
  plasticity_rule& operator=(const plasticity_rule&) = delete;
  virtual ~plasticity_rule() = default;
  virtual const char* name() const = 0;
  // The rule's declaration (spec/catalogue.hpp: its keys and its state with scopes and units), given to the rule by
  // make_rule (plasticity/rules.hpp) from its parameters' declare(); null for a rule built by build_rule directly.
  // (A wrapper, plasticity/modulated_rule.cpp, gives that of the rule it wraps.)
  virtual const model_info* model() const { return model_; }
  // Threads inside a run (docs/parallel.md, synapse/projection.hpp deliver_part): true when the rule's hooks may be
  // called on a part of the projection owned by one thread, several parts at once: on_pre for a pre_event narrowed
  // to the synapses onto the part's post neurons, on_post for the part's post neurons. The rule promises that
  //   on_transmit touches only the state of its (pre neuron, delay slot) and nothing on_pre reads;
  //   before_transmission and on_pre read and write only the synapses [ev.begin, ev.end) (narrowed to the part, as
  //     on_pre's event), per-post state of their post neurons and the
  //     (pre, slot) entry of the event (a pre trace), and on_post only the synapses onto `post` and its state;
  //   neither writes anything else (no per-pre or per-projection sums, no shared_state, no signals, no scratch
  //     member shared by the calls) nor draws from a random stream keyed by call order.
  // Default false: the projection then runs deliver and post_spikes on one thread (the same results, slower).
  virtual bool splits_by_target() const { return false; }
  // Whether the rule may run in a network split among MPI processes (sim/rank_split.cpp): by default when it
  // splits by target. A rule that splits among threads but whose state the processes' gathering has not been
  // checked for says no; the run is then replicated.
  virtual bool distributes() const { return splits_by_target(); }
  // Once per step, on the calling thread, right after the step's neuromodulators (simulation.cpp step 2b) and before
  // the rule's other hooks of the step: a rule brings up to date here what it derives from a modulator and shares
  // among its synapses (reward_stdp's running mean d̄, modulated_by's factor), so that its event hooks, split among
  // threads, only read it. A rule with such a hook says so (acts_after_modulators): the step's delivery then waits
  // for it (simulation.cpp deliver_with_update).
  virtual void after_modulators(projection& proj, const step_context& ctx) {}
  virtual bool acts_after_modulators() const { return false; }
  virtual double on_transmit(projection& proj, const pre_event& ev, const step_context& ctx) { return 1.0; }
  // Before the synapses [ev.begin, ev.end) of an arriving spike transmit (after on_transmit; not while plasticity is
  // blocked): a rule whose weights change between events brings them up to now here, so that they transmit their
  // current weight (dopamine_stdp, reward_stdp). With threads, on each part for the event narrowed to it.
  virtual void before_transmission(projection& proj, const pre_event& ev, const step_context& ctx) {}
  virtual void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) {}
  virtual void on_post(projection& proj, std::uint32_t post, const step_context& ctx) {}
  virtual void on_step(projection& proj, const step_context& ctx) {}
  // Whether on_step may do anything (true unless the rule says its on_step is empty). With threads, a step's
  // on_post may then run at the start of the next step's parallel part, when nothing reads in between what it
  // writes (simulation.cpp, deferred post part): one wait for the threads per step instead of two.
  virtual bool acts_on_step() const { return true; }
  virtual void on_slow(projection& proj, const step_context& ctx) {}
  virtual double slow_interval() const { return 0.0; }  // [ms]; 0 = no slow hook
  // At the start of each phase (simulation::run_phase): e.g. to read phase-wide settings.
  virtual void on_phase(const phase_spec& phase) {}
  // New parameters from step ctx.step on (a [[phase]] set; the same rule kind, checked by rule_change_problem in
  // spec/param_changes.hpp): the rule recomputes what it derives from them, so that it runs on exactly as one
  // built with them would. Returns false when the rule does not support changes (the default).
  virtual bool set_params(projection& proj, const rule_params& p, const step_context& ctx) { return false; }
  // Once, after every projection and rule exists: state shared per population (e.g. tag_trigger's protein pool per
  // post neuron, common to every tag_trigger projection onto the population). Rules are called in projection order.
  virtual void on_share(projection& proj, shared_state& shared) {}
  // After projection::rewire (structural plasticity): old_id_of_new maps each new synapse id to its former id (or
  // new_synapse); ctx is the step of the rewiring. The default remaps every registered per_synapse column; a rule
  // that overrides it must call plasticity_rule::on_rewire first. Per-neuron state needs nothing.
  virtual void on_rewire(projection& proj, rewire_map old_id_of_new, const step_context& ctx) {
    for (synapse_column* c : columns_) c->remap(old_id_of_new);
  }

  // The end of the run: ctx.step is the first step not simulated (t = ctx.time() is the end time).
  virtual void on_end(projection& proj, const step_context& ctx) {}
  // Readouts added to the run's metrics, named "<readout>.<projection name>"; called after the projection's own
  // (dw_rel, mean_weight ...), which a rule may replace (calcium: dw_rel from the UP/DOWN transitions).
  virtual void report(const projection& proj, std::map<std::string, double>& metrics) const {}
  // Whether report() reads every synapse's state (calcium: up_prob). Under MPI each process then holds every
  // synapse of the projection (sim/rank_split.hpp whole_storage_because): report() sees the whole projection.
  virtual bool reports_over_synapses() const { return false; }

  // Recordable state (monitors, record/recorder.cpp): every variable the rule's declaration lists (spec/catalogue.hpp
  // state: per synapse, per post neuron or per presynaptic neuron; tests/unit/test_state_catalogue.cpp records each
  // one). state_index resolves a declared name once to the rule's own index (-1: not a state of this rule);
  // state_value gives variable `var` of element i (a synapse id, post neuron or pre neuron, by the variable's scope)
  // at time t = ctx.time() (the start of step ctx.step, after every event before it), without changing the rule:
  // an event-driven variable (a trace kept as its value at its last event) is brought forward to t exactly.
  virtual int state_index(std::string_view name) const { return -1; }
  virtual double state_value(const projection& proj, std::size_t var, std::uint32_t i, const step_context& ctx) const {
    return 0.0;
  }

  // Checkpoints (core/state_visitor.hpp; docs/checkpoints.md): the rule names ALL its state — call visit_columns(v)
  // for the per_synapse columns, then visit per-neuron and per-pre arrays, event times, counters, random-stream
  // positions and anything else that changes while running. Parameters (set by set_params) are not state: they are
  // set again from the experiment file. A rule that cannot save something calls v.unsupported("...").
  // Pure virtual, so that a rule that forgets its state does not compile.
  virtual void visit_state(state_visitor& v) = 0;
  void visit_columns(state_visitor& v) {
    for (std::size_t k = 0; k < columns_.size(); ++k) columns_[k]->visit_state(v, "column" + std::to_string(k));
  }

  // The rule's per-synapse state columns, in the order the rule created them (the finite guard checks them).
  virtual std::span<const synapse_column* const> synapse_columns() const { return columns_; }

 private:
  template <class T>
  friend class per_synapse;
  friend std::unique_ptr<plasticity_rule> make_rule(const rule_params& p, rule_context& ctx);
  std::vector<synapse_column*> columns_;
  const model_info* model_ = nullptr;
};

// One value of type T per synapse of the rule's projection; indexable like a vector.
template <class T>
class per_synapse final : public synapse_column {
 public:
  per_synapse(plasticity_rule& owner, std::size_t n, T fresh) : fresh_(std::move(fresh)) {
    assign_huge(values_, n, fresh_);  // core/huge_pages.hpp
    owner.columns_.push_back(this);
  }
  per_synapse(const per_synapse&) = delete;
  per_synapse& operator=(const per_synapse&) = delete;

  T& operator[](std::size_t s) { return values_[s]; }
  const T& operator[](std::size_t s) const { return values_[s]; }
  T& at(std::size_t s) { return values_.at(s); }
  std::size_t size() const { return values_.size(); }
  T* data() { return values_.data(); }
  const T* data() const { return values_.data(); }
  operator std::span<const T>() const { return values_; }
  const std::vector<T>& values() const { return values_; }
  void set_fresh(T fresh) { fresh_ = std::move(fresh); }  // value of synapses created from now on

  void remap(rewire_map old_id_of_new) override {
    std::vector<T> moved;
    moved.reserve(old_id_of_new.size());
    for (std::uint32_t old : old_id_of_new) moved.push_back(old == new_synapse ? fresh_ : std::move(values_[old]));
    values_ = std::move(moved);
  }
  void visit_state(state_visitor& v, const std::string& name) override {
    if constexpr (std::is_trivially_copyable_v<T>) {
      v.resizable(name, values_);
      v.scalar(name + ".fresh", fresh_);
    } else {  // a list per synapse (calcium: pending jump times)
      v.nested(name, values_);
      v.resizable(name + ".fresh", fresh_);
    }
  }
  std::span<const double> doubles() const override {
    if constexpr (std::is_same_v<T, double>) return values_;
    else return {};
  }
  bool holds_doubles() const override { return std::is_same_v<T, double>; }

 private:
  std::vector<T> values_;
  T fresh_;
};

}  // namespace plastix
