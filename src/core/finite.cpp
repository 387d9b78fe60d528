#include "plastix/core/finite.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

namespace plastix {

bool all_finite(std::span<const double> values) {
  // A double is NaN or ±inf exactly when its 11 exponent bits are all set.
  constexpr std::uint64_t exponent = 0x7ff0000000000000ull;
  const double* x = values.data();
  const std::size_t n = values.size();
  std::uint64_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad |= (std::bit_cast<std::uint64_t>(x[i]) & exponent) == exponent;
  return bad == 0;
}

nonfinite_count count_nonfinite(std::span<const double> values) {
  nonfinite_count out;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]) && out.count++ == 0) out.first = i;
  return out;
}

}  // namespace plastix
