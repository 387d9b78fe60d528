#include "plastix/spec/param_changes.hpp"

#include "plastix/spec/models.hpp"
#include "plastix/spec/rule_site.hpp"

#include <cmath>
#include <cstdint>
#include <map>

namespace plastix {

namespace {

// Whether declared key `key` has the same value in a and b (NaN equals NaN; extra keys, read by the model's own
// reader, always compare equal).
template <class P>
bool same_key(const P& a, const P& b, std::string_view key) {
  const double x = P::declare().get(a, key), y = P::declare().get(b, key);
  return x == y || (std::isnan(x) && std::isnan(y));
}

// The declared keys (with a value in the struct) where a and b differ.
template <class P>
std::vector<std::string> changed_keys(const P& a, const P& b) {
  std::vector<std::string> out;
  for (const auto& e : P::declare().entries())
    if (e.get && !same_key(a, b, e.info.name)) out.push_back(e.info.name);
  return out;
}

// Sets declared key `key` of `to` to its value in `from` (through the declaration: a key held in another unit than
// it is read in goes there and back, which may round its last bit).
template <class P>
void copy_key(P& to, const P& from, std::string_view key) {
  const auto& d = P::declare();
  for (const auto& e : d.entries()) {
    if (e.info.name != key || !e.get) continue;
    const double v = e.get(from);
    switch (e.info.type) {
      case value_type::count: return e.set(to, static_cast<std::uint64_t>(v));
      case value_type::flag: return e.set(to, v != 0.0);
      case value_type::choice: return e.set(to, e.info.choices.at(static_cast<std::size_t>(v)));
      default: return e.set(to, v);
    }
  }
}

// Whether a and b (alternatives of one variant) hold the same model with the same values of its declared keys.
template <class V>
bool same_declared(const V& a, const V& b) {
  if (a.index() != b.index()) return false;
  return std::visit([&](const auto& x) { return changed_keys(x, std::get<std::decay_t<decltype(x)>>(b)).empty(); }, a);
}

// in_force with the keys that `now` changes from `before` (all three of one alternative of the variant V).
template <class V>
V delta(const V& in_force, const V& before, const V& now) {
  if (in_force.index() != now.index() || before.index() != now.index()) return now;
  return std::visit(
      [&](const auto& b) -> V {
        using P = std::decay_t<decltype(b)>;
        const P& n = std::get<P>(now);
        P out = std::get<P>(in_force);
        for (const std::string& key : changed_keys(b, n)) copy_key(out, n, key);
        return out;
      },
      before);
}

// For a model written as equations: `now` with in force what it does not change from `before` (t_ref and the values
// of constants; its constants are not declared keys: the model's own reader reads them). Anything else of `now`
// is kept, so that neuron_change_problem sees it.
neuron_params written_delta(const neuron_params& in_force, const neuron_params& before,
                            const equations_neuron_params& now) {
  const auto* was = std::get_if<equations_neuron_params>(&in_force);
  const auto* b = std::get_if<equations_neuron_params>(&before);
  if (!was || !b) return now;
  equations_neuron_params out = now;
  if (b->t_ref == now.t_ref) out.t_ref = was->t_ref;
  for (std::size_t k = 0; k < out.model.constants.size(); ++k)
    if (k < b->model.constants.size() && k < was->model.constants.size() &&
        b->model.constants[k].value == now.model.constants[k].value)
      out.model.constants[k].value = was->model.constants[k].value;
  return out;
}

}  // namespace

const std::vector<fixed_key>* rule_keys_fixed_during_run(std::string_view rule) {
  const model_info* m = find_model("rule", rule);
  return m && m->changes_during_run ? &m->fixed_during_run : nullptr;
}

// What differs between two models written as equations other than the values of their constants and t_ref ("" if
// nothing): that is compiled when the network is built.
std::string equations_change_problem(const equations_neuron_params& was, const equations_neuron_params& now) {
  const equations::neuron_spec &a = was.model, &b = now.model;
  const std::string only = "; only the values of its constants and t_ref can change during a run (the rest is "
                           "compiled when the network is built)";
  if (a.constants.size() != b.constants.size()) return "a model written as equations cannot gain or lose constants" + only;
  for (std::size_t k = 0; k < a.constants.size(); ++k)
    if (a.constants[k].name != b.constants[k].name || !(a.constants[k].dim == b.constants[k].dim))
      return "constant '" + b.constants[k].name + "' is not the model's constant '" + a.constants[k].name + "'" + only;
  if (a.state.size() != b.state.size()) return "its state cannot change" + only;
  for (std::size_t k = 0; k < a.state.size(); ++k)
    if (a.state[k].name != b.state[k].name) return "its state cannot change" + only;
  if (a.equations.text != b.equations.text) return "its equations cannot change" + only;
  if (a.threshold.text != b.threshold.text) return "its threshold cannot change" + only;
  if (a.reset.text != b.reset.text) return "its reset cannot change" + only;
  if (was.method != now.method) return "its method cannot change" + only;
  return "";
}

std::string neuron_change_problem(const neuron_params& was, const neuron_params& now) {
  if (was.index() != now.index()) return "a population's neuron model cannot change during a run";
  if (const auto* written = std::get_if<equations_neuron_params>(&now))
    return equations_change_problem(std::get<equations_neuron_params>(was), *written);
  const bool membrane = std::holds_alternative<lif_params>(now) || std::holds_alternative<adex_params>(now) ||
                        std::holds_alternative<izhikevich_params>(now) ||
                        std::holds_alternative<adex_clopath_params>(now);
  if (!membrane)
    return "the parameters of " + neuron_model_names()[now.index()] +
           " populations cannot change during a run; only membrane models (lif, adex, izhikevich, adex_clopath) "
           "can (a source's rate changes with a [[phase.stimulus]])";
  return "";
}

std::string rule_change_problem(const rule_params& was, const rule_params& now) {
  if (was.index() != now.index()) return "a rule's kind cannot change during a run";
  const std::string name = rule_names()[now.index()];
  const std::vector<fixed_key>* fixed = rule_keys_fixed_during_run(name);
  if (!fixed) {
    const model_info* m = find_model("rule", name);
    const std::string why = m && !m->no_changes_why.empty() ? m->no_changes_why : "the rule has no set_params";
    return "the parameters of a " + name + " rule cannot change during a run (" + why + ")";
  }
  return std::visit(
      [&](const auto& a) -> std::string {
        const auto& b = std::get<std::decay_t<decltype(a)>>(now);
        for (const fixed_key& k : *fixed)
          if (!same_key(a, b, k.key)) return k.key + " cannot change during a run (" + k.why + ")";
        return "";
      },
      was);
}

std::variant<neuron_params, rule_params> params_after(const std::variant<neuron_params, rule_params>& in_force,
                                                      const param_change& c) {
  if (!c.before || c.before->index() != c.params.index() || in_force.index() != c.params.index()) return c.params;
  if (const auto* now = std::get_if<neuron_params>(&c.params)) {
    const auto& was = std::get<neuron_params>(in_force);
    const auto& before = std::get<neuron_params>(*c.before);
    if (const auto* written = std::get_if<equations_neuron_params>(now)) return written_delta(was, before, *written);
    if (same_declared(was, before)) return c.params;
    return delta(was, before, *now);
  }
  const auto& now = std::get<rule_params>(c.params);
  const auto& was = std::get<rule_params>(in_force);
  const auto& before = std::get<rule_params>(*c.before);
  if (same_declared(was, before)) return c.params;
  return delta(was, before, now);
}

void resolve_param_changes(experiment_spec& spec) {
  std::map<std::string, std::variant<neuron_params, rule_params>> in_force;  // "pop" or "proj\n<rule>"
  for (const population_spec& p : spec.network.populations) in_force.emplace(p.name, p.model);
  for (const projection_spec& p : spec.network.projections)
    for (std::size_t k = 0; k < p.plasticity.size(); ++k)
      in_force.emplace(p.name + "\n" + std::to_string(k), p.plasticity[k].params);
  for (phase_spec& phase : spec.phases)
    for (param_change& c : phase.changes) {
      const std::string item = c.population.empty() ? c.projection + "\n" + std::to_string(c.rule) : c.population;
      const auto it = in_force.find(item);
      if (it == in_force.end()) continue;
      c.params = params_after(it->second, c);
      c.before = it->second;
      it->second = c.params;
    }
}

void validate_param_changes(const experiment_spec& spec) {
  // The parameters in force, in the order the phases run; each change must follow on from them.
  std::vector<neuron_params> models;
  for (const population_spec& p : spec.network.populations) models.push_back(p.model);
  std::vector<std::vector<rule_params>> rules;
  for (const projection_spec& p : spec.network.projections) {
    rules.emplace_back();
    for (const rule_spec& r : p.plasticity) rules.back().push_back(r.params);
  }
  for (const phase_spec& phase : spec.phases)
    for (const param_change& c : phase.changes) {
      const auto fail = [&](const std::string& message) {
        throw error(c.where, "phase '" + phase.name + "': " + c.key + ": " + message);
      };
      if (!(c.at >= 0.0) || c.at > phase.duration)
        fail("the change's time (at) must be within the phase [0, " + std::to_string(phase.duration) + " ms], got " +
             std::to_string(c.at) + " ms");
      if (!c.population.empty()) {
        const auto* now = std::get_if<neuron_params>(&c.params);
        std::size_t k = 0;
        while (k < models.size() && spec.network.populations[k].name != c.population) ++k;
        if (k == models.size()) fail("there is no population '" + c.population + "'");
        if (!now) fail("a population's change must hold neuron model parameters");
        const neuron_params after = std::get<neuron_params>(params_after(models[k], c));
        if (std::string problem = neuron_change_problem(models[k], after); !problem.empty()) fail(problem);
        if (std::string problem = model_validate(after); !problem.empty()) fail(problem);
        if (const auto* lif = std::get_if<lif_params>(&after))
          if (std::string problem = method_problem(*lif, spec.network.populations[k].receptors); !problem.empty())
            fail(problem);
        models[k] = after;
      } else {
        const auto* now = std::get_if<rule_params>(&c.params);
        std::size_t k = 0;
        while (k < rules.size() && spec.network.projections[k].name != c.projection) ++k;
        if (k == rules.size()) fail("there is no projection '" + c.projection + "'");
        if (c.rule >= rules[k].size())
          fail("projection '" + c.projection + "' has no plasticity rule " + std::to_string(c.rule));
        if (!now) fail("a rule's change must hold rule parameters");
        const rule_params after = std::get<rule_params>(params_after(rules[k][c.rule], c));
        if (std::string problem = rule_change_problem(rules[k][c.rule], after); !problem.empty()) fail(problem);
        if (std::string problem = validate_rule(after); !problem.empty()) fail(problem);
        // The rule's own checks against the experiment (e.g. structural: enough candidate pre neurons for `target`).
        const projection_spec& proj = spec.network.projections[k];
        const population_spec* pre = find_population(spec, proj.pre);
        const population_spec* post = find_population(spec, proj.post);
        if (pre && post) {
          rule_spec changed = proj.plasticity[c.rule];
          changed.params = after;
          try {
            check_rule_in({spec, proj, *pre, *post, c.rule, changed, c.key, [](double, const std::string&, const std::string&) {}});
          } catch (const error& e) {
            fail(e.message());
          }
        }
        rules[k][c.rule] = after;
      }
    }
}

}  // namespace plastix
