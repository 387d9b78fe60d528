// The parameter changes of the phases ([[phase]] set = { KEY = VALUE ... } at the phase's start, or [[phase.set]]
// tables with at = TIME): each change is applied to a copy of the document, as --set KEY=VALUE would, and the item
// it changes is read again by its own reader, so that units, keys and messages are those of the file. Changes
// hold for the rest of the run: each phase's changes apply to the document as the phases before it left it, and
// each records the parameters it was read against (param_change::before), so that a run that orders the phases
// otherwise applies only the keys it sets (spec/param_changes.hpp resolve_param_changes).
#include <algorithm>
#include <map>
#include <type_traits>
#include <variant>

#include "plastix/spec/models.hpp"

#include "readers.hpp"

namespace plastix::io_detail {

namespace {

// The keys of a set table with their values: dotted keys as written ("projection.ff.plasticity[0].a_plus" quoted, or
// as nested TOML tables), in file order; `at` left out.
void flatten(const toml::table& t, const std::string& prefix, std::vector<std::pair<std::string, const toml::node*>>& out) {
  for (const auto& [k, v] : t) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (prefix.empty() && key == "at") continue;
    if (const toml::table* sub = v.as_table()) flatten(*sub, key, out);
    else out.emplace_back(key, &v);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second->source().begin.line < b.second->source().begin.line;  // file order (toml++ sorts keys)
  });
}

// Why `parts` (the key walked by set_key) names nothing that may change during a run ("" when it may: a neuron
// model's key or a plasticity rule's key, still to be read).
std::string unchangeable(const std::vector<key_part>& parts) {
  const std::string& top = parts.front().name;
  const std::string& last = parts.back().name;
  if (top == "population" && parts.front().index) {
    if (parts.size() == 2 && last == "size") return "a population's size cannot change during a run";
    if (parts.size() == 2 && last == "model") return "a population's neuron model cannot change during a run";
    if (parts.size() == 3 && parts[1].name == "constants") return "";  // a written model's constant (its own check)
    if (parts.size() != 2 || last == "receptor" || last == "init" || last == "intrinsic" || last == "neurogenesis")
      return "only the neuron model's parameters of a population can change during a run (not its receptors, "
             "initial state, intrinsic plasticity or neurogenesis)";
    return "";
  }
  if (top == "projection" && parts.front().index) {
    if (parts.size() == 3 && parts[1].name == "plasticity" && parts[1].index)
      return last == "rule" ? "a rule's kind cannot change during a run" : "";
    return "only the parameters of a projection's plasticity rules can change during a run (not its connector, "
           "weights, delays or receptor: the synapses are built once)";
  }
  if (top == "experiment") return "the experiment's settings (dt, seed) cannot change during a run";
  return "only the parameters of neuron models ([[population]]) and of plasticity rules "
         "([[projection.plasticity]]) can change during a run";
}

// The change that `parts` made to `state`, read by the item's own reader.
param_change read_change(const toml::table& state, const document& doc, const std::vector<key_part>& parts,
                         const experiment_spec& spec) {
  const std::string& top = parts.front().name;
  const std::size_t index = *parts.front().index;
  const toml::table& element = *state.get(top)->as_array()->get(index)->as_table();
  const table_reader t(doc, element, element_key("", top, element, index));
  param_change c;
  if (top == "population") {
    population_spec p = read_population(t);
    const std::vector<std::string> keys = neuron_param_keys(neuron_model_names()[p.model.index()]);
    const std::string& key = parts.size() == 3 ? parts[1].name : parts.back().name;  // constants.<name>
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      throw error(t.ref(parts.back().name), "only the neuron model's parameters of a population can change during a "
                                            "run, not '" + parts.back().name + "'");
    c.population = p.name;
    c.params = p.model;
  } else {
    projection_spec p = read_projection(t, spec.network.populations);
    c.projection = element_label("projection", element);
    c.rule = *parts[1].index;
    if (c.rule < p.plasticity.size()) c.params = p.plasticity[c.rule].params;  // else the reader recorded why
  }
  return c;
}

// A rule's change must name a declared key of the rule (or its preset): a change is carried as the keys it changes
// (spec/param_changes.hpp params_after); keys the rule's reader reads beside them (structural: weight, delay, table)
// stay.
void check_declared(const param_change& c, const std::string& key, const source_ref& where) {
  if (!c.population.empty() || key == "preset") return;
  const model_info* m = find_model("rule", rule_name(std::get<rule_params>(c.params)));
  if (m && !m->find_key(key))
    throw error(where, "'" + key + "' of a " + m->name + " rule cannot change during a run: only the rule's declared "
                       "keys can (`plastix list " + m->name + "`)");
  // A key the rule's own reader reads (e.g. the modulator a three-factor rule reads) binds the rule when it is built.
  const bool extra = std::visit([&](const auto& p) { return std::decay_t<decltype(p)>::declare().is_extra(key); },
                                std::get<rule_params>(c.params));
  if (m && extra)
    throw error(where, "'" + key + "' of a " + m->name + " rule cannot change during a run: the rule is bound to it "
                       "when it is built");
}

// The parameters of the item that c changes as the file gives them (before any change), or c's own.
std::variant<neuron_params, rule_params> original(const experiment_spec& spec, const param_change& c) {
  for (const population_spec& p : spec.network.populations)
    if (!c.population.empty() && p.name == c.population) return p.model;
  for (const projection_spec& p : spec.network.projections)
    if (c.population.empty() && p.name == c.projection && c.rule < p.plasticity.size()) return p.plasticity[c.rule].params;
  return c.params;
}

}  // namespace

void read_phase_changes(const toml::table& root, const document& doc, experiment_spec& spec) {
  const table_reader top(doc, root, "");
  const std::vector<table_reader> phases = top.tables("phase");
  toml::table state = root;  // the document as the changes so far left it
  document scratch = doc;
  // The parameters of each changed item as the changes so far left them: what each change is read against.
  std::map<std::string, std::variant<neuron_params, rule_params>> in_force;
  for (std::size_t k = 0; k < phases.size() && k < spec.phases.size(); ++k) {
    const table_reader& phase = phases[k];
    if (!phase.has("set")) continue;
    std::vector<table_reader> sets;
    if (phase.find("set")->is_table()) sets.push_back(phase.sub_table("set"));
    else sets = phase.tables("set");
    std::vector<std::pair<double, std::size_t>> order;  // by time, then as written
    for (std::size_t s = 0; s < sets.size(); ++s) order.emplace_back(sets[s].quantity_or("at", dimension::time, 0.0), s);
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [at, s] : order) {
      std::vector<std::pair<std::string, const toml::node*>> entries;
      flatten(sets[s].table(), "", entries);
      if (entries.empty()) sets[s].fail_here("expected keys to change, e.g. \"population.exc.i_e\" = \"50 pA\"");
      for (const auto& [key, value] : entries) {
        const source_ref where = doc.ref(*value, sets[s].key_of(key));
        try {
          const std::vector<key_part> parts = set_key(state, key, *value, scratch, where);
          if (const std::string why = unchangeable(parts); !why.empty()) throw error(where, why);
          scratch.build_index(state);
          const std::size_t before = scratch.problems.recorded();
          param_change c = read_change(state, scratch, parts, spec);
          // The item's reader records what it finds and reads on: the first problem is the change's.
          if (scratch.problems.recorded() > before) throw scratch.problems.recorded(before);
          check_declared(c, parts.back().name, where);
          const std::string item = c.population.empty() ? c.projection + "\n" + std::to_string(c.rule) : c.population;
          c.before = in_force.contains(item) ? in_force.at(item) : original(spec, c);
          in_force.insert_or_assign(item, c.params);
          c.at = at;
          c.key = key;
          c.where = where;
          spec.phases[k].changes.push_back(std::move(c));
        } catch (const error& e) {
          throw error(where, "phase '" + spec.phases[k].name + "': " + key + ": " + e.message());
        }
      }
    }
  }
}

}  // namespace plastix::io_detail
