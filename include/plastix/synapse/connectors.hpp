// Connectors: turn a projection description into its synapses. All random draws come from counter-based streams
// keyed by (seed, purpose, projection index, row), so the same seed gives the same network whatever the order of
// construction.
//   all_to_all, one_to_one, fixed_probability (each pair independently with p), fixed_indegree (k distinct
//   inputs per post neuron), list (explicit pairs, optional weights and delays).
// Threads: the two passes over the connections of a connector that draws row by row are shared by blocks of rows.
// The drawn connectors write straight into the projection's forward columns (synapse/synapse_rows.hpp), with no
// list of synapses: a first pass counts each row's synapses, a second draws the same connections again into their
// rows, then each row's weights and delays are drawn in place. The list connector makes a list of synapses (it is
// one already) and orders it into rows.
#pragma once
#include <cstdint>
#include <vector>

#include "plastix/core/communicator.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

struct connect_context {
  std::size_t n_pre = 0, n_post = 0;
  bool same_population = false;   // pre == post: autapses apply
  std::uint32_t projection_index = 0;
  std::uint64_t seed = 1;
  double dt = 0.1;                // [ms], to turn delays into steps
  bool rate = false;              // rate transmission (neuron/rate.hpp): no delay, every synapse's delay is 0
  // Construction shared out over MPI processes (synapse/connect_by_owners.cpp): with `comm` of more than one
  // process and a drawn connector, each process draws only the rows of its own presynaptic neurons (the blocks of
  // split_range(n_pre, K)) — fixed_indegree: the inputs of its own post neurons — and sends every other process the
  // synapses it holds: process r gets the synapses onto post neurons [share_bounds[r], share_bounds[r + 1]), exactly
  // the rows projection::keep_onto keeps of the whole projection (the same draws; synapse_rows::kept_part, with the
  // whole projection's ids), in O(synapses / K) work and memory per process. Collective: every process calls
  // connect() for the projection, with the same share_bounds (K + 1 boundaries). Not for the list connector (every
  // process gets the whole list; keep_onto it).
  communicator* comm = nullptr;
  std::vector<std::uint32_t> share_bounds{};
  // The most synapses an owner sends in one round (its memory beyond the storage: 20 bytes per synapse sent, and
  // as many received).
  std::size_t round_synapses = std::size_t{1} << 20;
  // Threads (docs/parallel.md): the connections of connectors that draw row by row (all but fixed_indegree and
  // list) are counted and drawn by blocks of rows, fixed_indegree's by blocks of post neurons, one block per thread;
  // then the weights and delays by blocks of rows. The same network for any number (null: one).
  thread_pool* pool = nullptr;
};

synapse_rows connect(const projection_spec& spec, const connect_context& ctx);

// Names of the connector kinds, in connector_spec::kind order.
const std::vector<std::string>& connector_names();

}  // namespace plastix
