// Internal to sim/: the neuromodulators of a run ([[modulator]], spec/modulators.hpp) at run time. Each produces
// the global signal of its name (the level at the current step) and its time course (synapse/modulator_track.hpp),
// and adds its events at step 2b of simulation::advance (after the neurons, before any rule): the spikes of its
// population in this step, its scheduled amounts and the rewards due at this step, all at t = step·dt. A reward
// condition met in this step draws its delay then (stream: purpose::reward, the modulator's name, the condition).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "plastix/core/random.hpp"
#include "plastix/neuron/population.hpp"
#include "plastix/spec/modulators.hpp"
#include "plastix/synapse/signals.hpp"

namespace plastix {

class modulator {
 public:
  modulator(const modulator_spec& spec, signals& sig, const std::function<const population&(const std::string&)>& pop,
            double dt, std::uint64_t seed);
  // The events of step `step` (t = step·dt), then the signal's value L(t).
  void on_step(std::int64_t step);
  // Checkpoints (core/state_visitor.hpp): the schedule's position, the reward watches and pending rewards (the
  // level and its track are the signal's: signals::visit_state).
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
  std::priority_queue<due, std::vector<due>, std::greater<>> rewards_;  // pending, earliest first
};

}  // namespace plastix
