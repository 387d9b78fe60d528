// Delta receptors (neuron/receptors.hpp, kind = "delta"): a spike of weight w [mV] moves v by w at the neuron's
// next integration step, before the step is integrated (NEST iaf_psc_delta; Brian2 on_pre: v_post += w). Against
// self-contained reference updates (the lif exact step, the adex forward-Euler step), for every membrane model
// against a twin neuron whose v was set to v + w, simultaneous spikes, refractoriness, the adex_clopath spike
// clamp, suprathreshold jumps, the receptor block, the file path (add_all delivery, units, block intervention) and
// the file errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "plastix/core/fast_math.hpp"
#include "plastix/io/config.hpp"
#include "plastix/neuron/adex.hpp"
#include "plastix/neuron/adex_clopath.hpp"
#include "plastix/neuron/izhikevich.hpp"
#include "plastix/neuron/lif.hpp"
#include "plastix/neuron/neuron_population.hpp"
#include "plastix/sim/experiment.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using config_test::expect_error;
using config_test::with;

namespace {

receptor_params delta_receptor(const std::string& name) {
  receptor_params r;
  r.name = name;
  r.kind = receptor_kind::delta;
  return r;
}

const double dt = 0.1;  // [ms]

// The lif exact step of lif.hpp written out: no synaptic current, v relaxes to e_l + i_e/g_l.
double lif_step(const lif::params& p, double v) {
  const double v_inf = (p.g_l * p.e_l + p.i_e) / p.g_l;
  return v_inf + (v - v_inf) * fast_exp(p.g_l * (-dt / p.c_m));
}

// The adex forward-Euler step of adex.hpp written out (no synaptic current): returns (v, w) after one step.
std::pair<double, double> adex_step(const adex::params& p, double v, double w) {
  const double spike = p.g_l * p.delta_t * fast_exp(std::min((v - p.v_t) / p.delta_t, 30.0));
  const double dv = (-p.g_l * (v - p.e_l) + spike - w + p.i_e) / p.c_m;
  const double dw = (p.a * (v - p.e_l) - w) / p.tau_w;
  return {v + dt * dv, w + dt * dw};
}

}  // namespace

// (a) lif: a spike of weight w arriving before step k moves v by w at step k; the step then relaxes v + w exactly
// like the reference, and the neuron without the spike follows the same reference from v.
TEST(delta_receptor, lif_jump_is_the_weight_then_the_exact_step) {
  lif::params p;
  p.i_e = 50.0;  // subthreshold drift: v_inf = −55 mV
  neuron_population<lif> with_spike("a", 1, 0, p, {delta_receptor("d")});
  neuron_population<lif> without("b", 1, 0, p, {delta_receptor("d")});
  const double w = 2.5;  // [mV]
  double v_ref = p.e_l, v_plain = p.e_l;
  for (int k = 0; k < 200; ++k) {
    if (k == 50) with_spike.input().add(0, 0, w);
    const bool jump = k == 50;
    with_spike.update({k, dt, 1});
    without.update({k, dt, 1});
    v_ref = lif_step(p, v_ref + (jump ? w : 0.0));
    v_plain = lif_step(p, v_plain);
    ASSERT_EQ(with_spike.sample(0, 0), v_ref) << "step " << k;
    ASSERT_EQ(without.sample(0, 0), v_plain) << "step " << k;
    ASSERT_EQ(with_spike.sample(1, 0), 0.0) << "the receptor is cleared within the step";
  }
  // The difference is the jump relaxing with τ = c_m/g_l from the step of the spike on.
  const double tau = p.c_m / p.g_l;
  EXPECT_NEAR(with_spike.sample(0, 0) - without.sample(0, 0), w * std::exp(-150 * dt / tau), 1e-9);
}

// (b) adex: v after the jump step is the forward-Euler step from (v0 + w, w_adapt), which also moves the
// adaptation current.
TEST(delta_receptor, adex_jump_then_forward_euler) {
  adex::params p;
  neuron_population<adex> pop("a", 1, 0, p, {delta_receptor("d")});
  double v = p.e_l, wa = 0.0;
  const double w = 4.0;
  for (int k = 0; k < 100; ++k) {
    const bool jump = k == 30 || k == 31;
    if (jump) pop.input().add(0, 0, w);
    pop.update({k, dt, 1});
    std::tie(v, wa) = adex_step(p, v + (jump ? w : 0.0), wa);
    ASSERT_EQ(pop.sample(0, 0), v) << "step " << k;
    ASSERT_EQ(pop.sample(1, 0), wa) << "step " << k;
  }
  EXPECT_GT(v, p.e_l + 1.0);
}

// Every membrane model: a jump equals setting v to v + w just before the step (twin population), bitwise.
template <class Model>
void expect_jump_equals_shift(const typename Model::params& p) {
  neuron_population<Model> a("a", 3, 0, p, {delta_receptor("d")});
  neuron_population<Model> b("b", 3, 0, p, {});
  for (int k = 0; k < 300; ++k) {
    if (k % 60 == 7) {  // 6 ms apart: after the lif refractory period (5 ms), where a jump would be dropped
      for (std::size_t i = 0; i < 3; ++i) {
        const double w = 1.5 * static_cast<double>(i + 1);
        a.input().add(0, i, w);
        b.set_state(0, i, b.sample(0, i) + w);
      }
    }
    a.update({k, dt, 1});
    b.update({k, dt, 1});
    ASSERT_EQ(a.spikes(), b.spikes()) << Model::name << " step " << k;
    for (int s = 0; s < static_cast<int>(Model::state_names.size()); ++s)
      for (std::size_t i = 0; i < 3; ++i) ASSERT_EQ(a.sample(s, i), b.sample(s, i)) << Model::name << " step " << k;
  }
}

TEST(delta_receptor, every_model_jumps_v_before_the_step) {
  lif::params l;
  l.i_e = 90.0;
  expect_jump_equals_shift<lif>(l);
  adex::params a;
  a.i_e = 300.0;
  expect_jump_equals_shift<adex>(a);
  izhikevich::params z;
  z.i_e = 3.0;
  expect_jump_equals_shift<izhikevich>(z);
}

// (c) Two spikes in one step add: one jump of w1 + w2, and through add_all as through add.
TEST(delta_receptor, simultaneous_spikes_add) {
  lif::params p;
  neuron_population<lif> two("a", 2, 0, p, {delta_receptor("d")});
  const std::uint32_t post[] = {0, 0, 1};
  const double w[] = {1.25, 2.5, 3.75};
  two.input().add_all(0, post, w, 1.0, 0, 3);
  two.input().add(0, 1, 0.5);
  two.update({0, dt, 1});
  EXPECT_EQ(two.sample(0, 0), lif_step(p, p.e_l + (1.25 + 2.5)));
  EXPECT_EQ(two.sample(0, 1), lif_step(p, p.e_l + (3.75 + 0.5)));
  two.update({1, dt, 1});  // nothing pending: the plain relaxation
  EXPECT_EQ(two.sample(0, 0), lif_step(p, lif_step(p, p.e_l + (1.25 + 2.5))));
}

// (d) A jump during refractoriness is dropped (NEST); (e) a suprathreshold jump makes the neuron spike in that
// step.
TEST(delta_receptor, suprathreshold_jump_spikes_and_refractory_jump_is_lost) {
  lif::params p;
  p.t_ref = 2.0;  // 20 steps
  neuron_population<lif> pop("a", 1, 0, p, {delta_receptor("d")});
  pop.update({0, dt, 1});
  EXPECT_TRUE(pop.spikes().empty());
  pop.input().add(0, 0, 10.5);  // e_l + 10.5 = −49.5 mV ≥ v_th = −50 mV, and still above after the step
  ASSERT_GE(lif_step(p, p.e_l + 10.5), p.v_th);
  pop.update({1, dt, 1});
  ASSERT_EQ(pop.spikes().size(), 1u);
  EXPECT_EQ(pop.sample(0, 0), p.v_reset);
  for (int k = 2; k < 21; ++k) {  // refractory until step 21
    pop.input().add(0, 0, 30.0);
    pop.update({k, dt, 1});
    EXPECT_TRUE(pop.spikes().empty()) << "step " << k;
    EXPECT_EQ(pop.sample(0, 0), p.v_reset) << "step " << k;
    EXPECT_EQ(pop.sample(1, 0), 0.0) << "the dropped jump does not carry over";
  }
  pop.update({21, dt, 1});  // integrating again, from v_reset: nothing left of the dropped jumps
  EXPECT_EQ(pop.sample(0, 0), lif_step(p, p.v_reset));
  // A jump just below what crosses the threshold does not spike.
  neuron_population<lif> sub("b", 1, 0, p, {delta_receptor("d")});
  sub.input().add(0, 0, 9.9);
  sub.update({0, dt, 1});
  EXPECT_TRUE(sub.spikes().empty());
  EXPECT_EQ(sub.sample(0, 0), lif_step(p, p.e_l + 9.9));
}

// adex_clopath: during the spike clamp v is overwritten (v_spike, then v_reset), so a jump is lost there.
TEST(delta_receptor, jump_is_lost_in_the_adex_clopath_clamp) {
  adex_clopath::params p;
  neuron_population<adex_clopath> pop("a", 1, 0, p, {delta_receptor("d")});
  pop.input().add(0, 0, 100.0);  // to above v_peak at once
  pop.update({0, dt, 1});
  ASSERT_EQ(pop.spikes().size(), 1u);
  EXPECT_EQ(pop.sample(0, 0), p.v_spike);
  int k = 1;
  for (; pop.sample(4, 0) > 0.0; ++k) {  // the clamp
    pop.input().add(0, 0, 5.0);
    pop.update({k, dt, 1});
    EXPECT_TRUE(pop.spikes().empty());
    const double v = pop.sample(0, 0);
    EXPECT_TRUE(v == p.v_spike || v == p.v_reset) << "step " << k << ": v = " << v;
  }
  EXPECT_EQ(pop.sample(0, 0), p.v_reset);
  EXPECT_EQ(k - 1, static_cast<int>(std::lround(p.t_spike / dt)));  // v_spike for t_spike, then v_reset
}

// (f) A block of fraction f scales the jump of spikes arriving during the block by 1 − f.
TEST(delta_receptor, block_scales_the_jump) {
  lif::params p;
  neuron_population<lif> pop("a", 2, 0, p, {delta_receptor("d")});
  pop.input().set_block(0, 0.25);
  pop.input().add(0, 0, 4.0);
  const std::uint32_t post[] = {1};
  const double w[] = {4.0};
  pop.input().add_all(0, post, w, 1.0, 0, 1);
  pop.update({0, dt, 1});
  EXPECT_EQ(pop.sample(0, 0), lif_step(p, p.e_l + 3.0));
  EXPECT_EQ(pop.sample(0, 1), lif_step(p, p.e_l + 3.0));
}

namespace {

// A spike at 2 ms through a 1 ms delay onto a lif neuron at rest (v_inf = e_l), kind = "delta", weight 3 mV.
const std::string delta_file = R"([experiment]
dt = "0.1 ms"

[[population]]
name = "pre"
size = 1
model = "spike_times"
times = [["2 ms"]]

[[population]]
name = "post"
size = 1
model = "lif"
t_ref = "2 ms"

  [[population.receptor]]
  name = "kick"
  kind = "delta"

[[projection]]
name = "syn"
pre = "pre"
post = "post"
receptor = "kick"
weight = "3 mV"
delay = "1 ms"

[[monitor]]
type = "state"
population = "post"
variable = "v"

[[monitor]]
type = "weights"
projection = "syn"

[[phase]]
name = "run"
duration = "10 ms"
)";

}  // namespace

// From a file: the spike is delivered (add_all) and v jumps by the weight in mV, then relaxes to e_l; a
// block_receptor intervention halves the jump.
TEST(delta_receptor, file_experiment_jumps_v_by_the_weight) {
  for (const double fraction : {0.0, 0.5}) {
    std::string text = delta_file;
    if (fraction > 0.0) {
      text += "\n[[phase.intervention]]\ntype = \"block_receptor\"\nreceptor = \"kick\"\nfraction = 0.5\n";
    }
    const experiment_spec spec = parse_experiment(text, "delta.toml");
    const run_results r = run_experiment(spec);
    const state_record& v = r.states.at(0);
    ASSERT_EQ(v.unit, "mV");
    ASSERT_EQ(r.weights.at(0).unit, "mV");
    const lif::params p;
    const double w = 3.0 * (1.0 - fraction), tau = p.c_m / p.g_l;
    std::size_t first = v.values.size();
    for (std::size_t k = 0; k < v.values.size(); ++k) {
      if (v.values[k] != p.e_l) {
        first = k;
        break;
      }
    }
    ASSERT_LT(first, v.values.size()) << "v never moved";
    // The spike of step 20 is delivered in step 30 (1 ms delay; a transmission monitor stamps it 3 ms) and acts
    // from the next step on, like any receptor: step 31, [3.1, 3.2) ms, starts at v + w; its end is sampled at
    // 3.2 ms.
    EXPECT_NEAR(v.times[first], 3.2, 1e-9);
    for (std::size_t k = first; k < v.values.size(); ++k) {
      const double steps = static_cast<double>(k - first + 1);
      EXPECT_NEAR(v.values[k] - p.e_l, w * std::exp(-steps * dt / tau), 1e-9) << "sample " << k;
    }
  }
}

// (g) File errors: time constants, reversal potential and Mg block have no meaning for a delta receptor; the
// weight onto it is a voltage.
TEST(delta_receptor, file_errors_name_the_key) {
  const std::string base = with(config_test::base_file, "  tau_decay = \"5 ms\"", "  kind = \"delta\"");
  const std::string delta_weight = with(base, "weight = \"1 nS\"", "weight = \"1 mV\"");
  EXPECT_NO_THROW(parse_experiment(delta_weight, "bad.toml"));
  for (const std::string key : {"tau_decay", "tau_rise", "e_rev"}) {
    const std::string value = key == "e_rev" ? "\"0 mV\"" : "\"5 ms\"";
    expect_error(with(delta_weight, "kind = \"delta\"", "kind = \"delta\"\n  " + key + " = " + value), key,
                 "population.exc.receptor.ampa." + key,
                 {key + " has no meaning for a receptor with kind = \"delta\"", "leave it out"});
  }
  expect_error(with(delta_weight, "kind = \"delta\"", "kind = \"delta\"\n  mg_block = true"), "mg_block",
               "population.exc.receptor.ampa.mg_block", {"mg_block has no meaning", "kind = \"delta\""});
  expect_error(with(delta_weight, "kind = \"delta\"", "kind = \"delta\"\n  preset = \"ampa\""), "preset",
               "population.exc.receptor.ampa.preset", {"preset has no meaning"});
  expect_error(base, "weight", "projection.ee.weight",
               {"expected a voltage", "receptor 'ampa' of population 'exc' is of kind \"delta\""});
  expect_error(with(base, "weight = \"1 nS\"", "weight = \"20 pA\""), "weight", "projection.ee.weight",
               {"expected a voltage"});
  expect_error(with(config_test::base_file, "tau_decay = \"5 ms\"", "kind = \"dirac\""), "kind",
               "population.exc.receptor.ampa.kind", {"delta"});
}
