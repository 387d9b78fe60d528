// Calcium-based plasticity of Graupner & Brunel 2012 (PNAS 109:3991). Per synapse, a calcium variable c and an
// efficacy ρ:
//   dc/dt = −c/τCa + Cpre Σ δ(t − t_pre − D) + Cpost Σ δ(t − t_post)
//   τ dρ/dt = −ρ(1−ρ)(ρ*−ρ) + γp(1−ρ)Θ[c−θp] − γd ρ Θ[c−θd] + σ√τ·√(Θ[c−θp]+Θ[c−θd])·η(t)
// η is Gaussian white noise. t_pre is when the presynaptic spike reaches the synapse (after the projection's delay,
// as for every rule); D is the rule's own extra delay of the presynaptic calcium transient. A pre and a post
// event at the same time: the pre jump (when D = 0) comes first; the order of two jumps does not change ρ.
// Weight readout: w = w0 + ρ·(w1 − w0) (w0: weight of the DOWN state ρ = 0, w1: of the UP state ρ = 1), written
// into the projection's weights after each update of ρ, so transmission uses it.
// Integration (event driven, exact timing): between two calcium jumps of a synapse c decays exponentially, so the
// times at which it falls below θp and θd are known in closed form (τCa ln(c/θ)). Each piece between those
// crossings has constant Θs; there ρ follows an ODE (an SDE with additive noise) integrated with RK4 steps of at
// most `substep` (the drift) plus a Gaussian increment σ√(nΘ·h/τ)·N(0,1) per step (Euler–Maruyama; exact for the
// additive noise). Below both thresholds there is no noise and the drift is only the slow cubic term (time scale
// τ = 150 s): RK4 steps of at most 50·substep. ρ is brought up to date at each event of the synapse, every second
// (on_slow, so weight monitors see recent values) and by calcium_rule::advance_to() (calcium_rule.hpp; the
// end-of-run readout).
// Noise: counter-based, stream (purpose::noise, FNV-1a hash of the projection name (24 bits), synapse); the
// n-th substep with noise uses positions 2n, 2n+1 (Box–Muller). Same seed → same ρ.
// Parameters of the published sets (models.md; Graupner & Brunel 2012, Table S1; mgraupe/CalciumBasedPlasticityModel):
//   name   Cpre  Cpost  θp   γd   γp       σ       D [ms]      common: τCa = 20 ms, θd = 1, τ = 150 s, ρ* = 0.5
//   DP     1     2      1.3  200  321.808  2.8284  13.7
//   DPD    0.9   0.9    1.3  250  550      2.8284  4.6
//   DPD'   1     2      2.5  50   600      2.8284  2.2
//   P      2     2      1.3  160  257.447  2.8284  0
//   D      0.6   0.6    1.3  500  550      5.6568  0
//   D'     1     2      3.5  60   600      2.8284  0
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rules/fixed_reasons.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/weight_bounds.hpp"

namespace plastix {

struct calcium_params {
  static constexpr const char* name = "calcium";
  double c_pre = 1.0;         // Cpre: calcium jump of a presynaptic spike [1]
  double c_post = 2.0;        // Cpost: calcium jump of a postsynaptic spike [1]
  double tau_ca = 20.0;       // τCa [ms]
  double delay = 13.7;        // D: delay of the presynaptic calcium transient [ms]
  double theta_d = 1.0;       // θd: depression threshold [1]
  double theta_p = 1.3;       // θp: potentiation threshold [1]
  double gamma_d = 200.0;     // γd [1]
  double gamma_p = 321.808;   // γp [1]
  double sigma = 2.8284;      // σ: noise amplitude [1]; 0 = deterministic
  double tau = 150000.0;      // τ: time constant of ρ [ms]
  double rho_star = 0.5;      // ρ*: boundary between the DOWN and UP basins [1]
  double w0 = 0.2;            // weight of the DOWN state ρ = 0 [nS or pA]
  double w1 = 1.0;            // weight of the UP state ρ = 1 [nS or pA]
  double rho_init = 0.0;      // initial ρ of every synapse [1] (unless up_fraction is set)
  double up_fraction = -1.0;  // if in [0, 1]: the last round(up_fraction·n) synapses start at ρ = 1, the others at 0
  double substep = 0.5;       // largest integration step of ρ above a threshold [ms]

  // The sets of models.md: "DP" (the defaults), "DPD", "DPD'", "P", "D", "D'". Throws plastix::error if unknown.
  static calcium_params preset(const std::string& name);
  static const std::vector<std::string>& preset_names();
  static const declaration<calcium_params>& declare();
};

inline const declaration<calcium_params>& calcium_params::declare() {
  using p = calcium_params;
  const auto t = dimension::time;
  static const auto d =
      declaration<p>("rule", "calcium", "calcium-based plasticity with a bistable efficacy ρ (Graupner & Brunel 2012)")
          .number("c_pre", &p::c_pre, bounds::non_negative(), "Cpre: calcium jump of a presynaptic spike")
          .number("c_post", &p::c_post, bounds::non_negative(), "Cpost: calcium jump of a postsynaptic spike")
          .quantity("tau_ca", &p::tau_ca, t, bounds::positive(), "τCa: calcium decay")
          .quantity("delay", &p::delay, t, bounds::non_negative(),
                    "D: delay of the presynaptic calcium jump, added to the projection's delay")
          .number("theta_d", &p::theta_d, bounds::positive(), "θd: depression threshold")
          .number("theta_p", &p::theta_p, bounds::positive(), "θp: potentiation threshold")
          .number("gamma_d", &p::gamma_d, bounds::non_negative(), "γd: depression rate")
          .number("gamma_p", &p::gamma_p, bounds::non_negative(), "γp: potentiation rate")
          .number("sigma", &p::sigma, bounds::non_negative(), "σ: noise amplitude (0 = deterministic)")
          .quantity("tau", &p::tau, t, bounds::positive(), "τ: time constant of ρ")
          .number("rho_star", &p::rho_star, bounds::in(0.0, 1.0, true, true), "ρ*: boundary of the DOWN and UP basins")
          .weight("w0", &p::w0, bounds::any(), "weight of the DOWN state ρ = 0 (replaces the projection's `weight`)")
          .weight("w1", &p::w1, bounds::any(), "weight of the UP state ρ = 1")
          .number("rho_init", &p::rho_init, bounds::any(), "initial ρ of every synapse")
          .number("up_fraction", &p::up_fraction, bounds::in(-std::numeric_limits<double>::infinity(), 1.0),
                  "if in [0, 1]: the last round(up_fraction·n) synapses start UP (ρ = 1), the others DOWN; < 0 = unused")
          .quantity("substep", &p::substep, t, bounds::positive(),
                    "largest integration step of ρ while c is above a threshold")
          .require([](const p& c) -> key_problem {
            if (c.w0 != c.w1) return {};
            return {"w0", "w0 and w1 must differ (weights of the DOWN and UP states), got " +
                              format_value(c.w0, dimension::dimensionless)};
          })
          .presets(preset_names(), &p::preset)
          .state("rho", state_scope::per_synapse, dimension::dimensionless, "ρ: the synaptic efficacy, 0 (DOWN) to 1 (UP)")
          .state("c", state_scope::per_synapse, dimension::dimensionless, "c: the calcium concentration of the synapse")
          .fixed_during_run({"delay"}, "presynaptic calcium transients already under way keep their delay")
          .fixed_during_run({"rho_init", "up_fraction"}, fixed_reason::start_state);
  return d;
}

// "" if valid, else what is wrong ("tau_ca must be > 0 ms, got -1 ms").
std::string validate_calcium(const calcium_params& p);

// The rule' factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const calcium_params& p, rule_context& ctx);

}  // namespace plastix
