// Checks a projection's CSR rows, delay segments, transposed index and find() against a brute-force list of
// (pre, post, delay, weight) — shared by the structural plasticity and neurogenesis tests.
#pragma once
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "plastix/synapse/projection.hpp"

namespace plastix::test {

using synapse_tuple = std::tuple<std::uint32_t, std::uint32_t, std::int32_t, double>;  // pre, post, delay, weight

inline void expect_consistent(const projection& proj, const std::multiset<synapse_tuple>& expected) {
  const auto n_pre = static_cast<std::uint32_t>(proj.pre().size());
  const auto n_post = static_cast<std::uint32_t>(proj.post().size());
  ASSERT_EQ(proj.size(), expected.size());
  std::multiset<synapse_tuple> stored;
  for (std::uint32_t j = 0; j < n_pre; ++j) {
    std::int32_t last_delay = -1;
    for (std::uint32_t s = proj.row_begin(j); s < proj.row_end(j); ++s) {
      const std::int32_t d = proj.delay(s);
      EXPECT_GE(d, last_delay) << "row " << j << " not sorted by delay";
      last_delay = d;
      EXPECT_EQ(proj.pre_of(s), j);
      stored.insert({j, proj.post_index()[s], d, proj.weights()[s]});
      const std::uint32_t found = proj.find(j, proj.post_index()[s], d);
      ASSERT_NE(found, new_synapse);
      EXPECT_EQ(proj.pre_of(found), j);
      EXPECT_EQ(proj.post_index()[found], proj.post_index()[s]);
      EXPECT_EQ(proj.delay(found), d);
    }
  }
  EXPECT_EQ(stored, expected);
  std::size_t seen = 0;
  for (std::uint32_t i = 0; i < n_post; ++i) {
    const auto syn = proj.incoming(i);
    for (std::size_t k = 0; k < syn.size(); ++k) {
      EXPECT_EQ(proj.post_index()[syn[k]], i);
      EXPECT_EQ(proj.pre_of(syn[k]), syn.pre(k));
      EXPECT_EQ(proj.delay_values()[proj.incoming_slot(i, k)], proj.delay(syn[k]));
      if (k > 0) {
        EXPECT_LT(syn[k - 1], syn[k]);
      }
    }
    seen += syn.size();
  }
  EXPECT_EQ(seen, proj.size());
}

}  // namespace plastix::test
