// Every neuron model and spike source (their parameters: spec/neurons/*.hpp), for the code that builds or reads
// populations of any model.
#pragma once

#include "plastix/neuron/adex.hpp"
#include "plastix/neuron/adex_clopath.hpp"
#include "plastix/neuron/izhikevich.hpp"
#include "plastix/neuron/lif.hpp"
#include "plastix/neuron/rate.hpp"
#include "plastix/neuron/sources.hpp"
