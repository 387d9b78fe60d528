#include "plastix/plasticity/calcium_rule.hpp"

#include "plastix/synapse/rule_context.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

#include "plastix/core/error.hpp"
#include "plastix/core/random.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

calcium_rule::calcium_rule(const calcium_params& p, projection& proj, std::uint64_t seed)
    : p_(p), seed_(seed), object_(proj.stream_object()), c_(*this, proj.size(), 0.0),
      rho_(*this, proj.size(), p.rho_init), rho0_(*this, proj.size(), p.rho_init), t_(*this, proj.size(), 0.0),
      draws_(*this, proj.size(), 0), pending_(*this, proj.size(), {}) {
  const std::size_t n = proj.size();
  if (p.up_fraction >= 0.0) {
    const auto up = static_cast<std::size_t>(std::llround(p.up_fraction * static_cast<double>(n)));
    for (std::size_t s = 0; s < n; ++s) rho_[s] = s + up >= n ? 1.0 : 0.0;
  }
  for (std::size_t s = 0; s < n; ++s) rho0_[s] = rho_[s];
  for (std::size_t s = 0; s < n; ++s) write_weight(proj, s);
}

bool calcium_rule::set_params(projection& proj, const rule_params& p, const step_context& ctx) {
  seed_ = ctx.seed;
  advance_to(proj, ctx.time());
  p_ = std::get<calcium_params>(p);
  for (std::size_t s = 0; s < proj.size(); ++s) write_weight(proj, s);
  return true;
}

void calcium_rule::write_weight(projection& proj, std::size_t s) const {
  proj.weights()[s] = p_.w0 + rho_[s] * (p_.w1 - p_.w0);
}

void calcium_rule::integrate(std::size_t s, double t) {
  synapse_state st{c_[s], rho_[s], t_[s], draws_[s]};
  integrate(s, st, t);
  c_[s] = st.c;
  rho_[s] = st.rho;
  t_[s] = st.t;
  draws_[s] = st.draws;
}

void calcium_rule::integrate(std::size_t s, synapse_state& st, double t) const {
  const double total = t - st.t;
  if (!(total > 0.0)) return;
  const double c0 = st.c;
  // Times (from t_[s]) at which c falls below each threshold; 0 if already below.
  const double until_p = c0 > p_.theta_p ? p_.tau_ca * std::log(c0 / p_.theta_p) : 0.0;
  const double until_d = c0 > p_.theta_d ? p_.tau_ca * std::log(c0 / p_.theta_d) : 0.0;
  double cuts[4] = {0.0, std::min(until_p, total), std::min(until_d, total), total};
  std::sort(cuts, cuts + 4);
  double rho = st.rho;
  const double inv_tau = 1.0 / p_.tau;
  for (int k = 0; k < 3; ++k) {
    const double a = cuts[k], len = cuts[k + 1] - a;
    if (!(len > 0.0)) continue;
    const double th_p = until_p > a ? 1.0 : 0.0, th_d = until_d > a ? 1.0 : 0.0;
    const auto drift = [&](double r) {
      return (-r * (1.0 - r) * (p_.rho_star - r) + p_.gamma_p * (1.0 - r) * th_p - p_.gamma_d * r * th_d) * inv_tau;
    };
    const double active = th_p + th_d;
    const double h_max = active > 0.0 ? p_.substep : 50.0 * p_.substep;
    const auto n = static_cast<std::int64_t>(std::ceil(len / h_max));
    const double h = len / static_cast<double>(n);
    const double noise = p_.sigma > 0.0 && active > 0.0 ? p_.sigma * std::sqrt(active * h * inv_tau) : 0.0;
    for (std::int64_t i = 0; i < n; ++i) {
      const double k1 = drift(rho), k2 = drift(rho + 0.5 * h * k1), k3 = drift(rho + 0.5 * h * k2),
                   k4 = drift(rho + h * k3);
      rho += h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
      if (noise > 0.0) {
        const stream_key key{purpose::noise, object_, static_cast<std::uint32_t>(s)};
        const double u1 = uniform_at(seed_, key, 2 * st.draws), u2 = uniform_at(seed_, key, 2 * st.draws + 1);
        ++st.draws;
        rho += noise * std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
      }
    }
  }
  st.rho = rho;
  st.c = c0 * std::exp(-total / p_.tau_ca);
  st.t = t;
}

calcium_rule::synapse_state calcium_rule::state_at(std::size_t s, double t) const {
  synapse_state st{c_[s], rho_[s], t_[s], draws_[s]};
  for (double jump : pending_[s]) {  // as advance does, on a copy
    if (jump > t) break;
    integrate(s, st, jump);
    st.c += p_.c_pre;
  }
  integrate(s, st, t);
  return st;
}

void calcium_rule::advance(std::size_t s, double t) {
  auto& q = pending_[s];
  std::size_t done = 0;
  while (done < q.size() && q[done] <= t) {
    integrate(s, q[done]);
    c_[s] += p_.c_pre;
    ++done;
  }
  if (done) q.erase(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(done));
  integrate(s, t);
}

void calcium_rule::on_pre(projection& proj, const pre_event& ev, const step_context& ctx) {
  if (seed_ != ctx.seed) seed_ = ctx.seed;  // written once: threads that split by target only read it then
  const double t = ctx.time();
  for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
    advance(s, t);
    pending_[s].push_back(t + p_.delay);
    if (p_.delay <= 0.0) advance(s, t);  // D = 0: the jump happens now
    write_weight(proj, s);
  }
}

void calcium_rule::on_post(projection& proj, std::uint32_t i, const step_context& ctx) {
  if (seed_ != ctx.seed) seed_ = ctx.seed;
  const double t = ctx.time();
  for (std::uint32_t s : proj.incoming(i)) {
    advance(s, t);
    c_[s] += p_.c_post;
    write_weight(proj, s);
  }
}

void calcium_rule::on_slow(projection& proj, const step_context& ctx) {
  seed_ = ctx.seed;
  advance_to(proj, ctx.time(), ctx.pool);
}

void calcium_rule::on_rewire(projection& proj, rewire_map old_id_of_new, const step_context& ctx) {
  plasticity_rule::on_rewire(proj, old_id_of_new, ctx);
  for (std::size_t s = 0; s < old_id_of_new.size(); ++s)
    if (old_id_of_new[s] == new_synapse) t_[s] = ctx.time();  // a new synapse starts now, at rest
}

void calcium_rule::advance_to(projection& proj, double t, thread_pool* pool) {
  run_blocks(pool, rho_.size(), rho_.size(), [&](std::size_t from, std::size_t to) {  // each synapse on its own
    for (std::size_t s = from; s < to; ++s) {
      advance(s, std::max(t, t_[s]));
      write_weight(proj, s);
    }
  });
}

void calcium_rule::report(const projection& proj, std::map<std::string, double>& metrics) const {
  const calcium_change ch = calcium_readout(rho0_, rho_, p_.rho_star, p_.w0, p_.w1);
  metrics["dw_rel." + proj.name()] = ch.ratio - 1.0;
  metrics["up_prob." + proj.name()] = ch.up;
  metrics["down_prob." + proj.name()] = ch.down;
}

int calcium_rule::state_index(std::string_view name) const { return name == "rho" ? 0 : name == "c" ? 1 : -1; }

double calcium_rule::state_value(const projection&, std::size_t var, std::uint32_t s, const step_context& ctx) const {
  const synapse_state st = state_at(s, std::max(ctx.time(), t_[s]));
  return var == 0 ? st.rho : st.c;
}

std::unique_ptr<plasticity_rule> build_rule(const calcium_params& p, rule_context& ctx) {
  return std::make_unique<calcium_rule>(p, ctx.proj, ctx.seed);
}

calcium_change calcium_readout(std::span<const double> before, std::span<const double> after, double rho_star,
                               double w0, double w1) {
  calcium_change out;
  std::size_t down0 = 0, up0 = 0, went_up = 0, went_down = 0;
  const std::size_t n = std::min(before.size(), after.size());
  for (std::size_t s = 0; s < n; ++s) {
    if (before[s] < rho_star) {
      ++down0;
      if (after[s] >= rho_star) ++went_up;
    } else {
      ++up0;
      if (after[s] < rho_star) ++went_down;
    }
  }
  if (n == 0) return out;
  out.up = down0 ? static_cast<double>(went_up) / static_cast<double>(down0) : 0.0;
  out.down = up0 ? static_cast<double>(went_down) / static_cast<double>(up0) : 0.0;
  const double beta = static_cast<double>(down0) / static_cast<double>(n), beta_up = 1.0 - beta;
  const double before_mean = w0 * beta + w1 * beta_up;
  const double after_mean =
      w0 * ((1.0 - out.up) * beta + out.down * beta_up) + w1 * (out.up * beta + (1.0 - out.down) * beta_up);
  out.ratio = before_mean != 0.0 ? after_mean / before_mean : 1.0;
  return out;
}

}  // namespace plastix
