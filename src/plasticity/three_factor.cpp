// The three-factor family's engine (equations and integration: plasticity/three_factor.hpp).
#include "plastix/plasticity/three_factor.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/core/error.hpp"
#include "plastix/core/state_visitor.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

three_factor_rule::three_factor_rule(const three_factor_form& f, projection& proj, modulator_track& track)
    : f_(f), x_pre_(proj.pre_traces().add(f.pairing.tau_plus, f.pairing.scheme)),
      y_post_(proj.post_traces().add(f.pairing.tau_minus, f.pairing.scheme)), track_(track),
      reader_(track.subscribe()), e_(*this, proj.size(), 0.0), since_(*this, proj.size(), 0.0) {
  extend_means();
}

// The spike's synapses up to now, so that they transmit their current weight.
void three_factor_rule::before_transmission(projection& proj, const pre_event& ev, const step_context& ctx) {
  double* w = proj.weights().data();
  const double t = ctx.time();
  for (std::uint32_t s = ev.begin; s < ev.end; ++s) w[s] = advance(s, t, w[s]);
}

// Depression of the eligibility by the post trace.
void three_factor_rule::on_pre(projection& proj, const pre_event& ev, const step_context& ctx) {
  double* w = proj.weights().data();
  const double t = ctx.time();
  const auto y = proj.post_traces().read(y_post_, ctx.step, ctx.dt);
  const auto& post = proj.post_index();
  const stdp_pairing& p = f_.pairing;
  for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
    w[s] = advance(s, t, w[s]);
    e_[s] -= p.a_minus * p.dependence.depression(w[s]) * y(post[s]);
  }
}

// Potentiation of the eligibility of the synapses onto post neuron i by their pre traces.
void three_factor_rule::on_post(projection& proj, std::uint32_t i, const step_context& ctx) {
  double* w = proj.weights().data();
  const double t = ctx.time();
  const auto x = proj.pre_traces().read(x_pre_, ctx.step, ctx.dt);
  const auto slots = proj.incoming_slots(i);  // empty with a single delay: the trace entry is the pre neuron
  const stdp_pairing& p = f_.pairing;
  proj.incoming(i).visit([&](auto in) {
    for (std::size_t k = 0; k < in.size(); ++k) {
      const std::uint32_t s = in.synapse(k);
      w[s] = advance(s, t, w[s]);
      const double trace = x(slots.empty() ? in.pre(k) : proj.pre_trace_entry(in.pre(k), slots[k]));
      e_[s] += p.a_plus * p.dependence.potentiation(w[s]) * trace;
    }
  });
}

int three_factor_rule::state_index(std::string_view name) const {
  return name == f_.eligibility ? 0 : name == "x_pre" ? 1 : name == "y_post" ? 2 : -1;
}

double three_factor_rule::state_value(const projection& proj, std::size_t var, std::uint32_t i,
                                      const step_context& ctx) const {
  if (var == 1) return proj.pre_trace_at(x_pre_, i, ctx.step, ctx.dt);
  if (var == 2) return proj.post_trace_at(y_post_, i, ctx.step, ctx.dt);
  return e_[i] * std::exp(-(ctx.time() - since_[i]) / f_.tau_e);
}

void three_factor_rule::set_form(projection& proj, const three_factor_form& f, double t) {
  extend_means();
  advance_all(proj, t);
  f_ = f;
}

void three_factor_rule::advance_all(projection& proj, double t, thread_pool* pool) {
  extend_means();
  double* w = proj.weights().data();
  run_blocks(pool, proj.size(), proj.size(), [&](std::size_t from, std::size_t to) {  // each synapse on its own
    for (auto s = static_cast<std::uint32_t>(from); s < to; ++s) w[s] = advance(s, t, w[s]);
  });
  track_.release(reader_, t);
  const double oldest = track_.points().front().t;  // the means before the oldest kept point are not asked for
  std::erase_if(means_, [&](const modulator_track::point& m) { return m.t < oldest; });
}

// d̄ after `span` [ms] from a point where it was `mean` and the level `level` (the closed form of the header).
double three_factor_rule::mean_after(double mean, double level, double span) const {
  const double d_b = track_.baseline(), tau_d = track_.tau(), tau_r = f_.tau_mean;
  const double decay_r = std::exp(-span / tau_r);
  return d_b + (mean - d_b) * decay_r + (level - d_b) * tau_d / (tau_d - tau_r) * (std::exp(-span / tau_d) - decay_r);
}

// d̄ at every point of the track kept so far (each computed once, from the one before).
void three_factor_rule::extend_means() {
  if (f_.factor != three_factor_form::third_factor::prediction_error) return;
  const auto points = track_.points();
  if (means_.empty()) means_.push_back({points.front().t, f_.initial_mean});
  for (std::size_t j = track_.last_at_or_before(means_.back().t); j + 1 < points.size(); ++j)
    means_.push_back({points[j + 1].t, mean_after(means_.back().level, points[j].level, points[j + 1].t - points[j].t)});
}

// M from time a on, in the interval of track point j.
three_factor_rule::drive three_factor_rule::drive_from(std::size_t j, double a) const {
  const modulator_track::point at = track_.points()[j];
  const double d_b = track_.baseline(), tau_d = track_.tau();
  const double excess = (at.level - d_b) * std::exp(-(a - at.t) / tau_d);  // d(a) − d_b
  if (f_.factor == three_factor_form::third_factor::level) return {f_.offset + d_b, excess, tau_d, 0.0, 1.0};
  const auto m = std::lower_bound(means_.begin(), means_.end(), at.t,
                                  [](const modulator_track::point& p, double t) { return p.t < t; });
  const double tau_r = f_.tau_mean;
  const double mean_excess = mean_after(m->level, at.level, a - at.t) - d_b;  // d̄(a) − d_b
  const double k = tau_d / (tau_d - tau_r);
  return {0.0, excess * (1.0 - k), tau_d, excess * k - mean_excess, tau_r};
}

// Synapse s from its last update to t: e decays, w integrates η·M·e over the pieces of d between the modulator's
// jumps. Returns the new weight.
double three_factor_rule::advance(std::uint32_t s, double t, double w) {
  const double from = since_[s];
  since_[s] = t;
  double c = e_[s];
  if (!(t > from) || c == 0.0) return w;
  const auto points = track_.points();
  std::size_t j = track_.last_at_or_before(from);
  for (double a = from; a < t; ++j) {
    const double b = j + 1 < points.size() && points[j + 1].t < t ? points[j + 1].t : t;
    w = piece(w, c, drive_from(j, a), b - a);
    c *= std::exp(-(b - a) / f_.tau_e);
    a = b;
  }
  e_[s] = c;
  return w;
}

// w over a piece of length span [ms] in which M(u) = s + α·e^{−u/τ1} + β·e^{−u/τ2} and e(u) = c·e^{−u/τe},
// clipped to the bounds where M changes sign (it does at most once: a monotone w on each side).
double three_factor_rule::piece(double w, double c, drive m, double span) const {
  const weight_dependence& dep = f_.pairing.dependence;
  const double tau_c = f_.tau_e, tau_s = tau_c * m.tau_1 / (tau_c + m.tau_1);
  const double tau_s2 = tau_c * m.tau_2 / (tau_c + m.tau_2);
  const auto change = [&](double c0, const drive& d, double len) {
    const double two = d.steady * tau_c * -std::expm1(-len / tau_c) + d.alpha * tau_s * -std::expm1(-len / tau_s);
    if (d.beta == 0.0) return f_.eta * c0 * two;
    return f_.eta * c0 * (two + d.beta * tau_s2 * -std::expm1(-len / tau_s2));
  };
  double zero = span;  // where M changes sign, if inside the piece
  if (m.beta == 0.0) {
    if (m.steady != 0.0 && (m.steady > 0.0) != (m.alpha > 0.0) && std::abs(m.alpha) > std::abs(m.steady))
      zero = m.tau_1 * std::log(std::abs(m.alpha) / std::abs(m.steady));  // s + α·e^{−zero/τ1} = 0
  } else if (m.alpha != 0.0 && (m.alpha > 0.0) != (m.beta > 0.0)) {  // s = 0: α·e^{−u/τ1} = −β·e^{−u/τ2}
    const double u = std::log(-m.beta / m.alpha) / (1.0 / m.tau_2 - 1.0 / m.tau_1);
    if (u > 0.0) zero = u;
  }
  if (zero < span) {
    w = dep.clip(w + change(c, m, zero));
    c *= std::exp(-zero / tau_c);
    if (m.beta == 0.0) {
      m.alpha = -m.steady;
    } else {
      m.alpha *= std::exp(-zero / m.tau_1);
      m.beta *= std::exp(-zero / m.tau_2);
    }
    span -= zero;
  }
  return dep.clip(w + change(c, m, span));
}

void three_factor_rule::visit_state(state_visitor& v) {
  visit_columns(v);
  std::vector<double> times, levels;
  for (const modulator_track::point& m : means_) {
    times.push_back(m.t);
    levels.push_back(m.level);
  }
  v.resizable("mean_times", times);
  v.resizable("mean_levels", levels);
  if (!v.loading()) return;
  if (times.size() != levels.size())
    throw error("checkpoint: " + v.prefix() + " has mean_times and mean_levels of different lengths");
  means_.clear();
  for (std::size_t k = 0; k < times.size(); ++k) means_.push_back({times[k], levels[k]});
  extend_means();  // a checkpoint of an earlier version extended d̄ only as far as its hooks had asked
}

}  // namespace plastix
