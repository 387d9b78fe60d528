// Checkpoints of sweeps (docs/checkpoints.md): a sweep stopped inside a point or between two points and resumed from
// its checkpoint gives bitwise the tables, counts and kept point of the sweep that was never stopped (here
// experiments/ltp_ltd_frequency.toml, shortened: 8 points of a calcium rule; and with keep, the kept point's
// recordings come from the checkpoint once that point is done).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "plastix/io/config.hpp"
#include "plastix/io/resume.hpp"
#include "plastix/record/checkpoint_file.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/run_stopped.hpp"

using namespace plastix;

namespace {

const std::string ltp_ltd = std::string(PLASTIX_SOURCE_DIR) + "/experiments/ltp_ltd_frequency.toml";

std::filesystem::path scratch(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("plastix_test_checkpoint_sweep_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void expect_same_sweep(const run_results& a, const run_results& b) {
  ASSERT_EQ(a.tables.size(), b.tables.size());
  for (const auto& [name, t] : a.tables) {
    const table& u = b.tables.at(name);
    EXPECT_EQ(t.columns, u.columns) << name;
    ASSERT_EQ(t.data.size(), u.data.size()) << name;
    for (std::size_t c = 0; c < t.data.size(); ++c) EXPECT_TRUE(same_bits(t.data[c], u.data[c])) << name << " " << c;
    EXPECT_EQ(t.labels, u.labels) << name;
  }
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  for (const auto& [k, v] : a.metrics) EXPECT_TRUE(same_bits({v}, {b.metrics.at(k)})) << k;
  EXPECT_EQ(a.spike_count, b.spike_count);
  EXPECT_TRUE(same_bits({a.bio_time}, {b.bio_time}));
  EXPECT_EQ(a.experiment, b.experiment);
  EXPECT_EQ(a.phases, b.phases);
  ASSERT_EQ(a.states.size(), b.states.size());
  for (std::size_t k = 0; k < a.states.size(); ++k) EXPECT_TRUE(same_bits(a.states[k].values, b.states[k].values));
  ASSERT_EQ(a.weights.size(), b.weights.size());
  for (std::size_t k = 0; k < a.weights.size(); ++k) EXPECT_TRUE(same_bits(a.weights[k].values, b.weights[k].values));
}

struct shortened {
  std::vector<std::string> overrides;
  experiment_spec spec;
  respecify_fn respecify;
  explicit shortened(std::vector<std::string> extra) : overrides(std::move(extra)) {
    overrides.push_back("phase.induction.duration=2 s");
    overrides.push_back("protocol.tetanus.n=4");
    spec = load_experiment(ltp_ltd, overrides);
    respecify = [this](const std::vector<std::string>& more) {
      std::vector<std::string> all = overrides;
      all.insert(all.end(), more.begin(), more.end());
      return load_experiment(ltp_ltd, all);
    };
  }
};

// Stops the sweep at step `cut` of its clock (the steps of all its points), then resumes it from the checkpoint.
run_results cut_and_resume(const shortened& s, std::int64_t cut, const std::filesystem::path& file) {
  checkpoint_options o;
  o.file = file;
  o.stop_at_step = cut;
  EXPECT_THROW(run_sweep(s.spec, s.respecify, {}, {}, o), run_stopped);
  const checkpoint c = read_checkpoint(file);
  EXPECT_FALSE(c.header.sweep_point.empty());
  return run_sweep(resume_spec(c), s.respecify, {}, {}, {}, &c);
}

}  // namespace

TEST(checkpoint_sweep, a_sweep_stopped_inside_a_point_or_between_points_resumes_to_bitwise_the_same_tables) {
  const shortened s({});
  const run_results whole = run_sweep(s.spec, s.respecify);
  const std::int64_t point = 20000;  // steps of one point (2 s at 0.1 ms)
  for (const std::int64_t cut : {std::int64_t{1}, point, 3 * point + 777, 8 * point - 1}) {
    SCOPED_TRACE("cut at step " + std::to_string(cut));
    expect_same_sweep(whole, cut_and_resume(s, cut, scratch("sweep.h5")));
  }
}

TEST(checkpoint_sweep, the_kept_point_is_saved_with_the_sweep_once_done_and_resumes_with_its_recordings) {
  const shortened s({"sweep.keep=2"});
  const run_results whole = run_sweep(s.spec, s.respecify);
  for (const std::int64_t cut : {std::int64_t{2 * 20000 + 5}, std::int64_t{3 * 20000}, std::int64_t{5 * 20000 + 1}}) {
    SCOPED_TRACE("cut at step " + std::to_string(cut));
    expect_same_sweep(whole, cut_and_resume(s, cut, scratch("kept.h5")));
  }
}

TEST(checkpoint_sweep, a_checkpoint_between_points_names_the_next_point) {
  const shortened s({});
  checkpoint_options o;
  o.file = scratch("between.h5");
  o.stop_at_step = 2 * 20000;
  EXPECT_THROW(run_sweep(s.spec, s.respecify, {}, {}, o), run_stopped);
  const checkpoint c = read_checkpoint(o.file);
  EXPECT_EQ(c.header.sweep_point, "before sweep point 3 of 8");
}
