// A neuron model written as equations in the experiment file (docs/equations.md, "Neuron models"): state with units
// and initial values, constants, ODEs, a threshold condition, reset statements and a refractory period, checked for
// names and dimensions when the file is read (spec/equations/neuron_spec.hpp) and compiled to native code when the
// network is built (neuron/equations_population.cpp). Written in the manner of Brian2's NeuronGroup (Stimberg,
// Brette & Goodman 2019, eLife 8:e47314) and NESTML (Plotnikov et al. 2016).
#pragma once
#include <string>
#include <vector>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/equations/neuron_spec.hpp"

namespace plastix {

struct equations_neuron_params {
  static constexpr const char* name = "equations";
  static const declaration<equations_neuron_params>& declare();  // src/spec/neuron_params.cpp
  double t_ref = 0.0;  // absolute refractory period [ms]: the state is held and no spike is emitted
  equations::neuron_method method = equations::neuron_method::exponential_euler;
  equations::neuron_spec model;  // the rest of the table, read by io/read_neuron_params.cpp
};

// The keys of the table beyond the declared ones (read by io/read_neuron_params.cpp).
inline std::vector<std::string> equations_neuron_keys() {
  return {"label", "constants", "state", "equations", "threshold", "reset"};
}

// "" if valid, else what is wrong.
std::string validate_params(const equations_neuron_params& p);

}  // namespace plastix
