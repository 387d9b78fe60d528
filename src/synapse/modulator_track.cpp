#include "plastix/synapse/modulator_track.hpp"

#include <algorithm>
#include <cmath>

namespace plastix {

void modulator_track::reset(double tau, double baseline, double initial_excess) {
  tau_ = tau;
  baseline_ = baseline;
  points_.assign(1, {0.0, baseline + initial_excess});
  first_ = 0;
}

void modulator_track::add(double t, double amount) {
  // A concentration cannot be negative: a dip takes away at most what is there (Izhikevich 2007's dopamine d >= 0).
  // The floor is min(0, baseline), so the relaxation towards the baseline never crosses it.
  const double level = std::max(level_at(t) + amount, std::min(0.0, baseline_));
  if (points_.back().t == t) points_.back().level = level;
  else points_.push_back({t, level});
  prune();
}

std::size_t modulator_track::last_at_or_before(double t) const {
  const auto kept = points();
  const auto after = std::upper_bound(kept.begin(), kept.end(), t, [](double x, const point& p) { return x < p.t; });
  return after == kept.begin() ? 0 : static_cast<std::size_t>(after - kept.begin()) - 1;
}

double modulator_track::level_at(double t) const {
  const point& p = points()[last_at_or_before(t)];
  return baseline_ + (p.level - baseline_) * std::exp(-(t - p.t) / tau_);
}

std::size_t modulator_track::subscribe() {
  released_.push_back(points()[0].t);
  return released_.size() - 1;
}

void modulator_track::release(std::size_t reader, double t) {
  released_[reader] = std::max(released_[reader], t);
  prune();
}

// Drops the points before the last one at or before the earliest time a reader may still ask for; compacts the
// storage when more than half of it is dropped.
void modulator_track::prune() {
  const double needed = released_.empty() ? points_.back().t : *std::min_element(released_.begin(), released_.end());
  first_ += last_at_or_before(needed);
  if (first_ > 64 && first_ * 2 > points_.size()) {
    points_.erase(points_.begin(), points_.begin() + static_cast<std::ptrdiff_t>(first_));
    first_ = 0;
  }
}

}  // namespace plastix

namespace plastix {

void modulator_track::visit_state(state_visitor& v) {
  std::vector<double> flat;
  for (const point& p : points_) flat.insert(flat.end(), {p.t, p.level});
  v.resizable("points", flat);
  if (v.loading()) {
    points_.clear();
    for (std::size_t k = 0; k + 1 < flat.size(); k += 2) points_.push_back({flat[k], flat[k + 1]});
  }
  std::uint64_t first = first_;
  v.scalar("first", first);
  first_ = first;
  v.fixed("released", released_);
}

}  // namespace plastix
