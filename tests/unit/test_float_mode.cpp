#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "plastix/core/float_mode.hpp"

using namespace plastix;

namespace {
// volatile: computed at run time, under the thread's current floating-point mode
double decayed(double x, double factor) {
  volatile double a = x, b = factor;
  return a * b;
}
}  // namespace

#if defined(__SSE2__)
TEST(float_mode, inside_the_time_loop_a_value_below_the_normal_range_is_exactly_zero) {
  const double tiny = std::numeric_limits<double>::min();  // the smallest normal double, 2.2e-308
  ASSERT_GT(decayed(tiny, 0.5), 0.0);                       // subnormal by default
  {
    const flush_subnormals no_subnormals;
    EXPECT_EQ(decayed(tiny, 0.5), 0.0);                       // flushed result
    EXPECT_EQ(decayed(tiny, 1.0), tiny);                      // normal values are untouched
    EXPECT_EQ(decayed(std::numeric_limits<double>::denorm_min(), 1e300), 0.0);  // a subnormal input reads as 0
  }
  EXPECT_GT(decayed(tiny, 0.5), 0.0);  // the caller's mode is back
}

TEST(float_mode, nested_scopes_restore_the_mode_each_one_found) {
  const double tiny = std::numeric_limits<double>::min();
  {
    const flush_subnormals outer;
    { const flush_subnormals inner; }
    EXPECT_EQ(decayed(tiny, 0.5), 0.0);  // still flushing after the inner scope ends
  }
  EXPECT_GT(decayed(tiny, 0.5), 0.0);
}
#endif
