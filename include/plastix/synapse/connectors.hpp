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
  // Storage shared out over MPI processes (sim/rank_split.hpp): only the synapses onto post neurons
  // [keep_lo, keep_hi) are stored, exactly as projection::keep_onto would keep them from the whole projection (the
  // same draws: every random number of the whole projection is drawn, the others' are not kept); the rows say
  // where they sit in the whole projection (synapse_rows::kept_part). Not for the list connector (connect() then
  // gives the whole list; keep_onto it).
  bool keep = false;
  std::uint32_t keep_lo = 0, keep_hi = 0;
  // Threads (docs/parallel.md): the connections of connectors that draw row by row (all but fixed_indegree and
  // list) are counted and drawn by blocks of rows, fixed_indegree's by blocks of post neurons, one block per thread;
  // then the weights and delays by blocks of rows. The same network for any number (null: one).
  thread_pool* pool = nullptr;
};

synapse_rows connect(const projection_spec& spec, const connect_context& ctx);

// Names of the connector kinds, in connector_spec::kind order.
const std::vector<std::string>& connector_names();

}  // namespace plastix
