// Interventions: pharmacology and lesions applied for the duration of one phase ([[phase.intervention]]).
// simulation::run_phase applies each at the start of its phase and removes it at the end (the previous state comes
// back, so nested or repeated blocks compose).
//   block_receptor: a fraction (default 1 = full block) of a receptor ("nmda" by default: AP5) is blocked on the
//                   targeted projections — one projection, or every projection onto a population. Plasticity rules
//                   that model the receptor read it (projection::block; calcium_control scales its NMDA calcium
//                   influx by 1 − fraction). Transmission through the post population's receptor is not changed yet.
// To add an intervention (e.g. block_protein_synthesis): a new enumerator, its reader branch in
// src/io/read_phase.cpp, its checks in validate_interventions and its apply/remove in apply_interventions.
#pragma once
#include <string>
#include <vector>

#include "plastix/core/error.hpp"

namespace plastix {

struct experiment_spec;
class projection;

struct intervention_spec {
  enum class kind { block_receptor };
  kind type = kind::block_receptor;
  std::string receptor = "nmda";  // block_receptor: which receptor
  double fraction = 1.0;          // block_receptor: blocked fraction [0, 1]
  std::string population;         // target: every projection onto this population ...
  std::string projection;         // ... or this projection (exactly one of the two)
  source_ref where;
};

// "block_receptor" (and "block", "block_nmda" as aliases accepted by experiment files).
const std::vector<std::string>& intervention_names();

// Checks targets and values against the network; throws plastix::error naming the intervention.
void validate_interventions(const experiment_spec& spec);

// What applying an intervention changed, to undo it at the end of the phase.
struct applied_intervention {
  projection* target = nullptr;
  std::string receptor;
  double previous = 0.0;  // the block before
};

// Applies `interventions` to the projections; returns what to restore with remove_interventions.
std::vector<applied_intervention> apply_interventions(const std::vector<intervention_spec>& interventions,
                                                      const std::vector<projection*>& projections);
void remove_interventions(const std::vector<applied_intervention>& applied);

}  // namespace plastix
