// Calcium control rule (Shouval, Bear & Cooper 2002): Ω and η against their formulas, NMDA calcium from one spike
// at a clamped voltage against the closed form, the rule against a self-contained reference loop on random spike
// trains with back-propagating APs, the NMDA block, and errors in experiment files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "plastix/core/error.hpp"
#include "plastix/core/random.hpp"
#include "plastix/io/config.hpp"
#include "plastix/plasticity/calcium_control.hpp"
#include "plastix/sim/simulation.hpp"
#include "spec_builders.hpp"

using namespace plastix;

namespace {

constexpr double dt = 0.1;  // [ms]

experiment_spec single_synapse(std::vector<std::vector<double>> pre, std::vector<std::vector<double>> post,
                               calcium_control_params p, double w0, double delay) {
  network_spec net;
  net.populations.push_back(test::spike_source("pre", std::move(pre)));
  net.populations.push_back(test::spike_source("post", std::move(post)));
  projection_spec proj = test::projection_between("pre", "post", "", w0, delay);
  proj.name = "syn";
  proj.plasticity.push_back({p, {}});
  net.projections.push_back(proj);
  return test::experiment(std::move(net), 1.0, dt);  // run with sim.run()
}

// Written out here from the paper, independently of the header.
double omega_formula(double c) {
  auto sig = [](double x) { return std::exp(80.0 * x) / (1.0 + std::exp(80.0 * x)); };
  return 0.25 + sig(c - 0.55) - 0.25 * sig(c - 0.35);
}
double eta_formula_per_s(double c) { return 1.0 / (0.1 / (0.1e-4 + c * c * c) + 1.0); }

}  // namespace

TEST(calcium_control, omega_has_the_published_values) {
  const calcium_control_params p;
  EXPECT_NEAR(calcium_omega(p, 0.0), 0.25, 1e-9);   // baseline: no change from the initial 0.25
  EXPECT_NEAR(calcium_omega(p, 0.45), 0.0, 0.01);   // LTD window
  EXPECT_NEAR(calcium_omega(p, 0.7), 1.0, 1e-5);    // LTP window
  for (double c : {0.0, 0.2, 0.35, 0.45, 0.55, 0.7, 1.5}) EXPECT_NEAR(calcium_omega(p, c), omega_formula(c), 1e-12);
}

TEST(calcium_control, eta_follows_the_formula) {
  const calcium_control_params p;
  for (double c : {0.0, 0.1, 0.35, 0.5, 1.0, 3.0})
    EXPECT_NEAR(calcium_eta(p, c), eta_formula_per_s(c) * 1e-3, 1e-15) << "c = " << c;  // η in 1/ms
  EXPECT_NEAR(calcium_eta(p, 0.0), 1e-3 / 10001.0, 1e-18);  // τ(0) = P1/P2 + P4 = 10001 s
}

TEST(calcium_control, calcium_from_one_spike_at_a_clamped_voltage_is_the_closed_form) {
  calcium_control_params p;
  p.v_rest = -50.0;  // post is a silent spike source: V = v_rest
  const double t_spike = 10.0;  // [ms]; arrives after one step of delay
  simulation sim(single_synapse({{t_spike}}, {{}}, p, 0.25, dt));
  const plasticity_rule& rule = *sim.projection_named("syn").rules().front();
  const double b = 1.0 / (1.0 + 1.0 / 3.57 * std::exp(-0.062 * p.v_rest));
  const double k = 0.5 * (-1.0 / 500.0) * b * (p.v_rest - 130.0);  // P0·G·B(V)·(V − 130 mV) [µM/ms]
  auto closed = [&](double t) {
    // y' = k(0.5 e^{−t/50} + 0.5 e^{−t/200}) − y/50: the 50 ms component is resonant with τCa = 50 ms.
    return k * (0.5 * t * std::exp(-t / 50.0) +
                0.5 * (std::exp(-t / 200.0) - std::exp(-t / 50.0)) / (1.0 / 50.0 - 1.0 / 200.0));
  };
  const std::int64_t arrival = std::llround(t_spike / dt) + 1;
  double peak = 0.0;
  std::int64_t done = 0;
  for (double t : {1.0, 20.0, 50.0, 80.0, 150.0, 400.0}) {
    const std::int64_t until = arrival + std::llround(t / dt);  // steps run so far afterwards
    sim.run(static_cast<double>(until - done) * dt);
    done = until;
    const double ca = calcium_control_calcium(rule)[0];
    EXPECT_NEAR(ca, closed(t), 1e-12 + 1e-9 * closed(t)) << "t = " << t << " ms";
    peak = std::max(peak, ca);
  }
  EXPECT_GT(peak, 0.35);  // at −50 mV one spike reaches the LTD window
  double closed_peak = 0.0;  // the closed form's maximum over the steps run
  for (std::int64_t m = 1; m <= std::llround(400.0 / dt); ++m)
    closed_peak = std::max(closed_peak, closed(static_cast<double>(m) * dt));
  EXPECT_NEAR(calcium_control_peak_calcium(rule)[0], closed_peak, 1e-9 * closed_peak);
}

// The reference: a plain loop over steps with NMDA gating and BPAPs as explicit sums over past spikes.
TEST(calcium_control, matches_a_plain_reference_loop_on_random_trains) {
  calcium_control_params p;
  p.v_rest = -62.0;
  const std::int64_t steps = 30000;  // 3 s
  const std::int64_t delay = 10;     // 1 ms
  std::vector<std::int64_t> pre_steps, post_steps;
  random_stream rs(7, {purpose::user, 0, 0});
  for (std::int64_t s = 0; s < steps; ++s) {
    const double u = rs.uniform();
    const double rate = s < 15000 ? 10.0 : 40.0;  // [Hz]
    if (u < rate * dt * 1e-3) pre_steps.push_back(s);
    if (rs.uniform() < 5.0 * dt * 1e-3) post_steps.push_back(s);
  }
  post_steps.push_back(pre_steps[3]);  // a simultaneous pre/post pair
  std::sort(post_steps.begin(), post_steps.end());
  std::vector<double> pre_t, post_t;
  for (auto s : pre_steps) pre_t.push_back(static_cast<double>(s) * dt);
  for (auto s : post_steps) post_t.push_back(static_cast<double>(s) * dt);
  const double w0 = 0.3;
  simulation sim(single_synapse({pre_t}, {post_t}, p, w0, static_cast<double>(delay) * dt));
  sim.run(static_cast<double>(steps) * dt);
  const double w_sim = sim.projection_named("syn").weights()[0];
  const double ca_peak_sim = calcium_control_peak_calcium(*sim.projection_named("syn").rules().front())[0];

  const std::int64_t bpap_delay = 20;  // 2 ms
  auto response = [](double tau_in, double t) {  // over one step, unit input decaying with tau_in, τCa = 50 ms
    if (tau_in == 50.0) return t * std::exp(-t / 50.0);
    return (std::exp(-t / tau_in) - std::exp(-t / 50.0)) / (1.0 / 50.0 - 1.0 / tau_in);
  };
  double ca = 0.0, w = w0, ca_peak = 0.0;
  for (std::int64_t s = 0; s < steps; ++s) {
    double nf = 0.0, ns = 0.0, bpap = 0.0;
    for (auto t : pre_steps)
      if (t + delay <= s) {
        nf += std::exp(-static_cast<double>(s - t - delay) * dt / 50.0);
        ns += std::exp(-static_cast<double>(s - t - delay) * dt / 200.0);
      }
    for (auto t : post_steps)
      if (t + bpap_delay <= s) {
        const double age = static_cast<double>(s - t - bpap_delay) * dt;
        bpap += 100.0 * (0.75 * std::exp(-age / 3.0) + 0.25 * std::exp(-age / 25.0));
      }
    const double v = p.v_rest + bpap;
    const double k = 0.5 * (-1.0 / 500.0) / (1.0 + std::exp(-0.062 * v) / 3.57) * (v - 130.0);
    ca = ca * std::exp(-dt / 50.0) + k * (0.5 * nf * response(50.0, dt) + 0.5 * ns * response(200.0, dt));
    ca_peak = std::max(ca_peak, ca);
    const double eta = eta_formula_per_s(ca) * 1e-3, target = omega_formula(ca);
    w = target + (w - target) * std::exp(-eta * dt);
  }
  EXPECT_GT(ca_peak, 0.55);  // the train reaches the LTP window
  EXPECT_NEAR(ca_peak_sim, ca_peak, 1e-9);
  EXPECT_NEAR(w_sim, w, 1e-9);
  EXPECT_GT(std::abs(w - w0), 0.01);  // the comparison is not trivial
}

TEST(calcium_control, nmda_block_zeroes_calcium_and_the_change) {
  std::vector<double> train;
  for (int k = 0; k < 100; ++k) train.push_back(10.0 + 10.0 * k);  // 100 Hz, 1 s
  for (double block : {0.0, 1.0}) {
    calcium_control_params p;
    p.nmda_block = block;
    simulation sim(single_synapse({train}, {{}}, p, 0.25, dt));
    sim.run(1200.0);
    const auto& proj = sim.projection_named("syn");
    const double peak = calcium_control_peak_calcium(*proj.rules().front())[0];
    if (block == 0.0) {
      EXPECT_GT(peak, 0.55);
      EXPECT_GT(proj.weights()[0], 0.3);  // LTP
    } else {
      EXPECT_EQ(peak, 0.0);
      EXPECT_NEAR(proj.weights()[0], 0.25, 1e-12);
    }
  }
  // The same through the projection's block (what an intervention sets), switched on after 500 ms.
  calcium_control_params p;
  simulation sim(single_synapse({train}, {{}}, p, 0.25, dt));
  sim.projection_named("syn").set_block("nmda", 1.0);
  sim.run(1200.0);
  EXPECT_EQ(calcium_control_peak_calcium(*sim.projection_named("syn").rules().front())[0], 0.0);
}

// Saturating NMDA gating (Shouval, Bear & Cooper 2002: P0 is the fraction of the closed receptors a spike opens),
// against a self-contained reference: the open fraction just before spike k, O_k = P0·Σ_{j<k} a_j·(f·e^{−(t_k−t_j)/τf}
// + (1 − f)·e^{−(t_k−t_j)/τs}), each spike's share a_k = 1 − O_k, and at a clamped voltage the calcium in closed
// form as the sum of each spike's response scaled by a_k (the O(n²) sums, not the rule's running ones).
TEST(calcium_control, saturating_nmda_gating_opens_a_fraction_of_the_closed_receptors) {
  calcium_control_params p;
  p.v_rest = -50.0;  // post is a silent spike source: V = v_rest
  p.nmda_gating = calcium_control_params::gating::saturating;
  std::vector<double> train;  // [ms]: 10 spikes at 50 Hz, a pause, 5 at 100 Hz
  for (int k = 0; k < 10; ++k) train.push_back(10.0 + 20.0 * k);
  for (int k = 0; k < 5; ++k) train.push_back(400.0 + 10.0 * k);
  const double b = 1.0 / (1.0 + 1.0 / 3.57 * std::exp(-0.062 * p.v_rest));
  const double k_drive = 0.5 * (-1.0 / 500.0) * b * (p.v_rest - 130.0);  // P0·G·B(V)·(V − 130 mV) [µM/ms]
  std::vector<double> arrival, share;  // [ms] on the simulation's grid (one step of delay); a_k
  for (double t : train) arrival.push_back(static_cast<double>(std::llround(t / dt) + 1) * dt);
  for (std::size_t k = 0; k < arrival.size(); ++k) {
    double open = 0.0;
    for (std::size_t j = 0; j < k; ++j) {
      const double age = arrival[k] - arrival[j];
      open += 0.5 * share[j] * (0.5 * std::exp(-age / 50.0) + 0.5 * std::exp(-age / 200.0));
    }
    EXPECT_LE(open, 1.0);
    share.push_back(1.0 - open);
  }
  EXPECT_LT(share.back(), 0.7);  // the train has filled half of the receptors: later spikes open fewer
  auto closed = [&](double t) {  // [Ca](t): per spike y' = a·k(0.5 e^{−u/50} + 0.5 e^{−u/200}) − y/50 (resonant)
    double ca = 0.0;
    for (std::size_t j = 0; j < arrival.size(); ++j) {
      const double u = t - arrival[j];
      if (u < 0.0) continue;
      const double slow = (std::exp(-u / 200.0) - std::exp(-u / 50.0)) / (1.0 / 50.0 - 1.0 / 200.0);
      ca += share[j] * k_drive * (0.5 * u * std::exp(-u / 50.0) + 0.5 * slow);
    }
    return ca;
  };
  simulation sim(single_synapse({train}, {{}}, p, 0.25, dt));
  simulation linear(single_synapse({train}, {{}}, calcium_control_params{.v_rest = -50.0}, 0.25, dt));
  const plasticity_rule& rule = *sim.projection_named("syn").rules().front();
  std::int64_t done = 0;
  for (double t : {50.0, 185.0, 300.0, 425.0, 445.0, 700.0}) {  // [ms]; the calcium after the step that ends at t
    const std::int64_t until = std::llround(t / dt);
    sim.run(static_cast<double>(until - done) * dt);
    linear.run(static_cast<double>(until - done) * dt);
    done = until;
    const double ca = calcium_control_calcium(rule)[0];
    EXPECT_NEAR(ca, closed(t), 1e-12 + 1e-9 * closed(t)) << "t = " << t << " ms";
    EXPECT_LT(ca, calcium_control_calcium(*linear.projection_named("syn").rules().front())[0]) << "t = " << t;
  }
}

// With every spike opening all closed receptors (P0 = 1) the open fraction is at most 1, so at a clamped voltage the
// calcium stays below that of receptors held open, K·τCa; linear gating at 200 Hz sums the gating far above it.
TEST(calcium_control, saturating_nmda_gating_bounds_calcium_by_receptors_held_open) {
  std::vector<double> train;
  for (int k = 0; k < 200; ++k) train.push_back(10.0 + 5.0 * k);  // 200 Hz, 1 s
  calcium_control_params p;
  p.v_rest = -50.0;
  p.p0 = 1.0;
  const double b = 1.0 / (1.0 + 1.0 / 3.57 * std::exp(-0.062 * p.v_rest));
  const double held_open = (-1.0 / 500.0) * b * (p.v_rest - 130.0) * 50.0;  // K·τCa with P0 = 1 [µM]
  for (const auto gating : {calcium_control_params::gating::saturating, calcium_control_params::gating::linear}) {
    p.nmda_gating = gating;
    simulation sim(single_synapse({train}, {{}}, p, 0.25, dt));
    sim.run(1100.0);
    const double peak = calcium_control_peak_calcium(*sim.projection_named("syn").rules().front())[0];
    if (gating == calcium_control_params::gating::saturating) {
      EXPECT_LE(peak, held_open);
      EXPECT_GT(peak, 0.9 * held_open);  // the receptors stay nearly all open
    } else {
      EXPECT_GT(peak, 5.0 * held_open);
    }
  }
}

namespace {

const std::string rule_file = R"([experiment]
duration = "10 ms"

[[population]]
name = "pre"
size = 1
model = "spike_times"

[[population]]
name = "post"
size = 1
model = "spike_times"

[[projection]]
name = "syn"
pre = "pre"
post = "post"
weight = "0.25 nS"
  [[projection.plasticity]]
  rule = "calcium_control"
  tau_ca = "50 ms"
  alpha1 = "0.35 uM"
  p1 = "0.1 s"
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

void expect_error_with(const std::string& text, const std::vector<std::string>& expected) {
  try {
    parse_experiment(text, "bad.toml");
    ADD_FAILURE() << "no error";
  } catch (const error& e) {
    for (const auto& s : expected) EXPECT_NE(std::string(e.what()).find(s), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(calcium_control, experiment_file_reads_units_and_reports_errors) {
  const experiment_spec spec = parse_experiment(replaced(rule_file, "p1 = \"0.1 s\"", "p1 = \"200 ms\"\n  nmda_block = 1"),
                                                "ok.toml");
  const auto& p = std::get<calcium_control_params>(spec.network.projections[0].plasticity[0].params);
  EXPECT_DOUBLE_EQ(p.p1, 0.2);  // [s]
  EXPECT_DOUBLE_EQ(p.nmda_block, 1.0);
  expect_error_with(replaced(rule_file, "tau_ca = \"50 ms\"", "tau_ca = \"-5 ms\""), {"bad.toml", "tau_ca must be > 0"});
  expect_error_with(replaced(rule_file, "tau_ca = \"50 ms\"", "tau_ca = 50"), {"bad.toml", "tau_ca"});
  expect_error_with(replaced(rule_file, "alpha1 = \"0.35 uM\"", "alpha1 = \"0.6 uM\""), {"alpha1 must be below alpha2"});
  expect_error_with(replaced(rule_file, "p1 = \"0.1 s\"", "nmda_block = 1.5"), {"nmda_block must be in [0, 1]"});
  expect_error_with(replaced(rule_file, "p1 = \"0.1 s\"", "tau_caa = \"1 ms\""), {"unknown key 'tau_caa'"});
}
