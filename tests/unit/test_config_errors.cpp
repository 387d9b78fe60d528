// io/config: every mistake in an experiment file names the file, the line, the dotted key and what was expected.
#include "plastix/core/suggest.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using config_test::base_file;
using config_test::expect_error;
using config_test::with;

TEST(config_errors, base_file_is_valid) { EXPECT_NO_THROW(parse_experiment(base_file, "bad.toml")); }

TEST(config_errors, toml_syntax_error) {
  const std::string text = with(base_file, "name = \"exc\"", "name = \"exc");
  expect_error(text, "name = \"exc", "", {"TOML syntax error"});
}

TEST(config_errors, unknown_key_with_suggestion) {
  const std::string text = with(base_file, "t_ref = \"2 ms\"", "tua_m = \"20 ms\"");
  expect_error(text, "tua_m", "population.exc.tua_m", {"unknown key 'tua_m'", "did you mean 'tau_m'?"});
}

TEST(config_errors, unknown_key_lists_valid_keys_when_none_is_close) {
  const std::string text = with(base_file, "weight = \"1 nS\"", "strength = \"1 nS\"");
  expect_error(text, "strength", "projection.ee.strength",
               {"unknown key 'strength'", "valid keys here:", "weight", "receptor"});
}

TEST(config_errors, key_of_another_model_is_explained) {
  const std::string text = with(base_file, "t_ref = \"2 ms\"", "tau_w = \"100 ms\"");
  expect_error(text, "tau_w", "population.exc.tau_w", {"parameter of model 'adex'", "not of model 'lif'"});
}

TEST(config_errors, key_of_another_connector_is_explained) {
  const std::string text = with(base_file, "weight = \"1 nS\"", "weight = \"1 nS\"\np = 0.1");
  expect_error(text, "p = 0.1", "projection.ee.p", {"fixed_probability", "all_to_all"});
}

TEST(config_errors, missing_unit) {
  expect_error(with(base_file, "t_ref = \"2 ms\"", "t_ref = 2"), "t_ref", "population.exc.t_ref",
               {"has no unit", "expected a time", "\"2 ms\""});
  expect_error(with(base_file, "t_ref = \"2 ms\"", "t_ref = \"2\""), "t_ref", "population.exc.t_ref",
               {"has no unit", "expected a time"});
}

TEST(config_errors, wrong_unit) {
  expect_error(with(base_file, "t_ref = \"2 ms\"", "c_m = \"200 mV\""), "c_m", "population.exc.c_m",
               {"'200 mV'", "wrong kind", "expected a capacitance"});
  expect_error(with(base_file, "t_ref = \"2 ms\"", "t_ref = \"2 parsecs\""), "t_ref", "population.exc.t_ref",
               {"unknown unit 'parsecs'", "expected a time"});
  expect_error(with(base_file, "rate = \"5 Hz\"", "rate = \"5 ms\""), "rate = \"5 ms\"", "population.inp.rate",
               {"expected a rate"});
}

TEST(config_errors, weight_unit_follows_receptor_kind) {
  std::string text = with(base_file, "tau_decay = \"5 ms\"", "tau_decay = \"5 ms\"\n  kind = \"current\"");
  text = with(text, "weight = \"1 nS\"", "weight = \"1 nS\"");
  expect_error(text, "weight", "projection.ee.weight", {"expected a current", "current-based"});
}

TEST(config_errors, wrong_type) {
  expect_error(with(base_file, "size = 10", "size = \"10\""), "size = \"10\"", "population.exc.size",
               {"expected a whole number"});
  expect_error(with(base_file, "size = 10", "size = -3"), "size = -3", "population.exc.size",
               {"expected a whole number", "got -3"});
}

TEST(config_errors, negative_time_constant) {
  expect_error(with(base_file, "tau_decay = \"5 ms\"", "tau_decay = \"-5 ms\""), "tau_decay",
               "population.exc.receptor.ampa.tau_decay", {"tau_decay must be > 0 ms, got -5 ms"});
  expect_error(with(base_file, "t_ref = \"2 ms\"", "tau_m = \"-20 ms\""), "tau_m", "population.exc.tau_m",
               {"tau_m must be > 0 ms"});
  const std::string adex = with(with(base_file, "model = \"lif\"", "model = \"adex\""), "t_ref = \"2 ms\"",
                                "tau_w = \"-3 ms\"");
  expect_error(adex, "tau_w", "population.exc.tau_w", {"tau_w must be > 0 ms, got -3 ms"});
}

TEST(config_errors, population_size_zero) {
  expect_error(with(base_file, "size = 10", "size = 0"), "size = 0", "population.exc.size", {"size must be > 0"});
}

TEST(config_errors, population_too_large_for_memory) {
  expect_error(with(base_file, "size = 10", "size = 10000000000000"), "size = 1", "population.exc.size",
               {"needs about", "more than this machine has"});
}

TEST(config_errors, projection_too_large_for_memory) {
  std::string text = with(base_file, "size = 5", "size = 3000000");
  text = with(text, "size = 10", "size = 3000000");
  expect_error(text, "[[projection]]", "projection.ee.connector", {"synapses", "more than this machine has"});
}

TEST(config_errors, projection_names_unknown_population) {
  expect_error(with(base_file, "pre = \"inp\"", "pre = \"inq\""), "pre = ", "projection.ee.pre",
               {"'inq' is not a population", "did you mean 'inp'?"});
}

TEST(config_errors, projection_names_unknown_receptor) {
  expect_error(with(base_file, "receptor = \"ampa\"", "receptor = \"gaba\""), "receptor = \"gaba\"",
               "projection.ee.receptor", {"no receptor 'gaba'", "its receptors are: ampa"});
}

TEST(config_errors, projection_onto_spike_source) {
  // With a receptor: a spike source has none; a projection onto it may only carry plasticity.
  const std::string onto_source = with(base_file, "post = \"exc\"", "post = \"inp\"");
  expect_error(onto_source, "receptor = \"ampa\"", "projection.ee.receptor", {"poisson spike source", "only carries plasticity"});
  // Without a receptor and without a rule it would do nothing.
  expect_error(with(onto_source, "receptor = \"ampa\"", ""), "post = ", "projection.ee.post",
               {"poisson spike source", "needs a [[projection.plasticity]] rule"});
}

TEST(config_errors, unknown_receptor_preset) {
  const std::string text = with(base_file, "tau_decay = \"5 ms\"", "preset = \"amp\"");
  expect_error(text, "preset", "population.exc.receptor.ampa.preset", {"'amp' is not a valid preset", "'ampa'"});
}

TEST(config_errors, connector_values) {
  std::string text = with(base_file, "weight = \"1 nS\"", "weight = \"1 nS\"\nconnector = \"fixed_probability\"\np = 1.5");
  expect_error(text, "p = 1.5", "projection.ee.p", {"p must be in [0, 1], got 1.5"});
  text = with(base_file, "weight = \"1 nS\"", "weight = \"1 nS\"\nconnector = \"fixed_indegree\"\nindegree = 6");
  expect_error(text, "indegree = 6", "projection.ee.indegree", {"indegree 6", "indegree <= 5"});
  text = with(base_file, "weight = \"1 nS\"", "weight = \"1 nS\"\nconnector = \"list\"\npairs = [[0, 1], [5, 2]]");
  expect_error(text, "pairs", "projection.ee.pairs", {"pre index 5 is out of range"});
  text = with(base_file, "weight = \"1 nS\"", "weight = \"1 nS\"\nconnector = \"fully\"");
  expect_error(text, "fully", "projection.ee.connector", {"not a valid connector", "all_to_all"});
}

TEST(config_errors, delays) {
  std::string text = with(base_file, "weight = \"1 nS\"", "weight = \"1 nS\"\ndelay = \"1 ms\"\ndendritic_delay = \"2 ms\"");
  expect_error(text, "dendritic_delay", "projection.ee.dendritic_delay", {"larger than the smallest delay"});
  text = with(base_file, "weight = \"1 nS\"", "weight = \"1 nS\"\ndelay = \"-1 ms\"");
  expect_error(text, "delay = ", "projection.ee.delay", {"delay must be >= 0 ms"});
  text = with(base_file, "weight = \"1 nS\"", "weight = \"1 nS\"\ndelay = { normal = [\"2 ms\", \"1 ms\"] }");
  expect_error(text, "delay = ", "projection.ee.delay", {"min >= 0 ms"});
}

TEST(config_errors, distributions) {
  std::string text = with(base_file, "weight = \"1 nS\"", "weight = { uniform = [\"2 nS\", \"1 nS\"] }");
  expect_error(text, "weight", "projection.ee.weight", {"low (2 nS) is above high (1 nS)"});
  text = with(base_file, "weight = \"1 nS\"", "weight = { uniform = [\"0 nS\", \"1 nS\"], mean = \"1 nS\" }");
  expect_error(text, "weight", "projection.ee.weight.mean", {"unknown key 'mean'", "uniform"});
}

TEST(config_errors, duplicate_names) {
  std::string text = base_file + "\n[[population]]\nname = \"exc\"\nsize = 2\nmodel = \"lif\"\n";
  const std::string marker = "name = \"exc\"\nsize = 2";
  expect_error(text, marker, "population.exc.name", {"two populations named 'exc'", "line 10"});
}

TEST(config_errors, monitors) {
  std::string text = base_file + "\n[[monitor]]\ntype = \"state\"\npopulation = \"exc\"\nvariable = \"vv\"\n";
  expect_error(text, "variable = \"vv\"", "monitor.exc_vv.variable", {"no variable 'vv'", "did you mean 'v'?"});
  text = base_file + "\n[[monitor]]\ntype = \"spikes\"\npopulation = \"exd\"\n";
  expect_error(text, "population = \"exd\"", "monitor.exd.population", {"did you mean 'exc'?"});
  text = base_file + "\n[[monitor]]\ntype = \"spikes\"\npopulation = \"exc\"\nneurons = [3, 10]\n";
  expect_error(text, "neurons", "monitor.exc.neurons", {"neuron 10 is out of range"});
  text = base_file + "\n[[monitor]]\ntype = \"spikes\"\npopulation = \"exc\"\nbin = \"5 ms\"\n";
  expect_error(text, "bin", "monitor.exc.bin", {"not used by a spikes monitor", "rate"});
  text = base_file + "\n[[monitor]]\ntype = \"weights\"\nprojection = \"ef\"\n";
  expect_error(text, "projection = \"ef\"", "monitor.ef.projection", {"did you mean 'ee'?"});
}

TEST(config_errors, phases_and_stimuli) {
  std::string text = with(base_file, "duration = \"100 ms\"", "dt = \"0.1 ms\"") +
                     "\n[[phase]]\nname = \"a\"\nduration = \"0 ms\"\n";
  expect_error(text, "duration = \"0 ms\"", "phase.a.duration", {"duration must be > 0 ms"});
  text = base_file + "\n[[phase]]\nname = \"a\"\nduration = \"1 s\"\n";
  expect_error(text, "duration = \"100 ms\"", "experiment.duration", {"cannot be combined with [[phase]]"});
  text = with(base_file, "duration = \"100 ms\"", "seed = 2");
  expect_error(text, "[experiment]", "experiment.duration", {"neither [[phase]] tables nor a duration"});
  // Without an [experiment] table (a file cut short, say) the error still has a line: the top of the file.
  text = "# nothing but a comment\n" + base_file.substr(base_file.find("[[population]]"));
  expect_error(text, "# nothing", "experiment.duration", {"neither [[phase]] tables nor a duration"});
  const std::string phased = with(base_file, "duration = \"100 ms\"", "seed = 2") +
                             "\n[[phase]]\nname = \"a\"\nduration = \"1 s\"\n  [[phase.stimulus]]\n";
  expect_error(phased + "  population = \"exc\"\n  rate = \"7 Hz\"\n", "rate = \"7 Hz\"",
               "phase.a.stimulus[0].rate", {"rate stimulus applies to poisson and regular", "current ="});
  expect_error(phased + "  population = \"inp\"\n  current = \"5 pA\"\n", "current =", "phase.a.stimulus[0].current",
               {"current stimulus applies to neuron populations"});
  expect_error(phased + "  population = \"exc\"\n", "[[phase.stimulus]]", "phase.a.stimulus[0]",
               {"expected either rate"});
}

TEST(config_errors, file_that_cannot_be_read) {
  try {
    load_experiment("/nonexistent/dir/x.toml");
    ADD_FAILURE() << "no error";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/x.toml: cannot open"), std::string::npos) << e.what();
  }
}

TEST(config_errors, suggestions) {
  EXPECT_EQ(edit_distance("tua_m", "tau_m"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(closest_match("tua_m", {"c_m", "tau_m", "g_l"}), "tau_m");
  EXPECT_EQ(closest_match("Size", {"size", "name"}), "size");
  EXPECT_EQ(closest_match("x", {"p"}), "");
  EXPECT_EQ(closest_match("completely_else", {"size", "name"}), "");
}

TEST(config_errors, init_variables) {
  expect_error(with(base_file, "t_ref = \"2 ms\"", "init = { g_ampx = \"1 nS\" }"), "init", "population.exc.init.g_ampx",
               {"unknown key 'g_ampx'", "did you mean 'g_ampa'?"});
  expect_error(with(base_file, "t_ref = \"2 ms\"", "init = { g_ampa = \"1 mV\" }"), "init", "population.exc.init.g_ampa",
               {"expected a conductance"});
  expect_error(with(base_file, "rate = \"5 Hz\"", "init = { v = \"1 mV\" }"), "init", "population.inp.init",
               {"spike sources have no receptors and no state"});
}

TEST(config_errors, monitor_names_are_unique_per_type) {
  const std::string two_rates = base_file + "\n[[monitor]]\ntype = \"spikes\"\npopulation = \"exc\"\n" +
                                "\n[[monitor]]\ntype = \"rate\"\npopulation = \"exc\"\n";
  EXPECT_NO_THROW(parse_experiment(two_rates, "bad.toml"));  // /spikes/exc and /rates/exc
  const std::string twice = two_rates + "\n[[monitor]]\ntype = \"rate\"\nname = \"exc\"\npopulation = \"inp\"\n";
  expect_error(twice, "name = \"exc\"\npopulation = \"inp\"", "monitor.exc.name", {"two rate monitors named 'exc'"});
}
