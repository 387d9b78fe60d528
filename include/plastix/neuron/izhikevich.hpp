// Izhikevich 2003 simple model.
//   dv/dt = 0.04 v² + 5 v + 140 − u + I / c_m ,   du/dt = a (b v − u)      (v [mV], t [ms])
// Spike when v ≥ v_peak: v ← c, u ← u + d. The input current I [pA] is divided by c_m (default 1 pF) so that
// 1 pA equals one unit of the original dimensionless input. Forward Euler on the step dt.
#pragma once
#include <array>
#include <cstddef>
#include <string>

#include "plastix/neuron/receptors.hpp"
#include "plastix/spec/neurons/izhikevich.hpp"

namespace plastix {

struct izhikevich {
  static constexpr const char* name = izhikevich_params::name;
  using params = izhikevich_params;
  static constexpr auto state_names = izhikevich_params::state_names;
  using columns = std::array<double*, 2>;

  static std::string validate(const params& p) { return validate_params(p); }  // spec/neurons
  static void init(const params& p, columns c, std::size_t i) { c[0][i] = p.c; c[1][i] = p.b * p.c; }
  static double refractory(const params& p) { return p.t_ref; }

  static void integrate(const params& p, columns c, std::size_t i, const synaptic_drive& d, double i_ext, double dt) {
    double& v = c[0][i];
    double& u = c[1][i];
    const double i_syn = d.g_e - d.g * v + d.i;
    const double dv = 0.04 * v * v + 5.0 * v + 140.0 - u + (i_syn + p.i_e + i_ext) / p.c_m;
    const double du = p.a * (p.b * v - u);
    v += dt * dv;
    u += dt * du;
  }
  static bool spiked(const params& p, columns c, std::size_t i) { return c[0][i] >= p.v_peak; }
  static void reset(const params& p, columns c, std::size_t i) { c[0][i] = p.c; c[1][i] += p.d; }
};

}  // namespace plastix
