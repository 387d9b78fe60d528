// Parameters of the rate populations: names, checks, the pattern sequence and the covariance generator.
#include "plastix/neuron/rate.hpp"

#include <fmt/format.h>

#include <cmath>

#include "plastix/core/random.hpp"

namespace plastix {

const std::vector<std::string>& rate_unit::transfer_names() {
  static const std::vector<std::string> names{"linear", "relu", "sigmoid"};
  return names;
}

double rate_unit::sigmoid(const params& p, double h) { return p.y_max / (1.0 + std::exp(-p.gain * (h - p.threshold))); }

const std::vector<std::string>& rate_patterns_source::order_names() {
  static const std::vector<std::string> names{"random", "cycle"};
  return names;
}

std::size_t rate_patterns_source::pattern_at(const params& p, std::uint64_t seed, std::uint32_t population,
                                             std::uint64_t k) {
  const std::size_t n = p.patterns.size();
  if (p.order == order_kind::cycle) return static_cast<std::size_t>(k % n);
  const double u = uniform_at(seed, {purpose::stimulus, population, 0}, k);
  return std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)));
}

}  // namespace plastix
