// io/config: --set KEY=VALUE overrides.
#include "test_config_support.hpp"

using namespace plastix;
using config_test::base_file;
using config_test::expect_error;
using config_test::with;

TEST(config_overrides, are_applied_in_internal_units) {
  const std::string text = with(base_file, "duration = \"100 ms\"", "seed = 1") +
                           "\n[[phase]]\nname = \"baseline\"\nduration = \"1 s\"\n"
                           "  [[phase.stimulus]]\n  population = \"inp\"\n  rate = \"5 Hz\"\n";
  const experiment_spec s = parse_experiment(text, "x.toml",
                                             {"experiment.seed=3", "population.exc.size=100",
                                              "projection.ee.weight=0.5 nS", "phase.baseline.duration=2 s",
                                              "phase.baseline.stimulus[0].rate = \"8 Hz\"",
                                              "population.exc.receptor.ampa.tau_decay=3 ms",
                                              "population.exc.init={ v = \"-55 mV\" }", "experiment.dt=0.05 ms"});
  EXPECT_EQ(s.seed, 3u);
  EXPECT_DOUBLE_EQ(s.dt, 0.05);
  EXPECT_EQ(s.network.populations[1].size, 100u);
  EXPECT_DOUBLE_EQ(s.network.projections[0].weight.a, 0.5);
  EXPECT_DOUBLE_EQ(s.phases[0].duration, 2000.0);
  EXPECT_DOUBLE_EQ(s.phases[0].stimuli[0].value, 8.0);
  EXPECT_DOUBLE_EQ(s.network.populations[1].receptors[0].tau_decay, 3.0);
  ASSERT_EQ(s.network.populations[1].init.size(), 1u);
  EXPECT_DOUBLE_EQ(s.network.populations[1].init[0].second.a, -55.0);
  // The document as run: the overrides listed in a comment header and applied, so that reading it again without
  // overrides gives the same description.
  EXPECT_NE(s.file_text.find("#   population.exc.size=100\n"), std::string::npos) << s.file_text;
  EXPECT_EQ(s.overrides.size(), 8u);
  const experiment_spec again = parse_experiment(s.file_text, "as_run.toml");
  EXPECT_TRUE(again.overrides.empty());
  EXPECT_EQ(again.seed, 3u);
  EXPECT_EQ(again.dt, s.dt);
  EXPECT_EQ(again.network.populations[1].size, 100u);
  EXPECT_EQ(again.network.projections[0].weight.a, 0.5);
  EXPECT_EQ(again.phases[0].duration, 2000.0);
  EXPECT_EQ(again.phases[0].stimuli[0].value, 8.0);
  EXPECT_EQ(again.network.populations[1].receptors[0].tau_decay, 3.0);
  EXPECT_EQ(again.network.populations[1].init[0].second.a, -55.0);
  EXPECT_EQ(again.file_text, s.file_text);  // without overrides: the text as written
}

TEST(config_overrides, leave_the_document_as_written_when_there_are_none) {
  const std::string text = base_file + "# a comment stays\n";
  const experiment_spec s = parse_experiment(text, "x.toml");
  EXPECT_EQ(s.file_text, text);
  EXPECT_TRUE(s.overrides.empty());
}

TEST(config_overrides, create_missing_tables_and_accept_toml_values) {
  std::string text = base_file;
  text.erase(0, text.find("[[population]]"));  // no [experiment] table
  const experiment_spec s = parse_experiment(text, "x.toml", {"experiment.duration=\"1 s\"", "experiment.seed=9",
                                                              "projection.ee.connector=fixed_probability",
                                                              "projection.ee.p=0.25"});
  EXPECT_DOUBLE_EQ(s.phases.at(0).duration, 1000.0);
  EXPECT_EQ(s.seed, 9u);
  EXPECT_EQ(s.network.projections[0].connector.type, connector_spec::kind::fixed_probability);
  EXPECT_DOUBLE_EQ(s.network.projections[0].connector.p, 0.25);
}

TEST(config_overrides, path_to_missing_element_is_an_error) {
  expect_error(base_file, "", "population.inh", {"--set population.inh.size=3", "no population named 'inh'"},
               {"population.inh.size=3"});
  expect_error(base_file, "", "population.exd", {"--set population.exd.size=3", "did you mean 'exc'?"},
               {"population.exd.size=3"});
  expect_error(base_file, "", "phase", {"--set phase.x.duration=1 s", "no [[phase]]"}, {"phase.x.duration=1 s"});
  expect_error(base_file, "", "", {"--set seed", "expected KEY=VALUE"}, {"seed"});
  expect_error(base_file, "", "population", {"address a key of one element"}, {"population=3"});
  expect_error(base_file, "", "experiment.duration", {"not a table"}, {"experiment.duration.x=3"});
}

TEST(config_overrides, new_keys_go_through_the_unknown_key_check) {
  expect_error(base_file, "[[population]]\nname = \"exc\"", "population.exc.tua_m",
               {"unknown key 'tua_m'", "did you mean 'tau_m'?", "--set population.exc.tua_m=3 ms"},
               {"population.exc.tua_m=3 ms"});
}

TEST(config_overrides, bad_values_name_the_override_and_the_replaced_line) {
  expect_error(base_file, "t_ref = \"2 ms\"", "population.exc.t_ref",
               {"has no unit", "expected a time", "--set population.exc.t_ref=2"}, {"population.exc.t_ref=2"});
  expect_error(base_file, "size = 10", "population.exc.size", {"size must be > 0", "--set population.exc.size=0"},
               {"population.exc.size=0"});
}
