#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "plastix/core/counting_sort.hpp"
#include "plastix/core/random.hpp"

using namespace plastix;

namespace {
struct item {
  std::uint32_t a, b, c, id;  // keys a (most significant) to c, and the original position
};
}  // namespace

// Construction relies on this: passes from the least significant key give the order of one stable sort on the
// combined key, ties (equal a, b, c: multapses) in their original order.
TEST(counting_sort, passes_from_the_least_significant_key_equal_one_stable_sort_on_the_combined_key) {
  random_stream rs(11, {purpose::user, 0, 0});
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<item> v(2000);
    for (std::uint32_t k = 0; k < v.size(); ++k)
      v[k] = {static_cast<std::uint32_t>(rs.below(13)), static_cast<std::uint32_t>(rs.below(5)),
              static_cast<std::uint32_t>(rs.below(7)), k};
    std::vector<item> want = v;
    std::stable_sort(want.begin(), want.end(), [](const item& x, const item& y) {
      return std::tie(x.a, x.b, x.c) < std::tie(y.a, y.b, y.c);
    });
    counting_sort(v, 7, [](const item& x) { return x.c; });
    counting_sort(v, 5, [](const item& x) { return x.b; });
    counting_sort(v, 13, [](const item& x) { return x.a; });
    for (std::size_t k = 0; k < v.size(); ++k) ASSERT_EQ(v[k].id, want[k].id) << "position " << k;
  }
}

TEST(counting_sort, an_empty_list_and_unused_keys_are_fine) {
  std::vector<item> v;
  counting_sort(v, 3, [](const item& x) { return x.a; });
  EXPECT_TRUE(v.empty());
  v = {{4, 0, 0, 0}, {0, 0, 0, 1}, {4, 0, 0, 2}};
  counting_sort(v, 9, [](const item& x) { return x.a; });
  EXPECT_EQ(v[0].id, 1u);
  EXPECT_EQ(v[1].id, 0u);
  EXPECT_EQ(v[2].id, 2u);
}
