#include "plastix/spec/experiment.hpp"

namespace plastix {

const declaration<neurogenesis_spec>& neurogenesis_spec::declare() {
  using p = neurogenesis_spec;
  static const auto d =
      declaration<p>("neurogenesis", "neurogenesis",
                     "[population.neurogenesis]: neurons born during the run ([[phase.birth]]), more excitable while young")
          .count("unborn", &p::unborn, bounds::non_negative(),
                 "neurons not born at the start, the last ones of the population (required)")
          .quantity("young_current", &p::young_current, dimension::current, bounds::any(),
                    "extra current at birth, decaying with the neuron's age")
          .quantity("tau_mature", &p::tau_mature, dimension::time, bounds::positive(), "maturation time constant");
  return d;
}

const std::vector<std::string>& neuron_model_names() {
  static const std::vector<std::string> names{
      lif_params::name,           adex_params::name,          izhikevich_params::name,
      poisson_source_params::name, spike_times_source_params::name, regular_source_params::name,
      rate_unit_params::name,     rate_patterns_source_params::name, rate_gaussian_source_params::name,
      adex_clopath_params::name,  equations_neuron_params::name};
  return names;
}

bool is_source(const neuron_params& p) {
  return std::holds_alternative<poisson_source_params>(p) || std::holds_alternative<spike_times_source_params>(p) ||
         std::holds_alternative<regular_source_params>(p) || std::holds_alternative<rate_patterns_source_params>(p) ||
         std::holds_alternative<rate_gaussian_source_params>(p);
}

bool is_rate(const neuron_params& p) {
  return std::holds_alternative<rate_unit_params>(p) || std::holds_alternative<rate_patterns_source_params>(p) ||
         std::holds_alternative<rate_gaussian_source_params>(p);
}

void fill_defaults(experiment_spec& spec) {
  for (projection_spec& p : spec.network.projections) {
    if (p.name.empty()) p.name = p.pre + "_" + p.post;
    for (rule_spec& r : p.plasticity)  // structural plasticity: new synapses like the projection's by default
      if (auto* st = std::get_if<structural_params>(&r.params)) {
        if (!st->weight) st->weight = p.weight;
        if (!st->delay) st->delay = p.delay.value_or(distribution::constant(spec.dt));
      }
  }
  for (monitor_spec& m : spec.monitors)
    if (m.name.empty()) m.name = m.target + (m.variable.empty() ? "" : "_" + m.variable);
  for (analysis_spec& a : spec.analyses)
    if (a.table.empty())
      a.table = a.type == analysis_spec::kind::principal_component ? "convergence"
                : a.type == analysis_spec::kind::pattern_responses ? "responses"
                : a.type == analysis_spec::kind::weight_scaling    ? "scaling"
                : a.type == analysis_spec::kind::overlap           ? "overlap"
                : a.type == analysis_spec::kind::synapse_rank      ? "rank"
                : a.type == analysis_spec::kind::choices           ? "choices"
                : a.type == analysis_spec::kind::conditioned_response ? "conditioned_response"
                : a.type == analysis_spec::kind::ocular_dominance ? "ocular_dominance"
                : a.type == analysis_spec::kind::classify          ? "accuracy"
                : a.type == analysis_spec::kind::firing_pattern    ? "firing_patterns"
                                                                   : "recall";
  expand_protocols(spec);
}

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
