// Neurogenesis (sim/neurogenesis.hpp): unborn neurons have no synapses and never spike; at birth every projection
// gains exactly the synapses its connector drew for them (both directions), all indices stay consistent; newborn
// neurons carry the age-dependent extra current young_current·e^{−age/tau_mature}.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "plastix/sim/simulation.hpp"
#include "plastix/synapse/connectors.hpp"
#include "projection_check.hpp"
#include "spec_builders.hpp"

using namespace plastix;

namespace {

projection_spec random_projection(const std::string& pre, const std::string& post, double p) {
  projection_spec ps = test::projection_between(pre, post, "exc", 1.0, 0.1);
  ps.connector.type = connector_spec::kind::fixed_probability;
  ps.connector.p = p;
  ps.weight = distribution::uniform(0.1, 1.0);
  ps.delay = distribution::uniform(0.1, 1.0);
  return ps;
}

experiment_spec nursery_experiment() {
  network_spec net;
  net.populations.push_back(test::lif_population("gc", 20, {}, {test::conductance("exc", 5.0, 0.0)}));
  net.populations.push_back(test::lif_population("ca3", 15, {}, {test::conductance("exc", 5.0, 0.0)}));
  net.populations[0].neurogenesis = {6, 40.0, 10.0 * 8.64e7};  // 6 unborn granule cells, 40 pA, 10 days
  net.populations[1].neurogenesis = {4, 0.0, 8.64e7};
  net.projections = {random_projection("gc", "ca3", 0.4), random_projection("ca3", "gc", 0.4),
                     random_projection("gc", "gc", 0.3)};
  experiment_spec e = test::experiment(net, 50.0);
  e.seed = 11;
  e.phases.clear();
  stimulus_spec drive;  // strong current into every granule cell: the born ones spike
  drive.type = stimulus_spec::kind::current;
  drive.population = "gc";
  drive.value = 2000.0;
  e.phases.push_back({"before", 50.0, {drive}, {}, {}});
  e.phases.push_back({"birth", 50.0, {drive}, {}, {}});
  e.phases.back().births = {{"gc", 3, {}}, {"ca3", 4, {}}};
  e.phases.push_back({"later", 2.0 * 8.64e7, {}, {}, {}, 8.64e7});  // two days on the slow clock
  e.phases.back().births = {{"gc", 3, {}}};
  e.phases.push_back({"after", 50.0, {drive}, {}, {}});
  monitor_spec m;
  m.type = monitor_spec::kind::spikes;
  m.target = "gc";
  e.monitors.push_back(m);
  return e;
}

// The synapses the connector drew between the born neurons.
std::multiset<test::synapse_tuple> expected_synapses(const experiment_spec& e, std::size_t k, std::uint32_t pre_born,
                                                     std::uint32_t post_born) {
  const projection_spec& ps = e.network.projections[k];
  const auto size_of = [&](const std::string& name) {
    for (const auto& p : e.network.populations)
      if (p.name == name) return p.size;
    return std::size_t{0};
  };
  const auto entries = connect(ps, {size_of(ps.pre), size_of(ps.post), ps.pre == ps.post, static_cast<std::uint32_t>(k),
                                    e.seed, e.dt}).entries();
  std::multiset<test::synapse_tuple> out;
  for (const auto& s : entries)
    if (s.pre < pre_born && s.post < post_born) out.insert({s.pre, s.post, s.delay, s.weight});
  return out;
}

}  // namespace

TEST(neurogenesis, births_wire_in_exactly_the_connectors_synapses_and_keep_indices_consistent) {
  experiment_spec e = nursery_experiment();
  simulation sim(e);
  const auto check = [&](std::uint32_t gc_born, std::uint32_t ca3_born) {
    test::expect_consistent(sim.projection_named("gc_ca3"), expected_synapses(sim.spec(), 0, gc_born, ca3_born));
    test::expect_consistent(sim.projection_named("ca3_gc"), expected_synapses(sim.spec(), 1, ca3_born, gc_born));
    test::expect_consistent(sim.projection_named("gc_gc"), expected_synapses(sim.spec(), 2, gc_born, gc_born));
  };
  check(14, 11);
  sim.run_phase(sim.spec().phases[0]);
  check(14, 11);
  sim.run_phase(sim.spec().phases[1]);
  check(17, 15);
  sim.run_phase(sim.spec().phases[2]);
  check(20, 15);
  sim.run_phase(sim.spec().phases[3]);
  check(20, 15);
}

TEST(neurogenesis, unborn_neurons_never_spike_and_newborn_ones_are_more_excitable_as_they_age) {
  experiment_spec e = nursery_experiment();
  simulation sim(e);
  population& gc = sim.population_named("gc");
  sim.run_phase(sim.spec().phases[0]);
  for (std::uint32_t i = 0; i < 20; ++i) EXPECT_EQ(gc.i_ext()[i], 0.0);
  sim.run_phase(sim.spec().phases[1]);
  // Born at the start of "birth" (age 0 then): 40 pA, held until the next phase starts.
  for (std::uint32_t i = 14; i < 17; ++i) EXPECT_DOUBLE_EQ(gc.i_ext()[i], 40.0);
  for (std::uint32_t i = 17; i < 20; ++i) EXPECT_EQ(gc.i_ext()[i], 0.0);
  sim.run_phase(sim.spec().phases[2]);
  sim.run_phase(sim.spec().phases[3]);
  // "after" starts 50 ms + 2 days after the first births and 2 days after the second.
  const double day = 8.64e7, tau = 10.0 * day;
  for (std::uint32_t i = 14; i < 17; ++i) EXPECT_NEAR(gc.i_ext()[i], 40.0 * std::exp(-(2.0 * day + 50.0) / tau), 1e-9);
  for (std::uint32_t i = 17; i < 20; ++i) EXPECT_NEAR(gc.i_ext()[i], 40.0 * std::exp(-2.0 * day / tau), 1e-9);
  for (std::uint32_t i = 0; i < 14; ++i) EXPECT_EQ(gc.i_ext()[i], 0.0);

  const run_results r = sim.collect_results(0.0);
  const spike_record& s = r.spikes.at(0);
  std::set<std::uint32_t> before, during, after;
  for (std::size_t k = 0; k < s.times.size(); ++k) {
    const double t = s.times[k];
    (t < 50.0 ? before : t < 100.0 ? during : after).insert(s.senders[k]);
  }
  EXPECT_EQ(before, (std::set<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}));  // driven, born only
  EXPECT_EQ(*during.rbegin(), 16u);
  EXPECT_EQ(during.size(), 17u);
  EXPECT_EQ(after.size(), 20u);
}

TEST(neurogenesis, a_birth_in_a_population_without_unborn_neurons_is_an_error) {
  experiment_spec e = nursery_experiment();
  e.network.populations[1].neurogenesis.unborn = 0;
  e.phases[1].births = {{"ca3", 1, {}}};
  EXPECT_THROW(simulation{e}, error);
}
