// Neuromodulators ([[modulator]]) and dopamine-modulated STDP (Izhikevich 2007), against references written out
// here: the level as a closed form of its events; the eligibility c and weight w over random spike trains with
// delays and rewards (one in the same step as a spike), integrated by Simpson's rule over a merged timeline of
// events, independent of the rule's closed form and of its lazy, per-synapse updates.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "plastix/core/random.hpp"
#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastix/synapse/modulator_track.hpp"
#include "plastic_network.hpp"
#include "three_factor_check.hpp"
#include "spec_builders.hpp"

using namespace plastix;
using namespace plastix::test;

namespace {

monitor_spec level_monitor(const std::string& modulator, double interval) {
  monitor_spec m;
  m.type = monitor_spec::kind::state;
  m.modulator = true;
  m.target = modulator;
  m.variable = "level";
  m.name = modulator + "_level";
  m.interval = interval;
  return m;
}

const state_record& record_named(const run_results& r, const std::string& name) {
  for (const state_record& s : r.states)
    if (s.name == name) return s;
  throw std::runtime_error("no state record " + name);
}

// L(t) of a modulator with jumps (time [ms], amount): a sum of exponentials over the jumps before t (a monitor
// samples t = (s+1)·dt after step s, before the events of step s+1), or at t with `at_t`.
double level_from_jumps(const std::vector<std::pair<double, double>>& jumps, double t, double tau, double baseline,
                        bool at_t = false) {
  double l = baseline;
  for (const auto& [tj, a] : jumps)
    if (tj < t || (at_t && tj == t)) l += a * std::exp(-(t - tj) / tau);
  return l;
}

}  // namespace

TEST(modulator_track, level_is_the_sum_of_its_decaying_jumps_and_keeps_what_readers_need) {
  modulator_track track;
  track.reset(50.0, 0.2, 0.3);
  const std::size_t reader = track.subscribe();
  std::vector<std::pair<double, double>> jumps{{0.0, 0.3}};
  random_stream rs(3, {purpose::user, 0, 0});
  double t = 0.0;
  for (int k = 0; k < 500; ++k) {
    t += 0.1 * static_cast<double>(1 + rs.below(300));
    const double a = rs.uniform(-0.1, 1.0);  // dips that never reach zero (the floor: the next test)
    track.add(t, a);
    jumps.emplace_back(t, a);
    if (k % 50 == 49) track.release(reader, t - 5.0);
    EXPECT_NEAR(track.level_at(t), level_from_jumps(jumps, t, 50.0, 0.2, true), 1e-12);
    EXPECT_NEAR(track.level_at(t + 3.0), level_from_jumps(jumps, t + 3.0, 50.0, 0.2), 1e-12);
  }
  EXPECT_LE(track.points().front().t, t - 5.0);  // the last jump at or before the released time is kept
  EXPECT_LT(track.points().size(), 100u);        // earlier ones are dropped
}

TEST(modulator_track, a_dip_larger_than_the_level_takes_it_to_zero_and_it_relaxes_back_to_the_baseline) {
  modulator_track track;
  track.reset(200.0, 0.002, 0.0);  // [ms], [uM]: Izhikevich 2007's tonic dopamine
  track.add(100.0, 0.5);           // a reward
  const double before = track.level_at(300.0);
  track.add(300.0, -0.5);          // a dip larger than what is there
  EXPECT_GT(before, 0.0);
  EXPECT_EQ(track.level_at(300.0), 0.0);
  for (double t : {301.0, 400.0, 1000.0})
    EXPECT_NEAR(track.level_at(t), 0.002 * (1.0 - std::exp(-(t - 300.0) / 200.0)), 1e-15) << "t = " << t;
  track.add(1000.0, -0.001);       // a small dip: subtracted
  EXPECT_NEAR(track.level_at(1000.0), 0.002 * (1.0 - std::exp(-700.0 / 200.0)) - 0.001, 1e-15);
  modulator_track signed_reference;  // a negative baseline (a reference level) is the floor
  signed_reference.reset(200.0, -0.1, 0.0);
  signed_reference.add(10.0, -1.0);
  EXPECT_EQ(signed_reference.level_at(10.0), -0.1);
}

TEST(modulator, scheduled_and_spike_released_amounts_give_the_closed_form_level) {
  network_spec n;
  n.populations.push_back(spike_source("da_cells", {{5.0, 30.0}, {30.0, 61.3}}));
  experiment_spec e = experiment(n, 120.0, 0.1);
  modulator_spec m;
  m.name = "dopamine";
  m.tau = 20.0;
  m.baseline = 0.1;
  m.initial = 0.05;
  m.population = "da_cells";
  m.amount = 0.25;
  m.times = {10.0, 30.0, 100.0};
  m.amounts = {1.0, 0.5, -0.1};
  e.modulators.push_back(m);
  e.monitors.push_back(level_monitor("dopamine", 0.1));
  const run_results r = run_experiment(e);
  const state_record& rec = record_named(r, "dopamine_level");
  EXPECT_EQ(rec.unit, "uM");
  std::vector<std::pair<double, double>> jumps;  // at step·dt, the times of events in a run
  for (const auto& [step, a] : std::vector<std::pair<int, double>>{
           {50, 0.25}, {100, 1.0}, {300, 0.5}, {300, 0.5}, {613, 0.25}, {1000, -0.1}})
    jumps.emplace_back(step * 0.1, a);
  ASSERT_EQ(rec.times.size(), rec.values.size());
  ASSERT_GT(rec.times.size(), 1000u);
  for (std::size_t k = 0; k < rec.times.size(); ++k)
    EXPECT_NEAR(rec.values[k], level_from_jumps(jumps, rec.times[k], 20.0, 0.1) + 0.05 * std::exp(-rec.times[k] / 20.0),
                1e-12) << "t = " << rec.times[k];
}

TEST(modulator, reward_follows_a_pairing_within_the_window_after_a_random_delay_reproducibly) {
  const auto reward_times = [](std::uint64_t seed) {
    network_spec n;
    // Neuron 0 of "a" fires at 100 ms; neuron 1 of "b" at 105 ms (within 20 ms: rewarded), 130 ms (not), and
    // 400 ms, 400 ms in the same step as "a"'s second spike (Δt = 0: rewarded).
    n.populations.push_back(spike_source("a", {{100.0, 400.0}}));
    n.populations.push_back(spike_source("b", {{}, {105.0, 130.0, 400.0}}));
    experiment_spec e = experiment(n, 2000.0, 0.1);
    e.seed = seed;
    modulator_spec m;
    m.name = "dopamine";
    m.tau = 1e9;  // a step function: each reward a jump
    reward_condition r;
    r.pre = "a";
    r.post = "b";
    r.pre_neuron = 0;
    r.post_neuron = 1;
    r.window = 20.0;
    r.delay_min = 200.0;
    r.delay_max = 600.0;
    r.amount = 1.0;
    m.rewards.push_back(r);
    e.modulators.push_back(m);
    e.monitors.push_back(level_monitor("dopamine", 0.1));
    const run_results res = run_experiment(e);
    const state_record& rec = record_named(res, "dopamine_level");
    std::vector<double> jumps;
    for (std::size_t k = 1; k < rec.values.size(); ++k)
      if (rec.values[k] - rec.values[k - 1] > 0.5) jumps.push_back(rec.times[k]);
    return jumps;
  };
  const std::vector<double> first = reward_times(1);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_GE(first[0], 105.0 + 200.0);
  EXPECT_LE(first[0], 105.0 + 600.0 + 0.1);
  EXPECT_GE(first[1], 400.0 + 200.0);
  EXPECT_LE(first[1], 400.0 + 600.0 + 0.1);
  EXPECT_EQ(reward_times(1), first);  // counter-based streams: the same seed gives the same delays
  EXPECT_NE(reward_times(2), first);
}

namespace {

// Reference for dopamine_stdp (additive weight dependence, wide bounds): events at one synapse and the modulator's
// jumps on one timeline; in a step the jumps come first (step 2b), then a pre event, then a post event. Between
// times, w += ∫ η (b + d(u)) c(u) du by composite Simpson (n intervals), c and d decay. Returns {w, c} at `end`.
std::pair<double, double> reference_dopamine(const dopamine_stdp_params& p, double w,
                                             const std::vector<std::pair<std::int64_t, bool>>& events,
                                             const std::vector<jump>& jumps, double tau_d, double d_b,
                                             std::int64_t end) {
  double c = 0.0, excess = 0.0, t = 0.0;
  std::vector<std::int64_t> pre_seen, post_seen;
  const auto integrate_to = [&](double t1) {
    const double span = t1 - t;
    if (span <= 0.0) return;
    const int n = 2 * std::max(1, static_cast<int>(span / 0.5));
    const double h = span / n;
    double sum = 0.0;
    for (int k = 0; k <= n; ++k) {
      const double u = k * h;
      const double f = p.eta * (p.baseline + d_b + excess * std::exp(-u / tau_d)) * c * std::exp(-u / p.tau_c);
      sum += f * (k == 0 || k == n ? 1.0 : k % 2 == 1 ? 4.0 : 2.0);
    }
    w += sum * h / 3.0;
    c *= std::exp(-span / p.tau_c);
    excess *= std::exp(-span / tau_d);
    t = t1;
  };
  std::size_t e = 0, j = 0;
  for (std::int64_t step = 0; step <= end; ++step) {
    const bool any = (j < jumps.size() && jumps[j].step == step) || (e < events.size() && events[e].first == step);
    if (!any && step != end) continue;
    integrate_to(static_cast<double>(step) * dt);
    while (j < jumps.size() && jumps[j].step == step) excess += jumps[j++].amount;
    while (e < events.size() && events[e].first == step) {
      if (events[e].second) {
        c += p.a_plus * trace(pre_seen, p.tau_plus, p.scheme, step);
        post_seen.push_back(step);
      } else {
        c -= p.a_minus * trace(post_seen, p.tau_minus, p.scheme, step);
        pre_seen.push_back(step);
      }
      ++e;
    }
    if (step == end) break;
  }
  return {w, c};
}

dopamine_stdp_params reference_params(pairing scheme) {
  dopamine_stdp_params p;
  p.a_plus = 0.1;
  p.a_minus = 0.15;
  p.tau_c = 300.0;
  p.eta = 0.05;
  p.baseline = 0.02;
  p.scheme = scheme;
  p.dependence.w_min = -100.0;
  p.dependence.w_max = 100.0;
  return p;
}

}  // namespace

class dopamine_stdp_reference : public ::testing::TestWithParam<pairing> {};

TEST_P(dopamine_stdp_reference, eligibility_and_weight_match_a_plain_integration_over_random_trains_and_rewards) {
  expect_rule_matches_reference(reference_params(GetParam()), reference_dopamine);
}

INSTANTIATE_TEST_SUITE_P(dopamine_stdp, dopamine_stdp_reference,
                         ::testing::Values(pairing::all_to_all, pairing::nearest));

// One pairing, one reward: Δw = η·c(t_r)·a·τs·(1 − e^{−(T − t_r)/τs}) with c(t_r) = A+·e^{−Δt/τ+}·e^{−(t_r − t_post)/τc}.
TEST(dopamine_stdp, a_single_pairing_and_a_delayed_reward_give_the_closed_form) {
  dopamine_stdp_params p;  // Izhikevich 2007: A+ 0.1, τ+ 20 ms, τc 1 s; b = 0
  p.dependence.w_max = 10.0;
  network_spec n;
  n.populations.push_back(spike_source("pre", {{10.0}}));
  n.populations.push_back(spike_source("post", {{20.0}}));
  projection_spec ps = projection_between("pre", "post", "", 1.0, 0.1);
  ps.plasticity.push_back({p, {}});
  n.projections.push_back(ps);
  experiment_spec e = experiment(n, 3000.0, 0.1);
  modulator_spec m;
  m.name = "dopamine";
  m.tau = 200.0;
  m.times = {1500.0};
  m.amounts = {0.5};
  e.modulators.push_back(m);
  const run_results r = run_experiment(e);
  const double delta = 20.0 - 10.1;  // the pre spike arrives after the 0.1 ms delay
  const double c_r = p.a_plus * std::exp(-delta / p.tau_plus) * std::exp(-(1500.0 - 20.0) / p.tau_c);
  const double tau_s = p.tau_c * 200.0 / (p.tau_c + 200.0);
  const double expected = 1.0 + c_r * 0.5 * tau_s * (1.0 - std::exp(-(3000.0 - 1500.0) / tau_s));
  EXPECT_NEAR(r.metrics.at("w_end.pre_post"), expected, 1e-12);
}

// Hard bounds hold exactly where the drive (b + d) changes sign: the result does not depend on how often the
// synapses are brought up to date.
TEST(dopamine_stdp, weights_at_their_bounds_do_not_depend_on_the_update_interval) {
  std::vector<double> first;
  for (double interval : {0.3, 10.0, 1000.0}) {
    dopamine_stdp_params p = reference_params(pairing::all_to_all);
    p.baseline = -0.3;  // negative drive between rewards: w falls back after each reward
    p.eta = 2.0;
    p.dependence.w_min = 0.25;
    p.dependence.w_max = 0.45;
    p.update_interval = interval;
    plastic_network net = make_network(p, 0, 21);
    std::vector<jump> jumps{{3000, 1.5}, {9000, 2.0}, {15000, 1.0}};
    net.spec.modulators.push_back(modulator_with_jumps(jumps, 200.0, 0.0));
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

TEST(dopamine_stdp, check_refuses_a_rule_reading_a_modulator_that_does_not_exist) {
  const std::string text = two_sources_with_dopamine("rule = \"dopamine_stdp\"\nmodulator = \"dopamin\"\n");
  try {
    parse_experiment(text, "da.toml", {});
    FAIL() << "expected an error";
  } catch (const error& e) {
    EXPECT_EQ(e.where().line, 28);
    EXPECT_EQ(e.where().key, "projection.pre_post.plasticity.dopamine_stdp.modulator");
    EXPECT_NE(e.message().find("'dopamin'"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("did you mean 'dopamine'"), std::string::npos) << e.message();
  }
}

TEST(modulator, check_names_an_unknown_population_and_a_bad_unit_with_file_line_and_key) {
  const std::string text = R"(
[experiment]
duration = "1 s"

[[population]]
name = "vta"
model = "poisson"
size = 2
rate = "5 Hz"

[[modulator]]
name = "dopamine"
tau = "200 mV"
population = "vtaa"
amount = "0.1 uM"

[[modulator]]
name = "ach"
population = "vtx"
)";
  try {
    parse_experiment(text, "da.toml", {});
    FAIL() << "expected an error";
  } catch (const problems& p) {
    std::string all;
    for (const error& e : p.list()) all += e.where().key + ": " + e.message() + "\n";
    EXPECT_NE(all.find("modulator.dopamine.tau"), std::string::npos) << all;
    EXPECT_NE(all.find("modulator.ach.population"), std::string::npos) << all;
    EXPECT_NE(all.find("did you mean 'vta'"), std::string::npos) << all;
  }
}
