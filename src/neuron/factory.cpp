#include <variant>

#include "plastix/core/overloaded.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/random.hpp"
#include "plastix/neuron/equations_population.hpp"
#include "plastix/neuron/neuron_population.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/neuron/models.hpp"
#include "rate_populations.hpp"
#include "source_populations.hpp"

namespace plastix {

namespace {

void apply_initial_state(population& pop, const population_spec& spec, std::uint64_t seed) {
  for (const auto& [variable, dist] : spec.init) {
    const int id = pop.variable_id(variable);
    if (id < 0) throw error(spec.where, "population '" + spec.name + "' has no state variable '" + variable + "'");
    for (std::size_t i = 0; i < pop.size(); ++i) {
      // One stream per (population, neuron); each variable uses its own block of positions, keyed by the
      // variable (not by its place in the list), so the order of keys in a file does not matter.
      random_stream rs(seed, {purpose::init_state, pop.index(), static_cast<std::uint32_t>(i)},
                       static_cast<std::uint64_t>(id) << 32);
      pop.set_state(id, i, dist.sample(rs));
    }
  }
}

}  // namespace

std::unique_ptr<population> make_population(const population_spec& spec, std::uint32_t index, std::uint64_t seed) {
  std::unique_ptr<population> pop = std::visit(
      overloaded{
          [&](const lif::params& p) -> std::unique_ptr<population> {
            return std::make_unique<neuron_population<lif>>(spec.name, spec.size, index, p, spec.receptors);
          },
          [&](const adex::params& p) -> std::unique_ptr<population> {
            return std::make_unique<neuron_population<adex>>(spec.name, spec.size, index, p, spec.receptors);
          },
          [&](const adex_clopath::params& p) -> std::unique_ptr<population> {
            return std::make_unique<neuron_population<adex_clopath>>(spec.name, spec.size, index, p, spec.receptors);
          },
          [&](const izhikevich::params& p) -> std::unique_ptr<population> {
            return std::make_unique<neuron_population<izhikevich>>(spec.name, spec.size, index, p, spec.receptors);
          },
          [&](const poisson_source::params& p) -> std::unique_ptr<population> {
            return std::make_unique<poisson_population>(spec.name, spec.size, index, p);
          },
          [&](const spike_times_source::params& p) -> std::unique_ptr<population> {
            return std::make_unique<spike_times_population>(spec.name, spec.size, index, p);
          },
          [&](const regular_source::params& p) -> std::unique_ptr<population> {
            return std::make_unique<regular_population>(spec.name, spec.size, index, p);
          },
          [&](const rate_unit::params& p) -> std::unique_ptr<population> {
            return std::make_unique<rate_unit_population>(spec.name, spec.size, index, p);
          },
          [&](const rate_patterns_source::params& p) -> std::unique_ptr<population> {
            return std::make_unique<rate_patterns_population>(spec.name, spec.size, index, p);
          },
          [&](const rate_gaussian_source::params& p) -> std::unique_ptr<population> {
            return std::make_unique<rate_gaussian_population>(spec.name, spec.size, index, p);
          },
          [&](const equations_neuron_params& p) -> std::unique_ptr<population> {
            return std::make_unique<equations_population>(spec.name, spec.size, index, p, spec.receptors);
          },
      },
      spec.model);
  apply_initial_state(*pop, spec, seed);
  return pop;
}

}  // namespace plastix
