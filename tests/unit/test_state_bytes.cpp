// A state archive as bytes and back (core/state_visitor.hpp): how MPI processes that share out a sweep's points send
// each point's results (docs/parallel.md).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
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

TEST(state_views, saving_with_views_points_at_the_fixed_arrays_and_copies_the_rest) {
  std::vector<double> weights{0.5, 1.5, 2.5};
  std::vector<std::vector<std::uint32_t>> ring{{1, 2}, {}};
  std::int64_t step = 7;
  state_archive a;
  {
    state_visitor v(a, false, state_visitor::views);
    v.fixed("weights", weights);
    v.nested("ring", ring);
    v.scalar("step", step);
  }
  const auto& w = a.entries.at("weights");
  EXPECT_EQ(w.data(), reinterpret_cast<char*>(weights.data()));  // no copy
  EXPECT_TRUE(w.bytes.empty());
  EXPECT_EQ(a.entries.at("step").view, nullptr);  // a scalar is copied (its vector is the visitor's own)
  EXPECT_EQ(a.entries.at("ring.values").view, nullptr);
  // What an MPI gather does between the two visits: another rank's values written in place, and into the copies.
  reinterpret_cast<double*>(a.entries.at("weights").data())[1] = -1.0;
  std::int64_t later = 9;
  std::memcpy(a.entries.at("step").data(), &later, sizeof later);
  {
    state_visitor v(a, true, state_visitor::views);
    v.fixed("weights", weights);
    v.nested("ring", ring);
    v.scalar("step", step);
  }
  EXPECT_EQ(weights, (std::vector<double>{0.5, -1.0, 2.5}));
  EXPECT_EQ(step, 9);
  EXPECT_EQ(ring, (std::vector<std::vector<std::uint32_t>>{{1, 2}, {}}));
  // The bytes of an archive of views are the arrays' values.
  const state_archive b = archive_from_bytes(archive_bytes(a));
  EXPECT_EQ(b.entries.at("weights").count, 3u);
  std::vector<double> read(3);
  std::memcpy(read.data(), b.entries.at("weights").bytes.data(), 3 * sizeof(double));
  EXPECT_EQ(read, weights);
}

TEST(state_views, loading_a_view_into_another_array_copies_it_and_checks_its_length) {
  std::vector<double> from{1.0, 2.0};
  state_archive a;
  {
    state_visitor v(a, false, state_visitor::views);
    v.fixed("x", from);
  }
  std::vector<double> to(2, 0.0), wrong(3, 0.0);
  {
    state_visitor v(a, true, state_visitor::views);
    v.fixed("x", to);
  }
  EXPECT_EQ(to, from);
  state_visitor v(a, true, state_visitor::views);
  EXPECT_THROW(v.fixed("x", wrong), error);
}
