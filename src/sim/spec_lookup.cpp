#include "plastix/sim/spec_lookup.hpp"

namespace plastix {

namespace {

template <class Items>
auto* named(Items& items, std::string_view name) {
  for (auto& item : items)
    if (item.name == name) return &item;
  return static_cast<decltype(&items.front())>(nullptr);
}

}  // namespace

const population_spec* find_population(const experiment_spec& spec, std::string_view name) {
  return named(spec.network.populations, name);
}

population_spec* find_population(experiment_spec& spec, std::string_view name) {
  return named(spec.network.populations, name);
}

const projection_spec* find_projection(const experiment_spec& spec, std::string_view name) {
  return named(spec.network.projections, name);
}

}  // namespace plastix
