// Leaky integrate-and-fire neuron (Lapicque 1907; Dayan & Abbott 2001 ch. 5), current- or conductance-based
// depending on the receptors of its population.
//   c_m dv/dt = g_l (e_l − v) + Σ g_k B_k(v)(E_k − v) + I_syn + i_e + I_ext
// Integration: exact exponential step with the synaptic state held over the step ("exponential Euler";
// exact for constant input). Spike when v ≥ v_th; v ← v_reset, clamped there for t_ref.
#pragma once
#include <array>
#include <cmath>
#include <cstddef>
#include <string>

#include "plastix/core/fast_math.hpp"
#include "plastix/neuron/receptors.hpp"
#include "plastix/spec/neurons/lif.hpp"

namespace plastix {

struct lif {
  static constexpr const char* name = lif_params::name;
  using params = lif_params;
  static constexpr auto state_names = lif_params::state_names;
  using columns = std::array<double*, 1>;

  static std::string validate(const params& p) { return validate_params(p); }  // spec/neurons
  static void init(const params& p, columns c, std::size_t i) { c[0][i] = p.e_l; }
  static double refractory(const params& p) { return p.t_ref; }

  static void integrate(const params& p, columns c, std::size_t i, const synaptic_drive& d, double i_ext, double dt) {
    double& v = c[0][i];
    const double g = p.g_l + d.g;
    const double v_inf = (p.g_l * p.e_l + d.g_e + d.i + p.i_e + i_ext) / g;
    // −dt/c_m is the same for every neuron and step (hoisted out of the loop over neurons): one division per
    // neuron instead of two. Within an ulp of −dt·g/c_m (docs/performance.md: same COBA spikes and weights).
    v = v_inf + (v - v_inf) * fast_exp(g * (-dt / p.c_m));
  }
  static bool spiked(const params& p, columns c, std::size_t i) { return c[0][i] >= p.v_th; }
  static void reset(const params& p, columns c, std::size_t i) { c[0][i] = p.v_reset; }
};

}  // namespace plastix
