// `modulated_by` (spec/modulation.hpp; docs/models/neuromodulation.md): any rule whose declaration marks learning
// rates runs with them multiplied by f = max(0, 1 + gain·(L − baseline)), L the level of a [[modulator]]. One
// wrapper serves every rule: it forwards each hook to the rule it wraps and, right after the step's modulators
// (after_modulators, step 2b, on one thread), gives the rule its parameters with the rates scaled by that step's f
// through the rule's own set_params (the path a [[phase]] set takes) when f changed. The event hooks then only read
// the rule's parameters, so the wrapped rule splits among threads and MPI processes as it does alone. A rule that
// integrates between its events (dopamine_stdp, reward_stdp) is brought up to the step with the old rates by its
// set_params, so f is exact as a function held constant over each step for every rule; for those rules each change
// of f costs a sweep of all synapses.
#include "plastix/plasticity/rules.hpp"

#include <cstdint>
#include <utility>

#include "plastix/spec/rule_kinds.hpp"
#include "plastix/synapse/projection.hpp"
#include "plastix/synapse/signals.hpp"

namespace plastix {

namespace {

class modulated_rule final : public plasticity_rule {
 public:
  modulated_rule(std::unique_ptr<plasticity_rule> inner, const rule_params& p, const rate_modulation& m, signals& sig)
      : inner_(std::move(inner)), base_(p), m_(m), level_(sig.read(m.modulator)) {}

  const char* name() const override { return inner_->name(); }
  const model_info* model() const override { return inner_->model(); }
  std::span<const synapse_column* const> synapse_columns() const override { return inner_->synapse_columns(); }

  bool splits_by_target() const override { return inner_->splits_by_target(); }
  bool distributes() const override { return inner_->distributes(); }
  bool acts_on_step() const override { return inner_->acts_on_step(); }
  bool acts_after_modulators() const override { return true; }
  void after_modulators(projection& proj, const step_context& ctx) override {
    sync(proj, ctx);
    if (inner_->acts_after_modulators()) inner_->after_modulators(proj, ctx);
  }
  double on_transmit(projection& proj, const pre_event& ev, const step_context& ctx) override {
    return inner_->on_transmit(proj, ev, ctx);
  }
  void before_transmission(projection& proj, const pre_event& ev, const step_context& ctx) override {
    inner_->before_transmission(proj, ev, ctx);
  }
  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override { inner_->on_pre(proj, ev, ctx); }
  void on_post(projection& proj, std::uint32_t post, const step_context& ctx) override {
    inner_->on_post(proj, post, ctx);
  }
  // (Every step has had after_modulators by now; sync here does something only in slow mode, without steps.)
  void on_step(projection& proj, const step_context& ctx) override {
    sync(proj, ctx);
    inner_->on_step(proj, ctx);
  }
  void on_slow(projection& proj, const step_context& ctx) override {
    sync(proj, ctx);
    inner_->on_slow(proj, ctx);
  }
  double slow_interval() const override { return inner_->slow_interval(); }
  void on_phase(const phase_spec& phase) override { inner_->on_phase(phase); }
  // A [[phase]] set: the new parameters are the unscaled ones; the rule gets them with the current factor (the
  // step's own factor follows at its first hook).
  bool set_params(projection& proj, const rule_params& p, const step_context& ctx) override {
    base_ = p;
    reapply_ = false;
    return inner_->set_params(proj, scale_learning_rates(base_, applied_), ctx);
  }
  void on_share(projection& proj, shared_state& shared) override { inner_->on_share(proj, shared); }
  void on_rewire(projection& proj, rewire_map old_id_of_new, const step_context& ctx) override {
    inner_->on_rewire(proj, old_id_of_new, ctx);
  }
  void on_end(projection& proj, const step_context& ctx) override { inner_->on_end(proj, ctx); }
  void report(const projection& proj, std::map<std::string, double>& metrics) const override {
    inner_->report(proj, metrics);
  }
  bool reports_over_synapses() const override { return inner_->reports_over_synapses(); }
  int state_index(std::string_view name) const override { return inner_->state_index(name); }
  double state_value(const projection& proj, std::size_t var, std::uint32_t i, const step_context& ctx) const override {
    return inner_->state_value(proj, var, i, ctx);
  }
  // The wrapped rule's state, then the factor in force and the step it was taken at. A loaded factor is given to
  // the rule (built with the unscaled rates) at its next hook.
  void visit_state(state_visitor& v) override {
    inner_->visit_state(v);
    v.scalar("modulated_by.factor", applied_);
    v.scalar("modulated_by.step", synced_step_);
    if (v.loading()) reapply_ = true;
  }

 private:
  // At step ctx.step, after its modulator events (simulation::advance step 2b): f from the level, given to the rule
  // when it changed.
  void sync(projection& proj, const step_context& ctx) {
    if (reapply_) {
      reapply_ = false;
      inner_->set_params(proj, scale_learning_rates(base_, applied_), ctx);
    }
    if (ctx.step == synced_step_) return;
    synced_step_ = ctx.step;
    const double f = m_.factor(*level_);
    if (f == applied_) return;
    applied_ = f;
    inner_->set_params(proj, scale_learning_rates(base_, f), ctx);
  }

  std::unique_ptr<plasticity_rule> inner_;
  rule_params base_;        // the parameters as written (rates unscaled)
  rate_modulation m_;
  const double* level_;     // the modulator's level at the current step [uM]
  double applied_ = 1.0;    // the factor the rule runs with (built with the rates as written: 1)
  std::int64_t synced_step_ = -1;
  bool reapply_ = false;
};

}  // namespace

std::unique_ptr<plasticity_rule> make_rule(const rule_spec& r, rule_context& ctx) {
  std::unique_ptr<plasticity_rule> rule = make_rule(r.params, ctx);
  if (!r.modulated_by) return rule;
  return std::make_unique<modulated_rule>(std::move(rule), r.params, *r.modulated_by, ctx.sig);
}

}  // namespace plastix
