#include "plastix/record/recorder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "plastix/core/clock.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/spec/rule_kinds.hpp"

namespace plastix {

namespace {

template <class T>
T* find_named(const std::vector<std::unique_ptr<T>>& items, const std::string& name) {
  for (const auto& p : items)
    if (p->name() == name) return p.get();
  return nullptr;
}

std::int64_t steps_of(double interval, double dt) {
  return std::max<std::int64_t>(1, clock{dt}.steps(interval));  // saturating: an interval of 1e300 ms is not 1 step
}

// The declared state `name` of the first rule of proj whose declaration (plasticity_rule::model) has it, or nullptr.
const state_info* declared_state(const projection& proj, const std::string& name) {
  for (const auto& rule : proj.rules())
    if (const model_info* m = rule->model())
      if (const state_info* s = m->find_state(name)) return s;
  return nullptr;
}

// Unit of a projection's weights: that of its receptor (nS, pA, mV), 1 between rate populations, else nS.

const char* weight_unit(const projection& proj) {
  if (proj.pre().is_rate()) return "1";
  if (proj.receptor() == projection::no_receptor) return "nS";
  return receptor_unit(proj.post().input().receptor(proj.receptor()).kind);
}

}  // namespace

recorder::recorder(const std::vector<monitor_spec>& specs, const std::vector<std::unique_ptr<population>>& populations,
                   const std::vector<std::unique_ptr<projection>>& projections, double dt, signals* sig)
    : dt_(dt) {
  for (const monitor_spec& s : specs) add(s, populations, projections, sig);
}

void recorder::add(const monitor_spec& s, const std::vector<std::unique_ptr<population>>& populations,
                   const std::vector<std::unique_ptr<projection>>& projections, signals* sig) {
  const double dt = dt_;
  {
    if (s.modulator) {  // a modulator's level: one value, in uM
      if (!sig || !sig->produced(s.target)) throw error(s.where, "monitor: no modulator named '" + s.target + "'");
      state_monitor m{{s.name, s.target, s.variable, "uM", "", {0}, {}, {}}, nullptr, nullptr, nullptr, -1,
                      steps_of(s.interval, dt)};
      m.track = &sig->read_track(s.target);
      states_.push_back(std::move(m));
      return;
    }
    const bool on_projection =
        s.type == monitor_spec::kind::weights || s.type == monitor_spec::kind::transmission || s.rule_state;
    const population* pop = on_projection ? nullptr : find_named(populations, s.target);
    projection* proj = on_projection ? find_named(projections, s.target) : nullptr;
    if (!pop && !proj)
      throw error(s.where, std::string("monitor: no ") + (on_projection ? "projection" : "population") + " named '" +
                               s.target + "'");
    // A rule's state is kept per presynaptic neuron, per post neuron or per synapse (its declaration).
    const state_info* declared = s.rule_state ? declared_state(*proj, s.variable) : nullptr;
    const bool by_pre = s.type == monitor_spec::kind::transmission ||
                        (declared && declared->scope == state_scope::per_pre);  // indices are pre neurons
    const bool by_post = declared && declared->scope == state_scope::per_neuron;  // post neurons
    const std::size_t limit = pop ? pop->size() : by_pre ? proj->pre().size() : by_post ? proj->post().size() : proj->whole_size();
    for (std::uint32_t k : s.indices)
      if (k >= limit)
        throw error(s.where, "monitor '" + s.name + "': index " + std::to_string(k) + " out of range (" +
                                 std::to_string(limit) + (pop || by_pre || by_post ? " neurons)" : " synapses)"));
    std::vector<std::uint32_t> all(s.indices);
    if (all.empty()) {
      all.resize(limit);
      for (std::size_t k = 0; k < limit; ++k) all[k] = static_cast<std::uint32_t>(k);
    }
    switch (s.type) {
      case monitor_spec::kind::spikes: {
        spike_monitor m{{s.name, s.target, {}, {}}, pop, {}};
        if (!s.indices.empty()) {
          m.mask.assign(pop->size(), 0);
          for (std::uint32_t k : s.indices) m.mask[k] = 1;
        }
        spikes_.push_back(std::move(m));
        break;
      }
      case monitor_spec::kind::state: {
        if (s.rule_state) {  // the first rule of the projection that declares this variable
          const plasticity_rule* found = nullptr;
          for (const auto& rule : proj->rules())
            if (!found && rule->model() && rule->model()->find_state(s.variable)) found = rule.get();
          if (!found)
            throw error(s.where, "monitor '" + s.name + "': no rule of projection '" + s.target +
                                     "' keeps a recordable state '" + s.variable + "'");
          const int var = found->state_index(s.variable);
          if (var < 0)  // a declared state the rule does not give (tests/unit/test_state_catalogue.cpp catches it)
            throw error(s.where, "monitor '" + s.name + "': rule '" + found->name() + "' declares the state '" +
                                     s.variable + "' but does not give its value (plasticity_rule::state_value)");
          const std::string unit = declared->weight_unit    ? weight_unit(*proj)
                                   : !declared->unit.empty() ? declared->unit
                                                             : std::string(unit_name(declared->dim));
          const char* scope = by_pre ? "pre" : by_post ? "neuron" : "synapse";
          states_.push_back({{s.name, s.target, s.variable, unit.empty() ? "1" : unit, scope, all, {}, {}}, nullptr,
                             proj, found, var, steps_of(s.interval, dt)});
          break;
        }
        const int id = pop->variable_id(s.variable);
        if (id < 0) {
          std::string list;
          for (const auto& v : pop->variables()) list += (list.empty() ? "" : ", ") + v;
          throw error(s.where, "monitor '" + s.name + "': population '" + s.target + "' has no variable '" +
                                   s.variable + "'; it has: " + list);
        }
        state_monitor m{{s.name, s.target, s.variable, pop->unit_of(s.variable), {}, all, {}, {}}, pop, nullptr, nullptr,
                        id, steps_of(s.interval, dt)};
        states_.push_back(std::move(m));
        break;
      }
      case monitor_spec::kind::transmission: {
        transmission_monitor m{{s.name, s.target, weight_unit(*proj), {}, {}, {}}, proj, {}};
        if (!s.indices.empty()) {
          m.mask.assign(proj->pre().size(), 0);
          for (std::uint32_t k : s.indices) m.mask[k] = 1;
        }
        proj->record_transmissions(true);
        transmissions_.push_back(std::move(m));
        break;
      }
      case monitor_spec::kind::weights: {
        weight_monitor m{{s.name, s.target, "", all, {}, {}, {}, {}}, proj,
                         s.interval > 0.0 ? steps_of(s.interval, dt) : 0, -1, {}, {}, 0};
        m.rec.unit = weight_unit(*proj);
        if (!proj->kept_part())  // a process's share (MPI): its synapses are described in share_out
          for (std::uint32_t syn : all) {
            m.rec.pre.push_back(proj->pre_of(syn));
            m.rec.post.push_back(proj->post_index()[syn]);
            m.delays.push_back(proj->delay(syn));
          }
        m.current = all;
        m.generation = proj->generation();
        weights_.push_back(std::move(m));
        share_out(weights_.back());  // added while storage is shared out (MPI)
        break;
      }
      case monitor_spec::kind::rate: {
        const double bin = s.interval > 0.0 ? s.interval : 1.0;
        rate_monitor m{{s.name, s.target, steps_of(bin, dt) * dt, {}, {}}, pop, steps_of(bin, dt)};
        rates_.push_back(std::move(m));
        break;
      }
    }
  }
}

void recorder::sample_state(state_monitor& m, std::int64_t step) {
  m.rec.times.push_back(static_cast<double>(step) * dt_);
  if (m.track) {
    m.rec.values.push_back(m.track->level_at(static_cast<double>(step) * dt_));
    return;
  }
  const std::vector<std::uint32_t>& ids = m.rec.neurons;  // neurons, or synapses of a rule's state
  const std::size_t first = m.rec.values.size();
  m.rec.values.resize(first + ids.size());
  double* const out = m.rec.values.data() + first;
  const auto var = static_cast<std::size_t>(m.variable);
  run_blocks(pool_, ids.size(), ids.size(), [&](std::size_t lo, std::size_t hi) {
    if (m.rule)
      for (std::size_t k = lo; k < hi; ++k) out[k] = m.rule->state_value(*m.proj, var, ids[k], {step, dt_, 1});
    else
      for (std::size_t k = lo; k < hi; ++k) out[k] = m.pop->sample(m.variable, ids[k]);
  });
}

void recorder::sample_weights(weight_monitor& m, std::int64_t step) {
  if (m.last_sample == step) return;
  m.last_sample = step;
  m.rec.times.push_back(static_cast<double>(step) * dt_);
  if (m.generation != m.proj->generation()) {  // rewired: find the recorded synapses again
    for (std::size_t k = 0; k < m.current.size(); ++k) m.current[k] = m.proj->find(m.rec.pre[k], m.rec.post[k], m.delays[k]);
    m.generation = m.proj->generation();
  }
  const auto w = m.proj->weights();
  const std::size_t first = m.rec.values.size();
  m.rec.values.resize(first + m.current.size());
  double* const out = m.rec.values.data() + first;
  run_blocks(pool_, m.current.size(), m.current.size(), [&](std::size_t lo, std::size_t hi) {
    for (std::size_t k = lo; k < hi; ++k) {
      const std::uint32_t syn = m.current[k];
      out[k] = syn == new_synapse ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(w[syn]);
    }
  });
  if (m.shared_out)
    complete_(*m.proj, std::span<double>(m.rec.values).subspan(first, m.current.size()), m.rec.post);
}

void recorder::share_out(sample_completion complete, synapse_description describe) {
  complete_ = std::move(complete);
  describe_ = std::move(describe);
  for (weight_monitor& m : weights_) share_out(m);
}

void recorder::share_out(weight_monitor& m) {
  if (!complete_ || !m.proj->kept_part() || m.shared_out) return;
  // The whole projection's ids of the synapses held here, ascending (kept_part keeps their order).
  std::vector<std::uint64_t> held(m.proj->size());
  for (std::uint32_t s = 0; s < held.size(); ++s) held[s] = m.proj->whole_id(s);
  std::vector<std::uint32_t> local(m.current.size());
  for (std::size_t k = 0; k < m.current.size(); ++k) {
    const std::uint32_t syn = m.current[k];
    const auto at = std::lower_bound(held.begin(), held.end(), std::uint64_t{syn});
    local[k] = at != held.end() && *at == syn ? static_cast<std::uint32_t>(at - held.begin()) : new_synapse;
  }
  if (m.rec.pre.size() != m.current.size())  // built as a share: each synapse's neurons and delay from its holder
    describe_(*m.proj, local, m.rec.pre, m.rec.post, m.delays);
  m.current = std::move(local);
  m.shared_out = true;
}

void recorder::start(std::int64_t step) {
  for (auto& m : states_)
    if (m.rec.times.empty()) sample_state(m, step);
  for (auto& m : weights_)
    if (m.rec.times.empty()) sample_weights(m, step);
  for (auto& m : rates_)
    if (m.bin_start < 0) m.bin_start = step;
}

bool recorder::samples_after(std::int64_t step) const {
  const std::int64_t next = step + 1;
  for (const auto& m : states_)
    if (!m.track && next % m.every == 0) return true;
  for (const auto& m : weights_)
    if (m.every > 0 && next % m.every == 0) return true;
  return false;
}

void recorder::after_step(std::int64_t step) {
  const double t = static_cast<double>(step) * dt_;
  for (auto& m : spikes_) {
    for (std::uint32_t i : m.pop->spikes()) {
      if (!m.mask.empty() && !m.mask[i]) continue;
      m.rec.times.push_back(t);
      m.rec.senders.push_back(i);
    }
  }
  for (auto& m : transmissions_) {
    for (const projection::transmission& e : m.proj->transmissions()) {
      if (!m.mask.empty() && !m.mask[e.pre]) continue;
      m.rec.times.push_back(t);
      m.rec.pre.push_back(e.pre);
      m.rec.efficacy.push_back(e.efficacy);
    }
  }
  const std::int64_t next = step + 1;  // state now refers to t = (step+1)·dt
  for (auto& m : states_)
    if (next % m.every == 0) sample_state(m, next);
  for (auto& m : weights_)
    if (m.every > 0 && next % m.every == 0) sample_weights(m, next);
  for (auto& m : rates_) {
    m.count += m.pop->spikes().size();
    if (next - m.bin_start >= m.every) {
      m.rec.times.push_back(static_cast<double>(m.bin_start) * dt_);
      m.rec.rates.push_back(static_cast<double>(m.count) /
                            (static_cast<double>(m.pop->size()) * static_cast<double>(m.every) * dt_ * 1e-3));
      m.count = 0;
      m.bin_start = next;
    }
  }
}

void recorder::after_slow_step(std::int64_t from, std::int64_t to) {
  const auto due = [&](std::int64_t every) { return every > 0 && to / every > from / every; };
  for (auto& m : states_)
    if (due(m.every)) sample_state(m, to);
  for (auto& m : weights_)
    if (due(m.every)) sample_weights(m, to);
  for (auto& m : rates_) {
    while (to - m.bin_start >= m.every) {
      m.rec.times.push_back(static_cast<double>(m.bin_start) * dt_);
      m.rec.rates.push_back(static_cast<double>(m.count) /
                            (static_cast<double>(m.pop->size()) * static_cast<double>(m.every) * dt_ * 1e-3));
      m.count = 0;
      m.bin_start += m.every;
    }
  }
}

void recorder::finish(std::int64_t step) {
  for (auto& m : weights_)
    if (m.every == 0) sample_weights(m, step);
}

void recorder::move_into(run_results& results) {
  for (auto& m : spikes_) results.spikes.push_back(std::move(m.rec));
  for (auto& m : states_) results.states.push_back(std::move(m.rec));
  for (auto& m : weights_) results.weights.push_back(std::move(m.rec));
  for (auto& m : rates_) results.rates.push_back(std::move(m.rec));
  for (auto& m : transmissions_) results.transmissions.push_back(std::move(m.rec));
  transmissions_.clear();
  spikes_.clear();
  states_.clear();
  weights_.clear();
  rates_.clear();
}

void recorder::copy_into(run_results& results) const {
  for (const auto& m : spikes_) results.spikes.push_back(m.rec);
  for (const auto& m : states_) results.states.push_back(m.rec);
  for (const auto& m : weights_) results.weights.push_back(m.rec);
  for (const auto& m : rates_) results.rates.push_back(m.rec);
  for (const auto& m : transmissions_) results.transmissions.push_back(m.rec);
}

void recorder::visit_state(state_visitor& v) {
  for (std::size_t k = 0; k < spikes_.size(); ++k) {
    const auto s = v.scope("spikes" + std::to_string(k));
    v.resizable("times", spikes_[k].rec.times);
    v.resizable("senders", spikes_[k].rec.senders);
  }
  for (std::size_t k = 0; k < states_.size(); ++k) {
    const auto s = v.scope("state" + std::to_string(k));
    v.resizable("times", states_[k].rec.times);
    v.resizable("values", states_[k].rec.values);
  }
  for (std::size_t k = 0; k < weights_.size(); ++k) {
    const auto s = v.scope("weights" + std::to_string(k));
    weight_monitor& m = weights_[k];
    v.resizable("times", m.rec.times);
    v.resizable("values", m.rec.values);
    v.scalar("last_sample", m.last_sample);
    v.fixed("current", m.current);
    v.scalar("generation", m.generation);
  }
  for (std::size_t k = 0; k < rates_.size(); ++k) {
    const auto s = v.scope("rates" + std::to_string(k));
    v.resizable("times", rates_[k].rec.times);
    v.resizable("rates", rates_[k].rec.rates);
    v.scalar("count", rates_[k].count);
    v.scalar("bin_start", rates_[k].bin_start);
  }
  for (std::size_t k = 0; k < transmissions_.size(); ++k) {
    const auto s = v.scope("transmission" + std::to_string(k));
    v.resizable("times", transmissions_[k].rec.times);
    v.resizable("pre", transmissions_[k].rec.pre);
    v.resizable("efficacy", transmissions_[k].rec.efficacy);
  }
}

}  // namespace plastix
