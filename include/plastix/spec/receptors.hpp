// The receptors of a population as a description holds them (their dynamics: neuron/receptors.hpp): kind,
// time constants, reversal potential, Mg2+ block; the presets and the unit of their weights.
#pragma once
#include <string>
#include <vector>

#include "plastix/spec/catalogue.hpp"

namespace plastix {

enum class receptor_kind { conductance, current, delta };

// Unit of a receptor's state and of the weights of the synapses onto it: "nS" (conductance), "pA" (current) or
// "mV" (delta).
const char* receptor_unit(receptor_kind kind);

struct receptor_params {
  std::string name;                              // e.g. "ampa", "nmda", "gaba_a", "exc"
  receptor_kind kind = receptor_kind::conductance;
  double tau_decay = 5.0;                        // decay time constant [ms] (not delta receptors)
  double tau_rise = 0.0;                         // rise time constant [ms]; 0 = instantaneous rise
  double e_rev = 0.0;                            // reversal potential [mV] (conductance receptors)
  bool mg_block = false;                         // apply the Jahr–Stevens Mg2+ block (NMDA)
  double mg = 1.0;                               // extracellular [Mg2+] [mM]

  // The keys of a receptor of one kind (family "receptor", one model per kind; src/spec/receptors.cpp): the
  // reader, `plastix list`, docs and Python help. `name` and `mg` (kept in mM) are read by the reader.
  static const declaration<receptor_params>& declare(receptor_kind kind);
};

// Ready receptor definitions with commonly used time constants (Dayan & Abbott 2001, Destexhe et al. 1998).
receptor_params receptor_preset(const std::string& name);  // "ampa", "nmda", "gaba_a", "gaba_b"; throws if unknown
const std::vector<std::string>& receptor_preset_names();

}  // namespace plastix
