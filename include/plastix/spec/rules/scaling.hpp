// Synaptic scaling (Turrigiano, Leslie, Desai, Rutherford & Nelson 1998, Nature 391:892), in the form of van Rossum,
// Bi & Turrigiano 2000 (J Neurosci 20:8812): every synapse of this rule onto post neuron i changes as
//   dw/dt = β·w·(r_target − r_avg,i)
// with r_avg,i a slow average of neuron i's rate (plasticity/rate_sensor.hpp). Put the rule on the excitatory
// projections onto a population: it is multiplicative per post neuron over those inputs. It runs on the slow clock
// (on_slow, every `interval`, in fast and in slow phases): at each tick the rate estimate is updated with the
// interval just ended, then, with r_avg held over the interval (exact integration),
//   w ← w·exp(β·Δ·(r_target − r_avg,i))      and clipped to [w_min, w_max] (unbounded by default)
// so all weights onto one neuron share one factor and their ratios are preserved exactly (while no bound is hit).
// Defaults are plastix's (a scaling time of about a day at a rate error of a few Hz): β = 1e-6 /(Hz·s),
// τ_avg = 10 min, interval 1 s, r_target = 5 Hz; r_avg starts at r_target.
#pragma once
#include <limits>
#include <memory>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/weight_bounds.hpp"

namespace plastix {

struct scaling_params {
  static constexpr const char* name = "scaling";
  double target_rate = 5.0;  // r_target [Hz]
  // β [1/(Hz·ms)] (files: `beta` in 1/(Hz·s), read as value·1e-3): the default 1e-6 1/(Hz·s) as that reading
  // computes it, bitwise
  double beta = 1e-9 * 1e3 * 1e-3;
  double tau_avg = 600e3;    // time constant of the rate average [ms]
  double interval = 1000.0;  // slow clock interval Δ [ms]
  double w_min = 0.0;        // [weight unit]
  double w_max = std::numeric_limits<double>::infinity();  // [weight unit]

  static const declaration<scaling_params>& declare();
};

inline const declaration<scaling_params>& scaling_params::declare() {
  using p = scaling_params;
  static const auto d =
      declaration<p>("rule", "scaling", "multiplicative synaptic scaling toward a target rate (Turrigiano et al. 1998; van Rossum, Bi & Turrigiano 2000)")
          .quantity("target_rate", &p::target_rate, dimension::frequency, bounds::non_negative(), "r_target")
          .converted("beta", &p::beta, value_type::number, dimension::dimensionless, [](double x) { return x * 1e-3; },
                     [](double m) { return m * 1e3; }, bounds::non_negative(), "β in 1/(Hz·s)")
          .quantity("tau_avg", &p::tau_avg, dimension::time, bounds::positive(),
                    "time constant of the rate average r_avg (starts at r_target)")
          .quantity("interval", &p::interval, dimension::time, bounds::positive(), "slow-clock interval")
          .weight("w_min", &p::w_min, bounds::any(), "lower hard bound")
          .weight("w_max", &p::w_max, bounds::any(), "upper hard bound")
          .require(bounds_in_order<p>)
          .state("r_avg", state_scope::per_neuron, dimension::frequency, "r_avg: the slow rate average of each post neuron")
          .fixed_during_run({"tau_avg"}, "the rate estimate is built with it");
  return d;
}

// The rule' factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const scaling_params& p, rule_context& ctx);

}  // namespace plastix
