// [[monitor]] tables.
#include <algorithm>

#include "plastix/core/suggest.hpp"
#include "plastix/spec/output_keys.hpp"
#include "read_params.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

// The keys of each type come from its declaration (spec/output_keys.hpp); a key of another type is explained.
monitor_spec read_monitor(const table_reader& t) {
  const auto& types = monitor_type_names();
  const auto declared = [](std::size_t k) -> const model_info& {
    return monitor_declaration(static_cast<monitor_spec::kind>(k)).info();
  };
  if (!t.has("type")) {
    // Check the keys first, so that a misspelled "type" gets a suggestion.
    std::vector<std::string> all{"type"};
    for (std::size_t k = 0; k < types.size(); ++k)
      for (const std::string& key : declared(k).key_names())
        if (std::find(all.begin(), all.end(), key) == all.end()) all.push_back(key);
    t.check_keys(all, "for a monitor");
  }
  const std::string type = t.choice("type", types);
  const auto kind = static_cast<monitor_spec::kind>(std::find(types.begin(), types.end(), type) - types.begin());
  const auto& d = monitor_declaration(kind);
  std::vector<std::string> allowed{"type"};
  for (const std::string& key : d.info().key_names()) allowed.push_back(key);
  std::map<std::string, std::string> misplaced;
  for (std::size_t k = 0; k < types.size(); ++k)
    for (const std::string& key : declared(k).key_names()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end() || misplaced.count(key)) continue;
      std::vector<std::string> users;
      for (std::size_t u = 0; u < types.size(); ++u)
        if (declared(u).find_key(key)) users.push_back(types[u]);
      misplaced[key] = "is not used by a " + type + " monitor (it applies to " + join_names(users) +
                       " monitors); valid keys here: " + join_names(allowed);
    }
  t.check_keys(allowed, "for a " + type + " monitor", misplaced);

  monitor_spec m = read_keys(t, d, dimension::dimensionless);  // interval
  check_values(t, d, m);
  m.where = t.where();
  m.type = kind;
  // A state monitor samples a population's neurons, or (with `projection`) a state its plasticity rules declare
  // (spec/catalogue.hpp), per presynaptic neuron (stp: u, x), per post neuron (tag_trigger: p) or per synapse
  // (calcium: rho, c).
  // ... or (with `modulator`) the level of a [[modulator]] (variable "level", the default).
  if (type == "state" && t.has("modulator")) {
    for (const char* k : {"population", "projection", "neurons", "synapses"})
      if (t.has(k)) t.fail(k, std::string("a modulator's level is one value: a state monitor with modulator = ... takes no ") + k);
    m.modulator = true;
    m.target = t.string("modulator");
    m.variable = t.string_or("variable", "level");
    if (m.variable != "level") t.fail("variable", "a modulator records its level: variable = \"level\" (the default)");
    m.interval = t.quantity_or("interval", dimension::time, 0.0);
    m.name = t.name("name", default_monitor_name(type, m.target, m.variable));
    return m;
  }
  if (type == "state" && t.has("projection")) {
    if (t.has("population")) t.fail("projection", "a state monitor records either a population or a projection, not both");
    m.rule_state = true;
  }
  const bool on_projection = type == "weights" || type == "transmission" || m.rule_state;
  m.target = t.string(on_projection ? "projection" : "population");
  if (type == "state") m.variable = t.string("variable");
  if (type == "state" && t.has("synapses")) {
    // A rule's state kept per synapse (calcium: rho, c; tag_trigger: h, l, z): the recorded synapses.
    if (!m.rule_state) t.fail("synapses", "synapses are recorded from a projection: projection = \"...\"");
    if (t.has("neurons")) t.fail("synapses", "a state monitor records either neurons or synapses, not both");
    m.indices = t.index_list("synapses");
  } else if (type == "weights") {
    m.indices = t.index_list("synapses");
  } else if (type != "rate") {
    m.indices = t.index_list("neurons");
  }
  if (type == "rate") {
    m.interval = t.quantity_or("bin", dimension::time, 1.0);
    if (!(m.interval > 0.0)) t.fail("bin", "bin must be > 0 ms");
  }
  m.name = t.name("name", default_monitor_name(type, m.target, m.variable));
  return m;
}

}  // namespace plastix::io_detail
