// Tsodyks, Pawelzik & Markram 1998: a regular train (10 spikes at 20 Hz) through a depressing and a facilitating
// synapse (experiments/stp_train.toml). Outcome: depressing amplitudes fall monotonically to a steady state,
// facilitating ones grow several-fold; every amplitude equals the Maass–Markram recursion.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

using namespace plastix;

namespace {

// Amplitudes relative to the first for a regular train with interval delta [ms] (u updated before release).
std::vector<double> recursion(double U, double tau_rec, double tau_fac, double delta, int spikes) {
  std::vector<double> a;
  double u = U, x = 1.0;
  for (int n = 0; n < spikes; ++n) {
    a.push_back(u * x / U);
    x = 1.0 + (x - u * x - 1.0) * std::exp(-delta / tau_rec);
    u = U + (tau_fac > 0.0 ? u * (1.0 - U) * std::exp(-delta / tau_fac) : 0.0);
  }
  return a;
}

}  // namespace

TEST(stp_train, depressing_falls_to_a_steady_state_and_facilitating_grows_several_fold) {
  const experiment_spec spec = load_experiment(std::string(PLASTIX_SOURCE_DIR) + "/experiments/stp_train.toml");
  const run_results r = run_experiment(spec);
  const table& t = r.tables.at("amplitudes");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"n", "depressing", "facilitating"}));
  const std::vector<double>& n = t.data[0];
  const std::vector<double>& dep = t.data[1];
  const std::vector<double>& fac = t.data[2];
  ASSERT_EQ(n.size(), 10u);
  ASSERT_EQ(dep.size(), 10u);
  ASSERT_EQ(fac.size(), 10u);

  const std::vector<double> dep_ref = recursion(0.5, 800.0, 0.0, 50.0, 10);
  const std::vector<double> fac_ref = recursion(0.03, 130.0, 530.0, 50.0, 10);
  for (std::size_t k = 0; k < 10; ++k) {
    EXPECT_EQ(n[k], static_cast<double>(k + 1));
    EXPECT_NEAR(dep[k], dep_ref[k], 1e-12) << "spike " << k + 1;
    EXPECT_NEAR(fac[k], fac_ref[k], 1e-12) << "spike " << k + 1;
  }
  // Depression: monotonic decline toward x* = (1 − e)/(1 − (1 − U)e), e = e^{−Δ/τrec} (0.114 here).
  const double e = std::exp(-50.0 / 800.0), steady = (1 - e) / (1 - 0.5 * e);
  for (std::size_t k = 1; k < 10; ++k) EXPECT_LT(dep[k], dep[k - 1]);
  EXPECT_NEAR(dep[9], steady, 0.02 * steady);
  EXPECT_LT(dep[1], 0.6);
  // Facilitation: growth at every spike of this train, several-fold by the tenth (4.6× here).
  for (std::size_t k = 1; k < 10; ++k) EXPECT_GT(fac[k], fac[k - 1]);
  EXPECT_GT(fac[9], 4.0);
  EXPECT_LT(fac[9], 5.5);
  // The post neurons stay below threshold: the amplitudes are read at the synapse, not through spikes.
  EXPECT_EQ(r.metrics.at("rate_hz.post"), 0.0);
}
