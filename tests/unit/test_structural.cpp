// Structural plasticity: projection::rewire keeps every index consistent and every delay segment in order of post
// neuron, rule state follows its synapse, spikes in flight reach exactly the kept synapses they were sent to (once,
// in pieces where new synapses now lie between them); the structural rule is reproducible and prunes and
// creates at the rates of its definition (plasticity/structural.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "plastix/synapse/rule_context.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/random.hpp"
#include "plastix/core/state_visitor.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/plasticity/consolidation.hpp"
#include "plastix/plasticity/rules.hpp"
#include "plastix/plasticity/structural.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastix/synapse/connectors.hpp"
#include "plastix/synapse/projection.hpp"
#include "projection_check.hpp"
#include "spec_builders.hpp"

using namespace plastix;

namespace {

std::unique_ptr<population> make(const std::string& name, std::size_t n, std::uint32_t index) {
  auto spec = test::lif_population(name, n, {}, {test::conductance("exc", 5.0, 0.0)});
  return make_population(spec, index, 1);
}

// A rule with per-synapse state (a copy of the weight each synapse had when created) and a log of deliveries.
class probe_rule final : public plasticity_rule {
 public:
  explicit probe_rule(projection& proj) : tag(*this, proj.size(), -1.0) {
    for (std::size_t s = 0; s < proj.size(); ++s) tag[s] = proj.weights()[s];
  }
  const char* name() const override { return "probe"; }
  void visit_state(plastix::state_visitor& v) override { visit_columns(v); }  // checkpoints: columns only
  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) delivered.push_back({ctx.step, ev.pre, proj.post_index()[s], s});
  }
  void on_rewire(projection& proj, rewire_map old_id_of_new, const step_context& ctx) override {
    plasticity_rule::on_rewire(proj, old_id_of_new, ctx);
    ++rewirings;
  }
  per_synapse<double> tag;
  struct delivery {
    std::int64_t step;
    std::uint32_t pre, post, synapse;
  };
  std::vector<delivery> delivered;
  int rewirings = 0;
};

using test::expect_consistent;
using test::synapse_tuple;

}  // namespace

TEST(rewire, random_create_remove_sequences_keep_every_index_consistent) {
  auto a = make("a", 30, 0), b = make("b", 25, 1);
  projection_spec ps = test::projection_between("a", "b", "exc", 1.0, 0.1);
  ps.connector.type = connector_spec::kind::fixed_probability;
  ps.connector.p = 0.2;
  ps.delay = distribution::uniform(0.1, 1.0);  // 1..10 steps: several delay segments per row
  auto entries = connect(ps, {30, 25, false, 0, 3, 0.1}).entries();
  double next_tag = 1.0;  // every synapse gets a distinct weight: its identity
  for (auto& e : entries) e.weight = next_tag++;
  projection proj("ab", *a, *b, 0, entries, 0);
  auto rule = std::make_unique<probe_rule>(proj);
  probe_rule& probe = *rule;
  proj.add_rule(std::move(rule));
  std::multiset<synapse_tuple> expected;
  for (const auto& e : entries) expected.insert({e.pre, e.post, e.delay, e.weight});
  expect_consistent(proj, expected);

  random_stream rs(7, {purpose::user, 0, 0});
  const std::vector<std::int32_t> delays = proj.delay_values();
  for (int round = 0; round < 60; ++round) {
    std::vector<std::uint32_t> removed;
    std::set<std::uint32_t> chosen;
    const std::uint64_t n_remove = proj.size() ? rs.below(std::min<std::uint64_t>(proj.size(), 40) + 1) : 0;
    while (chosen.size() < n_remove) chosen.insert(static_cast<std::uint32_t>(rs.below(proj.size())));
    for (std::uint32_t s : chosen) {
      removed.push_back(s);
      expected.erase(expected.find({proj.pre_of(s), proj.post_index()[s], proj.delay(s), proj.weights()[s]}));
    }
    std::vector<synapse_entry> added(rs.below(40));
    for (auto& e : added) {
      e.pre = static_cast<std::uint32_t>(rs.below(30));
      e.post = static_cast<std::uint32_t>(rs.below(25));
      e.delay = delays[rs.below(delays.size())];
      e.weight = next_tag++;
      expected.insert({e.pre, e.post, e.delay, e.weight});
    }
    const std::vector<double> old_w(proj.weights().begin(), proj.weights().end());
    const auto old_id_of_new = proj.rewire(removed, added, {round, 0.1, 1});
    expect_consistent(proj, expected);
    for (std::uint32_t j = 0; j < 30; ++j)  // each row by delay, each delay segment in order of post neuron
      for (std::uint32_t s = proj.row_begin(j) + 1; s < proj.row_end(j); ++s)
        EXPECT_TRUE(proj.delay(s - 1) < proj.delay(s) ||
                    (proj.delay(s - 1) == proj.delay(s) && proj.post_index()[s - 1] <= proj.post_index()[s]))
            << "row " << j << " synapse " << s;
    ASSERT_EQ(old_id_of_new.size(), proj.size());
    for (std::size_t s = 0; s < proj.size(); ++s) {
      if (old_id_of_new[s] != new_synapse) {
        EXPECT_EQ(proj.weights()[s], old_w[old_id_of_new[s]]);
      }
      // Rule state follows its synapse; a new synapse gets the fresh value.
      EXPECT_EQ(probe.tag[s], old_id_of_new[s] == new_synapse ? -1.0 : proj.weights()[s]);
    }
    for (std::size_t s = 0; s < proj.size(); ++s)
      if (old_id_of_new[s] == new_synapse) probe.tag[s] = proj.weights()[s];
    EXPECT_EQ(probe.rewirings, round + 1);
    EXPECT_EQ(proj.generation(), static_cast<std::uint64_t>(round + 1));
  }
}

TEST(rewire, spike_in_flight_reaches_kept_synapses_only) {
  auto a = make("a", 2, 0), b = make("b", 4, 1);
  // pre 0 → posts 0, 1, 2 with delay 5 steps, pre 0 → post 3 with delay 3, pre 1 → post 1 with delay 5.
  std::vector<synapse_entry> entries{{0, 0, 1.0, 5}, {0, 1, 1.0, 5}, {0, 2, 1.0, 5}, {0, 3, 1.0, 3}, {1, 1, 1.0, 5}};
  projection proj("ab", *a, *b, 0, entries, 0);
  auto rule = std::make_unique<probe_rule>(proj);
  probe_rule& probe = *rule;
  proj.add_rule(std::move(rule));
  const auto ctx = [](std::int64_t step) { return step_context{step, 0.1, 1}; };
  proj.queue({0, 1}, 0);  // both pre neurons spike at step 0
  proj.deliver(ctx(0));
  proj.deliver(ctx(1));
  // Step 2: remove 0→1 (delay 5) and 0→3; add 0→1 again (a NEW synapse, same pair and delay) and 1→0.
  const std::uint32_t s01 = proj.find(0, 1, 5), s03 = proj.find(0, 3, 3);
  std::vector<std::uint32_t> removed{s01, s03};
  std::vector<synapse_entry> added{{0, 1, 2.0, 5}, {1, 0, 2.0, 5}};
  proj.rewire(removed, added, ctx(2));
  for (std::int64_t t = 2; t < 10; ++t) proj.deliver(ctx(t));
  std::set<std::pair<std::uint32_t, std::uint32_t>> got;
  for (const auto& d : probe.delivered) {
    EXPECT_EQ(d.step, 5);
    EXPECT_EQ(proj.weights()[d.synapse], 1.0) << "a synapse created after the spike received it";
    got.insert({d.pre, d.post});
  }
  // 0→0, 0→2 and 1→1 were kept; 0→1 and 0→3 were removed; the new 0→1 and 1→0 did not exist at the spike.
  EXPECT_EQ(got, (std::set<std::pair<std::uint32_t, std::uint32_t>>{{0, 0}, {0, 2}, {1, 1}}));
  // A spike sent after the rewiring reaches the new synapses too.
  probe.delivered.clear();
  proj.queue({0, 1}, 10);
  for (std::int64_t t = 10; t < 20; ++t) proj.deliver(ctx(t));
  got.clear();
  for (const auto& d : probe.delivered) got.insert({d.pre, d.post});
  EXPECT_EQ(got, (std::set<std::pair<std::uint32_t, std::uint32_t>>{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}}));
}

namespace {

// A rule that splits by target, counts on_transmit calls (each returns a factor of 0.5) and logs deliveries.
class transmit_probe final : public plasticity_rule {
 public:
  const char* name() const override { return "transmit_probe"; }
  bool splits_by_target() const override { return true; }
  void visit_state(plastix::state_visitor& v) override { visit_columns(v); }
  double on_transmit(projection&, const pre_event& ev, const step_context& ctx) override {
    transmitted.push_back({ctx.step, ev.pre});
    return 0.5;
  }
  void on_pre(projection& proj, const pre_event& ev, const step_context&) override {
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) posts.push_back(proj.post_index()[s]);
  }
  std::vector<std::pair<std::int64_t, std::uint32_t>> transmitted;
  std::vector<std::uint32_t> posts;
};

}  // namespace

// New synapses take their post neuron's place in their segment, so a rewired projection still splits by target;
// a spike in flight whose kept synapses now lie between new ones arrives as pieces, and still counts once.
TEST(rewire, a_spike_in_flight_around_new_synapses_reaches_its_kept_synapses_once_on_one_thread_or_several) {
  auto a = make("a", 1, 0), b = make("b", 5, 1);
  const std::vector<synapse_entry> entries{{0, 0, 1.0, 5}, {0, 2, 2.0, 5}, {0, 4, 3.0, 5}};
  const auto ctx = [](std::int64_t step) { return step_context{step, 0.1, 1}; };
  for (const bool split : {false, true}) {
    SCOPED_TRACE(split ? "split into two parts" : "one thread");
    projection proj("ab", *a, *b, 0, entries, 0);
    auto rule = std::make_unique<transmit_probe>();
    transmit_probe& probe = *rule;
    proj.add_rule(std::move(rule));
    proj.record_transmissions(true);
    proj.queue({0}, 0);
    proj.rewire({}, std::vector<synapse_entry>{{0, 3, 9.0, 5}, {0, 1, 9.0, 5}}, ctx(2));
    ASSERT_EQ(proj.size(), 5u);
    for (std::uint32_t s = 0; s < 5; ++s) EXPECT_EQ(proj.post_index()[s], s) << "in order of post neuron";
    EXPECT_TRUE(proj.splits_by_target());
    for (std::int64_t t = 2; t < 5; ++t) proj.deliver(ctx(t));
    if (split) {
      proj.set_parts({0, 3, 5});
      proj.deliver_begin(ctx(5));
      proj.deliver_part(ctx(5), 3, 5);
      proj.deliver_part(ctx(5), 0, 3);
      proj.deliver_end(ctx(5));
    } else {
      proj.deliver(ctx(5));
    }
    EXPECT_EQ(probe.transmitted, (std::vector<std::pair<std::int64_t, std::uint32_t>>{{5, 0}})) << "once per spike";
    std::vector<std::uint32_t> posts = probe.posts;
    std::sort(posts.begin(), posts.end());
    EXPECT_EQ(posts, (std::vector<std::uint32_t>{0, 2, 4})) << "the kept synapses only";
    ASSERT_EQ(proj.transmissions().size(), 1u) << "one entry per spike";
    EXPECT_DOUBLE_EQ(proj.transmissions()[0].efficacy, 0.5 * (1.0 + 2.0 + 3.0) / 3.0);
    // A spike sent after the rewiring reaches all five, as one event.
    probe.transmitted.clear();
    probe.posts.clear();
    proj.queue({0}, 10);
    for (std::int64_t t = 10; t < 16; ++t) proj.deliver(ctx(t));
    EXPECT_EQ(probe.transmitted.size(), 1u);
    EXPECT_EQ(probe.posts, (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
  }
}

TEST(rewire, a_spike_in_flight_loaded_from_a_checkpoint_is_split_by_thread_and_one_outside_its_row_is_refused) {
  auto a = make("a", 2, 0), b = make("b", 4, 1);
  const auto ctx = [](std::int64_t step) { return step_context{step, 0.1, 1}; };
  // pre 0 → posts 0, 1, 2 and pre 1 → post 3, all with a delay of 5 steps; pre 0 spikes at step 0.
  const std::vector<synapse_entry> entries{{0, 0, 1.0, 5}, {0, 1, 1.0, 5}, {0, 2, 1.0, 5}, {1, 3, 1.0, 5}};
  projection saved("ab", *a, *b, 0, entries, 0);
  saved.add_rule(std::make_unique<probe_rule>(saved));
  saved.queue({0}, 0);
  state_archive archive;
  state_visitor saver(archive, false);
  saved.visit_state(saver);
  // Loaded into the same network, split into two parts of the post neurons: each part gets its share of the spike.
  projection loaded("ab", *a, *b, 0, entries, 0);
  auto rule = std::make_unique<probe_rule>(loaded);
  probe_rule& probe = *rule;
  loaded.add_rule(std::move(rule));
  state_visitor loader(archive, true);
  loaded.visit_state(loader);
  loaded.set_parts({0, 2, 4});
  loaded.deliver_begin(ctx(5));
  loaded.deliver_part(ctx(5), 2, 4);
  loaded.deliver_part(ctx(5), 0, 2);
  loaded.deliver_end(ctx(5));
  std::vector<std::uint32_t> posts;
  for (const auto& d : probe.delivered) posts.push_back(d.post);
  EXPECT_EQ(posts, (std::vector<std::uint32_t>{2, 0, 1}));
  // The same sizes, but pre 0 has one synapse: the saved spike (synapses 0–2) lies outside its row.
  const std::vector<synapse_entry> other{{0, 0, 1.0, 5}, {1, 1, 1.0, 5}, {1, 2, 1.0, 5}, {1, 3, 1.0, 5}};
  projection elsewhere("ab", *a, *b, 0, other, 0);
  elsewhere.add_rule(std::make_unique<probe_rule>(elsewhere));
  state_visitor again(archive, true);
  try {
    elsewhere.visit_state(again);
    ADD_FAILURE() << "a spike in flight outside its row was loaded";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("outside its row"), std::string::npos) << e.what();
  }
}

TEST(rewire, tag_trigger_state_follows_its_synapse) {
  auto a = make("a", 12, 0), b = make("b", 10, 1);
  projection_spec ps = test::projection_between("a", "b", "exc", 1.0, 0.1);
  projection proj("ab", *a, *b, 0, connect(ps, {12, 10, false, 0, 3, 0.1}), 0);
  const experiment_spec spec;
  shared_state shared;
  signals sig;
  rule_context rc{proj, {}, spec, 3, 0.1, shared, sig};
  proj.add_rule(build_rule(tag_trigger_params{}, rc));
  plasticity_rule& tt = *proj.rules()[0];
  const auto z_of = [](std::uint32_t pre, std::uint32_t post) { return 0.01 * pre + 0.001 * post; };
  for (std::uint32_t s = 0; s < proj.size(); ++s) tag_trigger_set(tt, s, s % 2, 0.0, z_of(proj.pre_of(s), proj.post_index()[s]));
  std::vector<std::uint32_t> removed;
  for (std::uint32_t s = 0; s < proj.size(); s += 3) removed.push_back(s);
  std::vector<double> h_old(proj.size());
  for (std::uint32_t s = 0; s < proj.size(); ++s) h_old[s] = tag_trigger_view(tt).h[s];
  std::vector<synapse_entry> added{{0, 0, 5.0, 1}, {3, 7, 5.0, 1}};  // duplicates of existing pairs, as new synapses
  const auto old_id = proj.rewire(removed, added, {100, 0.1, 1});
  const tag_trigger_state v = tag_trigger_view(tt);
  int fresh = 0;
  for (std::uint32_t s = 0; s < proj.size(); ++s) {
    if (old_id[s] == new_synapse) {
      ++fresh;
      EXPECT_EQ(v.h[s], 0.0);
      EXPECT_EQ(v.z[s], 0.0);
    } else {
      EXPECT_EQ(v.h[s], h_old[old_id[s]]);
      EXPECT_DOUBLE_EQ(v.z[s], z_of(proj.pre_of(s), proj.post_index()[s]));
    }
  }
  EXPECT_EQ(fresh, 2);
}

namespace {

// n_in Poisson-free inputs onto n_out neurons, all-to-all, with a structural rule; runs a slow phase.
experiment_spec structural_experiment(std::uint64_t seed, structural_params sp, double days) {
  network_spec net;
  net.populations.push_back(test::spike_source("in", std::vector<std::vector<double>>(40)));
  net.populations.push_back(test::lif_population("out", 20, {}, {test::conductance("exc", 5.0, 0.0)}));
  projection_spec ps = test::projection_between("in", "out", "exc", 0.5, 1.0);
  ps.connector.type = connector_spec::kind::fixed_indegree;
  ps.connector.indegree = 20;
  ps.weight = distribution::uniform(0.0, 1.0);
  ps.plasticity.push_back({sp, {}});
  net.projections.push_back(ps);
  experiment_spec e = test::experiment(net, days * 8.64e7);
  e.seed = seed;
  e.phases[0].slow_step = sp.interval;
  monitor_spec m;
  m.type = monitor_spec::kind::weights;
  m.target = "in_out";
  m.interval = 8.64e7;
  e.monitors.push_back(m);
  return e;
}

}  // namespace

TEST(structural, same_seed_gives_bitwise_the_same_network) {
  structural_params sp;
  sp.w_prune = 0.5;
  sp.w_width = 0.1;
  sp.tau_prune = 2 * 8.64e7;
  sp.tau_create = 8.64e7;
  sp.tau_fluct = 5 * 8.64e7;
  sp.sigma_fluct = 0.5;
  sp.w_median = 0.5;
  sp.report_interval = 5 * 8.64e7;
  const auto run = [&](std::uint64_t seed) {
    simulation sim(structural_experiment(seed, sp, 20.0));
    sim.run_phase(sim.spec().phases[0]);
    const projection& p = sim.projection_named("in_out");
    std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> out;
    for (std::uint32_t s = 0; s < p.size(); ++s) out.emplace_back(p.pre_of(s), p.post_index()[s], p.weights()[s]);
    return out;
  };
  const auto first = run(3), second = run(3), other = run(4);
  EXPECT_EQ(first, second);
  EXPECT_NE(first, other);
}

TEST(structural, prunes_weak_synapses_at_the_defined_rate_and_refills_to_the_target) {
  // Step pruning: every synapse below w_prune = 0.5 (about half of a uniform(0, 1) weight) is removed with
  // probability 1 − e^{−Δ/τ} per slow step; none above. One slow step of Δ = 1 day, τ = 2 days.
  structural_params sp;
  sp.interval = 8.64e7;
  sp.w_prune = 0.5;
  sp.tau_prune = 2 * 8.64e7;
  sp.tau_create = 1e12;  // practically no creation in this step
  experiment_spec e = structural_experiment(5, sp, 1.0);
  simulation sim(e);
  const projection& p = sim.projection_named("in_out");
  std::set<std::tuple<std::uint32_t, std::uint32_t, double>> weak, strong;
  for (std::uint32_t s = 0; s < p.size(); ++s)
    (p.weights()[s] < 0.5 ? weak : strong).insert({p.pre_of(s), p.post_index()[s], p.weights()[s]});
  sim.run_phase(e.phases[0]);
  std::set<std::tuple<std::uint32_t, std::uint32_t, double>> after;
  for (std::uint32_t s = 0; s < p.size(); ++s) after.insert({p.pre_of(s), p.post_index()[s], p.weights()[s]});
  for (const auto& t : strong) EXPECT_TRUE(after.count(t)) << "a synapse above w_prune was removed";
  double removed = 0.0;
  for (const auto& t : weak) removed += after.count(t) ? 0.0 : 1.0;
  const double n = static_cast<double>(weak.size()), q = 1.0 - std::exp(-0.5);
  EXPECT_NEAR(removed, n * q, 4.0 * std::sqrt(n * q * (1.0 - q)));  // binomial, 4 standard deviations

  // Refill: with fast creation, every post neuron is back at its target (20) after a few days, with distinct
  // pre neurons and the new synapses' weights from the projection's distribution.
  sp.tau_create = 0.1 * 8.64e7;
  sp.tau_prune = 1e12;
  experiment_spec refill = structural_experiment(5, sp, 1.0);
  refill.network.projections[0].connector.indegree = 5;
  refill.network.projections[0].plasticity[0].params = [&] { auto q2 = sp; q2.target = 20; return q2; }();
  simulation sim2(refill);
  sim2.run_phase(refill.phases[0]);
  const projection& p2 = sim2.projection_named("in_out");
  EXPECT_EQ(p2.size(), 20u * 20u);
  for (std::uint32_t i = 0; i < 20; ++i) {
    const auto pres = p2.incoming(i);
    std::set<std::uint32_t> distinct;
    for (std::size_t k = 0; k < pres.size(); ++k) distinct.insert(pres.pre(k));
    EXPECT_EQ(distinct.size(), pres.size()) << "multapse created";
  }
  for (double w : p2.weights()) {
    EXPECT_GE(w, 0.0);
    EXPECT_LT(w, 1.0);
  }
}

TEST(structural, turnover_table_and_weight_monitor_after_rewiring) {
  structural_params sp;
  sp.w_prune = 0.5;
  sp.w_width = 0.1;
  sp.tau_prune = 2 * 8.64e7;
  sp.tau_create = 8.64e7;
  sp.report_interval = 5 * 8.64e7;
  const run_results r = run_experiment(structural_experiment(2, sp, 20.0));
  const table& t = r.tables.at("turnover");
  ASSERT_EQ(t.data[0].size(), 4u);  // days 5, 10, 15, 20
  EXPECT_DOUBLE_EQ(t.data[0][0], 5.0);
  ASSERT_EQ(t.columns, (std::vector<std::string>{"t_days", "lost_fraction", "new_fraction", "synapses_rel", "mean_weight"}));
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_GT(t.data[1][k], 0.0);  // lost_fraction
    EXPECT_LT(t.data[1][k], 1.0);
    EXPECT_GT(t.data[2][k], 0.0);  // new_fraction
    EXPECT_GT(t.data[3][k], 0.5);  // synapses_rel
    EXPECT_LE(t.data[3][k], 1.0);
  }
  EXPECT_TRUE(r.metrics.count("lost_fraction.in_out"));
  // The weights monitor follows its synapses by (pre, post, delay): NaN once removed.
  const weight_record& w = r.weights.at(0);
  const std::size_t n = w.synapses.size();
  ASSERT_EQ(w.values.size() % n, 0u);
  std::size_t gone = 0;
  for (std::size_t k = 0; k < n; ++k) gone += std::isnan(w.values[w.values.size() - n + k]) ? 1 : 0;
  EXPECT_GT(gone, 0u);
  EXPECT_LT(gone, n);
}
