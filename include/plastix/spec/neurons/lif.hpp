// Parameters of the leaky integrate-and-fire neuron (the model: neuron/lif.hpp).
#pragma once
#include <array>
#include <string>

#include <vector>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/receptors.hpp"

namespace plastix {

// How v is advanced over one step (neuron/lif.hpp; accuracy: docs/models/neurons.md, "Integration").
enum class lif_method {
  exponential_euler,  // exact exponential step with the synaptic input held over the step (the default)
  euler,              // forward Euler, as Brian2's `euler` and Auryn
  exact,              // exact for current receptors decaying over the step (NEST iaf_psc_exp); no conductances
};

struct lif_params {
  static constexpr const char* name = "lif";
  // Its keys, bounds and state (src/spec/neuron_params.cpp): the reader, checks, docs and `plastix list`.
  static const declaration<lif_params>& declare();
  static constexpr std::array<const char*, 1> state_names{"v"};  // v: membrane voltage [mV]
  double c_m = 200.0;      // membrane capacitance [pF]
  double g_l = 10.0;       // leak conductance [nS]
  double e_l = -60.0;      // leak reversal potential [mV]
  double v_th = -50.0;     // spike threshold [mV]
  double v_reset = -60.0;  // reset potential [mV]
  double t_ref = 5.0;      // absolute refractory period [ms]
  double i_e = 0.0;        // constant bias current [pA]
  lif_method method = lif_method::exponential_euler;  // integration of v over a step
};

// "" if valid, else what is wrong (the body of lif::validate, which calls it).
std::string validate_params(const lif_params& p);

// "" if `method` suits the receptors of the population, else why not (exact: no conductance receptors).
std::string method_problem(const lif_params& p, const std::vector<receptor_params>& receptors);

}  // namespace plastix
