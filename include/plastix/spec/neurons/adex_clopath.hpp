// Parameters of the AdEx neuron of Clopath et al. 2010 (the model: neuron/adex_clopath.hpp).
#pragma once
#include <array>
#include <string>

#include "plastix/spec/catalogue.hpp"

namespace plastix {

struct adex_clopath_params {
  static constexpr const char* name = "adex_clopath";
  // Its keys, bounds and state (src/spec/neuron_params.cpp): the reader, checks, docs and `plastix list`.
  static const declaration<adex_clopath_params>& declare();
  // v [mV], w adaptation current [pA], z after-potential current [pA], v_t threshold [mV], clamp time left [ms]
  static constexpr std::array<const char*, 5> state_names{"v", "w", "z", "v_t", "clamp"};
  double c_m = 281.0;         // membrane capacitance [pF]
  double g_l = 30.0;          // leak conductance [nS]
  double e_l = -70.6;         // leak reversal [mV]
  double delta_t = 2.0;       // slope factor Δ_T [mV]
  double v_t_rest = -50.4;    // resting value of the adaptive threshold [mV]
  double v_t_max = -30.4;     // threshold right after a spike [mV]
  double tau_vt = 50.0;       // threshold relaxation time constant [ms]
  double v_peak = 20.0;       // spike detection voltage [mV]
  double v_spike = 33.0;      // clamped spike voltage [mV]
  double t_spike = 2.0;       // duration of the clamp [ms]
  double v_reset = -70.6;     // voltage after the clamp [mV]
  double tau_w = 144.0;       // adaptation time constant [ms]
  double a = 4.0;             // subthreshold adaptation [nS]
  double b = 80.5;            // spike-triggered adaptation [pA]
  double i_sp = 400.0;        // spike after-potential current right after a spike [pA]
  double tau_z = 40.0;        // decay of the after-potential current [ms]
  double i_e = 0.0;           // constant bias current [pA]
};

// "" if valid, else what is wrong (the body of adex_clopath::validate, which calls it).
std::string validate_params(const adex_clopath_params& p);

}  // namespace plastix
