// The protein pool per postsynaptic neuron (plasticity/consolidation.hpp, synapse/shared_state.hpp): every
// tag_trigger projection onto a population shares one p per neuron, so two pathways from two input populations
// capture each other's proteins (Frey & Morris 1997). Checked: two projections behave bitwise as one projection with
// the same synapses; the projection order does not matter; pools of different post populations are separate;
// several rule ticks in one slow step give the same result as one tick per step; mismatched parameters are errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/plasticity/consolidation.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/sim/simulation.hpp"
#include "spec_builders.hpp"

using namespace plastix;

namespace {

constexpr double second = 1000.0, hour = 3600.0e3;  // [ms]

struct pathway {
  std::string pre, post;  // names of the input population and of the post population
  std::size_t size;
};

// Silent inputs onto spike-source "neurons" (the projections carry plasticity only), one tag_trigger rule each,
// one projection per pathway named after its input; the post populations have one neuron each. Spike sources have no
// membrane potential: the rules use the presynaptic induction.
experiment_spec pathways(const std::vector<pathway>& paths, tag_trigger_params p) {
  p.induction = tag_trigger_params::induction_rule::presynaptic;
  network_spec net;
  for (const pathway& pw : paths) {
    net.populations.push_back(test::spike_source(pw.pre, std::vector<std::vector<double>>(pw.size)));
    bool known = false;
    for (const population_spec& q : net.populations) known = known || q.name == pw.post;
    if (!known) net.populations.push_back(test::spike_source(pw.post, {{}}));
  }
  for (const pathway& pw : paths) {
    projection_spec pr = test::projection_between(pw.pre, pw.post, "", 1.0, 1.0);
    pr.name = pw.pre;
    pr.plasticity.push_back({p, {}});
    net.projections.push_back(pr);
  }
  return test::experiment(net, 1.0);
}

phase_spec slow_phase(double duration, double slow_step = second) {
  phase_spec ph;
  ph.name = "late";
  ph.duration = duration;
  ph.slow_step = slow_step;
  return ph;
}

plasticity_rule& rule_of(simulation& sim, const std::string& projection) {
  return *sim.projection_named(projection).rules()[0];
}

// Tags of pathway `name`: the first `tagged` synapses get h = 1 (and z = 0).
void tag(simulation& sim, const std::string& name, std::size_t first, std::size_t tagged, std::size_t count) {
  for (std::size_t s = 0; s < count; ++s)
    tag_trigger_set(rule_of(sim, name), static_cast<std::uint32_t>(first + s), s < tagged ? 1.0 : 0.0, 0.0, 0.0);
}

std::vector<double> weights(simulation& sim, const std::string& name) {
  const auto w = sim.projection_named(name).weights();
  return {w.begin(), w.end()};
}

}  // namespace

TEST(protein_pool, two_projections_onto_one_neuron_act_as_one) {
  // A: 100 synapses, 80 tagged (Σ = 80 > θp = 60: proteins); B: 100 synapses, 30 tagged (alone: no proteins).
  // Without tag decay everything is deterministic: the split network must equal one 200-synapse projection.
  tag_trigger_params p;
  p.k_h = p.k_l = 0.0;
  simulation split(pathways({{"A", "cell", 100}, {"B", "cell", 100}}, p));
  simulation merged(pathways({{"AB", "cell", 200}}, p));
  tag(split, "A", 0, 80, 100);
  tag(split, "B", 0, 30, 100);
  for (std::size_t s = 0; s < 200; ++s)
    tag_trigger_set(rule_of(merged, "AB"), static_cast<std::uint32_t>(s), (s < 80 || (s >= 100 && s < 130)) ? 1.0 : 0.0,
                    0.0, 0.0);
  split.run_phase(slow_phase(2 * hour));
  merged.run_phase(slow_phase(2 * hour));
  // One pool: both rules see the same p, the one of the merged projection (bitwise).
  const tag_trigger_state a = tag_trigger_view(rule_of(split, "A")), b = tag_trigger_view(rule_of(split, "B"));
  EXPECT_EQ(a.p, b.p);
  EXPECT_GT(a.p[0], 0.5);
  EXPECT_EQ(a.p[0], tag_trigger_view(rule_of(merged, "AB")).p[0]);
  std::vector<double> joined = weights(split, "A");
  const std::vector<double> wb = weights(split, "B");
  joined.insert(joined.end(), wb.begin(), wb.end());
  EXPECT_EQ(joined, weights(merged, "AB"));
  // B's tagged synapses captured A's proteins: late phase (z → 1, w = w0 + gh + gz = 4); untagged ones did not.
  EXPECT_GT(wb[0], 3.5);
  EXPECT_EQ(wb[50], 1.0);
}

TEST(protein_pool, projection_order_does_not_matter) {
  // With random tag decay (streams keyed by projection name and synapse, not by order), A-then-B and B-then-A give
  // bitwise the same weights; a slow phase stepping 10 s per step (ten rule ticks per step, run projection by
  // projection) gives the same as 1 s steps.
  const tag_trigger_params p;
  simulation ab(pathways({{"A", "cell", 100}, {"B", "cell", 100}}, p));
  simulation ba(pathways({{"B", "cell", 100}, {"A", "cell", 100}}, p));
  simulation coarse(pathways({{"A", "cell", 100}, {"B", "cell", 100}}, p));
  for (simulation* sim : {&ab, &ba, &coarse}) {
    tag(*sim, "A", 0, 90, 100);
    tag(*sim, "B", 0, 30, 100);
  }
  ab.run_phase(slow_phase(3 * hour));
  ba.run_phase(slow_phase(3 * hour));
  coarse.run_phase(slow_phase(3 * hour, 10 * second));
  for (const char* name : {"A", "B"}) {
    EXPECT_EQ(weights(ab, name), weights(ba, name)) << name;
    EXPECT_EQ(weights(ab, name), weights(coarse, name)) << name;
  }
  double mean_b = 0.0;
  for (double w : weights(ab, "B")) mean_b += w / 100.0;
  // B captured A's proteins: part of its 30 tagged synapses consolidated (gz = 2 each, over 100: +0.02 per synapse);
  // alone B would be back near w0 after 3 h (its tags decay at k_h = 1/h: 30·e^{−3}/100 ≈ 0.015).
  EXPECT_GT(mean_b, 1.15);
}

TEST(protein_pool, separate_post_populations_have_separate_pools) {
  // A onto cell 1 (90 tags: proteins), B onto cell 2 (30 tags: none): B gets no proteins and no late phase.
  tag_trigger_params p;
  p.k_h = p.k_l = 0.0;
  simulation sim(pathways({{"A", "cell1", 100}, {"B", "cell2", 100}}, p));
  tag(sim, "A", 0, 90, 100);
  tag(sim, "B", 0, 30, 100);
  sim.run_phase(slow_phase(2 * hour));
  const tag_trigger_state a = tag_trigger_view(rule_of(sim, "A")), b = tag_trigger_view(rule_of(sim, "B"));
  EXPECT_NE(a.p, b.p);
  EXPECT_GT(a.p[0], 0.5);
  EXPECT_EQ(b.p[0], 0.0);
  EXPECT_LT(b.z[0], 0.01);
  EXPECT_GT(a.z[0], 0.9);
}

TEST(protein_pool, members_must_share_the_pool_parameters) {
  tag_trigger_params p, q;
  q.theta_p = 50.0;
  q.induction = tag_trigger_params::induction_rule::presynaptic;
  experiment_spec spec = pathways({{"A", "cell", 10}, {"B", "cell", 10}}, p);
  std::get<tag_trigger_params>(spec.network.projections[1].plasticity[0].params).theta_p = 50.0;
  try {
    simulation sim(spec);
    ADD_FAILURE() << "expected an error about theta_p";
  } catch (const error& e) {
    EXPECT_EQ(e.where().key, "projection.B.plasticity[0].theta_p") << e.what();
    EXPECT_NE(std::string(e.what()).find("share one protein pool"), std::string::npos) << e.what();
  }
  // Onto different populations they may differ.
  experiment_spec apart = pathways({{"A", "cell1", 10}, {"B", "cell2", 10}}, p);
  std::get<tag_trigger_params>(apart.network.projections[1].plasticity[0].params) = q;
  EXPECT_NO_THROW(simulation{apart});
}
