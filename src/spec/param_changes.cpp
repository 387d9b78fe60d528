#include "plastix/spec/param_changes.hpp"

#include <initializer_list>
#include <tuple>

namespace plastix {

namespace {

// The first of `fixed` (key, before, after) that differs: "tau_plus cannot change during a run (...)".
std::string first_fixed(std::initializer_list<std::tuple<const char*, double, double>> fixed, const char* why) {
  for (const auto& [key, was, now] : fixed)
    if (was != now) return std::string(key) + " cannot change during a run (" + why + ")";
  return "";
}

constexpr const char* trace_reason = "the rule's traces are built with it and shared with the projection's other rules";

}  // namespace

std::string neuron_change_problem(const neuron_params& was, const neuron_params& now) {
  if (was.index() != now.index()) return "a population's neuron model cannot change during a run";
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
  return std::visit(
      [&](const auto& a) -> std::string {
        using P = std::decay_t<decltype(a)>;
        const P& b = std::get<P>(now);
        if constexpr (std::is_same_v<P, stdp_params>) {
          return first_fixed({{"tau_plus", a.tau_plus, b.tau_plus},
                              {"tau_minus", a.tau_minus, b.tau_minus},
                              {"pairing", double(a.scheme), double(b.scheme)}},
                             trace_reason);
        } else if constexpr (std::is_same_v<P, triplet_params>) {
          return first_fixed({{"tau_plus", a.tau_plus, b.tau_plus},
                              {"tau_minus", a.tau_minus, b.tau_minus},
                              {"tau_x", a.tau_x, b.tau_x},
                              {"tau_y", a.tau_y, b.tau_y},
                              {"pairing", double(a.scheme), double(b.scheme)}},
                             trace_reason);
        } else if constexpr (std::is_same_v<P, istdp_params>) {
          return first_fixed({{"tau", a.tau, b.tau}}, trace_reason);
        } else if constexpr (std::is_same_v<P, scaling_params>) {
          return first_fixed({{"tau_avg", a.tau_avg, b.tau_avg}}, "the rate estimate is built with it");
        } else if constexpr (std::is_same_v<P, clopath_params>) {
          return first_fixed({{"tau_x", a.tau_x, b.tau_x},
                              {"tau_minus", a.tau_minus, b.tau_minus},
                              {"tau_plus", a.tau_plus, b.tau_plus},
                              {"delay", a.delay, b.delay}},
                             "the rule's trace and voltage filters are built with it");
        } else if constexpr (std::is_same_v<P, calcium_params>) {
          return first_fixed({{"delay", a.delay, b.delay}},
                             "presynaptic calcium transients already under way keep their delay");
        } else {
          return "the parameters of a " + name + " rule cannot change during a run (the rule has no set_params)";
        }
      },
      was);
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
        if (std::string problem = neuron_change_problem(models[k], *now); !problem.empty()) fail(problem);
        if (std::string problem = model_validate(*now); !problem.empty()) fail(problem);
        models[k] = *now;
      } else {
        const auto* now = std::get_if<rule_params>(&c.params);
        std::size_t k = 0;
        while (k < rules.size() && spec.network.projections[k].name != c.projection) ++k;
        if (k == rules.size()) fail("there is no projection '" + c.projection + "'");
        if (c.rule >= rules[k].size())
          fail("projection '" + c.projection + "' has no plasticity rule " + std::to_string(c.rule));
        if (!now) fail("a rule's change must hold rule parameters");
        if (std::string problem = rule_change_problem(rules[k][c.rule], *now); !problem.empty()) fail(problem);
        if (std::string problem = validate_rule(*now); !problem.empty()) fail(problem);
        rules[k][c.rule] = *now;
      }
    }
}

}  // namespace plastix
