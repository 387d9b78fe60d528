// Scans of double columns for NaN and ±inf: the finite guard's reductions (sim/finite_guard.hpp).
#pragma once
#include <cstddef>
#include <span>

namespace plastix {

// Whether every value is finite. Branch-free (an integer test of the exponent bits, OR-reduced), so it vectorizes:
// a column of n doubles costs about n/4 instructions with AVX2.
bool all_finite(std::span<const double> values);

// Where the non-finite values of a column are: the first one's index and their number (count 0: none).
struct nonfinite_count {
  std::size_t first = 0;
  std::size_t count = 0;
};
nonfinite_count count_nonfinite(std::span<const double> values);

}  // namespace plastix
