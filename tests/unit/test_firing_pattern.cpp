// The firing_pattern analysis's measures and classes (sim/firing_pattern.hpp) on spike trains built by hand, one
// per class of its criterion, with the values worked out beside them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "plastix/sim/firing_pattern.hpp"

using namespace plastix;

namespace {

// Spike times [ms] from a first spike and the ISIs that follow it.
std::vector<double> train(double first, const std::vector<double>& isis) {
  std::vector<double> t{first};
  for (double i : isis) t.push_back(t.back() + i);
  return t;
}

// n copies of the ISIs in `period`, one after the other.
std::vector<double> repeated(const std::vector<double>& period, std::size_t n) {
  std::vector<double> out;
  for (std::size_t k = 0; k < n; ++k) out.insert(out.end(), period.begin(), period.end());
  return out;
}

std::string class_of(const std::vector<double>& t, double duration = 800.0) {
  return pattern_names()[classify_firing(t, duration).pattern];
}

}  // namespace

TEST(firing_pattern, measures_spikes_latency_isis_and_the_adaptation_index_of_a_train) {
  // 10 ms, then ISIs 10, 20, 30, 40: the steady state (second half, from 400 ms) has none.
  const firing_pattern f = classify_firing(train(10.0, {10.0, 20.0, 30.0, 40.0}), 800.0);
  EXPECT_EQ(f.spikes, 5.0);
  EXPECT_EQ(f.latency_ms, 10.0);
  EXPECT_EQ(f.isi_first_ms, 10.0);
  EXPECT_EQ(f.isi_steady_ms, 0.0);  // undefined: 0
  EXPECT_EQ(f.isi_jump, 2.0);  // 20/10
  // 4 ISIs: k = min(4, 4/5) = 0 left out; A = (10/30 + 10/50 + 10/70)/3.
  EXPECT_DOUBLE_EQ(f.adaptation_index, (10.0 / 30.0 + 10.0 / 50.0 + 10.0 / 70.0) / 3.0);
  EXPECT_EQ(pattern_names()[f.pattern], "transient");
}

TEST(firing_pattern, classifies_a_train_of_each_class_by_its_stated_criterion) {
  EXPECT_EQ(class_of({}), "silent");
  EXPECT_EQ(class_of({30.0}), "transient");
  EXPECT_EQ(class_of(train(15.0, std::vector<double>(78, 10.0))), "tonic");
  // ISIs growing from 10 to 76 ms, each at most 1.6× the one before: adapting (ratio 7.6), no initial burst.
  std::vector<double> adapting{10.0, 14.0, 20.0, 30.0, 48.0};
  for (int k = 0; k < 8; ++k) adapting.push_back(76.0);
  EXPECT_EQ(class_of(train(15.0, adapting)), "adapting");
  // Two fast ISIs, then a pause 7× the second and a regular train: an initial burst.
  std::vector<double> burst{4.0, 8.0, 56.0};
  for (int k = 0; k < 10; ++k) burst.push_back(64.0);
  EXPECT_EQ(class_of(train(6.0, burst)), "initial burst");
  // ISIs shrinking from 21 to 13 ms, first spike at 34 ms (> 2 × 13): delayed accelerating.
  std::vector<double> accelerating;
  for (int k = 0; k < 50; ++k) accelerating.push_back(std::max(13.0, 21.0 - 0.5 * k));
  EXPECT_EQ(class_of(train(34.0, accelerating)), "delayed accelerating");
  EXPECT_EQ(class_of(train(10.0, accelerating)), "accelerating");
  // Bursts of two spikes 6 ms apart every 139 ms: regular bursting; of four, starting late: delayed.
  EXPECT_EQ(class_of(train(16.0, repeated({6.0, 133.0}, 5))), "regular bursting");
  EXPECT_EQ(class_of(train(58.0, repeated({3.7, 4.9, 7.9, 55.0}, 10))), "delayed regular bursting");
  // Bimodal ISIs without a period (within 10 % of the mean ISI): irregular.
  EXPECT_EQ(class_of(train(16.0, {4.0, 5.0, 7.0, 15.0, 30.0, 8.0, 30.0, 9.0, 31.0, 8.0, 28.0, 9.0, 34.0, 8.0, 22.0,
                                  12.0, 37.0, 7.0, 19.0, 19.0, 18.0, 20.0, 15.0, 30.0, 9.0, 25.0, 11.0, 33.0, 6.0,
                                  21.0, 17.0, 29.0, 8.0, 36.0, 10.0, 24.0, 14.0, 31.0, 7.0, 26.0, 12.0})),
            "irregular");
}
