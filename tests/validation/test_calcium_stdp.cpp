// experiments/calcium_stdp.toml reproduces the STDP curve of Graupner & Brunel 2012 (PNAS 109:3991, Fig. 2,
// parameter set DP; shared/reference/models.md): depression for post before pre (strongest near −25 ms),
// potentiation for pre before post (strongest near +5..+10 ms), ≈ no change at |Δt| = 100 ms.
// The test runs single points of the file's sweep (--set protocol.pairing.dt=...) to stay fast. dw_rel = Δs − 1
// from the UP/DOWN transitions of 200 noisy synapses (sampling error of dw_rel about ±0.04, see the file).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

using namespace plastix;

TEST(calcium_stdp, dp_set_reproduces_the_graupner_brunel_curve) {
  const std::string path = std::string(PLASTIX_SOURCE_DIR) + "/experiments/calcium_stdp.toml";
  const experiment_spec whole = load_experiment(path);
  ASSERT_TRUE(whole.sweep.has_value());
  EXPECT_EQ(whole.sweep->table, "stdp_window");
  EXPECT_EQ(whole.sweep->axes.at(0).values.size(), 41u);
  std::map<double, double> dw;
  for (double dt : {-100.0, -50.0, -25.0, -10.0, 5.0, 10.0, 20.0, 50.0, 100.0}) {
    const run_results r = run_experiment(load_experiment(path, {"protocol.pairing.dt=\"" + std::to_string(dt) + " ms\""}));
    dw[dt] = r.metrics.at("dw_rel.syn");
    std::cout << "[calcium_stdp] dt " << dt << " ms: dw_rel " << dw[dt] << " (U " << r.metrics.at("up_prob.syn")
              << ", D " << r.metrics.at("down_prob.syn") << ")\n";
  }
  // Tolerances: 0.1 (about 2.5 sampling standard errors) for "≈ no change"; the extrema by margins > 0.1.
  EXPECT_LT(std::fabs(dw[-100.0]), 0.1);
  EXPECT_LT(std::fabs(dw[100.0]), 0.1);
  EXPECT_LT(dw[-25.0], -0.15) << "depression for post before pre";
  EXPECT_LT(dw[-25.0], dw[-50.0]);
  EXPECT_LT(dw[-25.0], dw[-10.0]);
  EXPECT_GT(dw[5.0], 0.15) << "potentiation for pre before post";
  EXPECT_GT(dw[10.0], 0.15);
  EXPECT_GT(std::max(dw[5.0], dw[10.0]), dw[20.0]);
  EXPECT_GT(std::max(dw[5.0], dw[10.0]), dw[50.0]);
}
