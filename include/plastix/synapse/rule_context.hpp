// What a plasticity rule is built with (build_rule, spec/rule_factory.hpp): its projection, the populations by name,
// the experiment description, the run's seed and dt, the state rules share per population and the named signals.
// Everything a rule needs from it is resolved in its constructor or in on_share (handles, pointers, spans); nothing
// of the context is looked up while the simulation runs. The context lives as long as the simulation; the rule
// may keep a reference to shared, sig and the populations, not to the context itself.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "plastix/neuron/population.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/synapse/shared_state.hpp"
#include "plastix/synapse/signals.hpp"

namespace plastix {

class projection;
class plasticity_rule;

struct rule_context {
  projection& proj;                                        // the rule's projection
  std::span<const std::unique_ptr<population>> populations;  // every population, in file order
  const experiment_spec& spec;                             // the whole experiment description
  std::uint64_t seed = 1;                                  // the run's seed
  double dt = 0.1;                                         // [ms]
  shared_state& shared;                                    // state shared per population (on_share)
  signals& sig;                                            // named signals (synapse/signals.hpp)

  // The population `name`; throws plastix::error if there is none.
  population& population_named(std::string_view name) const;
};

// The factory of each rule is a plain function declared beside its parameters (spec/rule_factory.hpp:
// `std::unique_ptr<plasticity_rule> build_rule(const stdp_params& p, rule_context& ctx);` in spec/rules/stdp.hpp) and
// defined in the rule's own .cpp; make_rule (plasticity/rules.hpp) visits the rule_params variant generically, so a
// new rule needs no line there.

}  // namespace plastix
