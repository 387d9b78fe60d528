// A rule's life (synapse/rule_context.hpp, synapse/signals.hpp, spec/rule_site.hpp): built with a context, reading
// named signals that other parts produce, checked against the whole experiment before the run.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "plastix/spec/rule_site.hpp"
#include "plastix/synapse/connectors.hpp"
#include "plastix/synapse/projection.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/rule_context.hpp"
#include "spec_builders.hpp"
#include "test_config_support.hpp"

using namespace plastix;

namespace {

// Produces the global signal "dopamine": 0.5 per ms of biological time, written in its on_step.
class dopamine_producer final : public plasticity_rule {
 public:
  explicit dopamine_producer(rule_context& ctx) : out_(ctx.sig.produce("dopamine")) {}
  const char* name() const override { return "test_producer"; }
  void visit_state(plastix::state_visitor& v) override { visit_columns(v); }  // checkpoints: columns only
  void on_step(projection&, const step_context& ctx) override { *out_ = 0.5 * ctx.time(); }

 private:
  double* out_;
};

// Reads "dopamine" through the pointer resolved when it is built, and keeps what it saw each step.
class dopamine_reader final : public plasticity_rule {
 public:
  explicit dopamine_reader(rule_context& ctx) : in_(ctx.sig.read("dopamine")) {}
  const char* name() const override { return "test_reader"; }
  void visit_state(plastix::state_visitor& v) override { visit_columns(v); }  // checkpoints: columns only
  void on_step(projection&, const step_context&) override { seen.push_back(*in_); }
  std::vector<double> seen;

 private:
  const double* in_;
};

struct small_network {
  std::vector<std::unique_ptr<population>> populations;
  std::unique_ptr<projection> proj;
  experiment_spec spec;
  shared_state shared;
  signals sig;

  small_network() {
    populations.push_back(make_population(test::lif_population("a", 3, {}, {test::conductance("exc", 5.0, 0.0)}), 0, 1));
    populations.push_back(make_population(test::lif_population("b", 2, {}, {test::conductance("exc", 5.0, 0.0)}), 1, 1));
    const projection_spec ps = test::projection_between("a", "b", "exc", 1.0, 0.1);
    proj = std::make_unique<projection>("ab", *populations[0], *populations[1], 0,
                                        connect(ps, {3, 2, false, 0, 1, 0.1}), 0);
  }
  rule_context context() { return {*proj, populations, spec, 1, 0.1, shared, sig}; }
};

}  // namespace

TEST(rule_life, a_rule_reads_the_signal_another_part_produces_in_the_same_step_after_it) {
  small_network net;
  rule_context ctx = net.context();
  // The reader is built first: reading and producing may come in any order while the network is built.
  auto reader = std::make_unique<dopamine_reader>(ctx);
  auto producer = std::make_unique<dopamine_producer>(ctx);
  EXPECT_NO_THROW(net.sig.require_produced());
  EXPECT_EQ(net.sig.names(), std::vector<std::string>{"dopamine"});
  for (std::int64_t step = 0; step < 3; ++step) {  // producer first in the step order, then the reader
    producer->on_step(*net.proj, {step, 0.1, 1});
    reader->on_step(*net.proj, {step, 0.1, 1});
  }
  EXPECT_EQ(reader->seen, (std::vector<double>{0.0, 0.05, 0.1}));
}

TEST(rule_life, context_finds_populations_by_name) {
  small_network net;
  rule_context ctx = net.context();
  EXPECT_EQ(&ctx.population_named("b"), net.populations[1].get());
  EXPECT_THROW(ctx.population_named("c"), error);
}

TEST(rule_life, a_per_neuron_signal_has_one_value_per_neuron_of_its_population) {
  small_network net;
  std::span<const double> in = net.sig.read_per_neuron(*net.populations[1], "calcium");
  std::span<double> out = net.sig.produce_per_neuron(*net.populations[1], "calcium");
  ASSERT_EQ(in.size(), 2u);
  out[1] = 3.0;
  EXPECT_EQ(in[1], 3.0);
  EXPECT_EQ(net.sig.names(), std::vector<std::string>{"b.calcium"});
}

TEST(rule_life, a_signal_read_but_never_produced_is_refused_when_the_network_is_built) {
  small_network net;
  rule_context ctx = net.context();
  auto reader = std::make_unique<dopamine_reader>(ctx);
  try {
    net.sig.require_produced();
    ADD_FAILURE() << "no error";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("signal 'dopamine' is read but nothing produces it"), std::string::npos)
        << e.what();
  }
}

TEST(rule_life, a_signal_with_two_producers_is_refused) {
  small_network net;
  net.sig.produce("dopamine");
  EXPECT_THROW(net.sig.produce("dopamine"), error);
}

// What `plastix check` reports for a rule that reads a signal nothing produces (spec side, before the run): the
// file, the rule's line and key, and the signals that are produced.
TEST(rule_life, a_rule_reading_a_signal_nobody_produces_is_refused_with_file_line_and_key) {
  const std::string text = config_test::base_file + "\n  [[projection.plasticity]]\n  rule = \"stdp\"\n";
  const experiment_spec spec = parse_experiment(text, "bad.toml", {});
  const projection_spec& p = spec.network.projections.at(0);
  const rule_site site{spec, p, spec.network.populations[0], spec.network.populations[1], 0, p.plasticity.at(0),
                       "projection.ee.plasticity[0]", [](double, const std::string&, const std::string&) {}};
  try {
    require_signal(site, "signal", "dopamin", {"dopamine", "acetylcholine"});
    ADD_FAILURE() << "no error";
  } catch (const error& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.where().file, "bad.toml");
    EXPECT_EQ(e.where().line, config_test::line_of(text, "[[projection.plasticity]]"));
    EXPECT_EQ(e.where().key, "projection.ee.plasticity[0].signal");
    EXPECT_NE(message.find("reads signal 'dopamin', which nothing in the experiment produces"), std::string::npos)
        << message;
    EXPECT_NE(message.find("dopamine"), std::string::npos) << message;
  }
  EXPECT_NO_THROW(require_signal(site, "signal", "dopamine", {"dopamine"}));
}

// The rules' own checks run from validation without validate.cpp naming them (spec/rule_kinds.hpp check_rule_in).
TEST(rule_life, clopath_onto_a_spike_source_is_refused_by_its_own_check) {
  const std::string text = config_test::with(
                               config_test::with(config_test::base_file, "post = \"exc\"", "post = \"inp\""),
                               "receptor = \"ampa\"\n", "") +
                           "\n  [[projection.plasticity]]\n  rule = \"clopath\"\n";
  config_test::expect_error(text, "rule = \"clopath\"", "projection.ee.plasticity.clopath.rule",
                            {"rule 'clopath' reads the membrane potential v", "'inp'"});
}
