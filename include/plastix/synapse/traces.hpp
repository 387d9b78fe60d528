// Event-driven exponential traces (Morrison, Diesmann & Gerstner 2008): between events a trace decays exactly,
// x(t) = x(t_last)·e^{−(t − t_last)/τ}; at an event it jumps by 1 (all-to-all pairing) or is reset to 1
// (nearest-spike pairing). A trace_bank holds the traces of one side of a projection (its pre neurons, one entry per
// neuron and delay, or its post neurons); rules ask for a trace by (τ, pairing) and share it when they ask for the
// same one. The bank is updated by the projection after the rules have seen the event, so a rule always reads the
// value just before the event's own increment (x(t−)).
// Rules that read many entries at once (one per synapse of a spike) use trace_bank::reader::read_all, which
// computes the decay factors in a loop that vectorizes, with the same arithmetic as a single read.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "plastix/core/fast_math.hpp"
#include "plastix/core/state_visitor.hpp"
#include "plastix/spec/rules/pairing.hpp"

namespace plastix {

class trace_bank {
 public:
  void resize(std::size_t entries) {
    last_.assign(entries, never);
    for (trace& t : traces_) t.value.assign(entries, 0.0);
  }
  std::size_t entries() const { return last_.size(); }
  std::size_t count() const { return traces_.size(); }
  // Checkpoints: each entry's last event and each trace's values (the traces themselves are asked for by the rules
  // when they are built, so they exist before loading).
  void visit_state(state_visitor& v) {
    v.fixed("last", last_);
    for (std::size_t h = 0; h < traces_.size(); ++h) v.fixed("trace" + std::to_string(h), traces_[h].value);
  }

  // Handle of the trace with time constant tau [ms] and pairing p; created on first request.
  std::size_t add(double tau, pairing p) {
    for (std::size_t h = 0; h < traces_.size(); ++h)
      if (traces_[h].tau == tau && traces_[h].mode == p) return h;
    traces_.push_back({tau, p, std::vector<double>(last_.size(), 0.0)});
    return traces_.size() - 1;
  }

  // Reads trace h at the start of step `step` (before any event of that step).
  class reader {
   public:
    reader(const trace_bank& bank, std::size_t h, std::int64_t step, double dt)
        : value_(bank.traces_[h].value.data()), last_(bank.last_.data()), step_(step), dt_(dt),
          tau_(bank.traces_[h].tau) {}

    // The value of entry i.
    double operator()(std::size_t i) const {
      const std::int64_t last = last_[i];
      if (last == never) return 0.0;
      return value_[i] * decay_factor(static_cast<double>(step_ - last));
    }

    // out[k] = (*this)(entry_of(k)) for k < n, bitwise the same: the entries are gathered first (an entry without
    // events has value 0 and is given 0 steps), then the decay factors are computed in a loop that vectorizes.
    template <class EntryOf>
    void read_all(std::size_t n, EntryOf entry_of, double* out) const {
      constexpr std::size_t batch = 256;
      double steps[batch];  // [steps] since each entry's last event, as a double
      for (std::size_t k0 = 0; k0 < n; k0 += batch) {
        const std::size_t m = n - k0 < batch ? n - k0 : batch;
        double* o = out + k0;
        for (std::size_t k = 0; k < m; ++k) {
          const std::size_t i = entry_of(k0 + k);
          const std::int64_t last = last_[i];
          steps[k] = last == never ? 0.0 : static_cast<double>(step_ - last);
          o[k] = value_[i];
        }
        for (std::size_t k = 0; k < m; ++k) o[k] *= decay_factor(steps[k]);
      }
    }

   private:
    // e^{−n·dt/τ} after n steps: the one expression of the decay.
    double decay_factor(double n) const { return fast_exp(-n * dt_ / tau_); }

    const double* value_;
    const std::int64_t* last_;
    std::int64_t step_;
    double dt_, tau_;
  };
  reader read(std::size_t h, std::int64_t step, double dt) const { return reader(*this, h, step, dt); }

  // Value of trace h for entry i at the start of step `step` (before any event of that step).
  double value(std::size_t h, std::size_t i, std::int64_t step, double dt) const { return read(h, step, dt)(i); }

  // Value of all-to-all trace h for entry i at the start of step `step − lag` (before any event of that step), read
  // at step `step`, for lags shorter than the entry's inter-event intervals: an event in the last `lag` steps
  // (at or after step − lag) is taken out (its jump of 1) and the value is carried back exactly to step − lag; so
  // at most one event per lag is assumed (with two, the earlier one would stay in).
  double delayed_value(std::size_t h, std::size_t i, std::int64_t step, std::int64_t lag, double dt) const {
    const std::int64_t last = last_[i], at = step - lag;
    if (last == never) return 0.0;
    const trace& t = traces_[h];
    const double at_last = last >= at ? t.value[i] - 1.0 : t.value[i];
    return at_last * fast_exp(-static_cast<double>(at - last) * dt / t.tau);
  }

  // An event of entry i in step `step`: every trace decays to now, then jumps.
  void spike(std::size_t i, std::int64_t step, double dt) {
    for (std::size_t h = 0; h < traces_.size(); ++h) {
      trace& t = traces_[h];
      const double before = read(h, step, dt)(i);
      t.value[i] = t.mode == pairing::all_to_all ? before + 1.0 : 1.0;
    }
    last_[i] = step;
  }

 private:
  static constexpr std::int64_t never = INT64_MIN;
  struct trace {
    double tau;  // [ms]
    pairing mode;
    std::vector<double> value;  // at the entry's last event, after its jump; 0 before the first
  };
  std::vector<trace> traces_;
  std::vector<std::int64_t> last_;  // step of each entry's last event
};

}  // namespace plastix
