#include "plastix/plasticity/consolidation.hpp"

#include "plastix/synapse/rule_context.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "plastix/core/clock.hpp"
#include "plastix/core/random.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/shared_state.hpp"
#include "plastix/plasticity/voltage_filter.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

class tag_trigger_rule;

// The plasticity-related proteins p of the neurons of one post population (one p per neuron, Clopath et al. 2008),
// shared by every tag_trigger projection onto the population: its members (in projection order). The pool runs the
// slow update of all its members at each slow tick, once: the first member whose on_slow comes at a tick does it,
// the others find it done. So the protein trigger Σ(h − l) sums the tags of every member's synapses onto the neuron
// (pathways from different input populations capture each other's proteins), every member's late phase sees the
// same p, and neither depends on the order of the projections. A rule built outside a simulation has a pool of its
// own; the simulation's shared_state gives the rules onto one population one pool (on_share).
struct protein_pool {
  struct member {
    tag_trigger_rule* rule;
    projection* proj;
  };
  std::vector<member> members;
  std::vector<double> p;  // per post neuron
  std::int64_t done = std::numeric_limits<std::int64_t>::min();  // step of the last slow tick run

  void tick(const step_context& ctx);
};

class tag_trigger_rule final : public plasticity_rule {
 public:
  tag_trigger_rule(const tag_trigger_params& p, projection& proj, double dt)
      : p_(p), x_(proj.pre_traces().add(p.tau_x, pairing::all_to_all)), object_(proj.stream_object()),
        h_(*this, proj.size(), 0.0), l_(*this, proj.size(), 0.0), z_(*this, proj.size(), 0.0),
        labile_until_(*this, proj.size(), 0), synthesis_slot_(proj.block_slot("protein_synthesis")),
        pool_(std::make_shared<protein_pool>()),
        v_id_(voltage() ? voltage_filters::v_of(proj.post(), proj.name(), tag_trigger_params::name) : -1),
        u_({p.tau_ltd, p.tau_ltp}, p.delay) {
    if (voltage()) u_.size_for(proj.post().size(), dt);
    pool_->members.push_back({this, &proj});
    pool_->p.assign(proj.post().size(), 0.0);
    auto w = proj.weights();
    for (std::size_t s = 0; s < w.size(); ++s) w[s] = weight(s);
  }

  const char* name() const override { return tag_trigger_params::name; }
  // Threads: on_pre touches only the synapses of its event (tags, weights, counter-based random numbers) and the
  // voltage filters of their post neurons (the thread's own); on_step splits by post neuron; the protein pool ticks
  // in the slow hook, on one thread. MPI processes likewise (each synapse's random numbers are keyed by its id in
  // the whole projection; parallel.mpi coba_tag_trigger).
  bool splits_by_target() const override { return true; }
  // State: the tags h, l and the late phase z per synapse, the proteins p per post neuron (the shared pool).
  int state_index(std::string_view name) const override {
    return name == "h" ? 0 : name == "l" ? 1 : name == "z" ? 2 : name == "p" ? 3 : -1;
  }
  double state_value(const projection&, std::size_t var, std::uint32_t i, const step_context&) const override {
    switch (var) {
      case 0: return h_[i];
      case 1: return l_[i];
      case 2: return z_[i];
      default: return pool_->p[i];
    }
  }
  double slow_interval() const override { return p_.slow_step; }
  // The keys that the trace, the voltage filters and the shared protein pool are built with stay
  // (spec/param_changes.cpp); the others act from this step. The weights follow new w0, gh, gl, gz at once.
  bool set_params(projection& proj, const rule_params& p, const step_context&) override {
    p_ = std::get<tag_trigger_params>(p);
    auto w = proj.weights();
    for (std::size_t s = 0; s < w.size(); ++s) w[s] = weight(s);
    return true;
  }

  // Joins the protein pool of the post population (shared with the other tag_trigger projections onto it).
  void on_share(projection& proj, shared_state& shared) override {
    if (p_.z_up_fraction > 0.0) start_up(proj, shared.seed());
    std::shared_ptr<protein_pool> pool = shared.of<protein_pool>(proj.post());
    if (pool->members.empty()) pool->p = pool_->p;
    pool->members.push_back({this, &proj});
    pool_ = std::move(pool);
  }

  // Induction at dt (consolidation.hpp): at each arriving spike, the voltage rule's LTD tags, or both tags of the
  // presynaptic rule.
  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    auto w = proj.weights();
    const auto pos = static_cast<std::uint64_t>(ctx.step) * 4;
    if (voltage()) {
      const auto post = proj.post_index();
      const population& neurons = proj.post();
      for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
        const std::uint32_t i = post[s];
        u_.start(i, ctx.step, [&] { return neurons.sample(v_id_, i); });
        const double prob_l = p_.a_ltd * std::max(u_.delayed(ltd, ctx.step, i) - p_.theta_ltd, 0.0);
        if (h_[s] == 0.0 && l_[s] == 0.0 && uniform_at(ctx.seed, key(proj, s), pos + 1) < prob_l) l_[s] = -1.0;
        w[s] = weight(s);
      }
      return;
    }
    const trace_bank& tr = proj.pre_traces();
    const double x = tr.value(x_, proj.pre_trace_entry(ev.pre, ev.slot), ctx.step, ctx.dt);
    const double prob_h = std::min(1.0, p_.p_ltp * x), prob_l = p_.p_ltd * std::exp(-x);
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
      if (h_[s] == 0.0 && uniform_at(ctx.seed, key(proj, s), pos) < prob_h) set_ltp_tag(s, ctx);
      if (l_[s] == 0.0 && uniform_at(ctx.seed, key(proj, s), pos + 1) < prob_l) l_[s] = -1.0;
      w[s] = weight(s);
    }
  }

  // Induction at dt, voltage rule: filters the post neurons' v, and gives LTP tags while v is above θ_LTP.
  void on_step(projection& proj, const step_context& ctx) override {
    if (!voltage()) return;
    const population& post = proj.post();
    auto w = proj.weights();
    const trace_bank& x = proj.pre_traces();
    const auto pos = static_cast<std::uint64_t>(ctx.step) * 4;
    // On the run's threads, a block of post neurons each: a neuron's filters and the synapses onto it (their tags,
    // weights and counter-based random numbers) are its own.
    run_blocks(ctx.pool, post.size(), proj.size(), [&](std::size_t from, std::size_t to) {
      for (std::size_t i = from; i < to; ++i) {
        const double v = post.sample(v_id_, i);
        u_.start(i, ctx.step, [&] { return v; });
        const double gate = u_.delayed(ltp, ctx.step, i) - p_.theta_ltd;  // read before this step's v enters
        u_.filter(ctx.step, i, v);
        const double above = v - p_.theta_ltp;
        if (!(above > 0.0) || !(gate > 0.0)) continue;
        const double factor = ctx.dt * p_.a_ltp * above * gate / p_.tau_x;  // × trace = probability
        const auto post_i = static_cast<std::uint32_t>(i);
        const auto synapses = proj.incoming(post_i);
        for (std::size_t k = 0; k < synapses.size(); ++k) {
          const std::uint32_t s = synapses[k];
          if (h_[s] != 0.0 || l_[s] != 0.0) continue;
          const double trace =
              x.delayed_value(x_, proj.incoming_trace_entry(post_i, k), ctx.step, u_.delay_steps(), ctx.dt);
          if (uniform_at(ctx.seed, key(proj, s), pos) < factor * trace) {
            set_ltp_tag(s, ctx);
            w[s] = weight(s);
          }
        }
      }
    });
  }

  // round(z_up_fraction·k) of the k synapses onto each post neuron start at z = 1 (consolidation.hpp).
  void start_up(projection& proj, std::uint64_t seed) {
    auto w = proj.weights();
    for (std::uint32_t i = 0; i < proj.post().size(); ++i) {
      const auto in = proj.incoming(i);
      const auto up = static_cast<std::size_t>(std::llround(p_.z_up_fraction * static_cast<double>(in.size())));
      random_stream rs(seed, {purpose::plasticity, object_, i}, std::uint64_t{1} << 62);
      for (std::uint32_t k : shuffled_prefix(in.size(), up, rs)) {
        z_[in[k]] = 1.0;
        w[in[k]] = weight(in[k]);
      }
    }
  }

  // h: 0 → 1; a consolidated synapse (z > 0.5) so reactivated becomes labile (reconsolidation extension).
  void set_ltp_tag(std::uint32_t s, const step_context& ctx) {
    h_[s] = 1.0;
    if (p_.labile_window > 0.0 && z_[s] > 0.5)
      labile_until_[s] = ctx.step + std::clamp<std::int64_t>(clock{ctx.dt}.steps(p_.labile_window), 1,
                                                                 std::numeric_limits<std::int64_t>::max() - ctx.step);
  }

  // Synapse s's random numbers, keyed by its id in the whole projection (its id here but in a process's share of the
  // projection under MPI, projection::whole_id), so that every split draws the same numbers for it.
  stream_key key(const projection& proj, std::uint32_t s) const {
    return {purpose::plasticity, object_, static_cast<std::uint32_t>(proj.whole_id(s))};
  }
  bool voltage() const { return p_.induction == tag_trigger_params::induction_rule::voltage; }

  // Slow variables, every slow_step: the pool's tick (once per tick for all its members).
  void on_slow(projection&, const step_context& ctx) override { pool_->tick(ctx); }

  // This projection's part of the protein trigger: Σ(h − l) of its synapses onto each post neuron, added to tags.
  void add_tags(const projection& proj, std::vector<double>& tags) const {
    const auto post = proj.post_index();
    for (std::size_t s = 0; s < h_.size(); ++s) tags[post[s]] += h_[s] - l_[s];
  }

  // The synapses' slow update over one slow step, with the proteins p_old at the start of the step: (3) z by one
  // Euler step with p and the tags at the start of the step; (4) tag decay; (5) weights.
  void late_phase(projection& proj, const step_context& ctx, const std::vector<double>& p_old) {
    const double dt = p_.slow_step;
    const auto post = proj.post_index();
    auto w = proj.weights();
    const double decay_h = 1.0 - std::exp(-p_.k_h * dt), decay_l = 1.0 - std::exp(-p_.k_l * dt);
    const auto pos = static_cast<std::uint64_t>(ctx.step) * 4 + 2;
    // On the run's threads, a block of synapses each (every synapse's update is its own).
    run_blocks(ctx.pool, z_.size(), z_.size(), [&](std::size_t from, std::size_t to) {
      for (std::size_t s = from; s < to; ++s) {
        const double z = z_[s];
        const double labile = ctx.step < labile_until_[s] ? p_.labile_rate * (1.0 - p_old[post[s]]) * z : 0.0;
        z_[s] = z + dt / p_.tau_z * (z * (1.0 - z) * (z - 0.5) - labile + p_.gamma * (h_[s] + l_[s]) * p_old[post[s]]);
        const auto id = static_cast<std::uint32_t>(s);
        if (h_[s] != 0.0 && uniform_at(ctx.seed, key(proj, id), pos) < decay_h) h_[s] = 0.0;
        if (l_[s] != 0.0 && uniform_at(ctx.seed, key(proj, id), pos + 1) < decay_l) l_[s] = 0.0;
        w[s] = weight(s);
      }
    });
  }

  double weight(std::size_t s) const { return p_.w0 + p_.gh * h_[s] + p_.gl * l_[s] + p_.gz * z_[s]; }


  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);
    {  // the pool is shared by the tag_trigger rules onto one population: each saves it (the same values)
      const auto pool = v.scope("protein_pool");
      v.fixed("p", pool_->p);
      v.scalar("done", pool_->done);
    }
    const auto filters = v.scope("u");
    u_.visit_state(v);
  }

 public:
  tag_trigger_params p_;
  std::size_t x_;
  std::uint32_t object_;
  per_synapse<double> h_, l_, z_;  // tags and late phase (new synapses: untagged, z = 0)
  per_synapse<std::int64_t> labile_until_;  // reconsolidation: labile while the step is below this (new synapses: 0)
  std::size_t synthesis_slot_;  // projection::block_at: protein-synthesis block
  std::shared_ptr<protein_pool> pool_;
  int v_id_;            // the post population's v (voltage induction), else -1
  voltage_filters u_;   // ū_LTD, ū_LTP [mV], read one step late (voltage induction)
  static constexpr std::size_t ltd = 0, ltp = 1;  // the filters of u_
};

// One slow step of the pool, in this order: (1) the protein trigger Σ(h − l) per post neuron over every member's
// synapses, from the tags at the start of the step; (2) p over the step (exact, trigger held), production scaled by
// 1 − the strongest protein-synthesis block among the members (anisomycin, interventions.hpp); (3–5) each member's
// late phase, tag decay and weights with p at the start of the step. The members share theta_p, tau_pm, tau_pd and
// slow_step (validate.cpp checks it); the first member's are used. A member whose plasticity is blocked
// (block_plasticity, interventions.hpp) does not call tick, and its step (3–5) is skipped when another member ticks;
// its tags still count in (1).
void protein_pool::tick(const step_context& ctx) {
  if (ctx.step <= done) return;  // another member ran this tick already
  done = ctx.step;
  const tag_trigger_params& q = members.front().rule->p_;
  std::vector<double> tags(p.size(), 0.0);
  double block = 0.0;
  for (const member& m : members) {
    m.rule->add_tags(*m.proj, tags);
    block = std::max(block, m.proj->block_at(m.rule->synthesis_slot_));
  }
  const std::vector<double> p_old = p;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double production = tags[i] > q.theta_p ? 1.0 - block : 0.0;
    const double a = production / q.tau_pm, b = 1.0 / q.tau_pd + production / q.tau_pm;
    const double p_inf = a / b;
    p[i] = p_inf + (p[i] - p_inf) * std::exp(-b * q.slow_step);
  }
  for (const member& m : members)
    if (!m.proj->plasticity_blocked()) m.rule->late_phase(*m.proj, ctx, p_old);  // block_plasticity: held
}

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const tag_trigger_params& p, rule_context& ctx) {
  return std::make_unique<tag_trigger_rule>(p, ctx.proj, ctx.dt);
}

tag_trigger_state tag_trigger_view(const plasticity_rule& rule) {
  const auto* r = dynamic_cast<const tag_trigger_rule*>(&rule);
  if (!r) return {nullptr, nullptr, nullptr, nullptr, nullptr};
  return {r->h_.data(), r->l_.data(), r->z_.data(), r->pool_->p.data(), r->labile_until_.data()};
}

void tag_trigger_set(plasticity_rule& rule, std::uint32_t synapse, double h, double l, double z) {
  auto& r = dynamic_cast<tag_trigger_rule&>(rule);
  r.h_.at(synapse) = h;
  r.l_.at(synapse) = l;
  r.z_.at(synapse) = z;
}

void tag_trigger_set_protein(plasticity_rule& rule, std::uint32_t post, double p) {
  dynamic_cast<tag_trigger_rule&>(rule).pool_->p.at(post) = p;
}

void tag_trigger_set_labile(plasticity_rule& rule, std::uint32_t synapse, std::int64_t until_step) {
  dynamic_cast<tag_trigger_rule&>(rule).labile_until_.at(synapse) = until_step;
}

}  // namespace plastix
