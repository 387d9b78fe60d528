// Tag–trigger–consolidation (plasticity/consolidation.hpp) and the slow clock (simulation.cpp advance_slow):
// the slow dynamics of p and z against a self-contained reference loop written here, bistability of z, tag decay
// rates, reproducibility, protein-synthesis inhibition, the cost and exactness of slow phases, and file errors.
#include <gtest/gtest.h>

#include <cmath>

#include "plastix/io/config.hpp"
#include "plastix/plasticity/consolidation.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/sim/simulation.hpp"
#include "spec_builders.hpp"

using namespace plastix;

namespace {

constexpr double second = 1000.0, hour = 3600.0e3;  // [ms]

// n_syn silent inputs onto one post "neuron" (a spike source without spikes: the projection carries plasticity
// only; a spike source has no membrane potential: the presynaptic induction). One tag_trigger rule on it.
experiment_spec tagged_network(std::size_t n_syn, tag_trigger_params p, double dt = 0.1) {
  p.induction = tag_trigger_params::induction_rule::presynaptic;
  network_spec net;
  net.populations.push_back(test::spike_source("in", std::vector<std::vector<double>>(n_syn)));
  net.populations.push_back(test::spike_source("post", {{}}));
  projection_spec pr = test::projection_between("in", "post", "", 1.0, 1.0);
  pr.plasticity.push_back({p, {}});
  net.projections.push_back(pr);
  return test::experiment(net, 1.0, dt);  // one 1 ms phase; the tests run their own phases
}

phase_spec slow_phase(const std::string& name, double duration, double slow_step = second, bool psi = false) {
  phase_spec ph;
  ph.name = name;
  ph.duration = duration;
  ph.slow_step = slow_step;
  if (psi) {  // anisomycin on the whole network for the phase
    intervention_spec iv;
    iv.type = intervention_spec::kind::block_protein_synthesis;
    ph.interventions.push_back(iv);
  }
  return ph;
}

plasticity_rule& rule_of(simulation& sim) { return *sim.projections()[0]->rules()[0]; }

// Reference: the slow equations of Clopath et al. 2008 as written in models.md, integrated in plain loops with
// a step h: p by forward Euler, z by forward Euler; tags fixed (no decay: k = 0 in these tests).
struct reference_state {
  std::vector<double> h, l, z;
  double p = 0.0;
};
void reference_run(const tag_trigger_params& c, reference_state& s, double duration, double h_step, bool blocked) {
  const auto n = static_cast<std::int64_t>(std::llround(duration / h_step));
  for (std::int64_t k = 0; k < n; ++k) {
    double tags = 0.0;
    for (std::size_t i = 0; i < s.h.size(); ++i) tags += s.h[i] - s.l[i];
    const double theta = (!blocked && tags > c.theta_p) ? 1.0 : 0.0;
    const double p_old = s.p;
    s.p += h_step * (-s.p / c.tau_pd + (1.0 - s.p) / c.tau_pm * theta);
    for (std::size_t i = 0; i < s.z.size(); ++i) {
      const double z = s.z[i];
      s.z[i] += h_step / c.tau_z * (z * (1.0 - z) * (z - 0.5) + c.gamma * (s.h[i] + s.l[i]) * p_old);
    }
  }
}

tag_trigger_params no_decay() {
  tag_trigger_params p;
  p.k_h = p.k_l = 0.0;
  return p;
}

}  // namespace

TEST(tag_trigger, slow_dynamics_match_the_reference_loop) {
  const tag_trigger_params c = no_decay();
  const std::size_t n = 100;
  simulation sim(tagged_network(n, c));
  reference_state ref;
  ref.h.assign(n, 0.0);
  ref.l.assign(n, 0.0);
  ref.z.assign(n, 0.0);
  // 70 LTP tags, 5 LTD tags (Σ(h − l) = 75 > θp = 60): proteins are made; z of tagged synapses is pushed up.
  for (std::uint32_t s = 0; s < n; ++s) {
    const double h = s < 70 ? 1.0 : 0.0, l = (s >= 95) ? -1.0 : 0.0, z = s == 99 ? 0.9 : 0.0;
    tag_trigger_set(rule_of(sim), s, h, l, z);
    ref.h[s] = h, ref.l[s] = l, ref.z[s] = z;
  }
  sim.run_phase(slow_phase("hold", 2 * hour));
  reference_run(c, ref, 2 * hour, 0.01 * second, false);  // fine Euler: the rule's own step is 1 s
  const tag_trigger_state st = tag_trigger_view(rule_of(sim));
  // p integrates exactly per step; z by Euler at 1 s: both agree with the fine reference to ~1e-3.
  EXPECT_NEAR(st.p[0], ref.p, 1e-3);
  EXPECT_GT(st.p[0], 0.5);
  for (std::uint32_t s = 0; s < n; ++s) EXPECT_NEAR(st.z[s], ref.z[s], 2e-3) << "synapse " << s;
  // Weights are w0 + gh h + gl l + gz z.
  const auto w = sim.projections()[0]->weights();
  for (std::uint32_t s = 0; s < n; ++s)
    EXPECT_NEAR(w[s], c.w0 + c.gh * st.h[s] + c.gl * st.l[s] + c.gz * st.z[s], 1e-12);
  // With p: h-tagged synapses cross to the upper state, untagged ones stay down, h+l = 0 ones (none here) stay.
  EXPECT_GT(st.z[0], 0.5);
  EXPECT_LT(st.z[80], 0.01);
}

TEST(tag_trigger, protein_closed_form_when_triggered_and_after) {
  // p(t) = 1·(1 − e^{−bt})·a/b with a = 1/τpm, b = 1/τpd + 1/τpm while triggered; e^{−t/τpd} decay after.
  tag_trigger_params c = no_decay();
  simulation sim(tagged_network(100, c));
  for (std::uint32_t s = 0; s < 100; ++s) tag_trigger_set(rule_of(sim), s, 1.0, 0.0, 0.0);
  sim.run_phase(slow_phase("make", 1 * hour));
  const double a = 1.0 / c.tau_pm, b = 1.0 / c.tau_pd + 1.0 / c.tau_pm;
  const double p1 = a / b * (1.0 - std::exp(-b * hour));
  EXPECT_NEAR(tag_trigger_view(rule_of(sim)).p[0], p1, 1e-9);
  for (std::uint32_t s = 0; s < 100; ++s) tag_trigger_set(rule_of(sim), s, 0.0, 0.0, 0.0);
  sim.run_phase(slow_phase("decay", 1 * hour));
  EXPECT_NEAR(tag_trigger_view(rule_of(sim)).p[0], p1 * std::exp(-hour / c.tau_pd), 1e-9);
}

TEST(tag_trigger, late_phase_is_bistable) {
  // Without tags, z relaxes to the nearer stable state: 0 below 0.5, 1 above.
  const tag_trigger_params c = no_decay();
  simulation sim(tagged_network(6, c));
  const double z0[] = {0.0, 0.2, 0.45, 0.55, 0.8, 1.0};
  for (std::uint32_t s = 0; s < 6; ++s) tag_trigger_set(rule_of(sim), s, 0.0, 0.0, z0[s]);
  sim.run_phase(slow_phase("relax", 24 * hour));
  const tag_trigger_state st = tag_trigger_view(rule_of(sim));
  for (std::uint32_t s = 0; s < 6; ++s) EXPECT_NEAR(st.z[s], z0[s] < 0.5 ? 0.0 : 1.0, 1e-3) << "z0 = " << z0[s];
}

TEST(tag_trigger, tags_decay_at_their_rates) {
  // Fraction of tags left after time t: e^{−k t}; 4000 synapses give a binomial sd ≈ 0.008.
  const tag_trigger_params c;  // k_h = 1/3600 s, k_l = 1/5400 s
  const std::size_t n = 4000;
  simulation sim(tagged_network(n, c));
  for (std::uint32_t s = 0; s < n; ++s) tag_trigger_set(rule_of(sim), s, 1.0, -1.0, 0.0);
  // Σ(h − l) = 8000 > θp: proteins are made, but h + l = 0 leaves z alone.
  sim.run_phase(slow_phase("decay", 1 * hour));
  const tag_trigger_state st = tag_trigger_view(rule_of(sim));
  double h = 0.0, l = 0.0;
  for (std::uint32_t s = 0; s < n; ++s) h += st.h[s], l -= st.l[s];
  EXPECT_NEAR(h / n, std::exp(-1.0), 0.03);          // k_h = 1/h
  EXPECT_NEAR(l / n, std::exp(-3600.0 / 5400.0), 0.03);  // k_l = 1/1.5 h
}

TEST(tag_trigger, protein_synthesis_inhibition_removes_production) {
  const tag_trigger_params c = no_decay();
  simulation sim(tagged_network(100, c));
  for (std::uint32_t s = 0; s < 100; ++s) tag_trigger_set(rule_of(sim), s, 1.0, 0.0, 0.0);
  sim.run_phase(slow_phase("anisomycin", 2 * hour, second, true));
  EXPECT_EQ(tag_trigger_view(rule_of(sim)).p[0], 0.0);
  EXPECT_EQ(tag_trigger_view(rule_of(sim)).z[0], 0.0);
  sim.run_phase(slow_phase("washout", 1 * hour));  // the inhibition ends with its phase
  EXPECT_GT(tag_trigger_view(rule_of(sim)).p[0], 0.1);
}

// Induction at dt: random trains through a 100 Hz burst; the same seed gives the same tags, another seed others.
experiment_spec burst_experiment(std::uint64_t seed) {
  std::vector<std::vector<double>> times(200);
  for (auto& t : times)
    for (int k = 0; k < 21; ++k) t.push_back(10.0 + 10.0 * k);
  tag_trigger_params c;
  experiment_spec e = tagged_network(200, c);
  e.network.populations[0] = test::spike_source("in", times);
  e.seed = seed;
  e.phases.clear();
  phase_spec fast;
  fast.name = "tetanus";
  fast.duration = 1 * second;
  e.phases.push_back(fast);
  e.phases.push_back(slow_phase("after", 1 * hour));
  return e;
}

std::vector<double> run_weights(const experiment_spec& e) {
  simulation sim(e);
  for (const phase_spec& ph : e.phases) sim.run_phase(ph);
  const auto w = sim.projections()[0]->weights();
  return {w.begin(), w.end()};
}

TEST(tag_trigger, induction_is_reproducible_and_keyed_by_seed) {
  const auto a = run_weights(burst_experiment(3)), b = run_weights(burst_experiment(3)),
             c = run_weights(burst_experiment(4));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // A weak tetanus (21 pulses at 100 Hz) tags a fraction 1 − exp(−p_ltp Σx) ≈ 0.39 of the synapses.
  simulation sim(burst_experiment(3));
  sim.run_phase(burst_experiment(3).phases[0]);
  const tag_trigger_state st = tag_trigger_view(rule_of(sim));
  double sum_x = 0.0, x = 0.0;
  for (int k = 0; k < 21; ++k) {
    sum_x += x;                              // read before the spike's own increment
    x = (x + 1.0) * std::exp(-10.0 / 100.0);  // then decays to the next spike, 10 ms later
  }
  double tagged = 0.0;
  for (std::uint32_t s = 0; s < 200; ++s) tagged += st.h[s];
  EXPECT_NEAR(tagged / 200, 1.0 - std::exp(-0.004 * sum_x), 0.1);
}

namespace {
// Counts the hooks the simulation calls: the work of a slow phase is one on_slow per slow interval, no on_step.
struct counting_rule final : plasticity_rule {
  std::int64_t* slow_calls;
  std::int64_t* step_calls;
  counting_rule(std::int64_t* s, std::int64_t* f) : slow_calls(s), step_calls(f) {}
  const char* name() const override { return "counting"; }
  void visit_state(plastix::state_visitor& v) override { visit_columns(v); }  // checkpoints: columns only
  void on_step(projection&, const step_context&) override { ++*step_calls; }
  void on_slow(projection&, const step_context&) override { ++*slow_calls; }
  double slow_interval() const override { return 1000.0; }  // [ms]
};
}  // namespace

TEST(slow_clock, cost_is_proportional_to_slow_steps_and_the_clock_is_exact) {
  const tag_trigger_params c = no_decay();
  simulation sim(tagged_network(100, c));
  std::int64_t slow_calls = 0, step_calls = 0;
  sim.projections().front()->add_rule(std::make_unique<counting_rule>(&slow_calls, &step_calls));
  sim.run_phase(slow_phase("hold", 10 * hour));  // 36 000 slow steps = 3.6e8 time steps of dt
  EXPECT_EQ(sim.step(), 360'000'000);
  EXPECT_EQ(sim.time(), 10 * hour);
  // O(N / slow_step): one on_slow per second of biological time, nothing per time step of dt.
  EXPECT_EQ(slow_calls, 36'000);
  EXPECT_EQ(step_calls, 0);
  // A duration that is not a multiple of the slow step ends with a shorter step; the clock stays exact.
  sim.run_phase(slow_phase("odd", 2.5 * second + 0.3));
  EXPECT_EQ(sim.step(), 360'000'000 + 25'003);
  // A fast phase after a slow one runs at dt from the exact step.
  phase_spec fast;
  fast.name = "fast";
  fast.duration = 1.0;
  sim.run_phase(fast);
  EXPECT_EQ(sim.step(), 360'000'000 + 25'013);
}

TEST(slow_clock, on_slow_calls_match_the_fast_clock) {
  // The same rule run 20 s at dt and 20 s in slow steps of 1 s ends in the same state (the same on_slow calls at
  // the same steps, so also the same random tag decays).
  tag_trigger_params c;
  c.k_h = c.k_l = 1.0 / 5000.0;  // fast decay, so that random draws matter
  experiment_spec e = tagged_network(50, c);
  simulation fast(e), slow(e);
  for (simulation* s : {&fast, &slow})
    for (std::uint32_t k = 0; k < 50; ++k) tag_trigger_set(rule_of(*s), k, 1.0, -1.0, 0.6);
  phase_spec f;
  f.name = "fast";
  f.duration = 20 * second;
  fast.run_phase(f);
  slow.run_phase(slow_phase("slow", 20 * second));
  const tag_trigger_state a = tag_trigger_view(rule_of(fast)), b = tag_trigger_view(rule_of(slow));
  for (std::uint32_t k = 0; k < 50; ++k) {
    EXPECT_EQ(a.h[k], b.h[k]);
    EXPECT_EQ(a.l[k], b.l[k]);
    EXPECT_EQ(a.z[k], b.z[k]);
  }
  EXPECT_EQ(fast.step(), slow.step());
}

namespace {
const char* tag_file = R"(
[experiment]
name = "tags"
dt = "0.1 ms"

[[population]]
name = "in"
size = 2
model = "spike_times"

[[population]]
name = "post"
size = 1
model = "spike_times"

[[projection]]
name = "path"
pre = "in"
post = "post"
connector = "all_to_all"
weight = "1 nS"

  [[projection.plasticity]]
  rule = "tag_trigger"
  induction = "presynaptic"
  tau_z = "360 s"
  k_h = "0.000277778 Hz"
  theta_p = 60
  slow_step = "1 s"

[[phase]]
name = "tetanus"
duration = "1 s"

[[phase]]
name = "maintenance"
duration = "8 h"
slow_step = "1 s"
block_protein_synthesis = true
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

void expect_error(const std::string& text, std::initializer_list<std::string> parts) {
  try {
    experiment_spec spec = parse_experiment(text, "tags.toml");
    validate(spec);
    simulation sim(spec);
    FAIL() << "no error";
  } catch (const error& e) {
    for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
  }
}
}  // namespace

TEST(tag_trigger_config, reads_rule_and_slow_phases) {
  const experiment_spec spec = parse_experiment(tag_file, "tags.toml");
  const auto& r = std::get<tag_trigger_params>(spec.network.projections[0].plasticity[0].params);
  EXPECT_DOUBLE_EQ(r.tau_z, 360.0e3);
  EXPECT_NEAR(r.k_h, 1.0 / 3600.0e3, 1e-12);
  EXPECT_DOUBLE_EQ(r.slow_step, 1000.0);
  EXPECT_EQ(spec.phases[0].slow_step, 0.0);
  EXPECT_DOUBLE_EQ(spec.phases[1].slow_step, 1000.0);
  EXPECT_DOUBLE_EQ(spec.phases[1].duration, 8 * hour);
  // The old phase key is read as a block_protein_synthesis intervention on the whole network.
  ASSERT_EQ(spec.phases[1].interventions.size(), 1u);
  EXPECT_EQ(spec.phases[1].interventions[0].type, intervention_spec::kind::block_protein_synthesis);
  EXPECT_TRUE(spec.phases[1].interventions[0].population.empty());
  EXPECT_DOUBLE_EQ(spec.phases[1].interventions[0].fraction, 1.0);
  EXPECT_TRUE(spec.phases[0].interventions.empty());
}

TEST(tag_trigger_config, errors_name_the_key) {
  expect_error(replace(tag_file, "tau_z = \"360 s\"", "tau_z = \"-1 s\""), {"tau_z must be > 0"});
  expect_error(replace(tag_file, "tau_z = \"360 s\"", "tau_z = 360"), {"tau_z", "unit"});
  expect_error(replace(tag_file, "theta_p = 60", "theta = 60"), {"unknown key 'theta'"});
  expect_error(replace(tag_file, "slow_step = \"1 s\"\nblock", "slow_step = \"0.05 ms\"\nblock"),
               {"phase.maintenance.slow_step", "whole number of dt"});
  expect_error(replace(tag_file, "k_h = \"0.000277778 Hz\"", "k_h = \"1 ms\""), {"k_h", "rate"});
}
