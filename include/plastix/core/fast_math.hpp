// Vectorizable elementary functions for hot loops. fast_exp agrees with std::exp to within 2 ulp on
// [-700, 700] (tested in tests/unit/test_fast_math.cpp); unlike a libm call, a loop over it vectorizes.
#pragma once
#include <bit>
#include <cstdint>

namespace plastix {

inline double fast_exp(double x) {
  // Range: below −708 the result is subnormal or zero; above 709 it overflows. Clamp to those limits.
  x = x < -708.0 ? -708.0 : (x > 709.0 ? 709.0 : x);
  constexpr double log2e = 1.4426950408889634;
  constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  constexpr double round_magic = 6755399441055744.0;  // 1.5·2^52: adding it rounds to an integer
  const double kd = (x * log2e + round_magic) - round_magic;
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
  const auto k = static_cast<std::int64_t>(kd);
  // 2^k built in two halves so that k down to −1022−52 stays representable.
  const std::int64_t k1 = k / 2, k2 = k - k1;
  const double s1 = std::bit_cast<double>(static_cast<std::uint64_t>(k1 + 1023) << 52);
  const double s2 = std::bit_cast<double>(static_cast<std::uint64_t>(k2 + 1023) << 52);
  return p * s1 * s2;
}

}  // namespace plastix
