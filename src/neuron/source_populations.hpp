// Spike-source populations (private to the library; built by make_population).
#pragma once
#include <cstdint>
#include <vector>

#include "plastix/neuron/population.hpp"
#include "plastix/neuron/sources.hpp"

namespace plastix {

// Poisson trains. Each neuron keeps the step of its next spike, drawn from the geometric distribution of a
// Bernoulli(rate·dt) process on its own counter-based stream; identical in law to a per-step coin flip, but
// costs one random number per spike instead of one per neuron per step.
class poisson_population final : public population {
 public:
  poisson_population(std::string name, std::size_t n, std::uint32_t index, poisson_source::params p);
  const char* model_name() const override { return poisson_source::name; }
  bool is_source() const override { return true; }
  void update(const step_context& ctx) override;
  // In parts (population.hpp): each neuron draws from its own stream (position per neuron).
  bool begin_update(const step_context& ctx) override;
  void update_part(const step_context& ctx, std::size_t begin, std::size_t end,
                   std::vector<std::uint32_t>& spikes) override;
  void set_rate(std::span<const std::uint32_t> neurons, double rate_hz, const step_context& ctx) override;
  void clear_rate(const step_context& ctx) override;

 protected:
  void visit_model_state(state_visitor& v) override {
    v.fixed("rate", rate_);
    v.fixed("overridden", overridden_);
    v.fixed("next", next_);
    v.fixed("position", position_);
    std::uint64_t segment = segment_;
    v.scalar("segment", segment);
    segment_ = segment;
    v.flag("started", started_);
  }

 private:
  double base_rate(double t) const;  // [Hz] at time t [ms] from rate/profile
  void redraw(std::size_t i, const step_context& ctx, std::int64_t from_step);
  poisson_source::params p_;
  std::vector<double> rate_;             // effective rate per neuron [Hz]
  std::vector<char> overridden_;         // rate set by a phase stimulus
  std::vector<std::int64_t> next_;       // step of the next spike
  std::vector<std::uint64_t> position_;  // stream position per neuron
  std::size_t segment_ = 0;              // current profile segment
  bool started_ = false;
};

class spike_times_population final : public population {
 public:
  spike_times_population(std::string name, std::size_t n, std::uint32_t index, spike_times_source::params p);
  const char* model_name() const override { return spike_times_source::name; }
  bool is_source() const override { return true; }
  void update(const step_context& ctx) override;

 protected:
  void visit_model_state(state_visitor& v) override {
    // Nothing: the first update after loading rebuilds the event list and skips the events before its step.
    (void)v;
  }

 private:
  struct event {
    std::int64_t step;
    std::uint32_t neuron;
  };
  spike_times_source::params p_;
  std::vector<event> events_;  // sorted by (step, neuron)
  std::size_t cursor_ = 0;
  double dt_ = -1.0;
};

class regular_population final : public population {
 public:
  regular_population(std::string name, std::size_t n, std::uint32_t index, regular_source::params p);
  const char* model_name() const override { return regular_source::name; }
  bool is_source() const override { return true; }
  void update(const step_context& ctx) override;
  void set_rate(std::span<const std::uint32_t> neurons, double rate_hz, const step_context& ctx) override;
  void clear_rate(const step_context& ctx) override;

 protected:
  void visit_model_state(state_visitor& v) override {
    v.fixed("origin", origin_);
    v.fixed("rate", rate_);
    v.fixed("n", n_);
    cached_dt_ = -1.0;  // a loaded state invalidates the cached steps
  }

 private:
  void restart(std::size_t i, double origin, double rate);
  std::int64_t step_of_next(std::size_t i, double dt) const;
  regular_source::params p_;
  std::vector<double> origin_;     // time of spike n = 0 [ms]
  std::vector<double> rate_;       // [Hz]
  std::vector<std::int64_t> n_;    // index of the next spike
  // Derived, not state: the step of spike n_[i] (INT64_MAX when none is left), so that a step costs one comparison per
  // neuron instead of a division and a rounding; valid for cached_dt_ only.
  std::vector<std::int64_t> next_step_;
  double cached_dt_ = -1.0;  // [ms]
};

}  // namespace plastix
