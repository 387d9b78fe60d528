// [[monitor]] tables.
#include <algorithm>

#include "plastix/core/suggest.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

const std::vector<std::string> monitor_types{"spikes", "state", "weights", "rate", "transmission"};

// Keys of each monitor type (besides type and name).
const std::vector<std::pair<std::string, std::vector<std::string>>> monitor_keys{
    {"population", {"spikes", "state", "rate"}},
    {"projection", {"weights", "transmission", "state"}},
    {"variable", {"state"}},
    {"neurons", {"spikes", "state", "transmission"}},
    {"synapses", {"weights", "state"}},
    {"interval", {"state", "weights"}},
    {"bin", {"rate"}},
    {"modulator", {"state"}},
};

monitor_spec::kind monitor_kind(const std::string& type) {
  if (type == "state") return monitor_spec::kind::state;
  if (type == "weights") return monitor_spec::kind::weights;
  if (type == "rate") return monitor_spec::kind::rate;
  if (type == "transmission") return monitor_spec::kind::transmission;
  return monitor_spec::kind::spikes;
}

}  // namespace

monitor_spec read_monitor(const table_reader& t) {
  if (!t.has("type")) {
    // Check the keys first, so that a misspelled "type" gets a suggestion.
    std::vector<std::string> all{"type", "name"};
    for (const auto& entry : monitor_keys) all.push_back(entry.first);
    t.check_keys(all, "for a monitor");
  }
  const std::string type = t.choice("type", monitor_types);
  std::vector<std::string> allowed{"type", "name"};
  for (const auto& [key, users] : monitor_keys) {
    if (std::find(users.begin(), users.end(), type) != users.end()) allowed.push_back(key);
  }
  std::map<std::string, std::string> misplaced;
  for (const auto& [key, users] : monitor_keys) {
    if (std::find(users.begin(), users.end(), type) != users.end()) continue;
    misplaced[key] = "is not used by a " + type + " monitor (it applies to " + join_names(users) +
                     " monitors); valid keys here: " + join_names(allowed);
  }
  t.check_keys(allowed, "for a " + type + " monitor", misplaced);

  monitor_spec m;
  m.where = t.where();
  m.type = monitor_kind(type);
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
  } else if (type != "spikes" && type != "transmission") {
    m.interval = t.quantity_or("interval", dimension::time, 0.0);
  }
  m.name = t.name("name", default_monitor_name(type, m.target, m.variable));
  return m;
}

}  // namespace plastix::io_detail
