// experiments/clopath_frequency.toml reproduces the frequency dependence of Clopath et al. 2010 (Fig. 2b; the
// published protocol: 5 pairings repeated 15 times at 0.1 Hz) /
// Sjöström, Turrigiano & Nelson 2001: pre-before-post potentiation grows with the pairing frequency; post-before-pre
// depresses at low frequency and potentiates at 40–50 Hz.
#include <gtest/gtest.h>

#include <cmath>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

TEST(clopath_frequency, voltage_rule_reproduces_sjostrom_frequency_dependence) {
  const run_results r = run_ready("clopath_frequency");
  const table& t = r.tables.at("frequency");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"freq_hz", "dt_ms", "dw_rel"}));
  ASSERT_EQ(t.data[0].size(), 10u);
  auto dw = [&](double f, double dt) {
    for (std::size_t k = 0; k < t.data[0].size(); ++k)
      if (t.data[0][k] == f && t.data[1][k] == dt) return t.data[2][k];
    ADD_FAILURE() << "no row " << f << " Hz, " << dt << " ms";
    return 0.0;
  };
  // 0.1 Hz: pre-before-post leaves the weight about unchanged (the delayed ū+ is still at rest when the post spike
  // comes; Sjöström: no LTP at low frequency); post-before-pre depresses (Sjöström: about −20 to −30 %; tolerance:
  // between −10 and −50 %).
  EXPECT_LT(std::fabs(dw(0.1, 10)), 0.05);
  EXPECT_LT(dw(0.1, -10), -0.10);
  EXPECT_GT(dw(0.1, -10), -0.50);
  // Pre-before-post potentiation grows with frequency (strictly, point by point).
  EXPECT_LT(dw(0.1, 10), dw(10, 10));
  EXPECT_LT(dw(10, 10), dw(20, 10));
  EXPECT_LT(dw(20, 10), dw(40, 10));
  EXPECT_LE(dw(40, 10), dw(50, 10));
  // Post-before-pre: depression at 0.1–20 Hz (at least −10 %), which turns into potentiation at high frequency:
  // up by at least 10 points from 20 to 40 Hz and again from 40 to 50 Hz.
  for (double f : {0.1, 10.0, 20.0}) EXPECT_LT(dw(f, -10), -0.10) << f << " Hz";
  EXPECT_GT(dw(40, -10), dw(20, -10) + 0.10);
  EXPECT_GT(dw(50, -10), dw(40, -10) + 0.10);
  // 50 Hz: both orders potentiate by more than 10 % (Sjöström: roughly +20 to +60 %); 40 Hz pre-before-post too.
  EXPECT_GT(dw(50, 10), 0.10);
  EXPECT_GT(dw(50, -10), 0.10);
  EXPECT_GT(dw(40, 10), 0.10);
  // The high-frequency LTP against the paper's Fig. 2b (the published protocol, the reference code's neuron): pre-
  // before-post +48 % at 40 Hz and +67 % at 50 Hz there; measured +42 % and +60 % (within 0.1). Post-before-pre at
  // 50 Hz: +76 % there, +43 % here (at least +30 %).
  EXPECT_NEAR(dw(40, 10), 0.483, 0.1);
  EXPECT_NEAR(dw(50, 10), 0.672, 0.1);
  EXPECT_GT(dw(50, -10), 0.30);
}
