// Internal to sim/: the neuromodulators of a run ([[modulator]], spec/modulators.hpp) at run time. Each produces
// the global signal of its name (the level at the current step) and its time course (synapse/modulator_track.hpp),
// and adds its events at step 2b of simulation::advance (after the neurons, before any rule): the spikes of its
// population in this step, its scheduled amounts and the rewards due at this step, all at t = step·dt. A reward
// condition met in this step draws its delay then (stream: purpose::reward, the modulator's name, the condition).
// A group condition (with `trigger`) opens a trial at a trigger spike when none is open, counts its groups' spikes in
// the window's steps (the trigger's step included) and, at the window's last step, draws a reward when
// count(group) − count(versus) >= at_least; the reward comes delay after the window's end. Each trial is logged.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "plastix/core/random.hpp"
#include "plastix/neuron/population.hpp"
#include "plastix/sim/reward_trials.hpp"
#include "plastix/spec/modulators.hpp"
#include "plastix/synapse/signals.hpp"

namespace plastix {

class modulator {
 public:
  modulator(const modulator_spec& spec, signals& sig, const std::function<const population&(const std::string&)>& pop,
            double dt, std::uint64_t seed);
  // The events of step `step` (t = step·dt), then the signal's value L(t).
  void on_step(std::int64_t step);
  // A phase starts (index in run order): group conditions open trials only in their phases.
  void on_phase(const std::string& name, std::uint32_t index);
  const std::string& name() const { return name_; }
  const std::vector<reward_trial>& trials() const { return trials_; }
  // Checkpoints (core/state_visitor.hpp): the schedule's position, the reward watches, group trials (open and
  // logged) and pending rewards (the level and its track are the signal's: signals::visit_state).
  void visit_state(state_visitor& v);

 private:
  struct reward_watch {
    const population* pre;
    const population* post;
    std::uint32_t pre_neuron, post_neuron;
    std::int64_t window;          // [steps]
    double delay_min, delay_max;  // [ms]
    double amount;                // [uM]
    std::int64_t last_pre = -1;   // step of the last spike of pre_neuron (−1: none yet)
    random_stream delays;
  };
  struct group_watch {
    std::uint32_t condition;
    const population* trigger;
    std::vector<char> trigger_mask, group_mask, versus_mask;  // per neuron (empty: all)
    const population* group;
    const population* versus;     // null: none
    std::int64_t window;          // [steps]
    std::uint32_t at_least;
    double delay_min, delay_max;  // [ms]
    double amount;                // [uM]
    std::vector<std::string> phases;
    bool active = true;           // in one of its phases
    bool open = false;            // a trial is open ...
    reward_trial trial;           // ... this one
    random_stream delays;
  };
  struct due {
    std::int64_t step;
    double amount;
    bool operator>(const due& o) const { return step > o.step; }
  };
  double dt_;
  double* level_;
  modulator_track* track_;
  const population* source_ = nullptr;  // volume transmission
  std::vector<char> releases_;          // per neuron of source_ (empty: all)
  double amount_ = 0.0;                 // [uM] per spike
  std::vector<due> schedule_;           // sorted by step
  std::size_t schedule_next_ = 0;
  std::vector<reward_watch> watches_;
  std::vector<group_watch> groups_;
  std::vector<reward_trial> trials_;
  std::string name_;
  std::uint32_t phase_ = 0;
  std::priority_queue<due, std::vector<due>, std::greater<>> rewards_;  // pending, earliest first
};

}  // namespace plastix
