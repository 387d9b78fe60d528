// Adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005).
//   c_m dv/dt = −g_l (v − e_l) + g_l Δ_T exp((v − v_t)/Δ_T) − w + I_syn + i_e + I_ext
//   tau_w dw/dt = a (v − e_l) − w
// Spike when v ≥ v_peak: v ← v_reset, w ← w + b. Forward Euler (the exponential term is capped to avoid overflow).
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>

#include "plastix/core/fast_math.hpp"
#include "plastix/neuron/receptors.hpp"
#include "plastix/spec/neurons/adex.hpp"

namespace plastix {

struct adex {
  static constexpr const char* name = adex_params::name;
  using params = adex_params;
  static constexpr auto state_names = adex_params::state_names;
  using columns = std::array<double*, 2>;

  static std::string validate(const params& p) { return validate_params(p); }  // spec/neurons
  static void init(const params& p, columns c, std::size_t i) { c[0][i] = p.e_l; c[1][i] = 0.0; }
  static double refractory(const params& p) { return p.t_ref; }

  static void integrate(const params& p, columns c, std::size_t i, const synaptic_drive& d, double i_ext, double dt) {
    double& v = c[0][i];
    double& w = c[1][i];
    const double spike_term = p.g_l * p.delta_t * fast_exp(std::min((v - p.v_t) / p.delta_t, 30.0));
    const double i_syn = d.g_e - d.g * v + d.i;
    const double dv = (-p.g_l * (v - p.e_l) + spike_term - w + i_syn + p.i_e + i_ext) / p.c_m;
    const double dw = (p.a * (v - p.e_l) - w) / p.tau_w;
    v += dt * dv;
    w += dt * dw;
  }
  static bool spiked(const params& p, columns c, std::size_t i) { return c[0][i] >= p.v_peak; }
  static void reset(const params& p, columns c, std::size_t i) { c[0][i] = p.v_reset; c[1][i] += p.b; }
};

}  // namespace plastix
