// stdp_convention = "nest" (docs/concepts.md#timing-conventions) against references written here from NEST's
// published test expectations: testsuite/pytests/synapses/test_stdp_synapse.py (stdp_synapse against a
// self-contained event-driven model, on Poisson trains at 100 Hz plus hand-placed trains with simultaneous spikes,
// dendritic delays 0.1 and 1 ms) and test_stdp_triplet_synapse.py (the weight after pre-post-pre and
// pre-post-pre-pre sequences, written out as sums of exponentials). The facts carried over: NEST takes the whole
// delay d as dendritic (a pre spike acts at the synapse at its emission time, a post spike d later); a post and a
// pre spike at the same time at the synapse do not pair: the post spike's facilitation comes first and reads the pre
// trace without the simultaneous pre spike, the pre spike's depression reads the post trace without the simultaneous
// post spike; traces jump by 1 (all-to-all); the triplet rule reads the slow trace of its own side just before its
// own spike; weights are clipped to [0, Wmax]; a spike transmits the weight after its own update.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "plastix/core/random.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastic_network.hpp"
#include "spec_builders.hpp"

using namespace plastix;
using namespace plastix::test;

namespace {

// NEST's weight updates in plastix's parameters. stdp_synapse with λ, α, μ+ = μ− = μ ∈ {0, 1}, Wmax: μ = 0 is
// additive with A+ = λ·Wmax, A− = α·λ·Wmax; μ = 1 is multiplicative with A+ = λ, A− = α·λ (w_min = 0).
// stdp_triplet_synapse: additive with A2± = Aplus/Aminus, A3± = Aplus_triplet/Aminus_triplet.
struct nest_pair_rule {
  double lambda, alpha, mu, w_max, tau_plus, tau_minus;
  double facilitate(double w, double k) const {  // NEST: (w/Wmax + λ (1 − w/Wmax)^μ K) clipped at 1, × Wmax
    const double n = w / w_max + lambda * std::pow(1.0 - w / w_max, mu) * k;
    return n < 1.0 ? n * w_max : w_max;
  }
  double depress(double w, double k) const {
    const double n = w / w_max - alpha * lambda * std::pow(w / w_max, mu) * k;
    return n > 0.0 ? n * w_max : 0.0;
  }
  stdp_params plastix() const {
    stdp_params p;
    p.tau_plus = tau_plus;
    p.tau_minus = tau_minus;
    p.dependence.type = mu == 0.0 ? weight_dependence::kind::additive : weight_dependence::kind::multiplicative;
    p.a_plus = mu == 0.0 ? lambda * w_max : lambda;
    p.a_minus = mu == 0.0 ? alpha * lambda * w_max : alpha * lambda;
    p.dependence.w_min = 0.0;
    p.dependence.w_max = w_max;
    return p;
  }
};

struct nest_triplet_rule {
  double a2_plus, a3_plus, a2_minus, a3_minus, tau_plus, tau_x, tau_minus, tau_y, w_max;
  triplet_params plastix() const {
    triplet_params p;
    p.a2_plus = a2_plus;
    p.a3_plus = a3_plus;
    p.a2_minus = a2_minus;
    p.a3_minus = a3_minus;
    p.tau_plus = tau_plus;
    p.tau_x = tau_x;
    p.tau_minus = tau_minus;
    p.tau_y = tau_y;
    p.dependence.w_min = 0.0;
    p.dependence.w_max = w_max;
    return p;
  }
};

// The weight after each pre spike (as NEST's weight recorder logs it), by NEST's event order: events at the synapse
// in steps (pre at emission, post at emission + d); at equal times the post spike first; every trace read excludes
// the events of the same time. Traces are kept as explicit sums over earlier events.
template <class Facilitate, class Depress>
std::vector<double> nest_weights_after_pre(double w, const std::vector<std::int64_t>& pre,
                                           const std::vector<std::int64_t>& post, std::int64_t d, Facilitate facilitate,
                                           Depress depress) {
  std::vector<std::int64_t> post_at;
  for (std::int64_t s : post) post_at.push_back(s + d);
  std::vector<double> out;
  std::size_t i = 0;
  for (std::int64_t t : pre) {
    for (; i < post_at.size() && post_at[i] <= t; ++i) {  // post spikes up to and including this time: first
      const std::vector<std::int64_t> pre_before(pre.begin(), std::lower_bound(pre.begin(), pre.end(), post_at[i]));
      const std::vector<std::int64_t> post_before(post_at.begin(), post_at.begin() + static_cast<std::ptrdiff_t>(i));
      w = facilitate(w, pre_before, post_before, post_at[i]);
    }
    const std::vector<std::int64_t> pre_before(pre.begin(), std::lower_bound(pre.begin(), pre.end(), t));
    const std::vector<std::int64_t> post_before(post_at.begin(),
                                                std::lower_bound(post_at.begin(), post_at.end(), t));
    w = depress(w, pre_before, post_before, t);
    out.push_back(w);
  }
  return out;
}

double sum_trace(const std::vector<std::int64_t>& times, double tau, std::int64_t now) {
  return trace(times, tau, pairing::all_to_all, now);
}

// plastix: one pre and one post spike_times source, a plasticity-only projection with stdp_convention = "nest" and
// delay d; the weight read right after each pre spike's arrival step (s_pre + d: NEST's pre time, shifted by d).
std::vector<double> plastix_weights_after_pre(const rule_params& rule, double w0, const std::vector<std::int64_t>& pre,
                                              const std::vector<std::int64_t>& post, std::int64_t d,
                                              std::int64_t steps) {
  network_spec n;
  n.populations.push_back(spike_source("pre", to_times({pre})));
  n.populations.push_back(spike_source("post", to_times({post})));
  projection_spec ps = projection_between("pre", "post", "", w0, static_cast<double>(d) * dt);
  ps.name = "syn";
  ps.convention = projection_spec::stdp_convention::nest;
  ps.plasticity.push_back({rule, {}});
  n.projections.push_back(ps);
  simulation sim(experiment(n, static_cast<double>(steps) * dt, dt));
  std::vector<double> out;
  for (std::int64_t s : pre) {
    sim.run(static_cast<double>(s + d + 1 - sim.step()) * dt);
    out.push_back(sim.projection_named("syn").weights()[0]);
  }
  return out;
}

// NEST's test trains: Poisson at 100 Hz until 1000 ms − L, then the hand-placed pre and post trains of
// test_stdp_synapse.py (L = 41.4 ms: 5 ms past their last spike), on the 0.1 ms grid.
void nest_test_trains(std::uint64_t seed, std::vector<std::int64_t>& pre, std::vector<std::int64_t>& post) {
  const std::int64_t steps = 10000, tail = 414;
  pre = random_trains(1, 100.0, steps - tail, seed)[0];
  post = random_trains(1, 100.0, steps - tail, seed + 1)[0];
  const double pre_tail[] = {1, 5, 6, 7, 9, 11, 12, 13, 14.5, 16.1, 21, 25, 26, 27, 29, 31, 32, 33, 34.5, 36.1};
  const double post_tail[] = {2, 3, 4, 8, 9, 10, 12, 12.2, 14.1, 15.4, 22, 23, 24, 28, 29, 30, 32, 33.2, 35.1, 36.4};
  for (double t : pre_tail) pre.push_back(steps - tail + std::llround(t / dt));
  for (double t : post_tail) post.push_back(steps - tail + std::llround(t / dt));
}

}  // namespace

// test_stdp_synapse.py's parameters (λ 0.01, α 0.85, τ+ 16.8 ms, τ− 33.7 ms, Wmax 15, w0 0.5), its dendritic delays
// (0.1 and 1 ms) and trains; additive (μ = 0, as there) and multiplicative (μ = 1, NEST's default).
TEST(nest_convention, stdp_weights_match_nest_stdp_synapse_after_every_pre_spike) {
  for (double mu : {0.0, 1.0}) {
    for (std::int64_t d : {1, 10}) {
      const nest_pair_rule nest{0.01, 0.85, mu, 15.0, 16.8, 33.7};
      std::vector<std::int64_t> pre, post;
      nest_test_trains(5 + static_cast<std::uint64_t>(d), pre, post);
      const auto expected = nest_weights_after_pre(
          0.5, pre, post, d,
          [&](double w, const auto& pre_before, const auto&, std::int64_t t) {
            return nest.facilitate(w, sum_trace(pre_before, nest.tau_plus, t));
          },
          [&](double w, const auto&, const auto& post_before, std::int64_t t) {
            return nest.depress(w, sum_trace(post_before, nest.tau_minus, t));
          });
      const auto got = plastix_weights_after_pre(nest.plastix(), 0.5, pre, post, d, 10000 + d + 1);
      ASSERT_EQ(got.size(), expected.size());
      for (std::size_t k = 0; k < got.size(); ++k)
        ASSERT_NEAR(got[k], expected[k], 1e-10 * std::max(1.0, std::fabs(expected[k])))
            << "pre spike " << k << " at step " << pre[k] << ", mu " << mu << ", delay " << d << " steps";
      EXPECT_GT(std::fabs(expected.back() - 0.5), 0.01) << "the test must exercise plasticity";
    }
  }
}

// test_stdp_triplet_synapse.py: parrot neurons, pre at 2 ms, post at 4 ms, pre at 6 ms (and, second case, pre at
// 2, 6 and 8 ms, post at 4 ms), delay 1 ms, w0 5, Wmax 100, all amplitudes 0.1, τ+ 16.8, τx 101, τ− 33.7, τy 125 ms.
// The expected weights are NEST's, written out in closed form as the test does.
TEST(nest_convention, triplet_weights_match_nest_stdp_triplet_synapse_expectations) {
  const nest_triplet_rule nest{0.1, 0.1, 0.1, 0.1, 16.8, 101.0, 33.7, 125.0, 100.0};
  const auto e = [](double t, double tau) { return std::exp(-t / tau); };
  {  // pre 2, post 4, pre 6 (post at the synapse at 5): facilitation by the first pre, depression by the post
    double w = 5.0 + e(3.0, 16.8) * (0.1 + 0.1 * 0.0);
    w -= e(1.0, 33.7) * (0.1 + 0.1 * e(4.0, 101.0));
    const auto got = plastix_weights_after_pre(nest.plastix(), 5.0, {20, 60}, {40}, 10, 100);
    EXPECT_NEAR(got.back(), w, 1e-12);
  }
  {  // pre 2, 6, 8, post 4
    double w = 5.0 + e(3.0, 16.8) * 0.1;
    w -= e(1.0, 33.7) * (0.1 + 0.1 * e(4.0, 101.0));
    const double r2 = e(6.0, 101.0) + e(2.0, 101.0);  // Kplus_triplet just before the pre spike at 8 ms
    w -= e(3.0, 33.7) * (0.1 + 0.1 * r2);
    const auto got = plastix_weights_after_pre(nest.plastix(), 5.0, {20, 60, 80}, {40}, 10, 120);
    EXPECT_NEAR(got.back(), w, 1e-12);
  }
}

// The triplet rule on NEST's test trains against the event-driven reference of NEST's stdp_triplet_synapse.
TEST(nest_convention, triplet_weights_match_nest_stdp_triplet_synapse_on_random_trains) {
  const nest_triplet_rule nest{5e-3, 6.2e-3, 7e-3, 2.3e-4, 16.8, 101.0, 33.7, 125.0, 2.0};
  for (std::int64_t d : {1, 10}) {
    std::vector<std::int64_t> pre, post;
    nest_test_trains(17 + static_cast<std::uint64_t>(d), pre, post);
    const auto expected = nest_weights_after_pre(
        0.5, pre, post, d,
        [&](double w, const auto& pre_before, const auto& post_before, std::int64_t t) {
          const double ky = sum_trace(post_before, nest.tau_y, t);  // Kminus_triplet just before this post spike
          return std::min(w + sum_trace(pre_before, nest.tau_plus, t) * (nest.a2_plus + nest.a3_plus * ky), nest.w_max);
        },
        [&](double w, const auto& pre_before, const auto& post_before, std::int64_t t) {
          const double r2 = sum_trace(pre_before, nest.tau_x, t);  // Kplus_triplet just before this pre spike
          return std::max(w - sum_trace(post_before, nest.tau_minus, t) * (nest.a2_minus + nest.a3_minus * r2), 0.0);
        });
    const auto got = plastix_weights_after_pre(nest.plastix(), 0.5, pre, post, d, 10000 + d + 1);
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t k = 0; k < got.size(); ++k)
      ASSERT_NEAR(got[k], expected[k], 1e-10) << "pre spike " << k << ", delay " << d << " steps";
    EXPECT_GT(std::fabs(expected.back() - 0.5), 0.01) << "the test must exercise plasticity";
  }
}

// One pre and one post spike that meet at the synapse in the same step: Brian2's convention pairs them as Δt = 0
// (+A+), NEST's does not pair them.
TEST(nest_convention, a_pre_and_post_spike_in_the_same_step_pair_under_brian2_and_not_under_nest) {
  stdp_params p;  // additive, A+ = 0.01
  for (auto convention : {projection_spec::stdp_convention::brian2, projection_spec::stdp_convention::nest}) {
    const bool nest = convention == projection_spec::stdp_convention::nest;
    network_spec n;
    n.populations.push_back(spike_source("pre", {{50.0}}));
    // At the synapse: brian2 (axonal delay 1 ms) pre at 51 ms, post at 51 ms; nest (dendritic 1 ms) pre at 50 ms
    // (shifted: 51), post 49 + 1 ms (shifted: 51).
    n.populations.push_back(spike_source("post", {{nest ? 49.0 : 51.0}}));
    projection_spec ps = projection_between("pre", "post", "", 0.5, 1.0);
    ps.convention = convention;
    ps.plasticity.push_back({p, {}});
    n.projections.push_back(ps);
    const run_results r = run_experiment(experiment(n, 100.0, dt));
    EXPECT_NEAR(r.metrics.at("w_end.pre_post") - 0.5, nest ? 0.0 : p.a_plus, 1e-15) << (nest ? "nest" : "brian2");
  }
}

// NEST transmits the weight after the spike's own update (depression), Brian2 the weight before it.
TEST(nest_convention, a_spike_transmits_the_weight_after_its_update_under_nest) {
  stdp_params p;
  for (auto convention : {projection_spec::stdp_convention::brian2, projection_spec::stdp_convention::nest}) {
    network_spec n;
    n.populations.push_back(spike_source("pre", {{10.0}}));
    n.populations.push_back(spike_source("post", {{5.0}}));
    projection_spec ps = projection_between("pre", "post", "", 0.5, 1.0);
    ps.name = "syn";
    ps.convention = convention;
    ps.plasticity.push_back({p, {}});
    n.projections.push_back(ps);
    simulation sim(experiment(n, 20.0, dt));
    projection& proj = sim.projection_named("syn");
    proj.record_transmissions(true);
    sim.run(11.1);  // steps 0..110: the arrival at step 110
    ASSERT_EQ(proj.transmissions().size(), 1u);
    const bool nest = convention == projection_spec::stdp_convention::nest;
    EXPECT_LT(proj.weights()[0], 0.5);
    EXPECT_DOUBLE_EQ(proj.transmissions()[0].efficacy, nest ? proj.weights()[0] : 0.5);
  }
}
