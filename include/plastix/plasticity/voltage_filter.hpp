// Low-pass filtered membrane potentials of a projection's post neurons, read with a delay: the ū of the
// voltage-based rules (Clopath, Büsing, Vasilaki & Gerstner 2010: ū− and ū+ of the `clopath` rule; Clopath,
// Ziegler, Vasilaki, Büsing & Gerstner 2008: ū with τ_LTD and τ_LTP of tag_trigger's voltage-triplet induction).
//   dū/dt = (v − ū)/τ, integrated exactly over each step from the step's v:  ū(k) = v(k) + (ū(k−1) − v(k))·e^{−dt/τ}
// The rule filters each post neuron's v once per step (in on_step, after the step's integration) and reads ū as it
// was `delay` earlier, rounded to whole steps and at least one step (so a value read at step k never includes
// v(k)). The values of the last delay_steps + 1 steps are kept in a ring: one row per step, one column per post
// neuron, one ring per time constant. A neuron's ū starts at its v at the first step a hook touches it (start).
// Steps without filtering (a slow phase, during which neuron state is held: simulation.cpp advance_slow): at the
// neuron's next touch ū has relaxed over the gap toward its present v, exactly (v held), as if filtered every step.
// Each neuron keeps its own last step, so hooks split among threads by post neuron (on_pre for the synapses onto a
// thread's neurons, on_step by blocks of neurons) touch only their own neurons' values.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
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

  // The rings for `n` post neurons at time step dt [ms] (before any hook), no neuron started.
  void size_for(std::size_t n, double dt) {
    dt_ = dt;
    delay_steps_ = std::max<std::int64_t>(1, std::llround(delay_ / dt));
    rows_ = static_cast<std::size_t>(delay_steps_) + 1;
    n_ = n;
    decay_.resize(taus_.size());
    for (std::size_t f = 0; f < taus_.size(); ++f) decay_[f] = std::exp(-dt / taus_[f]);
    rings_.assign(taus_.size(), std::vector<double>(rows_ * n_, 0.0));
    last_.assign(n_, never);
  }

  // Checkpoints, in the layout of one start for all neurons (a neuron's last step is the same for every neuron
  // between steps: on_step filters them all): the last step, and rows = 0 while no neuron has started.
  void visit_state(state_visitor& v) {
    if (v.gathering()) return visit_latest(v);
    const bool any = std::any_of(last_.begin(), last_.end(), [](std::int64_t l) { return l != never; });
    std::int64_t last = any ? *std::max_element(last_.begin(), last_.end()) : 0;
    std::uint64_t rows = any ? rows_ : 0, n = any ? n_ : 0;
    std::vector<double> decay = any ? decay_ : std::vector<double>{};
    std::vector<std::vector<double>> rings;
    if (any && !v.loading()) rings = rings_;
    v.scalar("delay_steps", delay_steps_);
    v.scalar("last", last);
    v.scalar("rows", rows);
    v.scalar("n", n);
    v.resizable("decay", decay);
    v.nested("rings", rings);
    if (!v.loading()) return;
    if (rows == 0) {  // saved before any step: nothing started
      last_.assign(n_, never);
      return;
    }
    if (rows != rows_ || n != n_ || decay.size() != taus_.size() || rings.size() != taus_.size())
      throw error("voltage filters: the checkpoint's rings do not match this projection");
    decay_ = std::move(decay);
    rings_ = std::move(rings);
    last_.assign(n_, last);
  }

  // MPI's gathering (rank_split.cpp sync_state): each filter's latest ū per neuron, as an array of one value per
  // post neuron, which the gathering fills with the owners' values; they are written back into the rings, so that
  // a process reads its neurons' and the others' ū alike (a state monitor of u_minus). The delayed values of the
  // others' neurons are not gathered: no process reads them (its hooks touch only the synapses onto its neurons).
  void visit_latest(state_visitor& v) {
    gathered_.resize(rings_.size());
    for (std::size_t f = 0; f < rings_.size(); ++f) {
      std::vector<double>& values = gathered_[f];
      if (!v.loading()) {
        values.assign(n_, 0.0);
        for (std::size_t i = 0; i < n_; ++i)
          if (started(i)) values[i] = latest(f, i);
      }
      v.fixed("latest" + std::to_string(f), values);
      if (!v.loading()) continue;
      for (std::size_t i = 0; i < n_; ++i)
        if (started(i)) rings_[f][row(last_[i]) * n_ + i] = values[i];
    }
  }

  // Call for neuron i, whose membrane potential is v() now, before delayed() or filter() at `step`. At its first
  // call: fills its rings with v(). After a gap (not filtered at the steps before `step`): catches up.
  template <class V>
  void start(std::size_t i, std::int64_t step, V&& v) {
    const std::int64_t last = last_[i];
    if (last != never && last + 1 >= step) return;
    const double now = v();
    if (last == never) {
      for (std::size_t f = 0; f < rings_.size(); ++f)
        for (std::size_t r = 0; r < rows_; ++r) rings_[f][r * n_ + i] = now;
    } else {
      catch_up(i, last, step, now);
    }
    last_[i] = step - 1;
  }

  // Filters v of neuron i at `step` into every ū (one call per neuron and step, steps in order, after start()).
  void filter(std::int64_t step, std::size_t i, double v) {
    const std::size_t now = row(step) * n_ + i, prev = row(step - 1) * n_ + i;
    for (std::size_t f = 0; f < rings_.size(); ++f) rings_[f][now] = v + (rings_[f][prev] - v) * decay_[f];
    last_[i] = step;
  }

  // The delay in steps (≥ 1).
  std::int64_t delay_steps() const { return delay_steps_; }

  // Whether neuron i's filters hold values.
  bool started(std::size_t i) const { return last_[i] != never; }
  // ū of filter f of neuron i at its last step filtered (started(i) only): what a monitor records.
  double latest(std::size_t f, std::size_t i) const { return rings_[f][row(last_[i]) * n_ + i]; }

  // ū of filter f of neuron i as it was `delay` before `step`.
  double delayed(std::size_t f, std::int64_t step, std::size_t i) const {
    return rings_[f][row(step - delay_steps_) * n_ + i];
  }

 private:
  static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::min();

  // Neuron i's rows of steps (last, step) from its row of `last`, with v held at its present value `v`: the first
  // missing step in closed form, ū = v + (ū(last) − v)·e^{−gap·dt/τ}, the rest (at most delay_steps_) filtered.
  void catch_up(std::size_t i, std::int64_t last, std::int64_t step, double v) {
    const std::int64_t from = std::max(last + 1, step - delay_steps_ - 1);
    for (std::size_t f = 0; f < rings_.size(); ++f) {
      const double gap_decay = std::exp(-static_cast<double>(from - last) * dt_ / taus_[f]);
      rings_[f][row(from) * n_ + i] = v + (rings_[f][row(last) * n_ + i] - v) * gap_decay;
    }
    for (std::int64_t k = from + 1; k < step; ++k) filter(k, i, v);
  }

  std::size_t row(std::int64_t step) const {
    const auto n = static_cast<std::int64_t>(rows_);
    return static_cast<std::size_t>(((step % n) + n) % n);
  }

  std::vector<double> taus_;  // [ms]
  double delay_;              // [ms]
  double dt_ = 0.0;           // [ms]
  std::int64_t delay_steps_ = 0;
  std::size_t rows_ = 0, n_ = 0;
  std::vector<std::int64_t> last_;           // per neuron: the last step filtered (never: not started)
  std::vector<double> decay_;                // e^{−dt/τ} per filter
  std::vector<std::vector<double>> rings_;   // per filter: rows_ × n_ values of ū [mV]
  std::vector<std::vector<double>> gathered_;  // per filter: the latest ū per neuron, while gathered (visit_latest)
};

}  // namespace plastix
