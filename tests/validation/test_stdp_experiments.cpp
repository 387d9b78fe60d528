// The ready STDP experiments reproduce the published outcomes (shared/reference/models.md):
//   stdp_window:    Bi & Poo 1998 — LTP for post within ~20 ms after pre, LTD for post before pre, ≈ 0 at |Δt| = 100 ms.
//   stdp_frequency: Sjöström et al. 2001 / Pfister & Gerstner 2006 — at 0.1 Hz only post-before-pre changes the
//                   weight (depression); at 40–50 Hz both orders potentiate.
#include <gtest/gtest.h>

#include <cmath>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

using namespace plastix;

namespace {

run_results run_file(const std::string& name) {
  const std::string path = std::string(PLASTIX_SOURCE_DIR) + "/experiments/" + name;
  const experiment_spec spec = load_experiment(path);
  return run_sweep(spec, [&](const std::vector<std::string>& o) { return load_experiment(path, o); });
}

}  // namespace

TEST(stdp_window, matches_the_window_formula_and_bi_poo_outcome) {
  const run_results r = run_file("stdp_window.toml");
  const table& t = r.tables.at("stdp_window");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"dt_ms", "dw_rel"}));
  ASSERT_EQ(t.data[0].size(), 41u);
  // The file's parameters: 60 pairings, A+ = 0.0067 nS, A− = 0.0033 nS, τ+ 16.8 ms, τ− 33.7 ms, w0 0.5 nS; traces
  // decay fully between pairings 1 s apart, so each pairing adds the same change.
  for (std::size_t k = 0; k < t.data[0].size(); ++k) {
    const double dt = t.data[0][k], dw = t.data[1][k];
    const double expected = dt >= 0 ? 60 * 0.0067 * std::exp(-dt / 16.8) / 0.5 : -60 * 0.0033 * std::exp(dt / 33.7) / 0.5;
    EXPECT_NEAR(dw, expected, 1e-6) << "dt = " << dt;  // tolerance: the traces' residue from earlier pairings (< 1e-12)
    if (dt > 0 && dt <= 20) EXPECT_GT(dw, 0.2) << "LTP expected for post shortly after pre, dt = " << dt;
    if (dt < 0 && dt >= -40) EXPECT_LT(dw, -0.1) << "LTD expected for post before pre, dt = " << dt;
    if (std::fabs(dt) == 100.0) EXPECT_LT(std::fabs(dw), 0.05) << "≈ no change expected at |dt| = 100 ms";
  }
}

TEST(stdp_frequency, triplet_rule_reproduces_sjostrom_frequency_dependence) {
  const run_results r = run_file("stdp_frequency.toml");
  const table& t = r.tables.at("frequency");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"freq_hz", "dt_ms", "dw_rel"}));
  auto dw = [&](double f, double dt) {
    for (std::size_t k = 0; k < t.data[0].size(); ++k)
      if (t.data[0][k] == f && t.data[1][k] == dt) return t.data[2][k];
    ADD_FAILURE() << "no row " << f << " Hz, " << dt << " ms";
    return 0.0;
  };
  // Low frequency: pre-before-post gives no change (A2+ ≈ 0), post-before-pre depresses (Sjöström: about −20 to −30 %).
  EXPECT_LT(std::fabs(dw(0.1, 10)), 0.02);
  EXPECT_LT(dw(0.1, -10), -0.15);
  EXPECT_GT(dw(0.1, -10), -0.45);
  // Potentiation for pre-before-post grows with frequency.
  EXPECT_LT(dw(10, 10), dw(20, 10));
  EXPECT_LT(dw(20, 10), dw(40, 10));
  // 40–50 Hz: both orders potentiate (Sjöström: roughly +20 to +60 %).
  for (double f : {40.0, 50.0}) {
    EXPECT_GT(dw(f, 10), 0.1) << f << " Hz";
    EXPECT_GT(dw(f, -10), 0.1) << f << " Hz";
  }
}

// ach_gated_stdp: the stdp_window pairings with the rates scaled by f = max(0, 1 + 2/uM·(L − 0.5 uM)) of the
// acetylcholine level (docs/models/neuromodulation.md): nothing without acetylcholine, a change growing with the
// cholinergic rate, about the stdp_window change (f ≈ 1) at a mean level of 0.5 uM (5 Hz).
TEST(ach_gated_stdp, pairings_change_the_weight_only_with_acetylcholine_and_more_with_more) {
  const run_results r = run_file("ach_gated_stdp.toml");
  const table& t = r.tables.at("ach");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"condition", "nbm_rate_hz", "dw_rel"}));
  ASSERT_EQ(t.data[0].size(), 8u);
  const double window_ltp = 60 * 0.0067 * std::exp(-10 / 16.8) / 0.5, window_ltd = -60 * 0.0033 * std::exp(-10 / 33.7) / 0.5;
  for (std::size_t k = 0; k < 8; ++k) {
    const bool ltp = t.data[0][k] == 1.0;  // condition 1: pre before post
    const double rate = t.data[1][k], dw = t.data[2][k];
    if (rate == 0.0) EXPECT_EQ(dw, 0.0) << "no acetylcholine, no plasticity";
    else EXPECT_EQ(dw > 0, ltp) << rate << " Hz";
    if (k % 4 > 0) EXPECT_GT(std::fabs(dw), std::fabs(t.data[2][k - 1])) << "grows with the rate, " << rate << " Hz";
    if (rate == 5.0) EXPECT_NEAR(dw, ltp ? window_ltp : window_ltd, 0.05) << "f ≈ 1 at 0.5 uM";
  }
}
