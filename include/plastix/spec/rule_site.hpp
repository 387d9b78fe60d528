// Where a plasticity rule stands in the whole experiment, for its own checks before the run (a rule's
// declaration: declaration::check_in, spec/catalogue.hpp): the experiment, the projection, its populations, the
// rule's dotted key. A check reports a problem with fail(field, message): file, line and key of the rule.
// validate.cpp runs every rule's checks and knows no rule by name (spec/rule_kinds.hpp check_rule_in).
#pragma once
#include <cstddef>
#include <functional>
#include <string>

#include "plastix/spec/experiment.hpp"

namespace plastix {

struct rule_site {
  const experiment_spec& spec;
  const projection_spec& projection;
  const population_spec& pre;
  const population_spec& post;
  std::size_t index;      // of the rule in projection.plasticity
  const rule_spec& rule;
  std::string key;        // the rule's dotted key ("projection.syn.plasticity[0]")
  // A delay [ms] that the rule holds as a ring of one slot per step: checks its length and adds its memory to the
  // experiment's (what: "the back-propagating action potentials of projection 'syn'").
  std::function<void(double delay, const std::string& field, const std::string& what)> delay_ring;

  // Throws plastix::error at the rule's line with key `key.field` (field "" = the rule's table).
  [[noreturn]] void fail(const std::string& field, const std::string& message) const;
  // The population `name` of the experiment, or nullptr.
  const population_spec* population_named(const std::string& name) const;
};

// A signal (synapse/signals.hpp) that the rule reads must be produced by some part of the experiment: fails at
// `field` with the produced signals (and a suggestion) otherwise. `produced`: the names the experiment produces.
void require_signal(const rule_site& site, const std::string& field, const std::string& name,
                    const std::vector<std::string>& produced);

}  // namespace plastix
