// A state archive as bytes and back (core/state_visitor.hpp): how MPI processes that share out a sweep's points send
// each point's results (docs/parallel.md).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/core/state_visitor.hpp"

using namespace plastix;

namespace {

state_archive sample_archive() {
  state_archive a;
  state_visitor v(a, false);
  std::vector<double> weights{0.5, -1.25, 1e-300};
  std::vector<std::uint16_t> post{3, 0, 65535};
  std::vector<std::string> names{"exc", "", "inh"};
  std::vector<std::vector<double>> rows{{1.0}, {}, {2.0, 3.0}};
  std::int64_t step = -42;
  std::string empty;
  v.fixed("weights", weights);
  v.fixed("post", post);
  v.strings("names", names);
  v.nested("rows", rows);
  v.scalar("step", step);
  v.text("empty", empty);
  std::vector<double> none;
  v.resizable("none", none);
  return a;
}

}  // namespace

TEST(state_bytes, an_archive_read_back_from_its_bytes_has_every_entry_with_its_type_count_and_bytes) {
  const state_archive a = sample_archive();
  const state_archive b = archive_from_bytes(archive_bytes(a));
  ASSERT_EQ(a.entries.size(), b.entries.size());
  for (const auto& [name, e] : a.entries) {
    SCOPED_TRACE(name);
    ASSERT_EQ(b.entries.count(name), 1u);
    const auto& f = b.entries.at(name);
    EXPECT_EQ(e.type, f.type);
    EXPECT_EQ(e.count, f.count);
    EXPECT_EQ(e.bytes, f.bytes);
  }
  state_archive copy = b;
  state_visitor v(copy, true);
  std::vector<std::vector<double>> rows;
  v.nested("rows", rows);
  EXPECT_EQ(rows, (std::vector<std::vector<double>>{{1.0}, {}, {2.0, 3.0}}));
}

TEST(state_bytes, an_empty_archive_is_eight_bytes_and_reads_back_empty) {
  const std::vector<char> bytes = archive_bytes(state_archive{});
  EXPECT_EQ(bytes.size(), 8u);
  EXPECT_TRUE(archive_from_bytes(bytes).entries.empty());
}

TEST(state_bytes, bytes_cut_short_or_with_more_at_the_end_are_refused) {
  const std::vector<char> bytes = archive_bytes(sample_archive());
  for (const std::size_t cut : {std::size_t{0}, std::size_t{7}, std::size_t{20}, bytes.size() - 1}) {
    SCOPED_TRACE(cut);
    EXPECT_THROW(archive_from_bytes(std::span<const char>(bytes.data(), cut)), error);
  }
  std::vector<char> longer = bytes;
  longer.push_back('x');
  EXPECT_THROW(archive_from_bytes(longer), error);
}
