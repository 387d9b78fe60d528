#include "plastix/plasticity/rate_sensor.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/core/units.hpp"
#include "plastix/neuron/population.hpp"

namespace plastix {

rate_sensor::rate_sensor(const population& pop, double tau_avg, double r_init)
    : pop_(&pop),
      tau_(tau_avg),
      avg_(pop.size(), r_init),
      count_(pop.size(), 0),
      phase_count_(pop.size(), 0.0),
      held_(pop.size(), 0.0) {}

void rate_sensor::start_phase(bool slow) {
  if (slow) {
    for (std::size_t i = 0; i < avg_.size(); ++i)
      held_[i] = phase_time_ > 0.0 ? phase_count_[i] / (phase_time_ * units::hz_ms) : avg_[i];
  } else {
    std::fill(phase_count_.begin(), phase_count_.end(), 0.0);
    phase_time_ = 0.0;
  }
  slow_ = slow;
}

void rate_sensor::tick(double interval) {
  const double keep = std::exp(-interval / tau_);
  for (std::size_t i = 0; i < avg_.size(); ++i) {
    double observed = 0.0;  // slow phase, spikes blocked (TTX)
    if (slow_) {
      if (!pop_->spikes_blocked(static_cast<std::uint32_t>(i))) observed = held_[i];
    } else {
      observed = count_[i] / (interval * units::hz_ms);
      phase_count_[i] += count_[i];
    }
    avg_[i] = observed + (avg_[i] - observed) * keep;
    count_[i] = 0;
  }
  if (!slow_) phase_time_ += interval;
}

}  // namespace plastix
