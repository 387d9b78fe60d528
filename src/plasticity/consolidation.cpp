#include "plastix/plasticity/consolidation.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "plastix/core/random.hpp"
#include "plastix/plasticity/rule.hpp"
#include "plastix/sim/network.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

class tag_trigger_rule final : public plasticity_rule {
 public:
  tag_trigger_rule(const tag_trigger_params& p, projection& proj)
      : p_(p), x_(proj.pre_traces().add(p.tau_x, pairing::all_to_all)), object_(stream_object(proj.name())),
        h_(*this, proj.size(), 0.0), l_(*this, proj.size(), 0.0), z_(*this, proj.size(), 0.0), p_post_(proj.post().size(), 0.0),
        labile_until_(*this, proj.size(), 0), synthesis_slot_(proj.block_slot("protein_synthesis")) {
    auto w = proj.weights();
    for (std::size_t s = 0; s < w.size(); ++s) w[s] = weight(s);
  }

  const char* name() const override { return tag_trigger_params::name; }
  double slow_interval() const override { return p_.slow_step; }

  // Induction at dt: each arriving spike may set the synapse's tags (simplified rule, consolidation.hpp).
  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    auto w = proj.weights();
    const trace_bank& tr = proj.pre_traces();
    const double x = tr.value(x_, proj.pre_trace_entry(ev.pre, ev.slot), ctx.step, ctx.dt);
    const double prob_h = std::min(1.0, p_.p_ltp * x), prob_l = p_.p_ltd * std::exp(-x);
    const auto pos = static_cast<std::uint64_t>(ctx.step) * 4;
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
      const stream_key key{purpose::plasticity, object_, s};
      if (h_[s] == 0.0 && uniform_at(ctx.seed, key, pos) < prob_h) {
        h_[s] = 1.0;
        if (p_.labile_window > 0.0 && z_[s] > 0.5)  // reactivation of a consolidated synapse: labile
          labile_until_[s] = ctx.step + std::max<std::int64_t>(1, std::llround(p_.labile_window / ctx.dt));
      }
      if (l_[s] == 0.0 && uniform_at(ctx.seed, key, pos + 1) < prob_l) l_[s] = -1.0;
      w[s] = weight(s);
    }
  }

  // Slow variables, every slow_step Δ, in this order: (1) the protein trigger Σ(h − l) per post neuron from the
  // tags at the start of the step; (2) p over Δ (exact, trigger held); (3) z by one Euler step with p and the tags
  // at the start of the step; (4) tag decay; (5) weights.
  void on_slow(projection& proj, const step_context& ctx) override {
    const double dt = p_.slow_step;
    const std::size_t n_post = p_post_.size();
    std::vector<double> p_old = p_post_;
    const double synthesis = 1.0 - proj.block_at(synthesis_slot_);  // anisomycin (interventions.hpp)
    for (std::uint32_t i = 0; i < n_post; ++i) {
      double tags = 0.0;
      for (std::uint32_t s : proj.incoming(i)) tags += h_[s] - l_[s];
      const double production = tags > p_.theta_p ? synthesis : 0.0;
      const double a = production / p_.tau_pm, b = 1.0 / p_.tau_pd + production / p_.tau_pm;
      const double p_inf = a / b;
      p_post_[i] = p_inf + (p_post_[i] - p_inf) * std::exp(-b * dt);
    }
    const auto post = proj.post_index();
    auto w = proj.weights();
    const double decay_h = 1.0 - std::exp(-p_.k_h * dt), decay_l = 1.0 - std::exp(-p_.k_l * dt);
    const auto pos = static_cast<std::uint64_t>(ctx.step) * 4 + 2;
    for (std::size_t s = 0; s < z_.size(); ++s) {
      const double z = z_[s];
      const double labile = ctx.step < labile_until_[s] ? p_.labile_rate * (1.0 - p_old[post[s]]) * z : 0.0;
      z_[s] = z + dt / p_.tau_z * (z * (1.0 - z) * (z - 0.5) - labile + p_.gamma * (h_[s] + l_[s]) * p_old[post[s]]);
      const stream_key key{purpose::plasticity, object_, static_cast<std::uint32_t>(s)};
      if (h_[s] != 0.0 && uniform_at(ctx.seed, key, pos) < decay_h) h_[s] = 0.0;
      if (l_[s] != 0.0 && uniform_at(ctx.seed, key, pos + 1) < decay_l) l_[s] = 0.0;
      w[s] = weight(s);
    }
  }

  double weight(std::size_t s) const { return p_.w0 + p_.gh * h_[s] + p_.gl * l_[s] + p_.gz * z_[s]; }

  tag_trigger_params p_;
  std::size_t x_;
  std::uint32_t object_;
  per_synapse<double> h_, l_, z_;  // tags and late phase (new synapses: untagged, z = 0)
  std::vector<double> p_post_;
  per_synapse<std::int64_t> labile_until_;  // reconsolidation: labile while the step is below this (new synapses: 0)
  std::size_t synthesis_slot_;  // projection::block_at: protein-synthesis block
};

}  // namespace

std::unique_ptr<plasticity_rule> make_tag_trigger(const tag_trigger_params& p, projection& proj) {
  return std::make_unique<tag_trigger_rule>(p, proj);
}

tag_trigger_state tag_trigger_view(const plasticity_rule& rule) {
  const auto* r = dynamic_cast<const tag_trigger_rule*>(&rule);
  if (!r) return {nullptr, nullptr, nullptr, nullptr, nullptr};
  return {r->h_.data(), r->l_.data(), r->z_.data(), r->p_post_.data(), r->labile_until_.data()};
}

void tag_trigger_set(plasticity_rule& rule, std::uint32_t synapse, double h, double l, double z) {
  auto& r = dynamic_cast<tag_trigger_rule&>(rule);
  r.h_.at(synapse) = h;
  r.l_.at(synapse) = l;
  r.z_.at(synapse) = z;
}

void tag_trigger_set_protein(plasticity_rule& rule, std::uint32_t post, double p) {
  dynamic_cast<tag_trigger_rule&>(rule).p_post_.at(post) = p;
}

void tag_trigger_set_labile(plasticity_rule& rule, std::uint32_t synapse, std::int64_t until_step) {
  dynamic_cast<tag_trigger_rule&>(rule).labile_until_.at(synapse) = until_step;
}

}  // namespace plastix
