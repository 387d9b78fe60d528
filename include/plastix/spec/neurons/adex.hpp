// Parameters of the adaptive exponential integrate-and-fire neuron (the model: neuron/adex.hpp).
#pragma once
#include <array>
#include <string>

#include "plastix/spec/catalogue.hpp"

namespace plastix {

struct adex_params {
  static constexpr const char* name = "adex";
  // Its keys, bounds and state (src/spec/neuron_params.cpp): the reader, checks, docs and `plastix list`.
  static const declaration<adex_params>& declare();
  static constexpr std::array<const char*, 2> state_names{"v", "w"};  // v [mV], w adaptation current [pA]
  double c_m = 281.0;      // membrane capacitance [pF]
  double g_l = 30.0;       // leak conductance [nS]
  double e_l = -70.6;      // leak reversal [mV]
  double delta_t = 2.0;    // slope factor Δ_T [mV]
  double v_t = -50.4;      // exponential threshold [mV]
  double v_peak = 20.0;    // spike detection voltage [mV]
  double v_reset = -70.6;  // reset potential [mV]
  double tau_w = 144.0;    // adaptation time constant [ms]
  double a = 4.0;          // subthreshold adaptation [nS]
  double b = 80.5;         // spike-triggered adaptation [pA]
  double t_ref = 0.0;      // absolute refractory period [ms]
  double i_e = 0.0;        // constant bias current [pA]
};

// "" if valid, else what is wrong (the body of adex::validate, which calls it).
std::string validate_params(const adex_params& p);

}  // namespace plastix
