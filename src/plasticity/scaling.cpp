// Synaptic scaling, van Rossum, Bi & Turrigiano 2000 (plasticity/scaling.hpp).
#include "plastix/spec/rules/scaling.hpp"

#include "plastix/synapse/rule_context.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/plasticity/rate_sensor.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

class scaling_rule final : public plasticity_rule {
 public:
  scaling_rule(const scaling_params& p, projection& proj)
      : p_(p), sensor_(proj.post(), p.tau_avg, p.target_rate) {}

  const char* name() const override { return scaling_params::name; }
  bool set_params(projection&, const rule_params& p, const step_context&) override {  // tau_avg stays (the sensor's)
    p_ = std::get<scaling_params>(p);
    return true;
  }
  double slow_interval() const override { return p_.interval; }
  void on_phase(const phase_spec& phase) override { sensor_.start_phase(phase.slow_step > 0.0); }
  void on_post(projection&, std::uint32_t i, const step_context&) override { sensor_.spike(i); }

  void on_slow(projection& proj, const step_context&) override {
    sensor_.tick(p_.interval);
    auto w = proj.weights();
    const std::size_t n_post = sensor_.size();
    for (std::uint32_t i = 0; i < n_post; ++i) {
      const double factor = std::exp(p_.beta * p_.interval * (p_.target_rate - sensor_.rate(i)));
      for (std::uint32_t s : proj.incoming(i)) {
        const double ws = w[s];
        w[s] = std::clamp(ws * factor, p_.w_min, p_.w_max);
      }
    }
  }

 private:
  scaling_params p_;
  rate_sensor sensor_;
};

}  // namespace

template <>
std::unique_ptr<plasticity_rule> build_rule(const scaling_params& p, rule_context& ctx) {
  return std::make_unique<scaling_rule>(p, ctx.proj);
}

}  // namespace plastix
