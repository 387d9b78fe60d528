// core/huge_pages.hpp: large synapse arrays get their memory advised for huge pages before it is written; their
// values are those std::vector's assign and resize give.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "plastix/core/huge_pages.hpp"

using namespace plastix;

TEST(huge_pages, assign_gives_the_values_of_vector_assign_below_and_above_the_huge_size) {
  for (const std::size_t n : {std::size_t{10}, huge_array_bytes / sizeof(double) + 3}) {
    std::vector<double> v{1.0, 2.0};
    assign_huge(v, n, 0.25);
    EXPECT_EQ(v, std::vector<double>(n, 0.25));
  }
  std::vector<std::uint16_t> narrow;
  assign_huge(narrow, huge_array_bytes, std::uint16_t{7});
  EXPECT_EQ(narrow.size(), huge_array_bytes);
  EXPECT_EQ(narrow.front(), 7);
  EXPECT_EQ(narrow.back(), 7);
}

TEST(huge_pages, resize_keeps_the_values_and_value_initialises_the_new_ones) {
  const std::size_t big = huge_array_bytes / sizeof(std::uint32_t) + 5;
  std::vector<std::uint32_t> v{4, 5, 6};
  resize_huge(v, big);
  ASSERT_EQ(v.size(), big);
  EXPECT_EQ(v[0], 4u);
  EXPECT_EQ(v[2], 6u);
  EXPECT_EQ(v[3], 0u);
  EXPECT_EQ(v.back(), 0u);
  resize_huge(v, 2);  // smaller: as resize
  EXPECT_EQ(v, (std::vector<std::uint32_t>{4, 5}));
}

TEST(huge_pages, advice_on_any_range_is_harmless) {
  std::vector<char> bytes(100);
  advise_huge_pages(bytes.data() + 1, 50);  // inside one page: nothing to advise
  advise_huge_pages(nullptr, 0);
  bytes[99] = 1;
  EXPECT_EQ(bytes[99], 1);
}
