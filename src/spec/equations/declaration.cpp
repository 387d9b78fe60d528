// The declaration of a rule written as equations (spec/rule_state.hpp): the static one (its keys) with the state
// its table declares, so that monitors find its variables and traces by name, scope and unit.
#include <optional>

#include "plastix/spec/rule_state.hpp"

namespace plastix {

namespace {

// The catalogue dimension of d, where one has exactly its unit in the equations' coherent units (not frequency:
// a rate is held in Hz by the catalogue but in 1/ms inside equations; such a state has the unit "1/ms").
std::optional<dimension> catalogue_dimension(const dims& d) {
  for (dimension c : {dimension::dimensionless, dimension::time, dimension::voltage, dimension::conductance,
                      dimension::current, dimension::capacitance, dimension::concentration})
    if (dims_of(c) == d) return c;
  return std::nullopt;
}

}  // namespace

model_info equations_model(const equations_params& p) {
  const equations::rule_spec& r = p.rule;
  model_info m = equations_params::declare().info();
  const auto add = [&](const std::string& name, state_scope scope, const dims& d, const std::string& written,
                       const char* doc) {
    state_info s;
    s.name = name;
    s.scope = scope;
    s.doc = doc;
    s.weight_unit = d == r.weight;
    if (!s.weight_unit) {
      const std::optional<dimension> c = catalogue_dimension(d);
      if (c) s.dim = *c;
      else s.unit = written.empty() ? to_string(d) : written;  // "mV/ms", "1/ms": in coherent internal units
    }
    m.state.push_back(std::move(s));
  };
  for (const equations::quantity_def& q : r.synapse)
    add(q.name, state_scope::per_synapse, q.dim, q.unit, "per-synapse variable");
  for (const equations::trace_def& t : r.traces) {
    std::string written;
    for (const auto* side : {&r.pre, &r.post})
      for (const equations::quantity_def& q : *side)
        if (q.name == t.name) written = q.unit;
    add(t.name, t.pre ? state_scope::per_pre : state_scope::per_neuron, t.dim, written,
        t.pre ? "presynaptic trace" : "postsynaptic trace");
  }
  return m;
}

std::vector<state_info> rule_state(const rule_params& p) {
  if (const auto* e = std::get_if<equations_params>(&p)) return equations_model(*e).state;
  return rule_model(p).state;
}

}  // namespace plastix
