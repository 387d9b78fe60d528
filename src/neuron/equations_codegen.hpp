// C++ for one time step of a neuron model written as equations (neuron/equations_population.cpp): one C-ABI kernel
// over the neurons of the population, in structure-of-arrays form, in the block structure of the built-in models'
// pass (neuron/neuron_population.hpp): integrate, hold refractory neurons, test the threshold branch-free, then reset
// the neurons that crossed it. It carries plastix's fast_exp (core/fast_math.hpp) so that exp() computes as the
// built-in models do.
//   std::size_t plx_neuron_step(double* const* x,            // state columns, neuron_spec::state order (v first)
//                               const double* const* in,     // g_syn [nS], g_e [pA], i [pA], jump [mV], i_ext [pA]
//                               std::int64_t* ref_until,     // first step at which each neuron integrates again
//                               const double* sc,            // constants (neuron_spec order), t [ms], dt [ms]
//                               std::int64_t step, std::int64_t ref_steps,
//                               std::uint32_t* spikes, std::size_t n);   // returns the number of spikes written
#pragma once
#include <string>

#include "plastix/spec/equations/neuron_spec.hpp"

namespace plastix::equations {

std::string generate_neuron(const neuron_spec& n);

}  // namespace plastix::equations
