// Leaky integrate-and-fire neuron (Lapicque 1907; Dayan & Abbott 2001 ch. 5), current- or conductance-based
// depending on the receptors of its population.
//   c_m dv/dt = g_l (e_l − v) + Σ g_k B_k(v)(E_k − v) + I_syn + i_e + I_ext
// Integration (the key `method`, spec/neurons/lif.hpp): exponential_euler (the default), the exact exponential
// step with the synaptic state held over the step (exact for constant input); euler, forward Euler
// v += dt·I(v)/c_m (Brian2's `euler`, Auryn); exact, the exact solution for current receptors that decay
// exponentially within the step (Rotter & Diesmann 1999; NEST iaf_psc_exp): the exponential step with each
// receptor part weighted by P/Q (input_weight below). Spike when v ≥ v_th; v ← v_reset, clamped there for t_ref.
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
  // The integration methods, one compiled pass each (neuron/neuron_population.hpp picks p.method's).
  static constexpr std::array methods{lif_method::exponential_euler, lif_method::euler, lif_method::exact};

  static std::string validate(const params& p) { return validate_params(p); }  // spec/neurons
  static void init(const params& p, columns c, std::size_t i) { c[0][i] = p.e_l; }
  static double refractory(const params& p) { return p.t_ref; }

  // Before each step's pass: with method exact, the current receptors' weights for this dt; else none.
  static void prepare_input(const params& p, synaptic_input& input, double dt) {
    if (p.method != lif_method::exact) return input.clear_current_weights();
    input.set_current_weights([&](double tau) { return input_weight(p, tau, dt); });
  }

  // The weight that makes the exponential step exact for a current I0·e^{−t/τ} over a step of dt [ms]: the
  // exact contribution P = (1/c_m)∫₀^dt e^{−(dt−u)/τ_m} e^{−u/τ} du = (dt/c_m)·e^{−dt/τ_m}·(e^x − 1)/x with
  // x = dt·(1/τ_m − 1/τ), over the exponential step's Q = (1 − e^{−dt/τ_m})/g_l for input held at I0.
  static double input_weight(const params& p, double tau, double dt) {
    const double tau_m = p.c_m / p.g_l;                  // [ms]
    const double x = dt * (1.0 / tau_m - 1.0 / tau);     // [1]
    const double ratio = x == 0.0 ? 1.0 : std::expm1(x) / x;
    const double exact = dt / p.c_m * std::exp(-dt / tau_m) * ratio;  // P [mV/pA]
    const double held = -std::expm1(-dt / tau_m) / p.g_l;            // Q [mV/pA]
    return exact / held;
  }

  template <lif_method Method>
  static void integrate(const params& p, columns c, std::size_t i, const synaptic_drive& d, double i_ext, double dt) {
    double& v = c[0][i];
    if constexpr (Method == lif_method::euler) {
      const double current = p.g_l * (p.e_l - v) + d.g_e - d.g * v + d.i + p.i_e + i_ext;  // [pA]
      v += current * (dt / p.c_m);
      return;
    }
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
