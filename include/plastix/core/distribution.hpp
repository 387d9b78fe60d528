// A scalar value or a random distribution of values (weights, delays, initial states).
#pragma once
#include "plastix/core/random.hpp"

namespace plastix {

struct distribution {
  enum class kind { constant, uniform, normal };
  kind type = kind::constant;
  double a = 0.0;  // constant: the value; uniform: low; normal: mean
  double b = 0.0;  // uniform: high; normal: standard deviation
  double lo = -1e300, hi = 1e300;  // normal: redrawn until inside [lo, hi] (truncated normal)

  static distribution constant(double v) { return {kind::constant, v, 0.0}; }
  static distribution uniform(double lo, double hi) { return {kind::uniform, lo, hi}; }
  static distribution normal(double mean, double sd) { return {kind::normal, mean, sd}; }

  double sample(random_stream& rs) const;
  double mean() const { return type == kind::uniform ? 0.5 * (a + b) : a; }
  double min() const;  // smallest value it can produce
};

}  // namespace plastix
