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
#include "sweep_check.hpp"

using namespace plastix;

namespace {

using sweep_check::expect_same_sweep;
using sweep_check::shortened;

std::filesystem::path scratch(const std::string& name) { return sweep_check::scratch("checkpoint_sweep", name); }

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
