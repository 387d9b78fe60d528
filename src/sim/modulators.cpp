#include "modulators.hpp"

#include <algorithm>
#include <cmath>
#include <span>

#include "plastix/core/clock.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/state_visitor.hpp"

namespace plastix {

namespace {

// Per neuron of `p`: 1 for each of `neurons` (empty: all, an empty mask).
std::vector<char> mask_of(const population& p, const std::vector<std::uint32_t>& neurons) {
  std::vector<char> mask;
  if (neurons.empty()) return mask;
  mask.assign(p.size(), 0);
  for (std::uint32_t i : neurons) mask[i] = 1;
  return mask;
}

// How many of this step's spikes of `p` are of the masked neurons (empty mask: all).
std::uint32_t spikes_of(const population& p, const std::vector<char>& mask) {
  if (mask.empty()) return static_cast<std::uint32_t>(p.spikes().size());
  std::uint32_t n = 0;
  for (std::uint32_t i : p.spikes()) n += static_cast<std::uint32_t>(mask[i]);
  return n;
}

}  // namespace

modulator::modulator(const modulator_spec& spec, signals& sig,
                     const std::function<const population&(const std::string&)>& pop, double dt, std::uint64_t seed)
    : dt_(dt), name_(spec.name) {
  const signals::produced_track produced = sig.produce_track(spec.name);
  level_ = produced.level;
  track_ = produced.track;
  track_->reset(spec.tau, spec.baseline, spec.initial);
  *level_ = track_->level_at(0.0);
  const clock clk{dt};
  if (!spec.population.empty()) {
    source_ = &pop(spec.population);
    amount_ = spec.amount;
    if (!spec.neurons.empty()) {
      releases_.assign(source_->size(), 0);
      for (std::uint32_t i : spec.neurons) releases_[i] = 1;
    }
  }
  for (std::size_t k = 0; k < spec.times.size(); ++k) schedule_.push_back({clk.steps(spec.times[k]), spec.amounts[k]});
  std::stable_sort(schedule_.begin(), schedule_.end(), [](const due& a, const due& b) { return a.step < b.step; });
  const std::uint32_t object = stream_object(spec.name);
  for (std::size_t k = 0; k < spec.rewards.size(); ++k) {
    const reward_condition& r = spec.rewards[k];
    random_stream delays(seed, {purpose::reward, object, static_cast<std::uint32_t>(k)});
    if (r.by_groups()) {
      group_watch g{static_cast<std::uint32_t>(k), &pop(r.trigger), {}, {}, {}, &pop(r.group),
                    r.versus.empty() ? nullptr : &pop(r.versus), std::max<std::int64_t>(1, clk.steps(r.window)),
                    r.at_least, r.delay_min, r.delay_max, r.amount, r.phases, true, false, {}, delays};
      g.trigger_mask = mask_of(*g.trigger, r.trigger_neurons);
      g.group_mask = mask_of(*g.group, r.group_neurons);
      if (g.versus) g.versus_mask = mask_of(*g.versus, r.versus_neurons);
      groups_.push_back(std::move(g));
      continue;
    }
    watches_.push_back({&pop(r.pre), &pop(r.post), r.pre_neuron, r.post_neuron, clk.steps(r.window), r.delay_min,
                        r.delay_max, r.amount, -1, delays});
  }
}

void modulator::on_step(std::int64_t step) {
  double added = 0.0;
  while (schedule_next_ < schedule_.size() && schedule_[schedule_next_].step <= step)
    added += schedule_[schedule_next_++].amount;
  while (!rewards_.empty() && rewards_.top().step <= step) {
    added += rewards_.top().amount;
    rewards_.pop();
  }
  if (source_) {
    std::size_t n = 0;
    if (releases_.empty()) n = source_->spikes().size();
    else for (std::uint32_t i : source_->spikes()) n += releases_[i];
    added += amount_ * static_cast<double>(n);
  }
  const double t = static_cast<double>(step) * dt_;
  if (added != 0.0) track_->add(t, added);
  // Rewards for this step's pairings: the first neuron's spike in this step counts before the second's (Δt = 0).
  for (reward_watch& w : watches_) {
    const auto& pre = w.pre->spikes();
    if (std::find(pre.begin(), pre.end(), w.pre_neuron) != pre.end()) w.last_pre = step;
    if (w.last_pre < 0 || step - w.last_pre >= w.window) continue;
    const auto& post = w.post->spikes();
    if (std::find(post.begin(), post.end(), w.post_neuron) == post.end()) continue;
    const double delay = w.delay_min + (w.delay_max - w.delay_min) * w.delays.uniform();
    rewards_.push({step + std::max<std::int64_t>(1, clock{dt_}.steps(delay)), w.amount});
  }
  // Group conditions: a trigger spike opens a trial; its window's spikes are counted; at its last step, the reward.
  for (group_watch& g : groups_) {
    if (!g.open && g.active && spikes_of(*g.trigger, g.trigger_mask) > 0) {
      g.open = true;
      g.trial = {step, g.condition, phase_, 0, 0, false};
    }
    if (!g.open) continue;
    g.trial.count += spikes_of(*g.group, g.group_mask);
    if (g.versus) g.trial.versus_count += spikes_of(*g.versus, g.versus_mask);
    if (step - g.trial.step + 1 < g.window) continue;
    g.open = false;
    g.trial.rewarded = static_cast<std::int64_t>(g.trial.count) - static_cast<std::int64_t>(g.trial.versus_count) >=
                       static_cast<std::int64_t>(g.at_least);
    if (g.trial.rewarded) {
      const double delay = g.delay_min + (g.delay_max - g.delay_min) * g.delays.uniform();
      rewards_.push({step + 1 + clock{dt_}.steps(delay), g.amount});
    }
    trials_.push_back(g.trial);
  }
  *level_ = track_->level_at(t);
}

void modulator::on_phase(const std::string& name, std::uint32_t index) {
  phase_ = index;
  for (group_watch& g : groups_)
    g.active = g.phases.empty() || std::find(g.phases.begin(), g.phases.end(), name) != g.phases.end();
}

namespace {

// The heap array of a priority queue, as it is (so that rewards due in the same step are added in the same order).
template <class Queue>
auto& heap_of(Queue& q) {
  struct open : Queue {
    static auto& get(Queue& q) { return q.*(&open::c); }
  };
  return open::get(q);
}

// A list of trials as one array per field (a checkpoint stores plain arrays). `log` is the growing trial log
// (resized on loading); otherwise the span's length is fixed.
template <class Trials>
void visit_trials(state_visitor& v, const std::string& name, Trials&& trials, bool log) {
  const auto s = v.scope(name);
  std::vector<std::int64_t> step;
  std::vector<std::uint32_t> condition, phase, count, versus_count;
  std::vector<std::uint8_t> rewarded;
  for (const reward_trial& t : trials) {
    step.push_back(t.step);
    condition.push_back(t.condition);
    phase.push_back(t.phase);
    count.push_back(t.count);
    versus_count.push_back(t.versus_count);
    rewarded.push_back(t.rewarded ? 1 : 0);
  }
  v.resizable("step", step);
  v.resizable("condition", condition);
  v.resizable("phase", phase);
  v.resizable("count", count);
  v.resizable("versus_count", versus_count);
  v.resizable("rewarded", rewarded);
  if (!v.loading()) return;
  const std::size_t n = step.size();
  if (condition.size() != n || phase.size() != n || count.size() != n || versus_count.size() != n ||
      rewarded.size() != n || (!log && n != std::size(trials)))
    throw error("checkpoint: the trials in " + v.prefix() + " have arrays of different lengths");
  if constexpr (requires { trials.resize(n); }) trials.resize(n);
  for (std::size_t k = 0; k < n; ++k)
    trials[k] = reward_trial{step[k], condition[k], phase[k], count[k], versus_count[k], rewarded[k] != 0};
}

}  // namespace

void modulator::visit_state(state_visitor& v) {
  std::uint64_t next = schedule_next_;
  v.scalar("schedule_next", next);
  schedule_next_ = next;
  for (std::size_t k = 0; k < watches_.size(); ++k) {
    const auto w = v.scope("reward" + std::to_string(k));
    v.scalar("last_pre", watches_[k].last_pre);
    watches_[k].delays.visit_state(v);
  }
  v.scalar("phase", phase_);
  for (std::size_t k = 0; k < groups_.size(); ++k) {
    group_watch& g = groups_[k];
    const auto w = v.scope("group" + std::to_string(k));
    v.flag("active", g.active);
    v.flag("open", g.open);
    visit_trials(v, "trial", std::span<reward_trial>(&g.trial, 1), false);
    g.delays.visit_state(v);
  }
  visit_trials(v, "trials", trials_, true);
  auto& heap = heap_of(rewards_);
  std::vector<std::int64_t> steps;
  std::vector<double> amounts;
  for (const due& d : heap) {
    steps.push_back(d.step);
    amounts.push_back(d.amount);
  }
  v.resizable("pending_steps", steps);
  v.resizable("pending_amounts", amounts);
  if (!v.loading()) return;
  heap.clear();
  for (std::size_t k = 0; k < steps.size() && k < amounts.size(); ++k) heap.push_back({steps[k], amounts[k]});
}

}  // namespace plastix
