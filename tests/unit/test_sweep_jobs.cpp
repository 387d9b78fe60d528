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
#include "sweep_check.hpp"

using namespace plastix;

namespace {

using sweep_check::expect_same_sweep;
using sweep_check::shortened;

constexpr std::int64_t point_steps = 20000;  // steps of one point (2 s at 0.1 ms)

std::filesystem::path scratch(const std::string& name) { return sweep_check::scratch("sweep_jobs", name); }

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
