// Low-pass filtered membrane potentials of a projection's post neurons, read with a delay: the ū of the
// voltage-based rules (Clopath, Büsing, Vasilaki & Gerstner 2010: ū− and ū+ of the `clopath` rule; Clopath,
// Ziegler, Vasilaki, Büsing & Gerstner 2008: ū with τ_LTD and τ_LTP of tag_trigger's voltage-triplet induction).
//   dū/dt = (v − ū)/τ, integrated exactly over each step from the step's v:  ū(k) = v(k) + (ū(k−1) − v(k))·e^{−dt/τ}
// The rule pushes each post neuron's v once per step (in on_step, after the step's integration) and reads ū as it
// was `delay` earlier, rounded to whole steps and at least one step (so a value read at step k never includes
// v(k)). The values of the last delay_steps + 1 steps are kept in a ring: one row per step, one column per post
// neuron, one ring per time constant. ū starts at the post neuron's v at the first step the rule sees.
// Steps without pushes (a slow phase, during which neuron state is held: simulation.cpp advance_slow): at the next
// hook call ū has relaxed over the gap toward the neuron's present v, exactly (v held), as if pushed every step.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/core/state_visitor.hpp"
#include "plastix/neuron/population.hpp"

namespace plastix {

class voltage_filters {
 public:
  // taus: one time constant per filter [ms]; delay: how long before a step its values are read [ms].
  voltage_filters(std::vector<double> taus, double delay) : taus_(std::move(taus)), delay_(delay) {}

  // The membrane potential v of `post`, or an error naming the projection and rule when it has none.
  static int v_of(const population& post, const std::string& projection, const std::string& rule) {
    const int v_id = post.variable_id("v");
    if (v_id < 0) {
      throw error("projection '" + projection + "': rule '" + rule + "' reads the membrane potential v of its post " +
                  "population '" + post.name() + "', which has none (use a neuron population, e.g. " +
                  "model = \"adex_clopath\")");
    }
    return v_id;
  }

  // Checkpoints: everything, as it is sized on the first call (rows_ = 0: not started).
  void visit_state(state_visitor& v) {
    v.scalar("delay_steps", delay_steps_);
    v.scalar("last", last_);
    std::uint64_t rows = rows_, n = n_;
    v.scalar("rows", rows);
    v.scalar("n", n);
    rows_ = rows;
    n_ = n;
    v.resizable("decay", decay_);
    v.nested("rings", rings_);
  }

  // Call at the start of every hook at `step`, before delayed() or push(). On the first call: sizes the rings from
  // dt and fills them with the post neurons' current v. After a gap (no push for steps before `step`): catches up.
  void ensure_started(const population& post, int v_id, std::int64_t step, double dt) {
    if (rows_ > 0) {
      if (last_ + 1 < step) catch_up(post, v_id, step, dt);
      return;
    }
    last_ = step - 1;
    delay_steps_ = std::max<std::int64_t>(1, std::llround(delay_ / dt));
    rows_ = static_cast<std::size_t>(delay_steps_) + 1;
    n_ = post.size();
    decay_.resize(taus_.size());
    rings_.assign(taus_.size(), std::vector<double>(rows_ * n_, 0.0));
    for (std::size_t f = 0; f < taus_.size(); ++f) {
      decay_[f] = std::exp(-dt / taus_[f]);
      for (std::size_t i = 0; i < n_; ++i) {
        const double v = post.sample(v_id, i);
        for (std::size_t r = 0; r < rows_; ++r) rings_[f][r * n_ + i] = v;
      }
    }
  }

  // Filters v of neuron i at `step` into every ū (one call per neuron and step, steps in order).
  void push(std::int64_t step, std::size_t i, double v) {
    last_ = step;
    filter(step, i, v);
  }
  // The same for the neurons split among threads: filter(step, i, v) for each neuron (its own values only), then,
  // on one thread, pushed(step).
  void filter(std::int64_t step, std::size_t i, double v) {
    const std::size_t now = row(step) * n_ + i, prev = row(step - 1) * n_ + i;
    for (std::size_t f = 0; f < rings_.size(); ++f) rings_[f][now] = v + (rings_[f][prev] - v) * decay_[f];
  }
  void pushed(std::int64_t step) { last_ = step; }

  // The delay in steps (≥ 1), once started.
  std::int64_t delay_steps() const { return delay_steps_; }

  // Whether ensure_started has run (the filters hold values).
  bool started() const { return !rings_.empty(); }
  // ū of filter f of neuron i at the last step pushed (started() only): what a monitor records.
  double latest(std::size_t f, std::size_t i) const { return rings_[f][row(last_) * n_ + i]; }

  // ū of filter f of neuron i as it was `delay` before `step`.
  double delayed(std::size_t f, std::int64_t step, std::size_t i) const {
    return rings_[f][row(step - delay_steps_) * n_ + i];
  }

 private:
  // The rows of steps (last_, step) from the rows of last_, with v held at the neurons' present value: the first
  // missing step in closed form, ū = v + (ū(last_) − v)·e^{−gap·dt/τ}, the rest (at most delay_steps_) pushed.
  void catch_up(const population& post, int v_id, std::int64_t step, double dt) {
    const std::int64_t last = last_, from = std::max(last + 1, step - delay_steps_ - 1);
    for (std::size_t i = 0; i < n_; ++i) {
      const double v = post.sample(v_id, i);
      for (std::size_t f = 0; f < rings_.size(); ++f) {
        const double gap_decay = std::exp(-static_cast<double>(from - last) * dt / taus_[f]);
        rings_[f][row(from) * n_ + i] = v + (rings_[f][row(last) * n_ + i] - v) * gap_decay;
      }
      for (std::int64_t k = from + 1; k < step; ++k) filter(k, i, v);
    }
    last_ = step - 1;
  }

  std::size_t row(std::int64_t step) const {
    const auto n = static_cast<std::int64_t>(rows_);
    return static_cast<std::size_t>(((step % n) + n) % n);
  }

  std::vector<double> taus_;  // [ms]
  double delay_;              // [ms]
  std::int64_t delay_steps_ = 0;
  std::int64_t last_ = 0;  // the last step pushed
  std::size_t rows_ = 0, n_ = 0;
  std::vector<double> decay_;                // e^{−dt/τ} per filter
  std::vector<std::vector<double>> rings_;   // per filter: rows_ × n_ values of ū [mV]
};

}  // namespace plastix
