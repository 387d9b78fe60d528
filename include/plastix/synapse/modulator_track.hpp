// A neuromodulator's level as a function of time (spec/modulators.hpp): between its jumps the level relaxes
// exponentially to its baseline,
//   L(t) = b + (L_j − b)·e^{−(t − t_j)/τ}     after the last jump (t_j, L_j) at or before t.
// The modulator (sim/modulators.hpp) adds the jumps as they happen; the signal of the same name holds L at the
// current step. Rules that integrate exactly between their own events (dopamine_stdp) walk the jumps of an
// interval; each such reader subscribes and releases the times it no longer needs, so that the track keeps only the
// jumps some reader may still ask for (without readers, only the last one).
#pragma once
#include <cstddef>
#include <span>
#include <vector>

#include "plastix/core/state_visitor.hpp"

namespace plastix {

class modulator_track {
 public:
  struct point {
    double t;      // [ms]
    double level;  // just after t [signal unit]
  };

  // The level from t = 0 on: baseline b + initial excess, relaxing with tau [ms].
  void reset(double tau, double baseline, double initial_excess);
  double tau() const { return tau_; }
  double baseline() const { return baseline_; }

  // Adds `amount` to the level at time t (>= the last jump's time; a second jump at the same time adds to it). A
  // negative amount (a dip) takes the level down to zero at most (to the baseline, if that is negative): a
  // concentration is not negative.
  void add(double t, double amount);
  // L(t) for t at or after the oldest kept point.
  double level_at(double t) const;
  // The kept points, oldest first; index of the last one at or before t (0 when t is before all of them).
  std::span<const point> points() const { return {points_.data() + first_, points_.size() - first_}; }
  std::size_t last_at_or_before(double t) const;

  // A reader that walks the points: its id. It releases the time up to which it has integrated (it will not ask
  // for an earlier time again).
  std::size_t subscribe();
  // Checkpoints (core/state_visitor.hpp): the kept points and the readers' released times.
  void visit_state(state_visitor& v);
  void release(std::size_t reader, double t);

 private:
  void prune();
  double tau_ = 1.0, baseline_ = 0.0;
  std::vector<point> points_{{0.0, 0.0}};
  std::size_t first_ = 0;  // points before it are dropped
  std::vector<double> released_;  // per reader [ms]
};

}  // namespace plastix
