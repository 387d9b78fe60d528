// Event-driven exponential traces (Morrison, Diesmann & Gerstner 2008): between events a trace decays exactly,
// x(t) = x(t_last)·e^{−(t − t_last)/τ}; at an event it jumps by 1 (all-to-all pairing) or is reset to 1
// (nearest-spike pairing). A trace_bank holds the traces of one side of a projection (its pre neurons, one entry per
// neuron and delay, or its post neurons); rules ask for a trace by (τ, pairing) and share it when they ask for the
// same one. The bank is updated by the projection after the rules have seen the event, so a rule always reads the
// value just before the event's own increment (x(t−)).
#pragma once
#include <cstdint>
#include <vector>

#include "plastix/core/fast_math.hpp"

namespace plastix {

enum class pairing { all_to_all, nearest };

class trace_bank {
 public:
  void resize(std::size_t entries) {
    last_.assign(entries, never);
    for (trace& t : traces_) t.value.assign(entries, 0.0);
  }
  std::size_t entries() const { return last_.size(); }
  std::size_t count() const { return traces_.size(); }

  // Handle of the trace with time constant tau [ms] and pairing p; created on first request.
  std::size_t add(double tau, pairing p) {
    for (std::size_t h = 0; h < traces_.size(); ++h)
      if (traces_[h].tau == tau && traces_[h].mode == p) return h;
    traces_.push_back({tau, p, std::vector<double>(last_.size(), 0.0)});
    return traces_.size() - 1;
  }

  // Value of trace h for entry i at the start of step `step` (before any event of that step).
  double value(std::size_t h, std::size_t i, std::int64_t step, double dt) const {
    const std::int64_t last = last_[i];
    if (last == never) return 0.0;
    const trace& t = traces_[h];
    return t.value[i] * fast_exp(-static_cast<double>(step - last) * dt / t.tau);
  }

  // An event of entry i in step `step`: every trace decays to now, then jumps.
  void spike(std::size_t i, std::int64_t step, double dt) {
    const std::int64_t last = last_[i];
    for (trace& t : traces_) {
      const double before = last == never ? 0.0 : t.value[i] * fast_exp(-static_cast<double>(step - last) * dt / t.tau);
      t.value[i] = t.mode == pairing::all_to_all ? before + 1.0 : 1.0;
    }
    last_[i] = step;
  }

 private:
  static constexpr std::int64_t never = INT64_MIN;
  struct trace {
    double tau;  // [ms]
    pairing mode;
    std::vector<double> value;  // at the entry's last event, after its jump
  };
  std::vector<trace> traces_;
  std::vector<std::int64_t> last_;  // step of each entry's last event
};

}  // namespace plastix
