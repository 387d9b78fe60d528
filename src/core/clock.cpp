#include "plastix/core/clock.hpp"

#include <cmath>

namespace plastix {

std::int64_t clock::steps(double duration) const {
  return static_cast<std::int64_t>(std::llround(duration / dt));
}

}  // namespace plastix
