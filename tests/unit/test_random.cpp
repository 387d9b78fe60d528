#include <gtest/gtest.h>

#include <cmath>

#include "plastix/core/random.hpp"

using namespace plastix;

// Known-answer vectors of Philox4x32-10 from the Random123 distribution (kat_vectors).
TEST(random, philox_known_answers) {
  using arr = std::array<std::uint32_t, 4>;
  EXPECT_EQ(philox4x32({0, 0, 0, 0}, 0), (arr{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}));
  EXPECT_EQ(philox4x32({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, 0xffffffffffffffffull),
            (arr{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}));
  EXPECT_EQ(philox4x32({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, 0x299f31d0a4093822ull),
            (arr{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}));
}

TEST(random, streams_are_pure_functions_of_seed_key_and_position) {
  const stream_key k{purpose::poisson, 3, 17};
  EXPECT_EQ(uniform_at(42, k, 1000), uniform_at(42, k, 1000));
  EXPECT_NE(uniform_at(42, k, 1000), uniform_at(43, k, 1000));
  EXPECT_NE(uniform_at(42, k, 1000), uniform_at(42, {purpose::connect, 3, 17}, 1000));
  EXPECT_NE(uniform_at(42, k, 1000), uniform_at(42, {purpose::poisson, 4, 17}, 1000));
  EXPECT_NE(uniform_at(42, k, 1000), uniform_at(42, {purpose::poisson, 3, 18}, 1000));
  // A sequential stream restarted at a position reproduces the same numbers (order independence).
  random_stream a(7, k), b(7, k);
  std::vector<std::uint64_t> xs;
  for (int i = 0; i < 10; ++i) xs.push_back(a.next_u64());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(b.next_u64(), xs[static_cast<std::size_t>(i)]);
}

TEST(random, uniform_and_normal_moments) {
  random_stream rs(1, {purpose::user, 0, 0});
  const int n = 200000;
  double s = 0, s2 = 0, z = 0, z2 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rs.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    s += u;
    s2 += u * u;
    const double g = rs.normal();
    z += g;
    z2 += g * g;
  }
  // Tolerances: 5 standard errors.
  EXPECT_NEAR(s / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(s2 / n - (s / n) * (s / n), 1.0 / 12, 0.002);
  EXPECT_NEAR(z / n, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(z2 / n, 1.0, 5 * std::sqrt(2.0 / n));
  std::vector<int> counts(10, 0);
  for (int i = 0; i < 100000; ++i) ++counts[rs.below(10)];
  for (int c : counts) EXPECT_NEAR(c, 10000, 5 * std::sqrt(10000 * 0.9));
}
