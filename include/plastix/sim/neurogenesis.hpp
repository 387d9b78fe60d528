// Neurogenesis: neurons born into a population during a run (docs/models/neurogenesis.md), after the adult dentate
// gyrus (Aimone, Wiles & Gage 2009, Neuron 61:187; Aimone et al. 2014, Physiol Rev 94:991). Young granule cells are
// hyperexcitable — high input resistance, firing with small currents (Schmidt-Hieber, Jonas & Bischofberger 2004,
// Nature 429:184; Ge et al. 2007, Neuron 54:559) — and mature over weeks.
//
// A population with neurogenesis.unborn = u keeps its full size from the start (state columns, traces and monitors
// never change size); its last u neurons are "unborn": the projections hold back their synapses (drawn by each
// projection's own connector like all others) and their spikes are discarded. At the start of a phase with
// [[phase.birth]] the next `count` unborn neurons are born: the held-back synapses whose neurons now all exist are
// added to the projections (projection::rewire, both directions: rows of a new pre neuron, transposed entries of
// a new post neuron), and each newborn neuron gets an extra depolarizing current
//     I_young(age) = young_current · e^{−age/tau_mature},
// a threshold lowered by I_young/g_L, updated at the start of every phase (maturation over weeks, phases are short).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "plastix/spec/experiment.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

class neurogenesis {
 public:
  neurogenesis(const experiment_spec& spec, const std::vector<std::unique_ptr<population>>& populations);

  // A new projection (before its rules are added): holds back the synapses of unborn neurons.
  void hold_back(projection& proj, const step_context& ctx);
  // Step 2 of advance(): drops the spikes of unborn neurons.
  void discard_unborn_spikes() const;
  // At the start of a phase: its births, then the excitability of every newborn neuron for its age.
  void start_phase(const phase_spec& phase, const step_context& ctx);
  // Neurons of `pop` born so far (its size without neurogenesis).
  std::uint32_t born(const population& pop) const;
  // Checkpoints (core/state_visitor.hpp): the neurons born so far, their birth steps and currents, and the synapses
  // still held back.
  void visit_state(state_visitor& v);

 private:
  struct nursery {
    population* pop;
    neurogenesis_spec spec;
    std::uint32_t born;
    std::vector<std::int64_t> birth_step;  // per neuron; −1 for the neurons that exist from the start
    std::vector<double> bias;              // current I_young applied to each neuron now [pA]
  };
  struct held {
    projection* proj;
    std::vector<synapse_entry> entries;  // synapses of unborn neurons, added at their birth
  };
  nursery* find(const population& pop);
  std::vector<nursery> nurseries_;
  std::vector<held> held_;
};

}  // namespace plastix
