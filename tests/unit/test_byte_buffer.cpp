// core/byte_buffer.hpp: the block of bytes MPI gathers state into.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <utility>

#include "plastix/core/byte_buffer.hpp"

using namespace plastix;

TEST(byte_buffer, holds_what_is_written_and_starts_on_a_huge_page_boundary) {
  byte_buffer b;
  EXPECT_TRUE(b.empty());
  b.reset(5 << 20);  // 5 MB: three huge pages
  ASSERT_EQ(b.size(), std::size_t{5} << 20);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(b.data()) % (std::uintptr_t{2} << 20), 0u);
  std::memset(b.data(), 7, b.size());
  EXPECT_EQ(b.data()[0], 7);
  EXPECT_EQ(b.data()[b.size() - 1], 7);
}

TEST(byte_buffer, a_smaller_reset_keeps_the_memory_and_a_larger_one_maps_more) {
  byte_buffer b(1 << 20);
  char* first = b.data();
  b.data()[0] = 42;
  b.reset(1000);
  EXPECT_EQ(b.data(), first);  // the same memory: a gather into it touches nothing new
  EXPECT_EQ(b.data()[0], 42);
  EXPECT_EQ(b.size(), 1000u);
  b.reset(3 << 20);
  EXPECT_EQ(b.size(), std::size_t{3} << 20);
  b.data()[b.size() - 1] = 1;
}

TEST(byte_buffer, moves_its_memory) {
  byte_buffer a(100);
  a.data()[99] = 9;
  char* at = a.data();
  byte_buffer b(std::move(a));
  EXPECT_EQ(b.data(), at);
  EXPECT_EQ(b.data()[99], 9);
  EXPECT_EQ(a.size(), 0u);  // NOLINT: moved from, empty by definition
  a = std::move(b);
  EXPECT_EQ(a.data(), at);
}
