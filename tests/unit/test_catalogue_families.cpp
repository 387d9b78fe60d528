// Protocols, monitors, analyses, result tables, metrics, intrinsic plasticity and neurogenesis are read from their
// catalogue declarations (spec/protocols.hpp, spec/output_keys.hpp, ...): in each family a misspelt key gets the
// declared key as a suggestion, and a value out of its declared bounds is refused naming the bound, each with the
// file, the line and the key.
#include <gtest/gtest.h>

#include <string>

#include "plastix/spec/models.hpp"
#include "test_config_support.hpp"

namespace plastix {
namespace {

using config_test::base_file;
using config_test::expect_error;

// base_file with a spike_times population "pre" (protocols fill it) and `tail` appended.
std::string file_with(const std::string& tail) {
  return base_file + "\n[[population]]\nname = \"pre\"\nsize = 1\nmodel = \"spike_times\"\n\n" + tail;
}

// base_file whose population "exc" has the sub-table `table` holding `body`.
std::string population_with(const std::string& table, const std::string& body) {
  return config_test::with(base_file, "t_ref = \"2 ms\"\n", "t_ref = \"2 ms\"\n  [population." + table + "]\n" + body);
}

TEST(catalogue_families, a_misspelt_protocol_key_gets_the_declared_key) {
  expect_error(file_with("[[protocol]]\ntype = \"tetanus\"\npopulation = \"pre\"\npulse_frequncy = \"50 Hz\"\n"),
               "pulse_frequncy", "protocol.tetanus.pulse_frequncy",
               {"unknown key 'pulse_frequncy' for a tetanus protocol", "did you mean 'pulse_frequency'?"});
}

TEST(catalogue_families, a_protocol_value_out_of_its_bounds_names_the_bound) {
  expect_error(file_with("[[protocol]]\ntype = \"pairing\"\npre = \"pre\"\npost = \"pre\"\nn = 0\n"), "n = 0",
               "protocol.pairing.n", {"n must be >= 1, got 0"});
  expect_error(file_with("[[protocol]]\ntype = \"theta_burst\"\npopulation = \"pre\"\nfrequency = \"-5 Hz\"\n"),
               "frequency", "protocol.theta_burst.frequency", {"frequency must be > 0 Hz, got -5 Hz"});
}

TEST(catalogue_families, a_misspelt_monitor_key_gets_the_declared_key) {
  expect_error(file_with("[[monitor]]\ntype = \"state\"\npopulation = \"exc\"\nvariable = \"v\"\nintervall = \"1 ms\"\n"),
               "intervall", "monitor.exc_v.intervall", {"unknown key 'intervall'", "did you mean 'interval'?"});
}

TEST(catalogue_families, a_monitor_value_out_of_its_bounds_names_the_bound) {
  expect_error(file_with("[[monitor]]\ntype = \"weights\"\nprojection = \"ee\"\ninterval = \"-1 ms\"\n"), "interval",
               "monitor.ee.interval", {"interval must be >= 0 ms, got -1 ms"});
}

TEST(catalogue_families, a_misspelt_analysis_key_gets_the_declared_key) {
  expect_error(file_with("[[analysis]]\ntype = \"weight_scaling\"\nprojection = \"ee\"\nphse = \"a\"\n"), "phse",
               "analysis[0].phse", {"unknown key 'phse' for a weight_scaling analysis", "did you mean 'phase'?"});
}

TEST(catalogue_families, an_analysis_value_out_of_its_bounds_names_the_bound) {
  expect_error(file_with("[[monitor]]\ntype = \"spikes\"\npopulation = \"exc\"\n\n[[analysis]]\ntype = \"overlap\"\n"
                         "spikes = \"exc\"\nphases = [\"a\", \"b\"]\nactive_rate = \"0 Hz\"\n"),
               "active_rate", "analysis[0].active_rate", {"active_rate must be > 0 Hz, got 0 Hz"});
}

TEST(catalogue_families, a_misspelt_table_column_or_metric_key_gets_the_declared_key) {
  expect_error(file_with("[[table]]\nname = \"t\"\n  [[table.column]]\n  name = \"n\"\n  indx = true\n"), "indx",
               "table.t.column.n.indx", {"unknown key 'indx' for a table column", "did you mean 'index'?"});
  expect_error(file_with("[[monitor]]\ntype = \"rate\"\npopulation = \"exc\"\n\n[[metric]]\nname = \"m\"\n"
                         "series = \"rate.exc\"\nreduse = \"max\"\n"),
               "reduse",
               "metric.m.reduse", {"unknown key 'reduse' for a metric", "did you mean 'reduce'?"});
}

TEST(catalogue_families, a_misspelt_intrinsic_or_neurogenesis_key_gets_the_declared_key) {
  expect_error(population_with("intrinsic", "  tau_avgg = \"1 s\"\n"), "tau_avgg", "population.exc.intrinsic.tau_avgg",
               {"unknown key 'tau_avgg' for intrinsic plasticity", "did you mean 'tau_avg'?"});
  expect_error(population_with("neurogenesis", "  unbron = 2\n"), "unbron", "population.exc.neurogenesis.unbron",
               {"unknown key 'unbron' for neurogenesis", "did you mean 'unborn'?"});
}

TEST(catalogue_families, an_intrinsic_or_neurogenesis_value_out_of_its_bounds_names_the_bound) {
  expect_error(population_with("intrinsic", "  tau_avg = \"0 s\"\n"), "tau_avg", "population.exc.intrinsic.tau_avg",
               {"tau_avg must be > 0 ms, got 0 ms"});
  expect_error(population_with("intrinsic", "  i_min = \"5 pA\"\n"), "i_min", "population.exc.intrinsic.i_min",
               {"i_min <= 0 pA <= i_max"});
  expect_error(population_with("neurogenesis", "  unborn = 2\n  tau_mature = \"0 ms\"\n"), "tau_mature",
               "population.exc.neurogenesis.tau_mature", {"tau_mature must be > 0 ms, got 0 ms"});
}

TEST(catalogue_families, every_family_of_an_experiment_file_is_in_the_catalogue) {
  for (const char* family : {"protocol", "monitor", "analysis", "table", "metric", "intrinsic", "neurogenesis",
                             "intervention", "rule", "neuron model", "source", "receptor", "connector"})
    EXPECT_FALSE(model_names(family).empty()) << family;
  EXPECT_EQ(model_names("protocol"),
            (std::vector<std::string>{"pairing", "current_steps", "tetanus", "lfs", "theta_burst"}));
  EXPECT_EQ(model_names("monitor"), (std::vector<std::string>{"spikes", "state", "weights", "rate", "transmission"}));
  EXPECT_EQ(model_names("analysis"), (std::vector<std::string>{"principal_component", "pattern_responses", "recall",
                                                               "weight_scaling", "overlap", "synapse_rank", "choices",
                                                               "conditioned_response", "ocular_dominance",
                                                               "classify", "firing_pattern"}));
}

}  // namespace
}  // namespace plastix
