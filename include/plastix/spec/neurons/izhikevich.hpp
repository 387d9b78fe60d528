// Parameters of the Izhikevich neuron (the model: neuron/izhikevich.hpp).
#pragma once
#include <array>
#include <string>

#include "plastix/spec/catalogue.hpp"

namespace plastix {

struct izhikevich_params {
  static constexpr const char* name = "izhikevich";
  // Its keys, bounds and state (src/spec/neuron_params.cpp): the reader, checks, docs and `plastix list`.
  static const declaration<izhikevich_params>& declare();
  static constexpr std::array<const char*, 2> state_names{"v", "u"};  // v [mV], u recovery [mV]
  double a = 0.02;       // recovery rate [1/ms]
  double b = 0.2;        // recovery sensitivity [1]
  double c = -65.0;      // reset voltage [mV]
  double d = 8.0;        // recovery jump [mV/ms]
  double v_peak = 30.0;  // spike cut-off [mV]
  double c_m = 1.0;      // input scaling [pF]: dv/dt gets I/c_m
  double t_ref = 0.0;    // absolute refractory period [ms]
  double i_e = 0.0;      // constant bias current [pA]
};

// "" if valid, else what is wrong (the body of izhikevich::validate, which calls it).
std::string validate_params(const izhikevich_params& p);

}  // namespace plastix
