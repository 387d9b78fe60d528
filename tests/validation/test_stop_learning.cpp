// The ready experiment stop_learning (docs/equations.md, "A rule that is not built in"): the bistable synapse with a
// calcium stop-learning variable of Brader, Senn & Fusi 2007 (Neural Computation 19:2881), written as equations.
// Pre at 50 Hz for 300 ms onto neurons whose rate a teacher sets; 4000 synapses start DOWN (X = 0), 4000 UP (X = 1).
// Published behaviour, with the windows of the post neuron's calcium C ≈ ν_post·τ_C (τ_C = 60 ms): no transition
// while C is below both windows' lower bound (3: ν_post < 50 Hz); LTD while C is inside the narrow down window
// (3 < C < 4: ν_post ≈ 50–67 Hz, where the neuron is mostly below θ_V at a pre spike); LTP at higher rates (up window
// 3 < C < 13); and no transition at all once C is above both windows (ν_post > 217 Hz): learning stops.
// Transitions are rare (the rule learns slowly): the probabilities are fractions of 4000 synapses (binomial standard
// error about 0.003 at p = 0.03); the bounds below leave margins of several of them.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

TEST(stop_learning, ltd_at_moderate_ltp_at_high_post_rates_and_no_transition_once_calcium_is_above_both_windows) {
  namespace fs = std::filesystem;
  const fs::path cache = fs::temp_directory_path() / ("plastix-stop-learning-cache-" + std::to_string(::getpid()));
  ::setenv("PLASTIX_CACHE_DIR", cache.c_str(), 1);  // the compiled rule, removed below
  const run_results r = run_ready("stop_learning");
  fs::remove_all(cache);
  const table& t = r.tables.at("transitions");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"teacher_hz", "post_hz", "p_ltp", "p_ltd"}));
  const std::vector<double>&post = t.data[1], &ltp = t.data[2], &ltd = t.data[3];
  ASSERT_EQ(post.size(), 13u);
  double ltd_max = 0.0, ltd_max_at = 0.0, ltp_max = 0.0, ltp_max_at = 0.0;
  for (std::size_t k = 0; k < post.size(); ++k) {
    std::cout << "  post " << post[k] << " Hz: P(LTP) " << ltp[k] << ", P(LTD) " << ltd[k] << "\n";
    if (k > 0) EXPECT_GE(post[k], post[k - 1]) << "the teacher sets the post rate";
    if (ltd[k] > ltd_max) std::tie(ltd_max, ltd_max_at) = std::pair{ltd[k], post[k]};
    if (ltp[k] > ltp_max) std::tie(ltp_max, ltp_max_at) = std::pair{ltp[k], post[k]};
    if (post[k] < 40.0) {  // C below both windows (measured: 0 and 0)
      EXPECT_EQ(ltp[k], 0.0) << post[k] << " Hz";
      EXPECT_EQ(ltd[k], 0.0) << post[k] << " Hz";
    }
    if (post[k] < 60.0) EXPECT_EQ(ltp[k], 0.0) << post[k] << " Hz: v_post is rarely above θ_V";
    if (post[k] > 100.0) EXPECT_LT(ltd[k], 0.003) << post[k] << " Hz: C above the down window (measured 0)";
  }
  // LTD peaks inside the down window (measured 0.43 at 57 Hz); LTP at higher rates (measured 0.032 at 90 Hz).
  EXPECT_GT(ltd_max, 0.2);
  EXPECT_GT(ltd_max_at, 45.0);
  EXPECT_LT(ltd_max_at, 70.0);
  EXPECT_GT(ltp_max, 0.015);
  EXPECT_GT(ltp_max_at, ltd_max_at);
  // Stop learning: at the highest rate (C ≈ 15 > θ_up_h = 13) nothing switches (measured 0 of 8000).
  EXPECT_GT(post.back(), 230.0);
  EXPECT_LT(ltp.back(), 0.002);
  EXPECT_LT(ltd.back(), 0.002);
}
