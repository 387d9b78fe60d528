// [[projection]] tables: connector, weights and delays.
#include <algorithm>
#include <limits>

#include "plastix/spec/connectors.hpp"
#include "read_params.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

// Whether the weight is a conductance, a current or a voltage follows from the receptor it targets.
quantity_kind weight_kind(const projection_spec& p, const std::vector<population_spec>& populations) {
  const auto post = std::find_if(populations.begin(), populations.end(),
                                 [&](const population_spec& s) { return s.name == p.post; });
  if (post != populations.end()) {
    if (is_rate(post->model)) {
      return {dimension::dimensionless, std::nullopt, "population '" + p.post + "' is a rate population: weights "
                                                      "between rate populations are plain numbers"};
    }
    for (const receptor_params& r : post->receptors) {
      if (r.name != p.receptor) continue;
      const char* based = r.kind == receptor_kind::current ? "current-based"
                          : r.kind == receptor_kind::delta   ? "of kind \"delta\": a spike moves v by its weight"
                                                             : "conductance-based";
      return {receptor_dimension(r.kind), std::nullopt,
              "receptor '" + r.name + "' of population '" + p.post + "' is " + based};
    }
  }
  // Unknown post population or receptor: validate() reports that; accept either unit meanwhile.
  return {dimension::conductance, dimension::current, ""};
}

}  // namespace

projection_spec read_projection(const table_reader& t, const std::vector<population_spec>& populations) {
  const std::vector<std::string>& names = connector_kind_names();
  const std::string connector = t.choice("connector", names, "all_to_all");
  const auto kind = static_cast<connector_spec::kind>(std::find(names.begin(), names.end(), connector) - names.begin());
  const declaration<connector_spec>& d = connector_declaration(kind);
  std::vector<std::string> allowed{"name",   "pre",   "post",  "receptor",       "connector",
                                   "weight", "delay", "dendritic_delay", "stdp_convention", "plasticity"};
  for (const std::string& key : d.info().key_names()) allowed.push_back(key);
  // The keys of the other connectors: explained instead of "unknown".
  std::map<std::string, std::vector<std::string>> users;
  for (const std::string& other : names)
    for (const std::string& key : connector_declaration(static_cast<connector_spec::kind>(&other - names.data())).info().key_names())
      users[key].push_back(other);
  std::map<std::string, std::string> misplaced;
  for (const auto& [key, used_by] : users) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (const std::string& u : used_by) list += (list.empty() ? "" : " or ") + ("\"" + u + "\"");
    misplaced[key] = "is used only with connector = " + list + "; this projection has connector = \"" + connector + "\"";
  }
  t.check_keys(allowed, "for a projection", misplaced);

  projection_spec p;
  p.where = t.where();
  p.pre = t.string("pre");
  p.post = t.string("post");
  p.receptor = t.string_or("receptor", "");
  p.name = t.name("name", p.pre + "_" + p.post);

  connector_spec& c = p.connector;
  c = read_keys(t, d, dimension::dimensionless);
  c.type = kind;
  if (c.type == connector_spec::kind::fixed_probability) c.p = t.number("p");  // required (an extra() key)
  if (c.type == connector_spec::kind::fixed_indegree) c.indegree = t.count("indegree");  // required (an extra() key)

  const quantity_kind weight = weight_kind(p, populations);
  if (c.type == connector_spec::kind::list) {
    const toml::array& pairs = t.array("pairs");
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const toml::array* pair = pairs.get(i)->as_array();
      if (!pair || pair->size() != 2) {
        t.fail("pairs", "expected a list of [pre, post] index pairs, e.g. [[0, 1], [2, 3]]; element " +
                            std::to_string(i) + " is not a pair");
      }
      const auto max = std::numeric_limits<std::uint32_t>::max();
      c.pairs.emplace_back(static_cast<std::uint32_t>(t.count_of(*pair->get(0), t.key_of("pairs"), max)),
                           static_cast<std::uint32_t>(t.count_of(*pair->get(1), t.key_of("pairs"), max)));
    }
    c.weights = t.quantity_list("weights", weight);
    c.delays = t.quantity_list("delays", dimension::time);
    if (t.has("weights") && t.has("weight")) {
      t.fail("weight", "give either weights (one per pair) or weight (the same for all pairs), not both");
    }
    if (t.has("delays") && t.has("delay")) {
      t.fail("delay", "give either delays (one per pair) or delay (the same for all pairs), not both");
    }
  }
  if (!t.has("weights")) p.weight = t.distribution_of("weight", weight);
  p.delay = t.distribution_opt("delay", dimension::time);
  p.dendritic_delay = t.quantity_or("dendritic_delay", dimension::time, 0.0);
  if (t.choice("stdp_convention", {"brian2", "nest"}, "brian2") == "nest")
    p.convention = projection_spec::stdp_convention::nest;
  const auto post = std::find_if(populations.begin(), populations.end(),
                                 [&](const population_spec& s) { return s.name == p.post; });
  const std::vector<equations::quantity_def> post_state =
      post != populations.end() ? post_state_of(post->model) : std::vector<equations::quantity_def>{};
  t.read_items("plasticity", p.plasticity, [&](const table_reader& r) { return read_rule(r, weight, post_state); });
  return p;
}

}  // namespace plastix::io_detail
