// Helpers shared by the sweep tests (test_checkpoint_sweep.cpp, test_sweep_jobs.cpp): ltp_ltd_frequency.toml
// shortened to 8 points of a calcium rule, a scratch directory, and a bitwise comparison of two sweeps' results.
#pragma once
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

namespace sweep_check {

inline const std::string ltp_ltd = std::string(PLASTIX_SOURCE_DIR) + "/experiments/ltp_ltd_frequency.toml";

// A file `name` in a directory of this test process (`test`: the test file's name) under the temporary directory.
inline std::filesystem::path scratch(const std::string& test, const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("plastix_test_" + test + "_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

// The tables, metrics, counts, phases and kept recordings of two sweeps are bitwise the same.
inline void expect_same_sweep(const plastix::run_results& a, const plastix::run_results& b) {
  EXPECT_EQ(a.experiment, b.experiment);
  ASSERT_EQ(a.tables.size(), b.tables.size());
  for (const auto& [name, t] : a.tables) {
    const plastix::table& u = b.tables.at(name);
    EXPECT_EQ(t.columns, u.columns) << name;
    ASSERT_EQ(t.data.size(), u.data.size()) << name;
    for (std::size_t c = 0; c < t.data.size(); ++c) EXPECT_TRUE(same_bits(t.data[c], u.data[c])) << name << " " << c;
    EXPECT_EQ(t.labels, u.labels) << name;
  }
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  for (const auto& [k, v] : a.metrics) EXPECT_TRUE(same_bits({v}, {b.metrics.at(k)})) << k;
  EXPECT_EQ(a.spike_count, b.spike_count);
  EXPECT_TRUE(same_bits({a.bio_time}, {b.bio_time}));
  EXPECT_EQ(a.phases, b.phases);
  ASSERT_EQ(a.states.size(), b.states.size());
  for (std::size_t k = 0; k < a.states.size(); ++k) EXPECT_TRUE(same_bits(a.states[k].values, b.states[k].values));
  ASSERT_EQ(a.weights.size(), b.weights.size());
  for (std::size_t k = 0; k < a.weights.size(); ++k) EXPECT_TRUE(same_bits(a.weights[k].values, b.weights[k].values));
}

// ltp_ltd_frequency shortened (2 s induction, 4 tetanus pulses), with `extra` overrides.
struct shortened {
  std::vector<std::string> overrides;
  plastix::experiment_spec spec;
  plastix::respecify_fn respecify;
  explicit shortened(std::vector<std::string> extra) : overrides(std::move(extra)) {
    overrides.push_back("experiment.dt=0.1 ms");  // the step counts below (the file runs at 0.2 ms)
    overrides.push_back("phase.induction.duration=2 s");
    overrides.push_back("protocol.tetanus.n=4");
    spec = plastix::load_experiment(ltp_ltd, overrides);
    respecify = [this](const std::vector<std::string>& more) {
      std::vector<std::string> all = overrides;
      all.insert(all.end(), more.begin(), more.end());
      return plastix::load_experiment(ltp_ltd, all);
    };
  }
};

}  // namespace sweep_check
