// `modulated_by` of rules and populations (spec/modulation.hpp): the modulator exists, the rule has learning rates
// that can change during a run, the population has a membrane, the keys are in range.
#include <fmt/format.h>

#include <algorithm>

#include "plastix/core/suggest.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "validate_detail.hpp"

namespace plastix::validate_detail {

namespace {


// The key of a `modulated_by` table: its own, or `fallback` + ".modulated_by".
std::string key_of(const source_ref& where, const std::string& fallback) {
  return where.key.empty() ? fallback + ".modulated_by" : where.key;
}

// One check for both kinds: the modulator exists and the declared keys are in range.
template <class M>
void check_common(const experiment_spec& spec, const M& m, const std::string& key) {
  const std::vector<std::string> names = produced_signals(spec);
  if (std::find(names.begin(), names.end(), m.modulator) == names.end())
    fail(m.where, key + ".modulator", "there is no [[modulator]] named '" + m.modulator + "';" +
                                          (names.empty() ? std::string(" the experiment has none") : suggestion(m.modulator, names)));
  if (const auto problems = M::declare().problems(m); !problems.empty())
    fail(m.where, key + "." + problems.front().key, "modulated_by: " + problems.front().message);
}

// "stdp (a_plus, a_minus), triplet (...), ...": the rules a modulator can scale.
std::string rules_with_rates() {
  std::string out;
  for (const model_info* m : rule_models()) {
    if (m->learning_rates.empty()) continue;
    std::string keys;
    for (const std::string& k : m->learning_rates) keys += (keys.empty() ? "" : ", ") + k;
    out += (out.empty() ? "" : "; ") + m->name + " (" + keys + ")";
  }
  return out;
}

}  // namespace

void check_modulations(const experiment_spec& spec) {
  for (const population_spec& p : spec.network.populations) {
    if (!p.modulated_by) continue;
    const std::string key = key_of(p.modulated_by->where, "population." + p.name);
    check_common(spec, *p.modulated_by, key);
    if (is_source(p.model) || is_rate(p.model))
      fail(p.modulated_by->where, key, "population '" + p.name + "' has no membrane: a modulator's current needs "
                                       "spiking neurons");
  }
  for (const projection_spec& q : spec.network.projections)
    for (std::size_t k = 0; k < q.plasticity.size(); ++k) {
      const rule_spec& r = q.plasticity[k];
      if (!r.modulated_by) continue;
      const std::string key = key_of(r.modulated_by->where, fmt::format("projection.{}.plasticity[{}]", q.name, k));
      check_common(spec, *r.modulated_by, key);
      const model_info& m = rule_model(r.params);
      if (m.learning_rates.empty())
        fail(r.modulated_by->where, key, "rule '" + m.name + "' has no learning rate that a modulator could scale; "
                                         "rules with one: " + rules_with_rates());
    }
}

}  // namespace plastix::validate_detail
