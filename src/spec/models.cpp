#include "plastix/spec/models.hpp"

#include <algorithm>
#include <utility>
#include <variant>

#include "plastix/spec/connectors.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/spec/intervention_keys.hpp"
#include "plastix/spec/output_keys.hpp"
#include "plastix/spec/receptors.hpp"

namespace plastix {

namespace {

template <class P>
void add_model(std::vector<const model_info*>& out) {
  if constexpr (requires { P::declare(); }) out.push_back(&P::declare().info());
}

// Every alternative of a variant of parameter structs that has a declaration: a family registers by its variant.
template <class V>
void add_family(std::vector<const model_info*>& out) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (add_model<std::variant_alternative_t<I, V>>(out), ...);
  }(std::make_index_sequence<std::variant_size_v<V>>{});
}

std::vector<const model_info*> build_catalogue() {
  std::vector<const model_info*> out;
  add_family<neuron_params>(out);
  for (auto kind : {receptor_kind::conductance, receptor_kind::current, receptor_kind::delta})
    out.push_back(&receptor_params::declare(kind).info());
  for (std::size_t k = 0; k < connector_kind_names().size(); ++k)
    out.push_back(&connector_declaration(static_cast<connector_spec::kind>(k)).info());
  for (std::size_t k = 0; k <= static_cast<std::size_t>(intervention_spec::kind::block_plasticity); ++k)
    out.push_back(&intervention_declaration(static_cast<intervention_spec::kind>(k)).info());
  add_family<protocol_params>(out);
  add_family<rule_params>(out);
  add_model<intrinsic_params>(out);
  add_model<neurogenesis_spec>(out);
  for (std::size_t k = 0; k < monitor_type_names().size(); ++k)
    out.push_back(&monitor_declaration(static_cast<monitor_spec::kind>(k)).info());
  for (std::size_t k = 0; k < analysis_type_names().size(); ++k)
    out.push_back(&analysis_declaration(static_cast<analysis_spec::kind>(k)).info());
  out.push_back(&table_declaration().info());
  out.push_back(&table_column_declaration().info());
  out.push_back(&metric_declaration().info());
  out.push_back(&modulator_spec::declare().info());  // [[modulator]] and its [[modulator.reward]]
  out.push_back(&reward_condition::declare().info());
  out.push_back(&rate_modulation::declare().info());  // `modulated_by` of a rule and of a population
  out.push_back(&excitability_modulation::declare().info());
  return out;
}

}  // namespace

const std::vector<const model_info*>& catalogue() {
  static const std::vector<const model_info*> models = build_catalogue();
  return models;
}

const model_info* find_model(std::string_view family, std::string_view name) {
  for (const model_info* m : catalogue())
    if (m->family == family && m->name == name) return m;
  return nullptr;
}

std::vector<std::string> model_families() {
  std::vector<std::string> out;
  for (const model_info* m : catalogue())
    if (std::find(out.begin(), out.end(), m->family) == out.end()) out.push_back(m->family);
  return out;
}

std::vector<std::string> model_names(std::string_view family) {
  std::vector<std::string> out;
  for (const model_info* m : catalogue())
    if (m->family == family) out.push_back(m->name);
  return out;
}

}  // namespace plastix
