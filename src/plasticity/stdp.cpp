#include "plastix/spec/rules/stdp.hpp"

#include <algorithm>

#include "plastix/synapse/rule_context.hpp"

#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

class stdp_rule final : public plasticity_rule {
 public:
  stdp_rule(const stdp_params& p, projection& proj)
      : p_(p), x_pre_(proj.pre_traces().add(p.tau_plus, p.scheme)),
        y_post_(proj.post_traces().add(p.tau_minus, p.scheme)) {}

  const char* name() const override { return stdp_params::name; }
  // State: the traces x_pre (per presynaptic neuron) and y_post (per post neuron), exact at t.
  int state_index(std::string_view name) const override { return name == "x_pre" ? 0 : name == "y_post" ? 1 : -1; }
  double state_value(const projection& proj, std::size_t var, std::uint32_t i, const step_context& ctx) const override {
    return var == 0 ? proj.pre_trace_at(x_pre_, i, ctx.step, ctx.dt) : proj.post_trace_at(y_post_, i, ctx.step, ctx.dt);
  }
  bool set_params(projection&, const rule_params& p, const step_context&) override {  // traces keep their time constants (spec/param_changes.hpp)
    p_ = std::get<stdp_params>(p);
    return true;
  }

  // Depression of the arriving event's synapses by the post traces (one loop per weight dependence and index width),
  // in chunks of `chunk` synapses whose traces are read into a buffer on the stack (no state shared between calls:
  // the rule splits_by_target, rule.hpp).
  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    double* w = proj.weights().data() + ev.begin;
    const std::size_t n = ev.end - ev.begin;
    double trace[chunk];
    const auto y = proj.post_traces().read(y_post_, ctx.step, ctx.dt);
    const weight_dependence dep = p_.dependence;  // local copies: the weight stores cannot alias them
    const double a_minus = p_.a_minus;
    for (std::size_t c0 = 0; c0 < n; c0 += chunk) {
      const std::size_t m = std::min(chunk, n - c0);
      proj.post_index().visit([&](auto post) {
        y.read_all(m, [&](std::size_t k) { return post[ev.begin + c0 + k]; }, trace);
      });
      double* wc = w + c0;
      dep.with_kind([&](auto kind) {
        for (std::size_t k = 0; k < m; ++k) {
          const double wi = wc[k];
          wc[k] = dep.clip(wi - a_minus * dep.template depression<decltype(kind)::value>(wi) * trace[k]);
        }
      });
    }
  }

  // Potentiation of the synapses onto post neuron i by their pre traces, through the transposed index.
  void on_post(projection& proj, std::uint32_t i, const step_context& ctx) override {
    double* w = proj.weights().data();
    const auto x = proj.pre_traces().read(x_pre_, ctx.step, ctx.dt);
    const auto slots = proj.incoming_slots(i);  // empty with a single delay: the trace entry is the pre neuron
    const weight_dependence dep = p_.dependence;
    const double a_plus = p_.a_plus;
    proj.incoming(i).visit([&](auto in) {  // once per layout of the transposed index
      const std::size_t n = in.size();
      std::uint32_t ids[chunk];  // the chunk's synapses, decoded once
      double trace[chunk];
      for (std::size_t c0 = 0; c0 < n; c0 += chunk) {
        const std::size_t m = std::min(chunk, n - c0);
        // The weights are scattered over the forward order: fetch them while the traces are computed.
        for (std::size_t k = 0; k < m; ++k) {
          ids[k] = in.synapse(c0 + k);
          __builtin_prefetch(w + ids[k], 1);
        }
        if (slots.empty()) x.read_all(m, [&](std::size_t k) { return in.pre(c0 + k); }, trace);
        else x.read_all(m, [&](std::size_t k) { return proj.pre_trace_entry(in.pre(c0 + k), slots[c0 + k]); }, trace);
        dep.with_kind([&](auto kind) {
          for (std::size_t k = 0; k < m; ++k) {
            double& wk = w[ids[k]];
            const double wi = wk;
            wk = dep.clip(wi + a_plus * dep.template potentiation<decltype(kind)::value>(wi) * trace[k]);
          }
        });
      }
    });
  }
  bool splits_by_target() const override { return true; }
  bool acts_on_step() const override { return false; }

 private:
  static constexpr std::size_t chunk = 256;  // synapses whose traces are read at once (trace_bank::read_all's batch)

 public:
  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);  // the traces belong to the projection
  }

 private:
  stdp_params p_;
  std::size_t x_pre_, y_post_;  // trace handles
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const stdp_params& p, rule_context& ctx) {
  return std::make_unique<stdp_rule>(p, ctx.proj);
}

}  // namespace plastix
