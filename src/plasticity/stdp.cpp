#include "plastix/plasticity/stdp.hpp"

#include "plastix/plasticity/rule.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

const std::vector<std::string>& weight_dependence_names() {
  static const std::vector<std::string> names{"additive", "multiplicative", "gutig", "power_law", "van_rossum"};
  return names;
}

namespace {

class stdp_rule final : public plasticity_rule {
 public:
  stdp_rule(const stdp_params& p, projection& proj)
      : p_(p), x_pre_(proj.pre_traces().add(p.tau_plus, p.scheme)),
        y_post_(proj.post_traces().add(p.tau_minus, p.scheme)) {}

  const char* name() const override { return stdp_params::name; }

  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    auto w = proj.weights();
    const auto post = proj.post_index();
    const trace_bank& y = proj.post_traces();
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
      const double trace = y.value(y_post_, post[s], ctx.step, ctx.dt);
      w[s] = p_.dependence.clip(w[s] - p_.a_minus * p_.dependence.depression(w[s]) * trace);
    }
  }

  void on_post(projection& proj, std::uint32_t i, const step_context& ctx) override {
    auto w = proj.weights();
    const auto synapses = proj.incoming(i);
    const auto pres = proj.incoming_pre(i);
    const trace_bank& x = proj.pre_traces();
    for (std::size_t k = 0; k < synapses.size(); ++k) {
      const double trace = x.value(x_pre_, proj.pre_trace_entry(pres[k], proj.incoming_slot(i, k)), ctx.step, ctx.dt);
      double& wk = w[synapses[k]];
      wk = p_.dependence.clip(wk + p_.a_plus * p_.dependence.potentiation(wk) * trace);
    }
  }

 private:
  stdp_params p_;
  std::size_t x_pre_, y_post_;  // trace handles
};

}  // namespace

std::unique_ptr<plasticity_rule> make_stdp(const stdp_params& p, projection& proj) {
  return std::make_unique<stdp_rule>(p, proj);
}

}  // namespace plastix
