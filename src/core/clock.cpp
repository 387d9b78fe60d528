#include "plastix/core/clock.hpp"

#include <cmath>
#include <limits>

namespace plastix {

std::int64_t clock::steps(double duration) const {
  // Saturates instead of overflowing (validate() keeps runs below 1e12 steps; this keeps any other caller defined).
  const double n = std::round(duration / dt);
  constexpr double top = 9.2e18;  // just below 2^63
  if (!(n < top)) return n > 0.0 ? std::numeric_limits<std::int64_t>::max() : 0;  // +huge; NaN -> 0
  if (!(n > -top)) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(n);
}

}  // namespace plastix
