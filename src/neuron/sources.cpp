#include <algorithm>
#include <cmath>
#include <limits>

#include "plastix/core/error.hpp"
#include "plastix/core/random.hpp"
#include "plastix/core/units.hpp"
#include "source_populations.hpp"

namespace plastix {

namespace {
constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();
}

// ---- Poisson ----

poisson_population::poisson_population(std::string name, std::size_t n, std::uint32_t index, poisson_source::params p)
    : population(std::move(name), n, index), p_(std::move(p)), rate_(n, 0.0), overridden_(n, 0), next_(n, never),
      position_(n, 0) {}

double poisson_population::base_rate(double t) const {
  if (p_.profile.empty()) return p_.rate;
  double r = p_.rate;
  for (const auto& [start, rate] : p_.profile) {
    if (start > t) break;
    r = rate;
  }
  return r;
}

void poisson_population::redraw(std::size_t i, const step_context& ctx, std::int64_t from_step) {
  const double p = rate_[i] * ctx.dt * units::hz_ms;
  if (p <= 0.0) {
    next_[i] = never;
    return;
  }
  if (p >= 1.0) {
    next_[i] = from_step;
    return;
  }
  const stream_key key{purpose::poisson, index_, static_cast<std::uint32_t>(i)};
  double u = uniform_at(ctx.seed, key, position_[i]++);
  if (u <= 0.0) u = std::numeric_limits<double>::min();
  const double k = std::floor(std::log(u) / std::log1p(-p));  // failures before the next success
  next_[i] = k >= static_cast<double>(never - from_step) ? never : from_step + static_cast<std::int64_t>(k);
}

void poisson_population::update(const step_context& ctx) {
  begin_update(ctx);
  update_part(ctx, 0, size_, spikes_);
}

// The profile's segment and the rates of all neurons when it changes (one thread); then the neurons' spikes.
bool poisson_population::begin_update(const step_context& ctx) {
  bool profile_changed = false;
  while (segment_ + 1 < p_.profile.size() && p_.profile[segment_ + 1].first <= ctx.time() + 1e-9) {
    ++segment_;
    profile_changed = true;
  }
  if (!started_ || profile_changed) {
    const double r = base_rate(ctx.time() + 1e-9);
    for (std::size_t i = 0; i < size_; ++i) {
      if (overridden_[i]) continue;
      rate_[i] = r;
      redraw(i, ctx, ctx.step);
    }
    started_ = true;
  }
  spikes_.clear();
  return true;
}

void poisson_population::update_part(const step_context& ctx, std::size_t begin, std::size_t end,
                                     std::vector<std::uint32_t>& spikes) {
  for (std::size_t i = begin; i < end; ++i) {
    // After a slow phase (steps skipped, nothing updated) the drawn spike lies in the past: the process restarts
    // now, which is again a Poisson process (memoryless).
    if (next_[i] < ctx.step) redraw(i, ctx, ctx.step);
    if (next_[i] != ctx.step) continue;
    spikes.push_back(static_cast<std::uint32_t>(i));
    redraw(i, ctx, ctx.step + 1);
  }
}

void poisson_population::set_rate(std::span<const std::uint32_t> neurons, double rate_hz, const step_context& ctx) {
  auto apply = [&](std::size_t i) {
    rate_[i] = rate_hz;
    overridden_[i] = 1;
    redraw(i, ctx, ctx.step);
  };
  if (neurons.empty()) {
    for (std::size_t i = 0; i < size_; ++i) apply(i);
  } else {
    for (std::uint32_t i : neurons) apply(i);
  }
}

void poisson_population::clear_rate(const step_context& ctx) {
  const double r = base_rate(ctx.time() + 1e-9);
  for (std::size_t i = 0; i < size_; ++i) {
    if (!overridden_[i]) continue;
    overridden_[i] = 0;
    rate_[i] = r;
    redraw(i, ctx, ctx.step);
  }
}

// ---- explicit spike times ----

spike_times_population::spike_times_population(std::string name, std::size_t n, std::uint32_t index,
                                               spike_times_source::params p)
    : population(std::move(name), n, index), p_(std::move(p)) {
  if (!p_.times.empty() && p_.times.size() != n)
    throw error("spike_times population '" + name_ + "': " + std::to_string(p_.times.size()) +
                " spike lists given for " + std::to_string(n) + " neurons");
}

void spike_times_population::update(const step_context& ctx) {
  if (dt_ != ctx.dt) {  // (re)build the event list for this dt
    dt_ = ctx.dt;
    events_.clear();
    for (std::uint32_t i = 0; i < p_.times.size(); ++i) {
      std::int64_t last = -1;
      for (double t : p_.times[i]) {
        const std::int64_t s = std::llround(t / ctx.dt);
        if (s == last)
          throw error("spike_times population '" + name_ + "': neuron " + std::to_string(i) +
                      " has two spikes in one time step (near " + std::to_string(t) + " ms); use a smaller dt");
        events_.push_back({s, i});
        last = s;
      }
    }
    std::sort(events_.begin(), events_.end(),
              [](const event& a, const event& b) { return a.step != b.step ? a.step < b.step : a.neuron < b.neuron; });
    cursor_ = 0;
  }
  spikes_.clear();
  while (cursor_ < events_.size() && events_[cursor_].step < ctx.step) ++cursor_;
  while (cursor_ < events_.size() && events_[cursor_].step == ctx.step) spikes_.push_back(events_[cursor_++].neuron);
}

// ---- regular trains ----

regular_population::regular_population(std::string name, std::size_t n, std::uint32_t index, regular_source::params p)
    : population(std::move(name), n, index), p_(p), origin_(n), rate_(n), n_(n) {
  for (std::size_t i = 0; i < n; ++i) restart(i, p_.start + static_cast<double>(i) * p_.phase_step, p_.rate);
}

void regular_population::restart(std::size_t i, double origin, double rate) {
  origin_[i] = origin;
  rate_[i] = rate;
  n_[i] = 0;
  if (i < next_step_.size()) next_step_[i] = step_of_next(i, cached_dt_);
}

// The step of spike n_[i]: round(t / dt), the one formula every spike's step comes from [steps].
std::int64_t regular_population::step_of_next(std::size_t i, double dt) const {
  constexpr std::int64_t none = std::numeric_limits<std::int64_t>::max();
  if (rate_[i] <= 0.0 || dt <= 0.0) return none;
  const double period = 1000.0 / rate_[i];  // [ms]
  const double t = origin_[i] + static_cast<double>(n_[i]) * period;
  return t >= p_.stop ? none : std::llround(t / dt);
}

void regular_population::update(const step_context& ctx) {
  spikes_.clear();
  if (cached_dt_ != ctx.dt) {
    cached_dt_ = ctx.dt;
    next_step_.resize(size_);
    for (std::size_t i = 0; i < size_; ++i) next_step_[i] = step_of_next(i, ctx.dt);
  }
  for (std::size_t i = 0; i < size_; ++i) {
    // Spikes whose step has passed (a rate change or a coarser dt) are skipped; one on this step is emitted.
    while (next_step_[i] <= ctx.step) {
      const bool now = next_step_[i] == ctx.step;
      ++n_[i];
      next_step_[i] = step_of_next(i, ctx.dt);
      if (now) {
        spikes_.push_back(static_cast<std::uint32_t>(i));
        break;
      }
    }
  }
}

void regular_population::set_rate(std::span<const std::uint32_t> neurons, double rate_hz, const step_context& ctx) {
  if (neurons.empty()) {
    for (std::size_t i = 0; i < size_; ++i)
      restart(i, ctx.time() + static_cast<double>(i) * p_.phase_step, rate_hz);
  } else {
    for (std::uint32_t i : neurons) restart(i, ctx.time() + static_cast<double>(i) * p_.phase_step, rate_hz);
  }
}

void regular_population::clear_rate(const step_context& ctx) {
  for (std::size_t i = 0; i < size_; ++i) restart(i, ctx.time() + static_cast<double>(i) * p_.phase_step, p_.rate);
}

}  // namespace plastix
