// The neo-Hebbian three-factor form (Frémaux & Gerstner 2016, Front Neural Circuits 9:85), one piece of code for
// every rule of the family (dopamine_stdp, reward_stdp):
//   de/dt = −e/τe + H(pre, post)        dw/dt = η·M(t)·e(t)
// H is the pair-based STDP term (spec/rules/stdp_pairing.hpp) written into the eligibility e instead of the weight;
// the third factor M is read from a [[modulator]]'s level d(t) (synapse/modulator_track.hpp):
//   level             M = d(t) + offset                  (dopamine_stdp: offset = b, Izhikevich 2007; the
//                                                          neo-Hebbian M = d − d_ref is offset = −d_ref)
//   prediction_error  M = d(t) − d̄(t),  dd̄/dt = (d − d̄)/τ̄   (reward_stdp: the reward minus its running mean,
//                                                          Frémaux, Sprekeler & Gerstner 2010)
// Integration: exact between events. Between the modulator's jumps d(t) = d_b + E·e^{−u/τd}, and
//   d̄(u) = d_b + (d̄0 − d_b)·e^{−u/τ̄} + E·τd/(τd − τ̄)·(e^{−u/τd} − e^{−u/τ̄}),
// so on each piece M(u) = s + α·e^{−u/τd} + β·e^{−u/τ̄} and, with 1/τ_k' = 1/τe + 1/τ_k,
//   Δw = η·e0·[s·τe·(1 − e^{−Δ/τe}) + α·τd'·(1 − e^{−Δ/τd'}) + β·τ̄'·(1 − e^{−Δ/τ̄'})],   e → e0·e^{−Δ/τe};
// the weight is clipped to its bounds where M changes sign (at most once per piece), so the result does not depend
// on how often synapses are brought up to date.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "plastix/spec/rules/stdp_pairing.hpp"
#include "plastix/synapse/modulator_track.hpp"
#include "plastix/synapse/rule.hpp"

namespace plastix {

class projection;

// One rule of the family: its STDP part and how M is made from the modulator's level.
struct three_factor_form {
  enum class third_factor { level, prediction_error };
  const char* name = "";         // the rule's name
  const char* eligibility = "";  // the eligibility's state name ("c", "e")
  stdp_pairing pairing;
  double tau_e = 1000.0;          // eligibility time constant τe [ms]
  double eta = 1.0;               // η [1/(signal unit·ms)]
  third_factor factor = third_factor::level;
  double offset = 0.0;            // added to the level (level only) [signal unit]
  double tau_mean = 1000.0;       // τ̄ of the running mean d̄ (prediction_error only) [ms]
  double initial_mean = 0.0;      // d̄ at t = 0 (prediction_error only) [signal unit]
  double update_interval = 10.0;  // every synapse brought up to date at least this often [ms]
};

// Each synapse keeps e and the time up to which e and w are integrated; it is brought up to date when a spike
// reaches it (before transmission, so that it transmits its current weight), when its post neuron spikes, every
// update_interval (all synapses: monitors then see weights at most that old), at a parameter change and at the end.
class three_factor_rule : public plasticity_rule {
 public:
  three_factor_rule(const three_factor_form& f, projection& proj, modulator_track& track);

  const char* name() const override { return f_.name; }
  double slow_interval() const override { return f_.update_interval; }
  // Threads and MPI processes (rule.hpp): every hook touches its own synapses only, and before_transmission brings a
  // spike's synapses up to now (each thread those onto its neurons) before they transmit and on_pre reads them. With
  // the prediction error, the running mean d̄ (a list shared by the synapses) is extended at every point of the
  // modulator's track right after the step's modulators (after_modulators, one thread), and the event hooks only
  // read it: they ask for d̄ at points before the step's time only, all of which are on the track then.
  bool splits_by_target() const override { return true; }
  bool acts_after_modulators() const override { return f_.factor == three_factor_form::third_factor::prediction_error; }
  void after_modulators(projection&, const step_context&) override { extend_means(); }
  void before_transmission(projection& proj, const pre_event& ev, const step_context& ctx) override;
  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override;
  void on_post(projection& proj, std::uint32_t i, const step_context& ctx) override;
  void on_slow(projection& proj, const step_context& ctx) override { advance_all(proj, ctx.time(), ctx.pool); }
  void on_end(projection& proj, const step_context& ctx) override { advance_all(proj, ctx.time()); }

  // The eligibility per synapse (decayed to the sample time), and the traces x_pre, y_post as stdp gives them.
  int state_index(std::string_view name) const override;
  double state_value(const projection& proj, std::size_t var, std::uint32_t i, const step_context& ctx) const override;
  // Checkpoints (rule.hpp): e and since per synapse, and the running mean's points (the level is the modulator's).
  void visit_state(state_visitor& v) override;

 protected:
  // New parameters from time t on: every synapse is first brought up to t with the old ones. The traces keep
  // their time constants and pairing (declared fixed during a run).
  void set_form(projection& proj, const three_factor_form& f, double t);

 private:
  // M over a piece: s + α·e^{−u/τ1} + β·e^{−u/τ2}.
  struct drive {
    double steady, alpha, tau_1, beta, tau_2;
  };
  drive drive_from(std::size_t j, double a) const;
  double mean_after(double mean, double level, double span) const;
  void extend_means();
  void advance_all(projection& proj, double t, thread_pool* pool = nullptr);  // every synapse (on pool's threads)
  double advance(std::uint32_t s, double t, double w);
  double piece(double w, double c, drive m, double span) const;

  three_factor_form f_;
  std::size_t x_pre_, y_post_;  // trace handles
  modulator_track& track_;
  std::size_t reader_;
  per_synapse<double> e_;      // eligibility at since_ [unit of a_plus]
  per_synapse<double> since_;  // time up to which e and w are integrated [ms]
  std::vector<modulator_track::point> means_;  // d̄ at the track's points (prediction_error) [ms, signal unit]
};

// A three-factor rule whose form its parameters give (form_of): dopamine_stdp and reward_stdp. A change of parameters
// during a run brings every synapse up to now with the old form first (set_form).
template <class Params, three_factor_form (*form_of)(const Params&)>
class three_factor_rule_of final : public three_factor_rule {
 public:
  three_factor_rule_of(const Params& p, projection& proj, modulator_track& track)
      : three_factor_rule(form_of(p), proj, track) {}
  bool set_params(projection& proj, const rule_params& p, const step_context& ctx) override {
    set_form(proj, form_of(std::get<Params>(p)), ctx.time());
    return true;
  }
};

}  // namespace plastix
