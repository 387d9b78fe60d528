// Short-term plasticity, Tsodyks–Markram model in the Maass–Markram form (Tsodyks & Markram 1997, PNAS 94:719;
// Tsodyks, Pawelzik & Markram 1998, Neural Comput 10:821; Maass & Markram 2002, Neural Comput 14:2481).
// Resources x (fraction available, recovering with τrec) and utilisation u (facilitating with τfac). Between spikes
// u relaxes to u_rest (0 in the Maass–Markram form; U in the form of Mongillo, Barak & Tsodyks 2008, Science
// 319:1543, their working-memory model); at a spike it jumps by U(1 − u). At the n-th presynaptic spike, with Δ the
// interval since the previous one (n ≥ 2):
//   u_n = u⁻ + U (1 − u⁻),  u⁻ = u_rest + (u_{n−1} − u_rest) e^{−Δ/τfac}   (u_1 = u_rest + U(1 − u_rest))
//   x_n = 1 + (x_{n−1} − u_{n−1} x_{n−1} − 1) e^{−Δ/τrec}                   (x_1 = 1)
//   transmitted amplitude_n = w · u_n · x_n
// With u_rest = 0 this is u_n = U + u_{n−1} (1 − U) e^{−Δ/τfac} (u_1 = U; τfac = 0: u_n = U, no facilitation).
// Update order: u jumps (facilitates) BEFORE the release, so a spike is transmitted with its own, already
// facilitated u_n; the release then takes u_n·x_n of the resources (x drops to x_n (1 − u_n)) and x recovers
// from there until the next spike. The rule acts through on_transmit (the factor u_n·x_n); it never changes w,
// so it stacks with a long-term rule on the same projection (e.g. stdp: STDP changes w, STP scales transmission).
// State: one (u, x, last spike) per (presynaptic neuron, delay slot), not per synapse: all synapses of one
// presynaptic neuron that share a delay see the same spike train and hold the same u and x. The interval Δ is
// between arrivals at those synapses (arrival = spike + delay), which equals the interval between the spikes.
// Monitors (state monitor on the projection, variables "u" and "x"): the values of a presynaptic neuron at time t
// are those after its latest arrival (of its delay slots, the one with the latest), relaxed to t:
//   u(t) = u_rest + (u_n − u_rest) e^{−(t−t_n)/τfac},  x(t) = 1 + (x_n (1 − u_n) − 1) e^{−(t−t_n)/τrec}
// (u_rest and 1 before the first arrival).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rule_factory.hpp"

namespace plastix {

struct stp_params {
  static constexpr const char* name = "stp";
  double u = 0.5;          // U: utilisation of the first spike (and the increment of u per spike), 0 < U ≤ 1 [1]
  double tau_rec = 800.0;  // recovery of the resources x [ms], > 0
  double tau_fac = 0.0;    // decay of the facilitation of u [ms], ≥ 0; 0 = no facilitation
  double u_rest = 0.0;     // value u relaxes to between spikes [1], in [0, 1): 0 (Maass–Markram), U (Mongillo 2008)

  // Published parameter sets (Tsodyks, Pawelzik & Markram 1998): "depressing" (U = 0.5, τrec = 800 ms, τfac = 0,
  // the defaults) and "facilitating" (U = 0.03, τrec = 130 ms, τfac = 530 ms); "mongillo" (Mongillo, Barak &
  // Tsodyks 2008: U = 0.19, τrec = 200 ms, τfac = 1500 ms, u_rest = U). Throws plastix::error if unknown.
  static stp_params preset(const std::string& name);
  // The state a monitor can sample per presynaptic neuron (plasticity_rule::state_value): "u", "x".
  static const std::vector<std::string>& state_names();
  static const std::vector<std::string>& preset_names();
  static const declaration<stp_params>& declare();
};

inline const declaration<stp_params>& stp_params::declare() {
  using p = stp_params;
  static const auto d =
      declaration<p>("rule", "stp", "short-term depression and facilitation (Tsodyks, Pawelzik & Markram 1998)")
          .number("u", &p::u, bounds::in(0.0, 1.0, true, false), "U, the utilisation of the first spike")
          .quantity("tau_rec", &p::tau_rec, dimension::time, bounds::positive(),
                    "recovery time constant of the resources")
          .quantity("tau_fac", &p::tau_fac, dimension::time, bounds::non_negative(),
                    "facilitation time constant (0 = no facilitation)")
          .number("u_rest", &p::u_rest, bounds::in(0.0, 1.0, false, true),
                  "the value u relaxes to between spikes: 0 is the Maass–Markram form, U the form of Mongillo et al. 2008")
          .presets(preset_names(), &p::preset)
          .state("u", state_scope::per_pre, dimension::dimensionless, "utilisation u of the presynaptic neuron's synapses")
          .state("x", state_scope::per_pre, dimension::dimensionless, "available resources x of its synapses")
          .changes_during_run();
  return d;
}

// The rule' factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const stp_params& p, rule_context& ctx);

}  // namespace plastix
