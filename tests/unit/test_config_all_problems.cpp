// io/config: one pass over an experiment file reports every problem it finds (plastix check), each naming its
// file, line and key, in file order, and none that only follows from another.
#include <string>
#include <vector>

#include "test_config_support.hpp"

using namespace plastix;
using config_test::base_file;
using config_test::expect_error;
using config_test::line_of;
using config_test::with;

namespace {

// The problems of `text` (read as "bad.toml"); fails the test when there are fewer than two.
std::vector<error> problems_of(const std::string& text) {
  try {
    parse_experiment(text, "bad.toml");
  } catch (const problems& all) {
    return all.list();
  } catch (const error& e) {
    ADD_FAILURE() << "expected several problems, got one: " << e.what();
    return {e};
  }
  ADD_FAILURE() << "no error was thrown";
  return {};
}

// Four independent mistakes in four items: an unknown key, a negative time constant, a value with the wrong unit
// and a projection from a population that does not exist; a projection onto the population with the wrong unit.
const std::string four_problems = R"([experiment]
duration = "100 ms"

[[population]]
name = "inp"
size = 5
model = "poisson"
rate = "5 Hz"
colour = "red"

[[population]]
name = "exc"
size = 10
model = "lif"

  [[population.receptor]]
  name = "ampa"
  tau_decay = "5 ms"

[[population]]
name = "out"
size = 3
model = "lif"
t_ref = "-2 ms"

[[population]]
name = "inh"
size = 10
model = "lif"
v_th = "-50 ms"

[[projection]]
name = "ee"
pre = "inq"
post = "exc"
receptor = "ampa"
weight = "1 nS"

[[projection]]
name = "ei"
pre = "exc"
post = "inh"
receptor = "gaba"
weight = "1 nS"

[[monitor]]
type = "spikes"
population = "inh"
)";

}  // namespace

TEST(config_all_problems, independent_problems_in_different_sections_are_all_reported_in_file_order) {
  const std::vector<error> found = problems_of(four_problems);
  ASSERT_EQ(found.size(), 4u);
  const struct {
    const char* marker;
    const char* key;
    const char* text;
  } expected[] = {
      {"colour", "population.inp.colour", "unknown key 'colour' for a poisson population"},
      {"t_ref = \"-2 ms\"", "population.out.t_ref", "t_ref must be >= 0 ms, got -2 ms"},
      {"v_th = \"-50 ms\"", "population.inh.v_th", "expected a voltage"},
      {"pre = \"inq\"", "projection.ee.pre", "'inq' is not a population"},
  };
  for (std::size_t i = 0; i < found.size(); ++i) {
    SCOPED_TRACE(expected[i].key);
    EXPECT_EQ(found[i].where().file, "bad.toml");
    EXPECT_EQ(found[i].where().line, line_of(four_problems, expected[i].marker));
    EXPECT_EQ(found[i].where().key, expected[i].key);
    EXPECT_NE(std::string(found[i].what()).find(expected[i].text), std::string::npos) << found[i].what();
  }
}

TEST(config_all_problems, the_message_lists_each_problem_on_its_own_line_as_it_reads_alone) {
  try {
    parse_experiment(four_problems, "bad.toml");
    FAIL() << "accepted";
  } catch (const problems& all) {
    std::string lines;
    for (const error& e : all.list()) lines += (lines.empty() ? "" : "\n") + std::string(e.what());
    EXPECT_EQ(std::string(all.what()), lines);
    EXPECT_EQ(all.where().line, all.list().front().where().line);  // the first problem's place
    EXPECT_EQ(std::string(all.list().front().what()).rfind("bad.toml:9: key 'population.inp.colour': ", 0), 0u);
  }
}

TEST(config_all_problems, a_projection_onto_a_broken_population_gives_no_follow_up) {
  // The bad model of 'exc' leaves it out; the projection onto it and its receptor are not reported as unknown.
  const std::string text = with(base_file, "model = \"lif\"", "model = \"lifx\"") +
                           "\n[[monitor]]\ntype = \"spikes\"\npopulation = \"exc\"\n";
  expect_error(text, "model = \"lifx\"", "population.exc.model", {"'lifx' is not a valid model"});
}

TEST(config_all_problems, a_population_with_a_misspelled_name_gives_no_follow_up) {
  const std::string text = with(base_file, "name = \"exc\"", "naem = \"exc\"");
  expect_error(text, "naem", "population[1].naem", {"unknown key 'naem'", "did you mean 'name'?"});
}

TEST(config_all_problems, a_misspelled_required_key_is_reported_once) {
  const std::string text = with(base_file, "size = 10", "szie = 10");
  expect_error(text, "szie", "population.exc.szie", {"unknown key 'szie'", "did you mean 'size'?"});
}

TEST(config_all_problems, an_unknown_key_and_a_bad_value_of_one_table_are_both_reported) {
  const std::string text = with(base_file, "t_ref = \"2 ms\"", "t_ref = \"2 mV\"\ncolour = \"red\"");
  const std::vector<error> found = problems_of(text);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].where().key, "population.exc.t_ref");
  EXPECT_EQ(found[1].where().key, "population.exc.colour");
}

TEST(config_all_problems, every_unknown_key_of_a_table_is_reported) {
  const std::string text = with(base_file, "t_ref = \"2 ms\"", "colour = 1\nshape = 2\nsmell = 3");
  const std::vector<error> found = problems_of(text);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].where().key, "population.exc.colour");
  EXPECT_EQ(found[2].where().key, "population.exc.smell");
  EXPECT_EQ(found[2].where().line, line_of(text, "smell"));
}

TEST(config_all_problems, a_problem_in_a_receptor_leaves_out_only_the_checks_of_items_that_refer_to_its_population) {
  // The projection onto 'exc' is not checked (its delay problem waits), the monitor of 'inp' is.
  const std::string text = with(with(base_file, "tau_decay = \"5 ms\"", "tau_decay = \"5 nS\""), "pre = \"inp\"",
                                "pre = \"inp\"\ndelay = \"-1 ms\"") +
                           "\n[[monitor]]\ntype = \"rate\"\npopulation = \"inp\"\nbin = \"5 Hz\"\n";
  const std::vector<error> found = problems_of(text);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].where().key, "population.exc.receptor.ampa.tau_decay");
  EXPECT_EQ(found[1].where().key, "monitor.inp.bin");
}

TEST(config_all_problems, after_fifty_problems_the_rest_are_counted) {
  std::string keys;
  for (int i = 0; i < 60; ++i) keys += "unknown_" + std::to_string(i) + " = 1\n";
  const std::string text = with(base_file, "t_ref = \"2 ms\"", keys);
  try {
    parse_experiment(text, "bad.toml");
    FAIL() << "accepted";
  } catch (const problems& all) {
    EXPECT_EQ(all.list().size(), problems::shown_at_most);
    EXPECT_EQ(all.left_out(), 10u);
    const std::string message = all.what();
    EXPECT_NE(message.find("unknown key 'unknown_49'"), std::string::npos);
    EXPECT_EQ(message.find("unknown key 'unknown_50'"), std::string::npos);
    EXPECT_EQ(message.substr(message.rfind('\n') + 1), "... and 10 more problems");
  }
}

TEST(config_all_problems, validate_reports_each_item_of_a_description_built_in_code) {
  experiment_spec spec = parse_experiment(base_file, "good.toml");
  spec.network.populations[0].size = 0;
  spec.network.projections[0].delay = distribution::constant(-1.0);
  try {
    validate(spec);
    FAIL() << "accepted";
  } catch (const problems& all) {
    ASSERT_EQ(all.list().size(), 2u);
    EXPECT_EQ(all.list()[0].where().key, "population.inp.size");
    EXPECT_EQ(all.list()[1].where().key, "projection.ee.delay");
  }
}

TEST(config_all_problems, a_slow_step_that_cannot_be_read_gives_no_follow_up_about_the_memory_of_a_fast_phase) {
  // Read as a fast phase, 1000 days of spikes of 1000 neurons would need far more memory than any machine has; the
  // run's length is unknown, so only the slow_step is reported.
  const std::string text = R"([experiment]
dt = "0.1 ms"

[[population]]
name = "exc"
size = 1000
model = "lif"

[[monitor]]
type = "spikes"
population = "exc"

[[phase]]
name = "years"
duration = "1000 days"
slow_step = "inf day"
)";
  expect_error(text, "slow_step", "phase.years.slow_step", {"expected a finite value"});
}
