#include "plastix/spec/interventions.hpp"

#include "plastix/stimulus/apply_interventions.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <variant>

#include "plastix/spec/experiment.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

using kind = intervention_spec::kind;

namespace {

// The projections an intervention's blocks act on.
bool targets(const intervention_spec& iv, const projection& p) {
  if (!iv.projection.empty()) return p.name() == iv.projection;
  if (!iv.population.empty()) return p.post().name() == iv.population;
  return true;
}

// Sets a value now and appends what sets the old one back.
template <class Get, class Set>
void change(std::vector<intervention_undo>& undo, Get get, Set set, double value) {
  const double before = get();
  set(value);
  undo.push_back([set, before] { set(before); });
}

}  // namespace

void apply_intervention(const intervention_spec& iv, const std::vector<population*>& populations,
                        const std::vector<projection*>& projections, std::vector<intervention_undo>& undo) {
  population* pop = nullptr;
  for (population* p : populations)
    if (p->name() == iv.population) pop = p;
  std::vector<std::uint32_t> neurons = iv.neurons;
  if (pop && neurons.empty())
    for (std::uint32_t i = 0; i < pop->size(); ++i) neurons.push_back(i);
  switch (iv.type) {
    case kind::block_receptor: {
      std::vector<population*> posts;  // each post population's receptor channel once
      for (projection* p : projections) {
        if (!targets(iv, *p)) continue;
        const std::size_t slot = p->block_slot(iv.receptor);
        change(undo, [p, slot] { return p->block_at(slot); },
               [p, r = iv.receptor](double f) { p->set_block(r, f); }, std::max(p->block_at(slot), iv.fraction));
        if (std::find(posts.begin(), posts.end(), &p->post()) == posts.end()) posts.push_back(&p->post());
      }
      if (iv.population.empty() && iv.projection.empty()) posts = populations;
      if (pop && std::find(posts.begin(), posts.end(), pop) == posts.end()) posts.push_back(pop);
      for (population* post : posts) {
        const int r = post->input().find(iv.receptor);
        if (r < 0) continue;
        synaptic_input& in = post->input();
        const auto ch = static_cast<std::size_t>(r);
        change(undo, [&in, ch] { return in.block(ch); }, [&in, ch](double f) { in.set_block(ch, f); },
               std::max(in.block(ch), iv.fraction));
      }
      break;
    }
    case kind::block_protein_synthesis:
      for (projection* p : projections) {
        if (!targets(iv, *p)) continue;
        const std::size_t slot = p->block_slot("protein_synthesis");
        change(undo, [p, slot] { return p->block_at(slot); },
               [p](double f) { p->set_block("protein_synthesis", f); }, std::max(p->block_at(slot), iv.fraction));
      }
      break;
    case kind::voltage_clamp:
      for (std::uint32_t i : neurons) {
        change(undo, [pop, i] { return pop->clamp(i); }, [pop, i](double v) { pop->set_clamp(i, v); }, iv.voltage);
      }
      break;
    case kind::block_spikes:
      for (std::uint32_t i : neurons) pop->silence(i, +1);
      undo.push_back([pop, neurons] {
        for (std::uint32_t i : neurons) pop->silence(i, -1);
      });
      break;
    case kind::lesion:
      for (std::uint32_t i : neurons) pop->silence(i, +1);  // for good: nothing to undo
      break;
    case kind::block_plasticity:
      for (projection* p : projections) {
        if (!targets(iv, *p)) continue;
        p->block_plasticity(+1);
        undo.push_back([p] { p->block_plasticity(-1); });
      }
      break;
  }
}

void remove_interventions(std::vector<intervention_undo>& undo) {
  for (auto it = undo.rbegin(); it != undo.rend(); ++it) (*it)();
  undo.clear();
}

}  // namespace plastix
