// Parallel fibre → Purkinje cell plasticity (spec/rules/pf_purkinje.hpp; Medina & Mauk 2000): LTD by climbing-fibre
// spikes in proportion to a delayed eligibility, slow LTP per parallel-fibre spike. The eligibility is the
// difference of two of the projection's shared pre traces, so it is exact at any time and costs nothing per step.
#include "plastix/spec/rules/pf_purkinje.hpp"

#include <algorithm>

#include "plastix/core/error.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/synapse/projection.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/rule_context.hpp"

namespace plastix {

namespace {

class pf_purkinje_rule final : public plasticity_rule {
 public:
  pf_purkinje_rule(const pf_purkinje_params& p, rule_context& ctx)
      : p_(p), scale_(p.kernel_scale()), cf_(ctx.population_named(p.climbing_fibre)),
        x_decay_(ctx.proj.pre_traces().add(p.tau_decay, pairing::all_to_all)),
        x_rise_(ctx.proj.pre_traces().add(p.tau_rise, pairing::all_to_all)) {
    if (cf_.size() != 1 && cf_.size() != ctx.proj.post().size())
      throw error("rule 'pf_purkinje' of projection '" + ctx.proj.name() + "': climbing-fibre population '" +
                  p.climbing_fibre + "' has " + std::to_string(cf_.size()) + " neurons; it needs one per Purkinje " +
                  "cell (" + std::to_string(ctx.proj.post().size()) + ") or one for all");
  }

  const char* name() const override { return pf_purkinje_params::name; }
  int state_index(std::string_view name) const override { return name == "eligibility" ? 0 : -1; }
  double state_value(const projection& proj, std::size_t, std::uint32_t i, const step_context& ctx) const override {
    const double decay = proj.pre_trace_at(x_decay_, i, ctx.step, ctx.dt);
    return scale_ * (decay - proj.pre_trace_at(x_rise_, i, ctx.step, ctx.dt));
  }
  bool set_params(projection&, const rule_params& p, const step_context&) override {  // τr, τd stay (the traces)
    p_ = std::get<pf_purkinje_params>(p);
    return true;
  }

  // Threads and MPI processes: on_pre changes only the synapses it is given (parallel.mpi coba_pf_purkinje).
  bool splits_by_target() const override { return true; }

  // LTP: every parallel-fibre spike that reaches its synapses.
  void on_pre(projection& proj, const pre_event& ev, const step_context&) override {
    auto w = proj.weights();
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) w[s] = std::clamp(w[s] + p_.a_ltp, p_.w_min, p_.w_max);
  }

  // LTD: the climbing-fibre spikes of this step, each onto its Purkinje cell (or onto all, from a single fibre).
  void on_step(projection& proj, const step_context& ctx) override {
    const auto& spikes = cf_.spikes();
    if (spikes.empty()) return;
    if (cf_.size() == 1 && proj.post().size() != 1) {
      // One fibre onto every cell: on the run's threads, a block of cells each (the synapses onto a cell are its own).
      run_blocks(ctx.pool, proj.post().size(), proj.size(), [&](std::size_t from, std::size_t to) {
        for (auto i = static_cast<std::uint32_t>(from); i < to; ++i) depress(proj, i, ctx);
      });
    } else {
      for (std::uint32_t i : spikes) depress(proj, i, ctx);
    }
  }

  // Checkpoints (rule.hpp): the eligibility lives in the projection's pre traces; the rule keeps no state.
  void visit_state(state_visitor& v) override { visit_columns(v); }

 private:
  void depress(projection& proj, std::uint32_t i, const step_context& ctx) {
    auto w = proj.weights();
    const auto synapses = proj.incoming(i);
    const trace_bank& x = proj.pre_traces();
    const auto decay = x.read(x_decay_, ctx.step, ctx.dt), rise = x.read(x_rise_, ctx.step, ctx.dt);
    for (std::size_t k = 0; k < synapses.size(); ++k) {
      const std::size_t entry = proj.incoming_trace_entry(i, k);
      const double e = scale_ * (decay(entry) - rise(entry));
      w[synapses[k]] = std::clamp(w[synapses[k]] - p_.a_ltd * e, p_.w_min, p_.w_max);
    }
  }

  pf_purkinje_params p_;
  double scale_;  // 1/k_peak [1]
  const population& cf_;
  std::size_t x_decay_, x_rise_;  // trace handles
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const pf_purkinje_params& p, rule_context& ctx) {
  return std::make_unique<pf_purkinje_rule>(p, ctx);
}

}  // namespace plastix
