// Applying interventions (spec/interventions.hpp) to a built network, and undoing them: used by
// simulation::run_phase at the edges of each intervention's window. Kept apart from the description so that
// spec/experiment.hpp does not declare population and projection.
#pragma once
#include <functional>
#include <vector>

#include "plastix/spec/interventions.hpp"

namespace plastix {

class population;
class projection;

// What an applied intervention changed, undone in reverse order by remove_interventions.
using intervention_undo = std::function<void()>;

// Applies one intervention to the network; appends what undoes it to `undo` (nothing for a lesion).
void apply_intervention(const intervention_spec& iv, const std::vector<population*>& populations,
                        const std::vector<projection*>& projections, std::vector<intervention_undo>& undo);
void remove_interventions(std::vector<intervention_undo>& undo);  // runs them last first; empties the list

}  // namespace plastix
