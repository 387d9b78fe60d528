#include "plastix/core/finite.hpp"

#include <cmath>

namespace plastix {

bool all_finite(std::span<const double> values) {
  // Once a sum meets a NaN or ±inf it stays NaN or ±inf (inf + finite = inf, inf − inf = NaN), so a finite sum
  // proves every term finite: one vector addition per 4 values. Sixteen independent partial sums let the compiler
  // vectorize without reordering any of them. A sum that is not finite may also come from finite values that
  // overflow (|x| near 1e308): then the values are looked at one by one.
  constexpr std::size_t lanes = 16;
  const double* x = values.data();
  const std::size_t n = values.size();
  if (n < 4 * lanes) {  // a short column: one sum, without the setup of the partial sums
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += x[i];
    return std::isfinite(sum) || count_nonfinite(values).count == 0;
  }
  double partial[lanes] = {};
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes)
    for (std::size_t k = 0; k < lanes; ++k) partial[k] += x[i + k];
  for (; i < n; ++i) partial[0] += x[i];
  double sum = 0.0;
  for (double p : partial) sum += p;
  return std::isfinite(sum) || count_nonfinite(values).count == 0;
}

nonfinite_count count_nonfinite(std::span<const double> values) {
  nonfinite_count out;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]) && out.count++ == 0) out.first = i;
  return out;
}

}  // namespace plastix
