#include "param_changes.hpp"

#include "plastix/core/error.hpp"
#include "plastix/neuron/equations_population.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/neuron/neuron_population.hpp"
#include "plastix/synapse/rule.hpp"

namespace plastix {

namespace {

template <class Model>
bool set_model(population& pop, const neuron_params& p) {
  auto* typed = dynamic_cast<neuron_population<Model>*>(&pop);
  const auto* params = std::get_if<typename Model::params>(&p);
  if (!typed || !params) return false;
  typed->set_params(*params);
  return true;
}

bool set_equations(population& pop, const neuron_params& p) {
  auto* typed = dynamic_cast<equations_population*>(&pop);
  const auto* params = std::get_if<equations_neuron_params>(&p);
  if (!typed || !params) return false;
  typed->set_params(*params);
  return true;
}

}  // namespace

void apply_param_change(const param_change& c, const std::function<population&(const std::string&)>& population_named,
                        const std::function<projection&(const std::string&)>& projection_named,
                        const step_context& ctx) {
  bool done = false;
  if (!c.population.empty()) {
    population& pop = population_named(c.population);
    const neuron_params& p = std::get<neuron_params>(c.params);
    done = set_model<lif>(pop, p) || set_model<adex>(pop, p) || set_model<izhikevich>(pop, p) ||
           set_model<adex_clopath>(pop, p) || set_equations(pop, p);
  } else {
    projection& proj = projection_named(c.projection);
    done = c.rule < proj.rules().size() && proj.rules()[c.rule]->set_params(proj, std::get<rule_params>(c.params), ctx);
  }
  if (!done) throw error(c.where, c.key + ": this parameter cannot change during a run");
}

}  // namespace plastix
