#include "validate_detail.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "plastix/core/suggest.hpp"
#include "plastix/spec/rule_kinds.hpp"

namespace plastix::validate_detail {

namespace {



std::string model_of(const population_spec& p) { return neuron_model_names().at(p.model.index()); }

// "a rate population", "a rate_gaussian rate source", "a lif population", "a poisson spike source"
std::string describe(const population_spec& p) {
  const std::string model = model_of(p);
  const bool vowel = std::string("aeiou").find(model[0]) != std::string::npos;
  const char* kind = is_rate(p.model) ? (is_source(p.model) ? " rate source" : " population")
                                      : (is_source(p.model) ? " spike source" : " population");
  return (vowel ? "an " : "a ") + model + kind;
}

std::size_t index_of(const experiment_spec& spec, const std::string& name) {
  const auto& pops = spec.network.populations;
  for (std::size_t k = 0; k < pops.size(); ++k)
    if (pops[k].name == name) return k;
  return pops.size();
}

}  // namespace

void check_rate_population(const population_spec& p, const std::string& key) {
  if (const auto* r = std::get_if<rate_patterns_source_params>(&p.model)) {
    if (!r->patterns.empty() && r->patterns[0].size() != p.size) {
      fail(p.where, key + ".patterns", fmt::format("expected patterns of one value per neuron ({} for size = {}), got "
                                                   "patterns of {} values", p.size, p.size, r->patterns[0].size()));
    }
  }
  if (const auto* g = std::get_if<rate_gaussian_source_params>(&p.model)) {
    const std::size_t n = rate_gaussian_size(*g);
    if (n != p.size) {
      fail(p.where, key + ".covariance", fmt::format("expected a covariance of {} inputs for size = {}, got one of {} "
                                                     "inputs", p.size, p.size, n));
    }
  }
}

void check_rate_projection(const experiment_spec& spec, const projection_spec& p, const population_spec& pre,
                           const population_spec& post, const std::string& key) {
  if (is_rate(pre.model) && !is_rate(post.model)) {
    fail(p.where, key + ".post", "'" + pre.name + "' is " + describe(pre) + ", which projects only onto rate "
                                 "populations; '" + post.name + "' is " + describe(post) +
                                 " (rates are not turned into spikes or currents)");
  }
  if (!is_rate(pre.model) && is_rate(post.model)) {
    fail(p.where, key + ".pre", "'" + post.name + "' is " + describe(post) + ", which receives only from rate "
                                "populations; '" + pre.name + "' is " + describe(pre) +
                                " (spikes are not turned into rates)");
  }
  if (!p.receptor.empty() && p.receptor != "none") {
    fail(p.where, key + ".receptor", "rate populations have no receptors: a rate projection adds Σ w·x to the input "
                                     "of '" + post.name + "' directly; leave receptor out");
  }
  const auto zero = [](const distribution& d) { return d.type == distribution::kind::constant && d.a == 0.0; };
  if (p.delay && !zero(*p.delay)) {
    fail(p.where, key + ".delay", "rate projections transmit without delay; leave delay out (or set delay = \"0 ms\")");
  }
  for (double d : p.connector.delays)
    if (d != 0.0) fail(p.where, key + ".delays", fmt::format("rate projections transmit without delay; got a delay of {} ms", d));
  if (p.dendritic_delay != 0.0) {
    fail(p.where, key + ".dendritic_delay", "rate projections transmit without delay; leave dendritic_delay out");
  }
  if (!is_source(post.model)) {
    if (p.pre == p.post) {
      fail(p.where, key + ".post", "recurrent rate connections (a rate population onto itself) are not supported: "
                                   "rate projections transmit without delay");
    }
    if (index_of(spec, p.pre) > index_of(spec, p.post)) {
      fail(p.where, key + ".pre", "rate projections transmit without delay, so the pre population is computed first: "
                                  "move the [[population]] '" + p.pre + "' above '" + p.post + "' in the file "
                                  "(recurrent rate networks are not supported)");
    }
  }
}

void check_rule_kinds(const projection_spec& p, const population_spec& pre, const population_spec& post,
                      const std::string& key) {
  const bool rates = is_rate(pre.model) || is_rate(post.model);
  for (std::size_t k = 0; k < p.plasticity.size(); ++k) {
    const rule_spec& r = p.plasticity[k];
    const std::string rule_key = key_or(r.where, key + ".plasticity[" + std::to_string(k) + "]") + ".rule";
    const std::string name = rule_name(r.params);
    if (is_rate_rule(r.params) && !(is_rate(pre.model) && is_rate(post.model))) {
      fail(r.where, rule_key, "rule '" + name + "' works on rates and needs rate populations on both sides; '" +
                                  pre.name + "' is " + describe(pre) + " and '" + post.name + "' is " + describe(post));
    }
    if (!is_rate_rule(r.params) && rates) {
      fail(r.where, rule_key, "rule '" + name + "' works on spikes, and rate populations emit none; use a rate rule "
                              "(hebb, oja, bcm, covariance) between rate populations");
    }
  }
}

void check_rate_monitor(const monitor_spec& m, const population_spec& p, const std::string& key) {
  if (!is_rate(p.model)) return;
  if (m.type == monitor_spec::kind::spikes || m.type == monitor_spec::kind::rate) {
    const char* variable = is_source(p.model) ? "x" : "y";
    fail(m.where, key + ".population", "population '" + p.name + "' is " + describe(p) + " and emits no spikes; "
                                       "record its output with type = \"state\", variable = \"" + variable + "\"");
  }
}

void check_rate_stimulus(const stimulus_spec& s, const population_spec& p, const std::string& key) {
  if (is_rate(p.model) && s.type == stimulus_spec::kind::current) {
    fail(s.where, key + ".current", "a current stimulus applies to spiking neuron populations; population '" + p.name +
                                        "' is " + describe(p) + " and has no membrane");
  }
}

namespace {

// weight_scaling: any projection, a phase of the file; several may share a table (a row each), no other analysis
// or [[table]] may write it.
void check_weight_scaling(const experiment_spec& spec, const analysis_spec& a, std::size_t k,
                          const std::vector<std::string>& projection_names) {
  const std::string key = key_or(a.where, "analysis[" + std::to_string(k) + "]");
  if (std::find(projection_names.begin(), projection_names.end(), a.projection) == projection_names.end())
    fail(a.where, key + ".projection", "'" + a.projection + "' is not a projection;" +
                                           suggestion(a.projection, projection_names));
  if (!a.phase.empty()) {
    std::vector<std::string> phases;
    for (const phase_spec& ph : spec.phases) phases.push_back(ph.name);
    if (std::find(phases.begin(), phases.end(), a.phase) == phases.end())
      fail(a.where, key + ".phase", "'" + a.phase + "' is not a phase;" + suggestion(a.phase, phases));
  }
  if (a.table.empty() || a.table.find('/') != std::string::npos)
    fail(a.where, key + ".table", "a table name must be non-empty and must not contain '/'");
  for (const table_spec& t : spec.tables)
    if (t.name == a.table || t.name == a.table + "_weights")
      fail(a.where, key + ".table", "there is already a [[table]] named '" + t.name + "'");
  for (std::size_t j = 0; j < spec.analyses.size(); ++j) {
    const analysis_spec& b = spec.analyses[j];
    if (j != k && b.type != analysis_spec::kind::weight_scaling && (b.table == a.table || b.table == a.table + "_weights"))
      fail(a.where, key + ".table", "another analysis writes table '" + b.table + "'");
    if (j < k && b.type == analysis_spec::kind::weight_scaling && b.projection == a.projection)
      fail(a.where, key + ".projection", "two weight_scaling analyses of '" + a.projection +
                                             "': their metrics scaling_slope." + a.projection + " would collide");
  }
}

// An analysis that writes its own table and metrics of fixed names: a valid table name that no [[table]] or other
// analysis uses, and no earlier analysis of the same type (`type`, named in the message with its `metrics`).
void check_single_table_analysis(const experiment_spec& spec, const analysis_spec& a, std::size_t k,
                                 const std::string& key, const std::string& type, const std::string& metrics) {
  if (a.table.empty() || a.table.find('/') != std::string::npos)
    fail(a.where, key + ".table", "a table name must be non-empty and must not contain '/'");
  for (const table_spec& t : spec.tables)
    if (t.name == a.table) fail(a.where, key + ".table", "there is already a [[table]] named '" + t.name + "'");
  for (std::size_t j = 0; j < spec.analyses.size(); ++j) {
    if (j != k && spec.analyses[j].table == a.table)
      fail(a.where, key + ".table", "another analysis writes table '" + a.table + "'");
    if (j < k && spec.analyses[j].type == a.type)
      fail(a.where, key + ".type", "there are two " + type + " analyses; at most one, since their metrics (" + metrics +
                                       ") have fixed names");
  }
}

// synapse_rank: a weights monitor of every synapse of a projection; the chosen neurons in range; its own table.
void check_synapse_rank(const experiment_spec& spec, const analysis_spec& a, std::size_t k) {
  const std::string key = key_or(a.where, "analysis[" + std::to_string(k) + "]");
  const monitor_spec* m = &monitor_named(spec, a, monitor_spec::kind::weights, a.weights, key, "weights");
  if (!m->indices.empty())
    fail(a.where, key + ".weights", "weights monitor '" + m->name + "' records only some synapses; the analysis "
                                    "compares one with all the others (leave synapses out)");
  const projection_spec* proj = find_projection(spec, m->target);
  if (!proj) return;  // reported with the monitor
  const population_spec* pre = find_population(spec, proj->pre);
  const population_spec* post = find_population(spec, proj->post);
  if (pre && a.pre_neuron >= pre->size)
    fail(a.where, key + ".pre_neuron", fmt::format("neuron {} is out of range: population '{}' has {} neurons (0 to {})",
                                                   a.pre_neuron, pre->name, pre->size, pre->size - 1));
  if (post && a.post_neuron >= post->size)
    fail(a.where, key + ".post_neuron", fmt::format("neuron {} is out of range: population '{}' has {} neurons (0 to {})",
                                                    a.post_neuron, post->name, post->size, post->size - 1));
  check_single_table_analysis(spec, a, k, key, "synapse_rank", "synapse_w, synapse_rank, others_mean, others_p99");
}

// ocular_dominance: a projection whose pre population holds both eyes (first_eye in (0, size)); its own table; at
// most one (its metrics have fixed names).
void check_ocular_dominance(const experiment_spec& spec, const analysis_spec& a, std::size_t k,
                            const std::vector<std::string>& projection_names) {
  const std::string key = key_or(a.where, "analysis[" + std::to_string(k) + "]");
  const projection_spec* proj = find_projection(spec, a.projection);
  if (!proj)
    fail(a.where, key + ".projection", "'" + a.projection + "' is not a projection;" +
                                           suggestion(a.projection, projection_names));
  const population_spec* pre = find_population(spec, proj->pre);
  if (pre && !(a.first_eye > 0 && a.first_eye < pre->size))
    fail(a.where, key + ".first_eye", fmt::format("first_eye must leave neurons to both eyes: in [1, {}] for the "
                                                  "{} neurons of '{}', got {}", pre->size - 1, pre->size, pre->name,
                                                  a.first_eye));
  check_single_table_analysis(spec, a, k, key, "ocular_dominance", "odi_mean_start, odi_mean_end");
}

// choices: a modulator with a group reward condition (a `versus`: A and B); its own tables; at most one.
void check_choices(const experiment_spec& spec, const analysis_spec& a, std::size_t k) {
  const std::string key = key_or(a.where, "analysis[" + std::to_string(k) + "]");
  const modulator_spec* m = nullptr;
  std::vector<std::string> names;
  for (const modulator_spec& x : spec.modulators) {
    names.push_back(x.name);
    if (x.name == a.modulator) m = &x;
  }
  if (!m) fail(a.where, key + ".modulator", "there is no modulator named '" + a.modulator + "';" + suggestion(a.modulator, names));
  const auto first = std::find_if(m->rewards.begin(), m->rewards.end(), [](const reward_condition& r) { return r.by_groups() && r.amount > 0.0; });
  if (first == m->rewards.end())
    fail(a.where, key + ".modulator", "modulator '" + m->name + "' has no group reward condition with a positive amount "
                                      "([[modulator.reward]] with trigger, group and versus): there are no trials to read");
  if (first->versus.empty())
    fail(a.where, key + ".modulator", "the first group reward condition (positive amount) of modulator '" + m->name + "' has no `versus`: "
                                      "choices need two groups, A (its group) and B (its versus)");
  if (a.table.empty() || a.table.find('/') != std::string::npos)
    fail(a.where, key + ".table", "a table name must be non-empty and must not contain '/'");
  for (const table_spec& t : spec.tables)
    if (t.name == a.table || t.name == a.table + "_trials")
      fail(a.where, key + ".table", "there is already a [[table]] named '" + t.name + "'");
  for (std::size_t j = 0; j < spec.analyses.size(); ++j) {
    if (j != k && (spec.analyses[j].table == a.table || spec.analyses[j].table == a.table + "_trials"))
      fail(a.where, key + ".table", "another analysis writes table '" + spec.analyses[j].table + "'");
    if (j < k && spec.analyses[j].type == analysis_spec::kind::choices)
      fail(a.where, key + ".type", "there are two choices analyses; at most one, since their metrics (correct_first, "
                                   "correct_last, trials) have fixed names");
  }
}

// overlap: a spikes monitor, two phases of the file; several may share a table (a row each).
void check_overlap(const experiment_spec& spec, const analysis_spec& a, std::size_t k) {
  const std::string key = key_or(a.where, "analysis[" + std::to_string(k) + "]");
  std::vector<std::string> monitors;
  for (const monitor_spec& m : spec.monitors)
    if (m.type == monitor_spec::kind::spikes) monitors.push_back(m.name);
  if (std::find(monitors.begin(), monitors.end(), a.spikes) == monitors.end())
    fail(a.where, key + ".spikes", "there is no spikes monitor named '" + a.spikes + "';" + suggestion(a.spikes, monitors));
  std::vector<std::string> phases;
  for (const phase_spec& ph : spec.phases) phases.push_back(ph.name);
  for (const std::string& name : a.phases) {
    const auto it = std::find(phases.begin(), phases.end(), name);
    if (it == phases.end()) fail(a.where, key + ".phases", "'" + name + "' is not a phase;" + suggestion(name, phases));
    if (!(spec.phases[static_cast<std::size_t>(it - phases.begin())].slow_step <= 0.0))
      fail(a.where, key + ".phases", "'" + name + "' is a slow phase: no spikes are simulated in it");
  }
  if (!(a.delay >= 0.0)) fail(a.where, key + ".delay", "expected a delay >= 0 ms");
  if (a.table.empty() || a.table.find('/') != std::string::npos)
    fail(a.where, key + ".table", "a table name must be non-empty and must not contain '/'");
  for (const table_spec& t : spec.tables)
    if (t.name == a.table) fail(a.where, key + ".table", "there is already a [[table]] named '" + t.name + "'");
  for (std::size_t j = 0; j < spec.analyses.size(); ++j) {
    const analysis_spec& b = spec.analyses[j];
    if (j != k && b.type != analysis_spec::kind::overlap && b.table == a.table)
      fail(a.where, key + ".table", "another analysis writes table '" + b.table + "'");
    if (j < k && b.type == analysis_spec::kind::overlap && b.spikes == a.spikes)
      fail(a.where, key + ".spikes", "two overlap analyses of '" + a.spikes + "': their metrics overlap." + a.spikes +
                                         " would collide");
  }
}

}  // namespace

void check_analyses(const experiment_spec& spec) {
  std::map<int, source_ref> types_seen;
  std::vector<std::string> projection_names;
  for (const projection_spec& p : spec.network.projections) projection_names.push_back(p.name);
  for (std::size_t k = 0; k < spec.analyses.size(); ++k) {
    const analysis_spec& a = spec.analyses[k];
    const std::string key = key_or(a.where, "analysis[" + std::to_string(k) + "]");
    if (a.type == analysis_spec::kind::recall) continue;  // validate_patterns.cpp
    if (a.type == analysis_spec::kind::weight_scaling) {
      check_weight_scaling(spec, a, k, projection_names);
      continue;
    }
    if (a.type == analysis_spec::kind::overlap) {
      check_overlap(spec, a, k);
      continue;
    }
    if (a.type == analysis_spec::kind::synapse_rank) {
      check_synapse_rank(spec, a, k);
      continue;
    }
    if (a.type == analysis_spec::kind::choices) {
      check_choices(spec, a, k);
      continue;
    }
    if (a.type == analysis_spec::kind::conditioned_response) {
      check_conditioned_response(spec, a, k);
      continue;
    }
    if (a.type == analysis_spec::kind::firing_pattern) {
      check_firing_pattern(spec, a, k);
      continue;
    }
    if (a.type == analysis_spec::kind::ocular_dominance) {
      check_ocular_dominance(spec, a, k, projection_names);
      continue;
    }
    if (a.type == analysis_spec::kind::classify) continue;  // check_patterns
    const bool pca = a.type == analysis_spec::kind::principal_component;
    const char* type = pca ? "principal_component" : "pattern_responses";
    if (!types_seen.emplace(static_cast<int>(a.type), a.where).second) {
      fail(a.where, key + ".type", std::string("there are two ") + type + " analyses; at most one of each type, since "
                                   "their metrics (" + (pca ? "angle_deg, norm_w" : "selectivity") + ") have fixed names");
    }
    const projection_spec* proj = nullptr;
    for (const projection_spec& p : spec.network.projections)
      if (p.name == a.projection) proj = &p;
    if (!proj) fail(a.where, key + ".projection", "'" + a.projection + "' is not a projection;" +
                                                      suggestion(a.projection, projection_names));
    const population_spec* pre = find_population(spec, proj->pre);
    const population_spec* post = find_population(spec, proj->post);
    if (!pre || !post) continue;  // reported with the projection
    const bool pre_ok = pca ? std::holds_alternative<rate_gaussian_source_params>(pre->model)
                            : std::holds_alternative<rate_patterns_source_params>(pre->model);
    if (!pre_ok) {
      fail(a.where, key + ".projection", std::string("a ") + type + " analysis needs a projection from a " +
                                             (pca ? "rate_gaussian" : "rate_patterns") + " population; the pre "
                                             "population '" + pre->name + "' of '" + proj->name + "' is " + describe(*pre));
    }
    if (!std::holds_alternative<rate_unit_params>(post->model)) {
      fail(a.where, key + ".projection", std::string("a ") + type + " analysis needs a projection onto a rate "
                                             "population (model = \"rate\"); '" + post->name + "' is " + describe(*post));
    }
    if (a.neuron >= post->size) {
      fail(a.where, key + ".neuron", fmt::format("neuron {} is out of range: population '{}' has {} neurons (0 to {})",
                                                 a.neuron, post->name, post->size, post->size - 1));
    }
    if (!a.weights.empty()) {
      if (!pca) fail(a.where, key + ".weights", "weights applies only to principal_component analyses");
      const monitor_spec* m = &monitor_named(spec, a, monitor_spec::kind::weights, a.weights, key, "weights");
      if (m->target != proj->name) {
        fail(a.where, key + ".weights", "weights monitor '" + m->name + "' records projection '" + m->target +
                                            "', not '" + proj->name + "'");
      }
      if (!m->indices.empty()) {
        fail(a.where, key + ".weights", "weights monitor '" + m->name + "' records only some synapses; the analysis "
                                        "needs every weight onto neuron " + std::to_string(a.neuron) +
                                        " (leave synapses out)");
      }
    }
    if (a.table.empty() || a.table.find('/') != std::string::npos) {
      fail(a.where, key + ".table", "a table name must be non-empty and must not contain '/'");
    }
    for (const table_spec& t : spec.tables)
      if (t.name == a.table) fail(a.where, key + ".table", "there is already a [[table]] named '" + a.table + "'");
    for (std::size_t j = 0; j < k; ++j)
      if (spec.analyses[j].table == a.table) fail(a.where, key + ".table", "two analyses write table '" + a.table + "'");
  }
}

}  // namespace plastix::validate_detail
