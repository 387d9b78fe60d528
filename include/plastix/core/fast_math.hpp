// Vectorizable elementary functions for hot loops. fast_exp agrees with std::exp to within 2 ulp on
// [-700, 700] (tested in tests/unit/test_fast_math.cpp); unlike a libm call, a loop over it vectorizes.
#pragma once
#include <bit>
#include <cstdint>

namespace plastix {

namespace detail {
// e^x for x in [−708, 709] (k = round(x/ln2) stays in [−1021, 1023], so 2^k is a normal double). Outside that
// range the result is meaningless (but computed without undefined behaviour). Always inlined: a call left in a
// loop stops it from vectorizing (GCC left it out of line in the AdEx neuron pass, 4.5x slower).
[[gnu::always_inline]] constexpr double exp_in_range(double x) {
  constexpr double log2e = 1.4426950408889634;
  constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  constexpr double round_magic = 6755399441055744.0;  // 1.5·2^52: adding it rounds to an integer
  const double shifted = x * log2e + round_magic;      // k sits in the low mantissa bits
  const double kd = shifted - round_magic;
  const double r = (x - kd * ln2_hi) - kd * ln2_lo;  // |r| ≤ ln2/2
  // Taylor series of e^r to degree 12: truncation error < 2e-16 relative on |r| ≤ 0.347.
  double p = 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^k from integer add and shift only (vectorizes without a double→int64 conversion).
  const std::uint64_t k = std::bit_cast<std::uint64_t>(shifted) - std::bit_cast<std::uint64_t>(round_magic);
  return p * std::bit_cast<double>((k + 1023u) << 52);
}
}  // namespace detail

// e^x; x below −708 counts as −708 (the result would be subnormal), above 709 as 709 (it would overflow).
// The range is enforced on the result, two selects, rather than by clamping x first: the same values, but GCC
// then needs fewer compare/blend instructions in vectorized loops (it would split the clamped paths anyway).
[[gnu::always_inline]] inline double fast_exp(double x) {
  constexpr double at_min = detail::exp_in_range(-708.0), at_max = detail::exp_in_range(709.0);
  const double y = detail::exp_in_range(x);
  const double low = x < -708.0 ? at_min : y;
  return x > 709.0 ? at_max : low;
}

}  // namespace plastix
