#include "plastix/sim/warm_start.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "plastix/core/error.hpp"

namespace plastix {

namespace {

// The names under `group/` in the archive ("populations" -> {exc, inh}).
std::set<std::string> names_under(const state_archive& a, const std::string& group) {
  std::set<std::string> out;
  const std::string prefix = group + "/";
  for (auto it = a.entries.lower_bound(prefix); it != a.entries.end() && it->first.rfind(prefix, 0) == 0; ++it)
    out.insert(it->first.substr(prefix.size(), it->first.find('/', prefix.size()) - prefix.size()));
  return out;
}

std::string listed(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

void warm_start(simulation& sim, const checkpoint& trained, const std::string& from) {
  const std::string who = fmt::format("start_from '{}' (a checkpoint of '{}')", from, trained.header.experiment);
  const state_archive& a = trained.state;
  if (!a.entries.count("run/step"))
    throw error(who + ": it was taken between two points of a sweep and holds no network; take it inside a point "
                      "or at the end of a run (--checkpoint-at-end)");
  // Populations: the same names, sizes and models. Each population's own state, saved here (nothing is loaded), is
  // compared with the trained one's: a per-neuron array of another length is another size, a missing model value
  // another model.
  std::set<std::string> here;
  const std::set<std::string> trained_populations = names_under(a, "populations");
  for (const auto& pop : sim.populations()) {
    here.insert(pop->name());
    if (!trained_populations.count(pop->name()))
      throw error(fmt::format("{}: the trained network has no population '{}' (it has: {}); the networks must match",
                              who, pop->name(), listed(trained_populations)));
    state_archive mine;
    state_visitor saver(mine, false);
    pop->visit_state(saver);
    for (const auto& [key, e] : mine.entries) {
      const auto it = a.entries.find("populations/" + pop->name() + "/" + key);
      if (it == a.entries.end())
        throw error(fmt::format("{}: population '{}' has '{}' here, not in the trained network (another neuron "
                                "model?); the networks must match", who, pop->name(), key));
      if (e.count == pop->size() && it->second.count != e.count)
        throw error(fmt::format("{}: population '{}' has {} neurons in the trained network, {} here; the networks "
                                "must match", who, pop->name(), it->second.count, pop->size()));
    }
  }
  for (const std::string& name : names_under(a, "populations"))
    if (!here.count(name))
      throw error(fmt::format("{}: the trained network has a population '{}' that this experiment has not; the "
                              "networks must match", who, name));
  // Projections: the same names; the weights of each (and its synapses when rewired) are loaded by the projection,
  // whose loading checks the synapse count.
  here.clear();
  state_archive copy;  // only what is taken over
  for (const auto& proj : sim.projections()) {
    here.insert(proj->name());
    const std::string prefix = "projections/" + proj->name() + "/";
    if (!a.entries.count(prefix + "weights"))
      throw error(fmt::format("{}: the trained network has no projection '{}' (it has: {}); the networks must match",
                              who, proj->name(), listed(names_under(a, "projections"))));
    for (const char* key : {"generation", "weights", "synapse_pre", "synapse_post", "synapse_delay"})
      if (const auto it = a.entries.find(prefix + key); it != a.entries.end()) copy.entries.insert(*it);
  }
  for (const std::string& name : names_under(a, "projections"))
    if (!here.count(name))
      throw error(fmt::format("{}: the trained network has a projection '{}' that this experiment has not; the "
                              "networks must match", who, name));
  state_visitor loader(copy, true);
  for (const auto& proj : sim.projections()) {
    const auto p = loader.scope("projections/" + proj->name());
    std::uint64_t generation = 0;
    loader.scalar("generation", generation);
    if (generation > 0 && !proj->rules().empty())
      throw error(fmt::format("{}: projection '{}' was rewired in the trained run and has plasticity here; a warm "
                              "start of a rewired projection needs it without rules (docs/checkpoints.md, limits)",
                              who, proj->name()));
    try {
      proj->visit_connectivity(loader);
    } catch (const error& e) {
      throw error(fmt::format("{}: projection '{}': {}", who, proj->name(), e.what()));
    }
  }
}

}  // namespace plastix
