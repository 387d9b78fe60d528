// Synaptic tagging and capture (tag_trigger): the rule's factory and inspection. Its model and parameters:
// plastix/spec/rules/tag_trigger.hpp.
#pragma once
#include <cstdint>
#include <memory>

#include "plastix/spec/rules/tag_trigger.hpp"

namespace plastix {

class plasticity_rule;
class projection;


// Read access to a tag_trigger rule's state, for tests and tables (nullptr if `rule` is another rule).
struct tag_trigger_state {
  const double* h;  // per synapse, 0 or 1
  const double* l;  // per synapse, 0 or −1
  const double* z;  // per synapse
  const double* p;  // per postsynaptic neuron (the pool shared by the tag_trigger projections onto it)
  const std::int64_t* labile_until;  // per synapse: labile while the step is below this (reconsolidation)
};
tag_trigger_state tag_trigger_view(const plasticity_rule& rule);
// Sets the state (for tests and for starting an experiment from given tags); sizes as in the projection.
void tag_trigger_set(plasticity_rule& rule, std::uint32_t synapse, double h, double l, double z);
void tag_trigger_set_protein(plasticity_rule& rule, std::uint32_t post, double p);
// Makes a synapse labile until the given step (reconsolidation; for tests).
void tag_trigger_set_labile(plasticity_rule& rule, std::uint32_t synapse, std::int64_t until_step);

}  // namespace plastix
