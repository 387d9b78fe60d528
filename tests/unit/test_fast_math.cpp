#include <gtest/gtest.h>

#include <cmath>

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
