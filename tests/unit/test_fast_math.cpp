#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "plastix/core/fast_math.hpp"
#include "plastix/core/random.hpp"

using namespace plastix;

TEST(fast_math, exp_agrees_with_libm_to_two_ulp) {
  random_stream rs(3, {purpose::user, 0, 0});
  for (int k = 0; k < 200000; ++k) {
    const double x = k < 100000 ? rs.uniform(-5.0, 5.0) : rs.uniform(-700.0, 700.0);
    const double want = std::exp(x), got = fast_exp(x);
    ASSERT_LE(std::fabs(got - want), 2.0 * std::fabs(std::nextafter(want, INFINITY) - want)) << "x = " << x;
  }
  EXPECT_EQ(fast_exp(0.0), 1.0);
  EXPECT_NEAR(fast_exp(-1e6), 0.0, 1e-300);
  EXPECT_GT(fast_exp(1e6), 1e307);
}

// Below −708 the argument counts as −708, above 709 as 709 (no subnormal or infinite results); NaN stays NaN.
// The bounds are applied to the result (fast_math.hpp), so check them at and just beyond the edges.
TEST(fast_math, exp_outside_its_range_takes_the_values_at_the_bounds) {
  const double at_min = fast_exp(-708.0), at_max = fast_exp(709.0);
  EXPECT_NEAR(at_min, std::exp(-708.0), 4e-16 * std::exp(-708.0));
  EXPECT_NEAR(at_max, std::exp(709.0), 4e-16 * std::exp(709.0));
  for (double x : {std::nextafter(-708.0, -1e9), -708.5, -1e6, -1e308, -double(INFINITY)}) EXPECT_EQ(fast_exp(x), at_min) << x;
  for (double x : {std::nextafter(709.0, 1e9), 709.5, 1e6, 1e308, double(INFINITY)}) EXPECT_EQ(fast_exp(x), at_max) << x;
  EXPECT_GT(fast_exp(std::nextafter(-708.0, 0.0)), at_min);
  EXPECT_LT(fast_exp(std::nextafter(709.0, 0.0)), at_max);
  EXPECT_TRUE(std::isnan(fast_exp(NAN)));
  // A loop over an array (vectorized) gives the same values as single calls.
  std::vector<double> x(1003), y(x.size());
  random_stream rs(5, {purpose::user, 0, 1});
  for (double& a : x) a = rs.uniform(-800.0, 800.0);
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = fast_exp(x[i]);
  for (std::size_t i = 0; i < x.size(); ++i) {
    volatile double xi = x[i];  // a single call on a value the compiler cannot see
    EXPECT_EQ(y[i], fast_exp(xi)) << x[i];
  }
}
