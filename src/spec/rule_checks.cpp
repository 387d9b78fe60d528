// The rules' checks against the whole experiment (check_in, declared beside each rule's parameters in
// spec/rules/*.hpp) and the helpers they share (spec/rule_site.hpp). validate.cpp calls them through
// check_rule_in (spec/rule_kinds.hpp) and knows no rule by name.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "plastix/core/error.hpp"
#include "plastix/core/suggest.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "plastix/spec/rule_site.hpp"

namespace plastix {

void rule_site::fail(const std::string& field, const std::string& message) const {
  source_ref r = rule.where;
  r.key = field.empty() ? key : key + "." + field;
  throw error(r, message);
}

const population_spec* rule_site::population_named(const std::string& name) const {
  for (const population_spec& p : spec.network.populations)
    if (p.name == name) return &p;
  return nullptr;
}

void require_signal(const rule_site& site, const std::string& field, const std::string& name,
                    const std::vector<std::string>& produced) {
  if (std::find(produced.begin(), produced.end(), name) != produced.end()) return;
  site.fail(field, "rule '" + rule_name(site.rule.params) + "' reads signal '" + name + "', which nothing in the "
                   "experiment produces;" + (produced.empty() ? std::string(" no signal is produced") : suggestion(name, produced)));
}

void check_rule_in(const rule_site& site) {
  std::visit([&](const auto& params) {
    if constexpr (requires { check_in(params, site); }) check_in(params, site);
  }, site.rule.params);
}

void check_in(const calcium_control_params& p, const rule_site& site) {
  site.delay_ring(p.bpap_delay, "bpap_delay",
                  "the back-propagating action potentials of projection '" + site.projection.name + "'");
}

void check_in(const structural_params& st, const rule_site& site) {
  const projection_spec& p = site.projection;
  const double candidates = static_cast<double>(site.pre.size) - (p.pre == p.post && !st.autapses ? 1.0 : 0.0);
  if (st.target > candidates)
    site.fail("target", fmt::format("structural rule: target = {} synapses per post neuron, but '{}' offers only {} "
                                    "candidate pre neurons", st.target, p.pre, candidates));
}

// tag_trigger rules onto one population share one protein pool per neuron (plasticity/consolidation.hpp): each
// must agree with the first one onto its post population on the pool's parameters and on the slow step.
void check_in(const tag_trigger_params& t, const rule_site& site) {
  for (const projection_spec& q : site.spec.network.projections) {
    if (q.post != site.projection.post) continue;
    for (std::size_t k = 0; k < q.plasticity.size(); ++k) {
      if (&q.plasticity[k] == &site.rule) return;  // the first one onto the population: nothing to agree with
      const auto* a = std::get_if<tag_trigger_params>(&q.plasticity[k].params);
      if (!a) continue;
      for (const auto& [key, mine, theirs, unit] :
           {std::tuple{"theta_p", t.theta_p, a->theta_p, ""}, std::tuple{"tau_pm", t.tau_pm, a->tau_pm, " ms"},
            std::tuple{"tau_pd", t.tau_pd, a->tau_pd, " ms"}, std::tuple{"slow_step", t.slow_step, a->slow_step, " ms"}})
        if (mine != theirs)
          site.fail(key, fmt::format("tag_trigger rules onto population '{}' share one protein pool per neuron: {} must "
                                     "equal that of projection '{}' ({}{}), got {}{}",
                                     site.projection.post, key, q.name, theirs, unit, mine, unit));
      return;
    }
  }
}

void check_in(const clopath_params&, const rule_site& site) {
  if (is_source(site.post.model) || is_rate(site.post.model))
    site.fail("rule", "projection '" + site.projection.name + "': rule 'clopath' reads the membrane potential v of its "
                      "post population '" + site.post.name + "', which has none (use a neuron population, e.g. "
                      "model = \"adex_clopath\")");
}

// A three-factor rule reads a [[modulator]] by name: it must exist (else every weight change would be zero).
void check_in(const dopamine_stdp_params& p, const rule_site& site) {
  require_signal(site, "modulator", p.modulator, produced_signals(site.spec));
}

// reward_stdp: the modulator must exist, and its tau differ from tau_mean (the running mean's closed form divides
// by their difference).
void check_in(const reward_stdp_params& p, const rule_site& site) {
  require_signal(site, "modulator", p.modulator, produced_signals(site.spec));
  for (const modulator_spec& m : site.spec.modulators)
    if (m.name == p.modulator && std::abs(m.tau - p.tau_mean) <= 1e-9 * m.tau)
      site.fail("tau_mean", "rule 'reward_stdp': tau_mean must differ from the tau of modulator '" + m.name +
                                "' (" + format_value(m.tau, dimension::time) + "); take e.g. a 10 times longer mean");
}

// pf_purkinje reads the spikes of a climbing-fibre population: one neuron per Purkinje cell, or one for all.
void check_in(const pf_purkinje_params& p, const rule_site& site) {
  const population_spec* cf = site.population_named(p.climbing_fibre);
  if (!cf) {
    std::vector<std::string> names;
    for (const population_spec& q : site.spec.network.populations) names.push_back(q.name);
    site.fail("climbing_fibre", "rule 'pf_purkinje': there is no population named '" + p.climbing_fibre + "';" +
                                    suggestion(p.climbing_fibre, names));
  }
  if (is_rate(cf->model))
    site.fail("climbing_fibre", "rule 'pf_purkinje': climbing-fibre population '" + cf->name +
                                    "' is a rate population; its spikes are the error signal");
  if (cf->size != 1 && cf->size != site.post.size)
    site.fail("climbing_fibre", fmt::format("rule 'pf_purkinje': climbing-fibre population '{}' has {} neurons; it "
                                            "needs one per Purkinje cell of '{}' ({}) or one for all",
                                            cf->name, cf->size, site.post.name, site.post.size));
}

}  // namespace plastix
