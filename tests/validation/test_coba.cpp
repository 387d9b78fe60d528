// The Vogels–Abbott / Brette et al. 2007 COBA benchmark network: self-sustained asynchronous irregular activity.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

using namespace plastix;

TEST(coba, sustains_asynchronous_irregular_activity_at_a_sane_rate) {
  const experiment_spec spec = load_experiment(std::string(PLASTIX_SOURCE_DIR) + "/experiments/coba.toml");
  const run_results r = run_experiment(spec);
  // Brette et al. 2007 / Vogels & Abbott 2005 report self-sustained rates of order 10–30 Hz for this network.
  const double exc = r.metrics.at("rate_hz.exc"), inh = r.metrics.at("rate_hz.inh");
  EXPECT_GT(exc, 5.0);
  EXPECT_LT(exc, 40.0);
  EXPECT_GT(inh, 5.0);
  EXPECT_LT(inh, 40.0);
  EXPECT_NEAR(static_cast<double>(r.synapse_count), 0.02 * 4000 * 4000, 5 * std::sqrt(0.02 * 4000 * 4000));

  // Activity persists to the end (no silence in the last 100 ms) and is irregular: mean CV of ISIs > 0.5.
  const auto& sp = *std::find_if(r.spikes.begin(), r.spikes.end(), [](const spike_record& s) { return s.name == "exc"; });
  const double t_end = r.bio_time;
  const auto late = std::count_if(sp.times.begin(), sp.times.end(), [&](double t) { return t > t_end - 100.0; });
  EXPECT_GT(late, 1000);
  std::map<std::uint32_t, std::vector<double>> trains;
  for (std::size_t k = 0; k < sp.times.size(); ++k) trains[sp.senders[k]].push_back(sp.times[k]);
  double cv_sum = 0.0;
  int cv_n = 0;
  for (const auto& [neuron, t] : trains) {
    if (t.size() < 5) continue;
    double m = 0.0, m2 = 0.0;
    for (std::size_t k = 1; k < t.size(); ++k) {
      const double isi = t[k] - t[k - 1];
      m += isi;
      m2 += isi * isi;
    }
    const double n = static_cast<double>(t.size() - 1);
    m /= n;
    cv_sum += std::sqrt(std::max(0.0, m2 / n - m * m)) / m;
    ++cv_n;
  }
  ASSERT_GT(cv_n, 100);
  EXPECT_GT(cv_sum / cv_n, 0.5);
}

TEST(coba, same_file_and_seed_give_bitwise_identical_results) {
  experiment_spec spec = load_experiment(std::string(PLASTIX_SOURCE_DIR) + "/experiments/coba.toml",
                                         {"experiment.duration=200 ms"});
  const run_results a = run_experiment(spec), b = run_experiment(spec);
  ASSERT_EQ(a.spikes.size(), b.spikes.size());
  for (std::size_t k = 0; k < a.spikes.size(); ++k) {
    EXPECT_EQ(a.spikes[k].times, b.spikes[k].times);
    EXPECT_EQ(a.spikes[k].senders, b.spikes[k].senders);
  }
  ASSERT_EQ(a.states.size(), b.states.size());
  for (std::size_t k = 0; k < a.states.size(); ++k) EXPECT_EQ(a.states[k].values, b.states[k].values);
}
