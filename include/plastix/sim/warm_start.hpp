// Warm starts (docs/checkpoints.md): a network trained in one experiment, saved in its checkpoint, as the starting
// state of another experiment ([experiment] start_from, plastix run --start-from): train once, then test many
// interventions on the trained network.
#pragma once
#include <string>

#include "plastix/record/checkpoint_file.hpp"
#include "plastix/sim/simulation.hpp"

namespace plastix {

// Puts the trained network's connectivity (when rewired) and weights over every projection of `sim`, which was just
// built. Taken over: weights and connectivity. Not taken over: the clock (the run starts at t = 0), neuron state,
// rule state, traces, spikes in flight, modulators and monitors (they start as the experiment file says).
// The networks must match: the same populations (names, sizes) and projections (names, synapse counts); else
// plastix::error naming `from` (the checkpoint file) and what differs. A checkpoint taken between two points of a
// sweep holds no network: an error.
void warm_start(simulation& sim, const checkpoint& trained, const std::string& from);

}  // namespace plastix
