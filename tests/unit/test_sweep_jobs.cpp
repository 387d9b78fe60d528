// Parallel sweeps (docs/parallel.md): run_sweep with 2 or 3 jobs gives bitwise the tables, counts and kept point of
// one job; a sweep checkpointed with 2 jobs resumes with 1 or 3 bitwise; a stop asked while points run in parallel
// stops them and names the first (experiments/ltp_ltd_frequency.toml shortened: 8 points of a calcium rule).
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "plastix/io/config.hpp"
#include "plastix/io/resume.hpp"
#include "plastix/record/checkpoint_file.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/point_schedule.hpp"
#include "plastix/sim/run_stopped.hpp"

using namespace plastix;

namespace {

const std::string ltp_ltd = std::string(PLASTIX_SOURCE_DIR) + "/experiments/ltp_ltd_frequency.toml";
constexpr std::int64_t point_steps = 20000;  // steps of one point (2 s at 0.1 ms)

std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("plastix_test_sweep_jobs_" + std::to_string(::getpid()));
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

}  // namespace

TEST(sweep_jobs, two_or_three_jobs_give_bitwise_the_tables_counts_and_kept_point_of_one) {
  const shortened s({"sweep.keep=2"});
  const run_results one = run_sweep(s.spec, s.respecify, {}, {}, {}, nullptr, 1);
  for (const unsigned jobs : {2u, 3u}) {
    SCOPED_TRACE(std::to_string(jobs) + " jobs");
    expect_same_sweep(one, run_sweep(s.spec, s.respecify, {}, {}, {}, nullptr, jobs));
  }
}

TEST(sweep_jobs, a_sweep_checkpointed_with_two_jobs_resumes_with_one_or_three_bitwise) {
  const shortened s({});
  const run_results whole = run_sweep(s.spec, s.respecify);
  checkpoint_options o;
  o.file = scratch("two_jobs.h5");
  o.stop_at_step = 3 * point_steps + 777;  // inside point 4: with 2 jobs, the checkpoint after it
  EXPECT_THROW(run_sweep(s.spec, s.respecify, {}, {}, o, nullptr, 2), run_stopped);
  const checkpoint c = read_checkpoint(o.file);
  EXPECT_EQ(c.header.sweep_point, "before sweep point 5 of 8");
  for (const unsigned jobs : {1u, 3u}) {
    SCOPED_TRACE("resumed with " + std::to_string(jobs) + " jobs");
    expect_same_sweep(whole, run_sweep(resume_spec(c), s.respecify, {}, {}, {}, &c, jobs));
  }
}

TEST(sweep_jobs, a_checkpoint_inside_a_point_resumes_with_three_jobs_bitwise) {
  const shortened s({});
  const run_results whole = run_sweep(s.spec, s.respecify);
  checkpoint_options o;
  o.file = scratch("inside.h5");
  o.stop_at_step = 2 * point_steps + 4321;  // inside point 3, one job
  EXPECT_THROW(run_sweep(s.spec, s.respecify, {}, {}, o, nullptr, 1), run_stopped);
  const checkpoint c = read_checkpoint(o.file);
  EXPECT_EQ(c.header.sweep_point.rfind("sweep point 3 of 8", 0), 0u) << c.header.sweep_point;
  expect_same_sweep(whole, run_sweep(resume_spec(c), s.respecify, {}, {}, {}, &c, 3));
}

TEST(sweep_jobs, a_stop_asked_while_points_run_in_parallel_stops_them_and_names_the_first) {
  const shortened s({});
  std::atomic<int> asked{0};
  const stop_fn stop = [&] {  // asked by the sweep's thread while the first points run: stop at once
    ++asked;
    return true;
  };
  try {
    run_sweep(s.spec, s.respecify, {}, stop, {}, nullptr, 2);
    FAIL() << "the sweep did not stop";
  } catch (const run_stopped& e) {
    EXPECT_TRUE(e.interrupted());
    const std::string what = e.what();
    // "sweep point k of 8 (...): interrupted at ..." (stopped inside point k), or "interrupted before sweep point k
    // of 8" when the stop came before point k started
    EXPECT_NE(what.find("interrupted"), std::string::npos) << what;
    ASSERT_NE(e.results(), nullptr);
    const double done = e.results()->metrics.at("sweep_points");  // the points merged before the one named
    EXPECT_NE(what.find("sweep point " + std::to_string(static_cast<int>(done) + 1) + " of 8"), std::string::npos)
        << what;
    EXPECT_GE(asked.load(), 1);
  }
}

TEST(sweep_jobs, the_default_is_at_least_one_job) { EXPECT_GE(default_jobs(), 1u); }
