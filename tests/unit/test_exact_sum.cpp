// core/exact_sum.hpp: the sum of doubles is exact until one rounding at the end, so it does not depend on the order
// of the terms, and sums of parts merged (also through the words sent between processes) equal the sum of the whole.
// The reference is a different method: Shewchuk's partials with Python math.fsum's final rounding, written out here.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "plastix/core/exact_sum.hpp"

using namespace plastix;

namespace {

// Shewchuk (1997) "Adaptive precision floating-point arithmetic": non-overlapping partials whose sum is exact; then
// rounded to nearest, ties to even, as CPython's math.fsum does (its half-way correction). Needs no overflow.
double fsum_reference(const std::vector<double>& xs) {
  std::vector<double> partials;
  for (double x : xs) {
    std::size_t i = 0;
    for (double y : partials) {
      if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
      const double hi = x + y;
      const double lo = y - (hi - x);
      if (lo != 0.0) partials[i++] = lo;
      x = hi;
    }
    partials.resize(i);
    partials.push_back(x);
  }
  std::size_t n = partials.size();
  double hi = 0.0, lo = 0.0;
  if (n == 0) return 0.0;
  hi = partials[--n];
  while (n > 0) {
    const double x = hi, y = partials[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo != 0.0) break;
  }
  if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
    const double y = lo * 2.0, x = hi + y;
    if (y == x - hi) hi = x;
  }
  return hi;
}

double exact(const std::vector<double>& xs) {
  exact_sum s;
  s.add(xs);
  return s.value();
}

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// Terms of wildly different magnitudes and signs, subnormals and exact cancellations among them.
std::vector<double> awkward_terms(std::mt19937_64& rng, std::size_t n) {
  std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-1080, 900), pick(0, 9);
  std::vector<double> xs;
  for (std::size_t k = 0; k < n; ++k) {
    const int what = pick(rng);
    if (what == 0 && !xs.empty()) xs.push_back(-xs[rng() % xs.size()]);        // cancels an earlier term
    else if (what <= 2) xs.push_back(std::ldexp(mantissa(rng), -1070 + pick(rng)));  // subnormal
    else if (what <= 5) xs.push_back(mantissa(rng) * 1e-3);                    // weights' scale
    else xs.push_back(std::ldexp(mantissa(rng), exponent(rng)));
  }
  return xs;
}

}  // namespace

TEST(exact_sum, sums_exactly_where_plain_addition_loses_the_small_terms) {
  EXPECT_EQ(exact({1e16, 1.0, -1e16}), 1.0);
  EXPECT_EQ(exact({1.0, 1e100, 1.0, -1e100}), 2.0);
  EXPECT_EQ(exact(std::vector<double>(10, 0.1)), 1.0);  // plain addition: 0.9999999999999999
  EXPECT_EQ(exact({}), 0.0);
  EXPECT_EQ(exact({0.0, -0.0}), 0.0);
  EXPECT_EQ(exact({-2.5}), -2.5);
  EXPECT_EQ(exact({std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::denorm_min()}),
            2 * std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(exact({DBL_MIN, -std::numeric_limits<double>::denorm_min()}),
            std::nextafter(DBL_MIN, 0.0));  // the largest subnormal
}

TEST(exact_sum, rounds_once_to_nearest_with_ties_to_even) {
  const double half_ulp = std::ldexp(1.0, -53);  // half an ulp of 1
  EXPECT_EQ(exact({1.0, half_ulp}), 1.0);                                   // a tie: to even (1)
  EXPECT_EQ(exact({1.0 + 2 * half_ulp, half_ulp}), 1.0 + 4 * half_ulp);     // a tie: to even (up)
  EXPECT_EQ(exact({1.0, half_ulp, std::ldexp(1.0, -300)}), 1.0 + 2 * half_ulp);  // just above the tie: up
  EXPECT_EQ(exact({1.0, half_ulp, -std::ldexp(1.0, -1074)}), 1.0);          // just below it: down
  EXPECT_EQ(exact({-1.0, -half_ulp, -std::ldexp(1.0, -300)}), -1.0 - 2 * half_ulp);
}

TEST(exact_sum, agrees_with_an_independent_correctly_rounded_sum_on_awkward_terms) {
  std::mt19937_64 rng(20261205);
  for (int trial = 0; trial < 300; ++trial) {
    const std::vector<double> xs = awkward_terms(rng, 1 + rng() % 60);
    EXPECT_EQ(bits(exact(xs)), bits(fsum_reference(xs) + 0.0)) << "trial " << trial;  // + 0.0: −0 as +0
  }
}

TEST(exact_sum, the_order_of_the_terms_and_how_they_are_split_and_merged_do_not_change_a_bit) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<double> xs = awkward_terms(rng, 200);
    const double whole = exact(xs);
    std::shuffle(xs.begin(), xs.end(), rng);
    EXPECT_EQ(bits(exact(xs)), bits(whole));
    // K parts, each summed on its own, merged in some order — also after a trip through the words processes send.
    const std::size_t k = 1 + rng() % 5;
    std::vector<exact_sum> parts(k);
    for (std::size_t i = 0; i < xs.size(); ++i) parts[rng() % k].add(xs[i]);
    exact_sum merged;
    for (std::size_t p = k; p-- > 0;) {
      const auto words = parts[p].to_words();
      merged.merge(exact_sum::from_words(words));
    }
    EXPECT_EQ(bits(merged.value()), bits(whole)) << "trial " << trial << ", " << k << " parts";
  }
}

TEST(exact_sum, many_equal_terms_carry_without_loss) {
  exact_sum s;
  for (int i = 0; i < 3'000'000; ++i) s.add(0.75);
  EXPECT_EQ(s.value(), 2'250'000.0);
  for (int i = 0; i < 3'000'000; ++i) s.add(-std::numeric_limits<double>::max() / 4);
  for (int i = 0; i < 3'000'000; ++i) s.add(std::numeric_limits<double>::max() / 4);
  EXPECT_EQ(s.value(), 2'250'000.0);  // far past the doubles in between, and back
}

TEST(exact_sum, beyond_the_largest_double_is_infinite_and_special_terms_sum_as_usual) {
  const double big = std::numeric_limits<double>::max();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(exact({big, big}), inf);
  EXPECT_EQ(exact({-big, -big}), -inf);
  EXPECT_EQ(exact({big, big, -big}), big);  // exact in between
  EXPECT_EQ(exact({1.0, inf}), inf);
  EXPECT_EQ(exact({1.0, -inf, 2.0}), -inf);
  EXPECT_TRUE(std::isnan(exact({inf, -inf})));
  EXPECT_TRUE(std::isnan(exact({1.0, std::nan("")})));
}

TEST(exact_sum, a_long_list_summed_by_binades_gives_the_same_bits_as_term_by_term) {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 10; ++trial) {
    const std::vector<double> xs = awkward_terms(rng, 5000 + rng() % 20000);  // past the binned path's threshold
    exact_sum by_terms;
    for (const double x : xs) by_terms.add(x);
    exact_sum by_binades;
    by_binades.add(xs);
    EXPECT_EQ(bits(by_binades.value()), bits(by_terms.value())) << "trial " << trial;
    EXPECT_EQ(bits(by_binades.value()), bits(fsum_reference(xs) + 0.0)) << "trial " << trial;
  }
  std::vector<double> weights(1'000'000, 0.6);  // one binade: a single addition at the end
  for (std::size_t s = 0; s < weights.size(); s += 3) weights[s] = -1e-300;
  exact_sum w;
  w.add(weights);
  exact_sum one_by_one;
  for (const double x : weights) one_by_one.add(x);
  EXPECT_EQ(bits(w.value()), bits(one_by_one.value()));
}
