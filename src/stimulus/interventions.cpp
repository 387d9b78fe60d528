#include "plastix/stimulus/interventions.hpp"

#include <algorithm>
#include <sstream>

#include "plastix/sim/network.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

const std::vector<std::string>& intervention_names() {
  static const std::vector<std::string> names{"block_receptor", "block", "block_nmda"};
  return names;
}

void validate_interventions(const experiment_spec& spec) {
  for (const phase_spec& ph : spec.phases) {
    for (std::size_t k = 0; k < ph.interventions.size(); ++k) {
      const intervention_spec& iv = ph.interventions[k];
      auto fail = [&](const std::string& field, const std::string& message) {
        source_ref where = iv.where;
        where.key = (where.key.empty() ? "phase." + ph.name + ".intervention[" + std::to_string(k) + "]" : where.key) +
                    "." + field;
        throw error(where, message);
      };
      if (iv.population.empty() == iv.projection.empty())
        fail("population", "give exactly one target: population = \"...\" (every projection onto it) or "
                           "projection = \"...\"");
      if (!iv.population.empty() &&
          std::none_of(spec.network.populations.begin(), spec.network.populations.end(),
                       [&](const population_spec& p) { return p.name == iv.population; }))
        fail("population", "no population named '" + iv.population + "'");
      if (!iv.projection.empty() &&
          std::none_of(spec.network.projections.begin(), spec.network.projections.end(),
                       [&](const projection_spec& p) { return p.name == iv.projection; }))
        fail("projection", "no projection named '" + iv.projection + "'");
      if (iv.receptor.empty()) fail("receptor", "expected a receptor name, e.g. \"nmda\"");
      if (!(iv.fraction >= 0.0 && iv.fraction <= 1.0)) {
        std::ostringstream os;
        os << "fraction must be in [0, 1], got " << iv.fraction;
        fail("fraction", os.str());
      }
    }
  }
}

std::vector<applied_intervention> apply_interventions(const std::vector<intervention_spec>& interventions,
                                                      const std::vector<projection*>& projections) {
  std::vector<applied_intervention> applied;
  for (const intervention_spec& iv : interventions) {
    for (projection* p : projections) {
      const bool hit = iv.projection.empty() ? p->post().name() == iv.population : p->name() == iv.projection;
      if (!hit) continue;
      const double before = p->block(iv.receptor);
      applied.push_back({p, iv.receptor, before});
      p->set_block(iv.receptor, std::max(before, iv.fraction));
    }
  }
  return applied;
}

void remove_interventions(const std::vector<applied_intervention>& applied) {
  for (auto it = applied.rbegin(); it != applied.rend(); ++it) it->target->set_block(it->receptor, it->previous);
}

}  // namespace plastix
