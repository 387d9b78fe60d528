#include "plastix/plasticity/rate_sensor.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/core/units.hpp"

namespace plastix {

rate_sensor::rate_sensor(std::size_t n, double tau_avg, double r_init)
    : tau_(tau_avg), avg_(n, r_init), count_(n, 0), phase_count_(n, 0.0), held_(n, 0.0) {}

void rate_sensor::start_phase(bool slow, bool spikes_blocked) {
  if (slow) {
    for (std::size_t i = 0; i < avg_.size(); ++i)
      held_[i] = spikes_blocked ? 0.0 : phase_time_ > 0.0 ? phase_count_[i] / (phase_time_ * units::hz_ms) : avg_[i];
  } else {
    std::fill(phase_count_.begin(), phase_count_.end(), 0.0);
    phase_time_ = 0.0;
  }
  slow_ = slow;
}

void rate_sensor::tick(double interval) {
  const double keep = std::exp(-interval / tau_);
  for (std::size_t i = 0; i < avg_.size(); ++i) {
    double observed = held_[i];
    if (!slow_) {
      observed = count_[i] / (interval * units::hz_ms);
      phase_count_[i] += count_[i];
    }
    avg_[i] = observed + (avg_[i] - observed) * keep;
    count_[i] = 0;
  }
  if (!slow_) phase_time_ += interval;
}

}  // namespace plastix
