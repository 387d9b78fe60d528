// [[population]] tables with their receptors ([[population.receptor]]) and initial state (init = { ... }).
#include <algorithm>

#include "plastix/core/suggest.hpp"
#include "plastix/neuron/models.hpp"
#include "read_params.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

const std::vector<std::string> common_keys{"name", "size", "model"};
const std::vector<std::string> neuron_only_keys{"init", "receptor", "intrinsic", "neurogenesis", "modulated_by"};

// "a lif", "an adex"
std::string a_model(const std::string& model) {
  const bool vowel = !model.empty() && std::string("aeiou").find(model[0]) != std::string::npos;
  return (vowel ? "an " : "a ") + model;
}

bool is_source_model(const std::string& model) {
  return model == poisson_source::name || model == spike_times_source::name || model == regular_source::name;
}

// Rate sources: no input and no state to initialise, like spike sources.
bool is_rate_source_model(const std::string& model) { return is_rate_model(model) && model != rate_unit::name; }

std::vector<std::string> allowed_keys(const std::string& model) {
  std::vector<std::string> keys = common_keys;
  if (model == rate_unit::name) keys.emplace_back("init");  // y; no receptors: rate projections add to h directly
  else if (!is_source_model(model) && !is_rate_source_model(model))
    keys.insert(keys.end(), neuron_only_keys.begin(), neuron_only_keys.end());
  for (const std::string& k : neuron_param_keys(model)) keys.push_back(k);
  return keys;
}

// Keys that belong to other models: explained instead of "unknown".
std::map<std::string, std::string> misplaced_keys(const std::string& model, const std::vector<std::string>& allowed) {
  std::map<std::string, std::string> out;
  const std::string here = "(valid keys for " + a_model(model) + " population: " + join_names(allowed) + ")";
  if (is_source_model(model)) {
    for (const std::string& k : neuron_only_keys) {
      out[k] = "is not used by " + a_model(model) + " population: spike sources have no receptors and no state " + here;
    }
  }
  if (is_rate_model(model)) {
    for (const std::string& k : neuron_only_keys) {
      if (k == "init" && model == rate_unit::name) continue;
      out[k] = "is not used by " + a_model(model) + " population: rate populations have no receptors (rate "
               "projections add to their input directly)" + std::string(model == rate_unit::name ? "" : " and rate "
               "sources no state to initialise") + " " + here;
    }
  }
  for (const std::string& other : neuron_model_names()) {
    if (other == model) continue;
    for (const std::string& k : neuron_param_keys(other)) {
      if (std::find(allowed.begin(), allowed.end(), k) != allowed.end() || out.count(k)) continue;
      out[k] = "is a parameter of model '" + other + "', not of model '" + model + "' " + here;
    }
  }
  return out;
}

// [population.intrinsic]: intrinsic plasticity (spec/rules/intrinsic.hpp), read through its declaration.
intrinsic_params read_intrinsic(const table_reader& t) {
  const auto& d = intrinsic_params::declare();
  const intrinsic_params p = read_params(t, d, dimension::dimensionless, {}, "for intrinsic plasticity");
  check_values(t, d, p);
  return p;
}

// The dimension of a state variable of a model written as equations, for its initial distribution.
dimension written_state_dimension(const table_reader& init, const equations_neuron_params& p, const std::string& variable) {
  for (const equations::quantity_def& q : p.model.state) {
    if (q.name != variable) continue;
    for (dimension d : {dimension::dimensionless, dimension::time, dimension::voltage, dimension::conductance,
                        dimension::current, dimension::capacitance, dimension::concentration})
      if (dims_of(d) == q.dim) return d;
    init.fail(variable, "'" + variable + "' is in " + to_string(q.dim) +
                            ", which init cannot read; give its initial value under state");
  }
  return dimension::current;  // i_ext [pA]
}

}  // namespace

dimension receptor_dimension(receptor_kind kind) {
  switch (kind) {
    case receptor_kind::current: return dimension::current;
    case receptor_kind::delta: return dimension::voltage;
    case receptor_kind::conductance: break;
  }
  return dimension::conductance;
}

// A [[population.receptor]]: the keys of its kind's declaration (spec/receptors.hpp), over the preset if any.
receptor_params read_receptor(const table_reader& t) {
  std::vector<std::string> keys{"kind", "preset"};
  for (receptor_kind k : {receptor_kind::conductance, receptor_kind::current, receptor_kind::delta})
    for (const std::string& key : receptor_params::declare(k).info().key_names())
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  t.check_keys(keys, "for a receptor");
  const std::vector<std::string> kinds{"conductance", "current", "delta"};  // receptor_kind order
  const receptor_params preset =
      t.has("preset") ? receptor_preset(t.choice("preset", receptor_preset_names())) : receptor_params{};
  const std::string kind = t.choice("kind", kinds, kinds[static_cast<std::size_t>(preset.kind)]);
  const auto& d = receptor_params::declare(static_cast<receptor_kind>(std::find(kinds.begin(), kinds.end(), kind) - kinds.begin()));
  if (kind == "delta") {
    // A jump of v by the weight within one step: no time course, no reversal potential, no Mg block.
    for (const char* k : {"preset", "tau_decay", "tau_rise", "e_rev", "mg_block", "mg"}) {
      if (t.has(k)) {
        t.fail(k, std::string(k) + " has no meaning for a receptor with kind = \"delta\" (a spike moves v at once "
                                   "by its weight in mV); leave it out");
      }
    }
  }
  if (kind == "current") {
    for (const char* k : {"e_rev", "mg_block", "mg"}) {
      if (t.has(k)) t.fail(k, std::string(k) + " applies only to conductance receptors; this one has kind = \"current\"");
    }
  }
  receptor_params r = read_keys(t, d, dimension::dimensionless);
  r.kind = receptor_kind(std::find(kinds.begin(), kinds.end(), kind) - kinds.begin());
  r.name = t.has("preset") ? t.name("name", r.name) : t.name("name");
  r.mg = t.quantity_or("mg", dimension::concentration, r.mg * units::mM) / units::mM;  // receptor_params::mg is [mM]
  return r;
}

population_spec read_population(const table_reader& t) {
  const std::vector<std::string>& models = neuron_model_names();
  if (!t.has("model")) {
    // Check the keys first, so that a misspelled "model" gets a suggestion.
    std::vector<std::string> all = common_keys;
    all.insert(all.end(), neuron_only_keys.begin(), neuron_only_keys.end());
    for (const std::string& m : models) {
      for (const std::string& k : neuron_param_keys(m)) {
        if (std::find(all.begin(), all.end(), k) == all.end()) all.push_back(k);
      }
    }
    t.check_keys(all, "for a population");
  }
  const std::string model = t.choice("model", models);
  const std::vector<std::string> allowed = allowed_keys(model);
  t.check_keys(allowed, "for " + a_model(model) + " population", misplaced_keys(model, allowed));

  population_spec p;
  p.where = t.where();
  p.name = t.name("name");
  p.model = read_neuron_params(t, model);
  if (const auto* st = std::get_if<spike_times_source::params>(&p.model); st && !t.has("size") && t.has("times")) {
    p.size = st->times.size();  // one list of times per neuron
  } else if (is_rate_source_model(model) && !t.has("size")) {
    p.size = rate_source_size(p.model);  // the length of the patterns, the rows of the covariance
  } else {
    p.size = t.count("size");
  }

  t.read_items("receptor", p.receptors, read_receptor);
  if (t.has("intrinsic")) p.intrinsic = read_intrinsic(t.sub_table("intrinsic"));
  if (t.has("modulated_by")) p.modulated_by = read_excitability_modulation(t, "modulated_by");
  if (t.has("neurogenesis")) {  // neurons born during the run (sim/neurogenesis.hpp)
    const table_reader ng = t.sub_table("neurogenesis");
    const auto& d = neurogenesis_spec::declare();
    p.neurogenesis = read_params(ng, d, dimension::dimensionless, {}, "for neurogenesis");
    if (!ng.has("unborn")) ng.count("unborn");  // required: "missing key"
    check_values(ng, d, p.neurogenesis);
    if (p.neurogenesis.unborn > p.size)
      ng.fail("unborn", "expected at most the population's size (" + std::to_string(p.size) + "), got " +
                            std::to_string(p.neurogenesis.unborn));
  }

  if (t.has("init")) {
    // Model state, receptor state "g_<receptor>" and the external current "i_ext", as the engine records them.
    const table_reader init = t.sub_table("init");
    const auto* written = std::get_if<equations_neuron_params>(&p.model);  // state named by the model's author
    std::vector<std::string> variables = neuron_state_names(model);
    if (written) {
      variables.clear();
      for (const equations::quantity_def& q : written->model.state) variables.push_back(q.name);
    }
    for (const receptor_params& r : p.receptors) variables.push_back("g_" + r.name);
    if (!is_rate_model(model)) variables.emplace_back("i_ext");
    init.check_keys(variables, "in init (the variables of this population are " + join_names(variables) + ")");
    for (auto&& [k, v] : init.table()) {
      const std::string variable(k.str());
      dimension dim = state_dimension(model, variable);
      if (written) dim = written_state_dimension(init, *written, variable);
      for (const receptor_params& r : p.receptors) {
        if (variable == "g_" + r.name) {
          dim = receptor_dimension(r.kind);
        }
      }
      p.init.emplace_back(variable, init.distribution_of(variable, dim));
    }
  }
  return p;
}

}  // namespace plastix::io_detail
