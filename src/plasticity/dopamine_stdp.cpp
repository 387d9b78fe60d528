// Dopamine-modulated STDP (Izhikevich 2007; equations and integration: spec/rules/dopamine_stdp.hpp). Each synapse
// keeps c and the time up to which c and w are integrated; it is brought up to date when a spike reaches it (before
// transmission, so that it transmits its current weight), when its post neuron spikes, every update_interval (all
// synapses: monitors then see weights at most that old) and at the end of the run.
#include <cmath>

#include "plastix/spec/rules/dopamine_stdp.hpp"
#include "plastix/synapse/projection.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/rule_context.hpp"

namespace plastix {

namespace {

class dopamine_stdp_rule final : public plasticity_rule {
 public:
  dopamine_stdp_rule(const dopamine_stdp_params& p, projection& proj, modulator_track& track)
      : p_(p), x_pre_(proj.pre_traces().add(p.tau_plus, p.scheme)),
        y_post_(proj.post_traces().add(p.tau_minus, p.scheme)), track_(track), reader_(track.subscribe()),
        c_(*this, proj.size(), 0.0), since_(*this, proj.size(), 0.0) {}

  const char* name() const override { return dopamine_stdp_params::name; }
  double slow_interval() const override { return p_.update_interval; }

  // The spike's synapses up to now, so that they transmit their current weight.
  double on_transmit(projection& proj, const pre_event& ev, const step_context& ctx) override {
    if (proj.plasticity_blocked()) return 1.0;
    double* w = proj.weights().data();
    const double t = ctx.time();
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) w[s] = advance(s, t, w[s]);
    return 1.0;
  }

  // Depression of the eligibility by the post trace.
  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    double* w = proj.weights().data();
    const double t = ctx.time();
    const auto y = proj.post_traces().read(y_post_, ctx.step, ctx.dt);
    const auto& post = proj.post_index();
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
      w[s] = advance(s, t, w[s]);
      c_[s] -= p_.a_minus * p_.dependence.depression(w[s]) * y(post[s]);
    }
  }

  // Potentiation of the eligibility of the synapses onto post neuron i by their pre traces.
  void on_post(projection& proj, std::uint32_t i, const step_context& ctx) override {
    double* w = proj.weights().data();
    const double t = ctx.time();
    const auto x = proj.pre_traces().read(x_pre_, ctx.step, ctx.dt);
    const auto synapses = proj.incoming(i);
    const auto slots = proj.incoming_slots(i);  // empty with a single delay: the trace entry is the pre neuron
    proj.incoming_pre(i).visit([&](auto pres) {
      for (std::size_t k = 0; k < synapses.size(); ++k) {
        const std::uint32_t s = synapses[k];
        w[s] = advance(s, t, w[s]);
        const double trace = x(slots.empty() ? pres[k] : proj.pre_trace_entry(pres[k], slots[k]));
        c_[s] += p_.a_plus * p_.dependence.potentiation(w[s]) * trace;
      }
    });
  }

  void on_slow(projection& proj, const step_context& ctx) override { advance_all(proj, ctx.time()); }
  void on_end(projection& proj, const step_context& ctx) override { advance_all(proj, ctx.time()); }

  // c per synapse (decayed to the sample time), and the traces x_pre, y_post as the stdp rule gives them.
  int state_index(std::string_view name) const override {
    return name == "c" ? 0 : name == "x_pre" ? 1 : name == "y_post" ? 2 : -1;
  }
  double state_value(const projection& proj, std::size_t var, std::uint32_t i, const step_context& ctx) const override {
    if (var == 1) return proj.pre_trace_at(x_pre_, i, ctx.step, ctx.dt);
    if (var == 2) return proj.post_trace_at(y_post_, i, ctx.step, ctx.dt);
    return c_[i] * std::exp(-(ctx.time() - since_[i]) / p_.tau_c);
  }

 private:
  void advance_all(projection& proj, double t) {
    double* w = proj.weights().data();
    for (std::uint32_t s = 0; s < proj.size(); ++s) w[s] = advance(s, t, w[s]);
    track_.release(reader_, t);
  }

  // Synapse s from its last update to t: c decays, w integrates η·(b + d)·c over the pieces of d between the
  // modulator's jumps. Returns the new weight.
  double advance(std::uint32_t s, double t, double w) {
    const double from = since_[s];
    since_[s] = t;
    double c = c_[s];
    if (!(t > from) || c == 0.0) return w;
    const auto points = track_.points();
    std::size_t j = track_.last_at_or_before(from);
    const double d_b = track_.baseline(), tau_d = track_.tau();
    for (double a = from; a < t; ++j) {
      const double b = j + 1 < points.size() && points[j + 1].t < t ? points[j + 1].t : t;
      const double excess = (points[j].level - d_b) * std::exp(-(a - points[j].t) / tau_d);  // d(a) − d_b
      w = piece(w, c, excess, b - a, tau_d, d_b);
      c *= std::exp(-(b - a) / p_.tau_c);
      a = b;
    }
    c_[s] = c;
    return w;
  }

  // w over a piece of length span [ms] in which d(u) = d_b + excess·e^{−u/τd} and c(u) = c·e^{−u/τc}, clipped to
  // the bounds where the drive b + d changes sign (its only zero: a monotone w on each side of it).
  double piece(double w, double c, double excess, double span, double tau_d, double d_b) const {
    const double steady = p_.baseline + d_b;  // the drive's constant part [uM]
    const double tau_c = p_.tau_c, tau_s = tau_c * tau_d / (tau_c + tau_d);
    const auto change = [&](double c0, double e0, double len) {
      return p_.eta * c0 * (steady * tau_c * -std::expm1(-len / tau_c) + e0 * tau_s * -std::expm1(-len / tau_s));
    };
    if (steady != 0.0 && (steady > 0.0) != (excess > 0.0) && std::abs(excess) > std::abs(steady)) {
      const double zero = tau_d * std::log(std::abs(excess) / std::abs(steady));  // b + d(zero) = 0
      if (zero < span) {
        w = p_.dependence.clip(w + change(c, excess, zero));
        c *= std::exp(-zero / tau_c);
        excess = -steady;
        span -= zero;
      }
    }
    return p_.dependence.clip(w + change(c, excess, span));
  }


 public:
  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);  // the dopamine level is the modulator's (sim/modulators.hpp)
  }

 private:
  dopamine_stdp_params p_;
  std::size_t x_pre_, y_post_;  // trace handles
  modulator_track& track_;
  std::size_t reader_;
  per_synapse<double> c_;      // eligibility at since_ [unit of a_plus]
  per_synapse<double> since_;  // time up to which c and w are integrated [ms]
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const dopamine_stdp_params& p, rule_context& ctx) {
  return std::make_unique<dopamine_stdp_rule>(p, ctx.proj, ctx.sig.read_track(p.modulator));
}

}  // namespace plastix
