// Structural plasticity: the rule's factory and turnover readouts. Its model and parameters:
// plastix/spec/rules/structural.hpp.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plastix/core/distribution.hpp"
#include "plastix/spec/rules/structural.hpp"

namespace plastix {

class plasticity_rule;
class projection;


// One row of the turnover table, per report interval.
struct turnover_row {
  double t = 0.0;                 // end of the interval [ms]
  double synapses = 0.0;          // at its end
  double synapses_rel = 0.0;      // synapses / (target × post neurons)
  double created = 0.0, removed = 0.0;
  double lost_fraction = 0.0;     // of the synapses present at its start, the fraction gone at its end
  double new_fraction = 0.0;      // of the synapses present at its end, the fraction created during it
  double mean_weight = 0.0;       // at its end
};
// The turnover rows of a structural rule (nullptr if `rule` is another rule), and its parameters.
const std::vector<turnover_row>* structural_turnover(const plasticity_rule& rule);
const structural_params* structural_parameters(const plasticity_rule& rule);
// The step at which each synapse was created (0 for the initial ones), for tests.
std::vector<std::int64_t> structural_birth_steps(const plasticity_rule& rule);

}  // namespace plastix
