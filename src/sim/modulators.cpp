#include "modulators.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/core/clock.hpp"

namespace plastix {

modulator::modulator(const modulator_spec& spec, signals& sig,
                     const std::function<const population&(const std::string&)>& pop, double dt, std::uint64_t seed)
    : dt_(dt) {
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
    watches_.push_back({&pop(r.pre), &pop(r.post), r.pre_neuron, r.post_neuron, clk.steps(r.window), r.delay_min,
                        r.delay_max, r.amount, -1,
                        random_stream(seed, {purpose::reward, object, static_cast<std::uint32_t>(k)})});
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
  *level_ = track_->level_at(t);
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
