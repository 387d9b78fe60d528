#include "rate_populations.hpp"

#include <cmath>

#include "plastix/core/clock.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/random.hpp"

namespace plastix {

rate_unit_population::rate_unit_population(std::string name, std::size_t n, std::uint32_t index,
                                           const rate_unit::params& p)
    : population(std::move(name), n, index), p_(p), y_(n, 0.0), h_(n, 0.0), input_sum_(n, 0.0) {}

void rate_unit_population::update(const step_context& ctx) {
  if (p_.tau > 0.0 && ctx.dt != decay_dt_) {
    decay_ = std::exp(-ctx.dt / p_.tau);
    decay_dt_ = ctx.dt;
  }
  for (std::size_t i = 0; i < size_; ++i) {
    const double h = input_sum_[i] + p_.bias;
    const double target = rate_unit::output(p_, h);
    h_[i] = h;
    y_[i] = p_.tau > 0.0 ? target + (y_[i] - target) * decay_ : target;
    input_sum_[i] = 0.0;
  }
}

double rate_unit_population::sample(int id, std::size_t i) const {
  if (id == 0) return y_[i];
  if (id == 1) return h_[i];
  throw error("population '" + name_ + "': no variable with id " + std::to_string(id));
}

void rate_unit_population::set_state(int id, std::size_t i, double value) {
  if (id == 0) {
    y_[i] = value;
  } else if (id == 1) {
    h_[i] = value;
  } else {
    throw error("population '" + name_ + "': no variable with id " + std::to_string(id));
  }
}

rate_source_population::rate_source_population(std::string name, std::size_t n, std::uint32_t index)
    : population(std::move(name), n, index), x_(n, 0.0) {}

double rate_source_population::sample(int id, std::size_t i) const {
  if (id == 0) return x_[i];
  throw error("population '" + name_ + "': no variable with id " + std::to_string(id));
}

void rate_source_population::set_state(int id, std::size_t i, double value) {
  if (id != 0) throw error("population '" + name_ + "': no variable with id " + std::to_string(id));
  x_[i] = value;
}

bool rate_source_population::next_presentation(const step_context& ctx, double interval, std::uint64_t& k) {
  const std::int64_t every = std::max<std::int64_t>(1, clock{ctx.dt}.steps(interval));
  const std::int64_t now = ctx.step / every;
  if (now == current_) return false;
  current_ = now;
  k = static_cast<std::uint64_t>(now);
  return true;
}

rate_patterns_population::rate_patterns_population(std::string name, std::size_t n, std::uint32_t index,
                                                   rate_patterns_source::params p)
    : rate_source_population(std::move(name), n, index), p_(std::move(p)) {
  for (const auto& pattern : p_.patterns)
    if (pattern.size() != n)
      throw error("population '" + name_ + "': a pattern of length " + std::to_string(pattern.size()) + " for " +
                  std::to_string(n) + " neurons");
}

void rate_patterns_population::update(const step_context& ctx) {
  std::uint64_t k = 0;
  if (!next_presentation(ctx, p_.interval, k)) return;
  x_ = p_.patterns[rate_patterns_source::pattern_at(p_, ctx.seed, index_, k)];
}

rate_gaussian_population::rate_gaussian_population(std::string name, std::size_t n, std::uint32_t index,
                                                   rate_gaussian_source::params p)
    : rate_source_population(std::move(name), n, index), p_(std::move(p)), z_(n, 0.0) {
  const square_matrix c = rate_gaussian_source::covariance_of(p_);
  if (c.n != n)
    throw error("population '" + name_ + "': a covariance for " + std::to_string(c.n) + " inputs for " +
                std::to_string(n) + " neurons");
  if (!cholesky_psd(c, l_)) throw error("population '" + name_ + "': the covariance is not positive semidefinite");
}

void rate_gaussian_population::update(const step_context& ctx) {
  std::uint64_t k = 0;
  if (!next_presentation(ctx, p_.interval, k)) return;
  // Sample k starts at its own position of the stream: one Philox block per pair of normals, plus a spare.
  const std::uint64_t stride = (size_ + 1) / 2 + 1;
  random_stream rs(ctx.seed, {purpose::stimulus, index_, 0}, k * stride);
  for (double& z : z_) z = rs.normal();
  for (std::size_t i = 0; i < size_; ++i) {
    double x = 0.0;
    for (std::size_t j = 0; j <= i; ++j) x += l_(i, j) * z_[j];
    x_[i] = x;
  }
}

}  // namespace plastix
