// reward_stdp (R-STDP with a reward-prediction error; Frémaux, Sprekeler & Gerstner 2010) against a reference
// written out here: the eligibility e and weight w over random spike trains with delays and rewards (one in the
// same step as a post spike, one as a pre spike arrives), the running mean R̄ and w integrated by classical
// Runge–Kutta on a fine grid over a merged timeline of events, independent of the rule's closed form and of its
// lazy, per-synapse updates.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "plastix/core/error.hpp"
#include "plastix/core/random.hpp"
#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastic_network.hpp"
#include "three_factor_check.hpp"
#include "spec_builders.hpp"

using namespace plastix;
using namespace plastix::test;

namespace {

// Reference (additive weight dependence, wide bounds): in a step the modulator's jumps come first, then a pre
// event, then a post event. Between steps, e and the level's excess decay exactly; R̄ and w follow
// dR̄/dt = (R − R̄)/τ̄ and dw/dt = η·(R − R̄)·e by RK4 with 4 sub-steps per dt. Returns {w, e} at `end`.
std::pair<double, double> reference_reward(const reward_stdp_params& p, double w,
                                           const std::vector<std::pair<std::int64_t, bool>>& events,
                                           const std::vector<jump>& jumps, double tau_d, double d_b,
                                           std::int64_t end) {
  double e = 0.0, excess = 0.0, mean = p.initial_mean;
  std::vector<std::int64_t> pre_seen, post_seen;
  const auto one_step = [&] {  // [t, t + dt]
    const int n = 4;
    const double h = dt / n;
    for (int k = 0; k < n; ++k) {
      const auto f = [&](double u, double m) {  // u from the sub-step's start
        const double r = d_b + excess * std::exp(-u / tau_d);
        return std::pair{(r - m) / p.tau_mean, p.eta * (r - m) * e * std::exp(-u / p.tau_e)};
      };
      const auto [m1, w1] = f(0.0, mean);
      const auto [m2, w2] = f(h / 2, mean + h / 2 * m1);
      const auto [m3, w3] = f(h / 2, mean + h / 2 * m2);
      const auto [m4, w4] = f(h, mean + h * m3);
      mean += h / 6 * (m1 + 2 * m2 + 2 * m3 + m4);
      w += h / 6 * (w1 + 2 * w2 + 2 * w3 + w4);
      e *= std::exp(-h / p.tau_e);
      excess *= std::exp(-h / tau_d);
    }
  };
  std::size_t k = 0, j = 0;
  for (std::int64_t step = 0; step <= end; ++step) {
    while (j < jumps.size() && jumps[j].step == step) excess += jumps[j++].amount;
    while (k < events.size() && events[k].first == step) {
      if (events[k].second) {
        e += p.a_plus * trace(pre_seen, p.tau_plus, p.scheme, step);
        post_seen.push_back(step);
      } else {
        e -= p.a_minus * trace(post_seen, p.tau_minus, p.scheme, step);
        pre_seen.push_back(step);
      }
      ++k;
    }
    if (step < end) one_step();
  }
  return {w, e};
}

reward_stdp_params reference_params(pairing scheme) {
  reward_stdp_params p;
  p.a_plus = 0.1;
  p.a_minus = 0.15;
  p.tau_e = 300.0;
  p.eta = 0.05;
  p.tau_mean = 700.0;
  p.initial_mean = 0.05;
  p.update_interval = 10.0;
  p.scheme = scheme;
  p.dependence.w_min = -100.0;
  p.dependence.w_max = 100.0;
  return p;
}

}  // namespace

class reward_stdp_reference : public ::testing::TestWithParam<pairing> {};

TEST_P(reward_stdp_reference, eligibility_and_weight_match_a_plain_integration_over_random_trains_and_rewards) {
  expect_rule_matches_reference(reference_params(GetParam()), reference_reward);
}

INSTANTIATE_TEST_SUITE_P(reward_stdp, reward_stdp_reference, ::testing::Values(pairing::all_to_all, pairing::nearest));

// Hard bounds hold exactly where R − R̄ changes sign (after each reward, when R falls below its mean): the result
// does not depend on how often the synapses are brought up to date.
TEST(reward_stdp, weights_at_their_bounds_do_not_depend_on_the_update_interval) {
  std::vector<double> first;
  for (double interval : {0.3, 10.0, 1000.0}) {
    reward_stdp_params p = reference_params(pairing::all_to_all);
    p.eta = 2.0;
    p.tau_mean = 300.0;
    p.initial_mean = 0.0;
    p.dependence.w_min = 0.25;
    p.dependence.w_max = 0.45;
    p.update_interval = interval;
    plastic_network net = make_network(p, 0, 21);
    net.spec.modulators.push_back(modulator_with_jumps({{3000, 1.5}, {9000, 2.0}, {15000, 1.0}}, 200.0, 0.0));
    monitor_spec wm;
    wm.type = monitor_spec::kind::weights;
    wm.target = "syn";
    wm.name = "syn";
    net.spec.monitors.push_back(wm);  // at the start and at the end (after on_end)
    const run_results r = run_experiment(net.spec);
    ASSERT_EQ(r.weights.size(), 1u);
    const auto& values = r.weights[0].values;
    const std::vector<double> w(values.end() - static_cast<std::ptrdiff_t>(net.synapses.size()), values.end());
    std::size_t at_bound = 0;
    for (double x : w) at_bound += x == p.dependence.w_min || x == p.dependence.w_max;
    EXPECT_GT(at_bound, 0u) << "the test must reach the bounds";
    if (first.empty()) {
      first = w;
      continue;
    }
    ASSERT_EQ(w.size(), first.size());
    for (std::size_t k = 0; k < w.size(); ++k) EXPECT_NEAR(w[k], first[k], 1e-12) << "interval " << interval;
  }
}

// A reward that arrives as often whatever the synapse does carries no information: with the prediction error its
// mean effect on the weights vanishes, while dopamine_stdp (M = b + d) learns the plain STDP drift of the same trains.
TEST(reward_stdp, rewards_unrelated_to_spiking_leave_the_weights_where_dopamine_stdp_drifts) {
  std::vector<jump> jumps;
  for (std::int64_t s = 500; s < 20000; s += 1000) jumps.push_back({s, 0.5});  // every 100 ms
  const auto mean_change = [&](const rule_params& rule) {
    plastic_network net = make_network(rule, 0, 31);
    net.spec.modulators.push_back(modulator_with_jumps(jumps, 20.0, 0.0));
    simulation sim(net.spec);
    sim.run(static_cast<double>(net.steps) * dt);
    const projection& proj = sim.projection_named("syn");
    double sum = 0.0;
    for (const synapse_case& c : net.synapses) {
      for (std::uint32_t k = proj.row_begin(c.pre); k < proj.row_end(c.pre); ++k)
        if (proj.post_index()[k] == c.post) sum += proj.weights()[k] - c.w0;
    }
    return sum / static_cast<double>(net.synapses.size());
  };
  reward_stdp_params r = reference_params(pairing::all_to_all);
  r.tau_e = 1000.0;
  r.tau_mean = 400.0;
  r.initial_mean = 0.5 * 20.0 / 100.0;  // the level's time average: 0.5 uM · τ 20 ms per 100 ms
  dopamine_stdp_params d;
  static_cast<stdp_pairing&>(d) = r;
  d.tau_c = r.tau_e;
  d.eta = r.eta;
  const double with_error = mean_change(r), plain = mean_change(d);
  EXPECT_GT(std::fabs(plain), 1e-3) << "the trains must drive STDP";
  EXPECT_LT(std::fabs(with_error), 0.1 * std::fabs(plain)) << "plain " << plain << ", with the error " << with_error;
}

TEST(reward_stdp, check_refuses_a_running_mean_as_fast_as_the_modulator) {
  const std::string text = two_sources_with_dopamine("rule = \"reward_stdp\"\ntau_mean = \"200 ms\"\n");
  try {
    parse_experiment(text, "r.toml", {});
    FAIL() << "expected an error";
  } catch (const error& e) {
    EXPECT_EQ(e.where().line, 28);
    EXPECT_EQ(e.where().key, "projection.pre_post.plasticity.reward_stdp.tau_mean");
    EXPECT_NE(e.message().find("must differ from the tau of modulator 'dopamine'"), std::string::npos) << e.message();
  }
}
