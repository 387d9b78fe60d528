// The AdEx neuron as published with the voltage-based plasticity rule of Clopath, Büsing, Vasilaki & Gerstner 2010
// (Nat Neurosci 13:344; reference code ModelDB 144566, aEIF.m): adex (Brette & Gerstner 2005) plus a depolarizing
// spike after-potential current z, an adaptive threshold v_t and a spike clamped at v_spike for t_spike.
//   c_m dv/dt = −g_l (v − e_l) + g_l Δ_T exp((v − v_t)/Δ_T) − w + z + I_syn + i_e + I_ext
//   tau_w dw/dt = a (v − e_l) − w          tau_z dz/dt = −z          tau_vt dv_t/dt = v_t_rest − v_t
// Spike when v ≥ v_peak (outside a clamp): v ← v_spike, w ← w + b, z ← i_sp, v_t ← v_t_max, and v is held at
// v_spike for t_spike (the clamp: v_spike during the spike's step and the following t_spike/dt − 1 steps); w, z and
// v_t keep integrating during the clamp (w sees v = v_spike); at its end v ← v_reset. Forward Euler like adex.
// `clamp` [ms] is the clamp time left (0 outside a spike).
// Reset: the paper's text resets to the resting potential; its 1 ms reference code resets to e_l + 21.1 mV
// (a "resolution trick" for its coarse step). plastix resets to v_reset = e_l by default.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>

#include "plastix/core/fast_math.hpp"
#include "plastix/neuron/receptors.hpp"
#include "plastix/spec/neurons/adex_clopath.hpp"

namespace plastix {

struct adex_clopath {
  static constexpr const char* name = adex_clopath_params::name;
  using params = adex_clopath_params;
  static constexpr auto state_names = adex_clopath_params::state_names;
  using columns = std::array<double*, 5>;

  static std::string validate(const params& p) { return validate_params(p); }  // spec/neurons
  static void init(const params& p, columns c, std::size_t i) {
    c[0][i] = p.e_l;
    c[1][i] = 0.0;
    c[2][i] = 0.0;
    c[3][i] = p.v_t_rest;
    c[4][i] = 0.0;
  }
  static double refractory(const params&) { return 0.0; }  // the clamp is part of the state

  static void integrate(const params& p, columns c, std::size_t i, const synaptic_drive& d, double i_ext, double dt) {
    double& v = c[0][i];
    double& w = c[1][i];
    double& z = c[2][i];
    double& vt = c[3][i];
    double& clamp = c[4][i];
    const double spike_term = p.g_l * p.delta_t * fast_exp(std::min((v - vt) / p.delta_t, 30.0));
    const double i_syn = d.g_e - d.g * v + d.i;
    const double dv = (-p.g_l * (v - p.e_l) + spike_term - w + z + i_syn + p.i_e + i_ext) / p.c_m;
    const double dw = (p.a * (v - p.e_l) - w) / p.tau_w;
    const bool clamped = clamp > 0.0;
    const double left = clamp - dt;
    const bool still = left > 0.5 * dt;  // the clamp goes on in this step (tolerant to rounding of t_spike/dt)
    const double free_v = v + dt * dv;
    v = clamped ? (still ? p.v_spike : p.v_reset) : free_v;
    w += dt * dw;
    z -= dt * z / p.tau_z;
    vt += dt * (p.v_t_rest - vt) / p.tau_vt;
    clamp = clamped && still ? left : 0.0;
  }
  static bool spiked(const params& p, columns c, std::size_t i) { return c[0][i] >= p.v_peak && c[4][i] <= 0.0; }
  static void reset(const params& p, columns c, std::size_t i) {
    c[0][i] = p.v_spike;
    c[1][i] += p.b;
    c[2][i] = p.i_sp;
    c[3][i] = p.v_t_max;
    c[4][i] = p.t_spike;
  }
};

}  // namespace plastix
