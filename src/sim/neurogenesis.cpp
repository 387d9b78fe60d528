// Neurogenesis (sim/neurogenesis.hpp; docs/models/neurogenesis.md).
#include "plastix/sim/neurogenesis.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/core/error.hpp"

namespace plastix {

neurogenesis::neurogenesis(const experiment_spec& spec, const std::vector<std::unique_ptr<population>>& populations) {
  for (std::size_t p = 0; p < populations.size(); ++p) {
    const neurogenesis_spec& ng = spec.network.populations[p].neurogenesis;
    if (ng.unborn == 0) continue;
    population& pop = *populations[p];
    if (pop.i_ext().size() != pop.size())
      throw error(spec.network.populations[p].where, "population '" + pop.name() + "': neurogenesis needs a spiking "
                                                    "neuron population (lif, adex, izhikevich)");
    nurseries_.push_back({&pop, ng, static_cast<std::uint32_t>(pop.size() - ng.unborn),
                          std::vector<std::int64_t>(pop.size(), -1), std::vector<double>(pop.size(), 0.0)});
  }
}

neurogenesis::nursery* neurogenesis::find(const population& pop) {
  for (nursery& n : nurseries_)
    if (n.pop == &pop) return &n;
  return nullptr;
}

std::uint32_t neurogenesis::born(const population& pop) const {
  for (const nursery& n : nurseries_)
    if (n.pop == &pop) return n.born;
  return static_cast<std::uint32_t>(pop.size());
}

void neurogenesis::hold_back(projection& proj, const step_context& ctx) {
  const std::uint32_t pre_born = born(proj.pre()), post_born = born(proj.post());
  if (pre_born == proj.pre().size() && post_born == proj.post().size()) return;
  held h{&proj, {}};
  std::vector<std::uint32_t> removed;
  const auto post = proj.post_index();
  for (std::uint32_t j = 0; j < proj.pre().size(); ++j)
    for (std::uint32_t s = proj.row_begin(j); s < proj.row_end(j); ++s)
      if (j >= pre_born || post[s] >= post_born) {
        removed.push_back(s);
        h.entries.push_back({j, post[s], static_cast<double>(proj.weights()[s]), proj.delay(s)});
      }
  proj.rewire(removed, {}, ctx);  // before any rule or spike: keeps the delay slots of all synapses
  held_.push_back(std::move(h));
}

void neurogenesis::discard_unborn_spikes() const {
  for (const nursery& n : nurseries_) n.pop->discard_spikes_from(n.born);
}

void neurogenesis::start_phase(const phase_spec& phase, const step_context& ctx) {
  for (const birth_spec& b : phase.births) {
    nursery* n = nullptr;
    for (nursery& m : nurseries_)
      if (m.pop->name() == b.population) n = &m;
    if (!n) throw error(b.where, "birth: population '" + b.population + "' has no neurogenesis (neurogenesis.unborn)");
    const auto to = static_cast<std::uint32_t>(std::min<std::size_t>(n->pop->size(), n->born + b.count));
    for (std::uint32_t i = n->born; i < to; ++i) n->birth_step[i] = ctx.step;
    n->born = to;
    // Wire in: the held-back synapses whose neurons now all exist, in both directions.
    for (held& h : held_) {
      if (h.proj->pre().name() != b.population && h.proj->post().name() != b.population) continue;
      const std::uint32_t pre_born = born(h.proj->pre()), post_born = born(h.proj->post());
      std::vector<synapse_entry> now, later;
      for (const synapse_entry& e : h.entries) (e.pre < pre_born && e.post < post_born ? now : later).push_back(e);
      if (!now.empty()) h.proj->rewire({}, now, ctx);
      h.entries = std::move(later);
    }
  }
  // Excitability for the age of every newborn neuron.
  for (nursery& n : nurseries_) {
    auto& i_ext = n.pop->i_ext();
    for (std::uint32_t i = 0; i < n.born; ++i) {
      if (n.birth_step[i] < 0) continue;
      const double age = static_cast<double>(ctx.step - n.birth_step[i]) * ctx.dt;  // [ms]
      const double current = n.spec.young_current * std::exp(-age / n.spec.tau_mature);
      i_ext[i] += current - n.bias[i];
      n.bias[i] = current;
    }
  }
}

void neurogenesis::visit_state(state_visitor& v) {
  for (nursery& n : nurseries_) {
    const auto s = v.scope(n.pop->name());
    v.scalar("born", n.born);
    v.fixed("birth_step", n.birth_step);
    v.fixed("bias", n.bias);
  }
  for (held& h : held_) {
    const auto s = v.scope("held_" + h.proj->name());
    std::vector<std::uint32_t> pre, post;
    std::vector<double> weight;
    std::vector<std::int32_t> delay;
    for (const synapse_entry& e : h.entries) {
      pre.push_back(e.pre);
      post.push_back(e.post);
      weight.push_back(e.weight);
      delay.push_back(e.delay);
    }
    v.resizable("pre", pre);
    v.resizable("post", post);
    v.resizable("weight", weight);
    v.resizable("delay", delay);
    if (!v.loading()) continue;
    h.entries.clear();
    for (std::size_t k = 0; k < pre.size() && k < post.size() && k < weight.size() && k < delay.size(); ++k)
      h.entries.push_back({pre[k], post[k], weight[k], delay[k]});
  }
}

}  // namespace plastix
