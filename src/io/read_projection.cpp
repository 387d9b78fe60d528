// [[projection]] tables: connector, weights and delays.
#include <algorithm>
#include <limits>

#include "readers.hpp"

namespace plastix::io_detail {

namespace {

const std::vector<std::string> connector_names{"all_to_all", "one_to_one", "fixed_probability", "fixed_indegree",
                                               "list"};

connector_spec::kind connector_kind(const std::string& name) {
  if (name == "one_to_one") return connector_spec::kind::one_to_one;
  if (name == "fixed_probability") return connector_spec::kind::fixed_probability;
  if (name == "fixed_indegree") return connector_spec::kind::fixed_indegree;
  if (name == "list") return connector_spec::kind::list;
  return connector_spec::kind::all_to_all;
}

// Connector keys and the connectors that use them.
const std::vector<std::pair<std::string, std::vector<std::string>>> connector_keys{
    {"p", {"fixed_probability"}},
    {"indegree", {"fixed_indegree"}},
    {"autapses", {"all_to_all", "fixed_probability", "fixed_indegree"}},
    {"multapses", {"fixed_indegree"}},
    {"pairs", {"list"}},
    {"weights", {"list"}},
    {"delays", {"list"}},
};

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
  const std::string connector = t.choice("connector", connector_names, "all_to_all");
  std::vector<std::string> allowed{"name",   "pre",   "post",  "receptor",       "connector",
                                   "weight", "delay", "dendritic_delay", "plasticity"};
  std::map<std::string, std::string> misplaced;
  for (const auto& [key, users] : connector_keys) {
    if (std::find(users.begin(), users.end(), connector) != users.end()) {
      allowed.push_back(key);
    } else {
      std::string list;
      for (const std::string& u : users) list += (list.empty() ? "" : " or ") + ("\"" + u + "\"");
      misplaced[key] = "is used only with connector = " + list + "; this projection has connector = \"" +
                       connector + "\"";
    }
  }
  t.check_keys(allowed, "for a projection", misplaced);

  projection_spec p;
  p.where = t.where();
  p.pre = t.string("pre");
  p.post = t.string("post");
  p.receptor = t.string_or("receptor", "");
  p.name = t.name("name", p.pre + "_" + p.post);

  connector_spec& c = p.connector;
  c.type = connector_kind(connector);
  if (c.type == connector_spec::kind::fixed_probability) c.p = t.number("p");
  if (c.type == connector_spec::kind::fixed_indegree) c.indegree = t.count("indegree");
  c.autapses = t.boolean_or("autapses", c.autapses);
  c.multapses = t.boolean_or("multapses", c.multapses);

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
  t.read_items("plasticity", p.plasticity, [&](const table_reader& r) { return read_rule(r, weight); });
  return p;
}

}  // namespace plastix::io_detail
