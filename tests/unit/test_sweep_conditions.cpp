// Per-condition runs of a sweep ([[sweep.condition]], [sweep.times]; sim/experiment.hpp, docs/experiment-files.md):
// each condition runs its own sequence of the file's phases (by name, repeatable) with its own overrides, as an
// independent run of the same network from the same seed; measures are read at times counted from a phase's start.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using config_test::with;

namespace {

// One pathway of 20 synapses with the tag_trigger rule; Poisson input (so the tags are random: bitwise equality of
// two runs is a real check). Conditions "once" and "again" run the same phases; "twice" runs them twice.
const std::string conditions_file = R"([experiment]
name = "conditions"
seed = 3

[[population]]
name = "inp"
size = 20
model = "poisson"
rate = "0 Hz"

[[population]]
name = "cell"
size = 1
model = "spike_times"

[[projection]]
name = "path"
pre = "inp"
post = "cell"
weight = "1 nS"
delay = "1 ms"
  [[projection.plasticity]]
  rule = "tag_trigger"
  induction = "presynaptic"
  p_ltp = 0.0005

[[phase]]
name = "tetanus"
duration = "500 ms"
  [[phase.stimulus]]
  population = "inp"
  rate = "100 Hz"

[[phase]]
name = "rest"
duration = "10 min"
slow_step = "1 s"

[sweep]
table = "course"
  [[sweep.condition]]
  name = "once"
  phases = ["tetanus", "rest"]
  [[sweep.condition]]
  name = "again"
  phases = ["tetanus", "rest"]
  [[sweep.condition]]
  name = "twice"
  phases = ["tetanus", "rest", "tetanus", "rest"]
  [[sweep.condition]]
  name = "strong"
  phases = ["tetanus", "rest"]
  set = ["phase.tetanus.stimulus[0].rate=200 Hz"]
  [sweep.times]
  phase = "rest"
  values = ["0 min", "5 min", "10 min"]
  unit = "min"
  column = "t_min"
  [[sweep.measure]]
  column = "w"
  metric = "mean_weight.path"
  [[sweep.measure]]
  column = "n"
  metric = "synapses.path"
)";

run_results run_file(const std::string& text) {
  const experiment_spec spec = parse_experiment(text, "c.toml");
  const respecify_fn respecify = [&](const std::vector<std::string>& o) { return parse_experiment(text, "c.toml", o); };
  check_sweep(spec, respecify);
  return run_sweep(spec, respecify);
}

std::vector<double> rows_of(const table& t, std::size_t column, std::size_t first, std::size_t n) {
  return {t.data[column].begin() + static_cast<std::ptrdiff_t>(first),
          t.data[column].begin() + static_cast<std::ptrdiff_t>(first + n)};
}

// Checks that checking (check_sweep) the file with `from` replaced by `to` fails naming file, line, key and text.
void expect_check_error(const std::string& text, const std::string& line_marker, const std::string& key,
                        const std::string& expected) {
  try {
    const experiment_spec spec = parse_experiment(text, "bad.toml");
    check_sweep(spec, [&](const std::vector<std::string>& o) { return parse_experiment(text, "bad.toml", o); });
    ADD_FAILURE() << "no error; expected one about " << key;
  } catch (const error& e) {
    EXPECT_EQ(e.where().file, "bad.toml") << e.what();
    EXPECT_EQ(e.where().line, config_test::line_of(text, line_marker)) << e.what();
    EXPECT_EQ(e.where().key, key) << e.what();
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(sweep_conditions, reads_conditions_and_times) {
  const experiment_spec spec = parse_experiment(conditions_file, "c.toml");
  ASSERT_TRUE(spec.sweep);
  const sweep_spec& sw = *spec.sweep;
  ASSERT_EQ(sw.conditions.size(), 4u);
  EXPECT_EQ(sw.conditions[2].name, "twice");
  EXPECT_EQ(sw.conditions[2].phases, (std::vector<std::string>{"tetanus", "rest", "tetanus", "rest"}));
  EXPECT_EQ(sw.conditions[3].overrides, (std::vector<std::string>{"phase.tetanus.stimulus[0].rate=200 Hz"}));
  EXPECT_TRUE(sw.axes.empty());
  ASSERT_TRUE(sw.times);
  EXPECT_EQ(sw.times->at, (std::vector<double>{0.0, 300.0e3, 600.0e3}));
  EXPECT_EQ(sw.times->numbers, (std::vector<double>{0.0, 5.0, 10.0}));
  EXPECT_EQ(sw.times->phase, "rest");
  EXPECT_EQ(sw.times->column, "t_min");
}

TEST(sweep_conditions, same_phases_give_bitwise_the_same_results) {
  const run_results r = run_file(conditions_file);
  const table& t = r.tables.at("course");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"condition", "t_min", "w", "n"}));
  ASSERT_EQ(t.data[0].size(), 12u);  // 4 conditions × 3 times
  EXPECT_EQ(rows_of(t, 0, 0, 6), (std::vector<double>{1, 1, 1, 2, 2, 2}));
  EXPECT_EQ(t.labels.at("condition"),
            (std::vector<std::string>{"once", "once", "once", "again", "again", "again", "twice", "twice", "twice",
                                      "strong", "strong", "strong"}));
  EXPECT_EQ(rows_of(t, 1, 0, 3), (std::vector<double>{0, 5, 10}));
  EXPECT_EQ(rows_of(t, 3, 0, 3), (std::vector<double>{20, 20, 20}));
  const std::vector<double> once = rows_of(t, 2, 0, 3);
  EXPECT_GT(once[0], 1.0);  // tags were set: the check below compares something that happened
  // Same phases, same seed: bitwise the same weights (EXPECT_EQ on doubles, no tolerance).
  EXPECT_EQ(rows_of(t, 2, 3, 3), once);
  // "twice" is the same run up to the end of its first rest: the times count from the first run of "rest".
  EXPECT_EQ(rows_of(t, 2, 6, 3), once);
  // An override changes the run: a 200 Hz tetanus tags more synapses than 100 Hz (the trace is twice as high).
  EXPECT_GT(t.data[2][9], once[0]);
  EXPECT_DOUBLE_EQ(r.metrics.at("sweep_points"), 4.0);
}

TEST(sweep_conditions, measuring_does_not_change_the_run) {
  // Without [sweep.times] the measures are the end-of-run metrics: the same value as the reading at 10 min.
  std::string text = conditions_file;
  const std::size_t from = text.find("  [sweep.times]"), to = text.find("  [[sweep.measure]]");
  text.erase(from, to - from);
  const table end = run_file(text).tables.at("course");
  const table timed = run_file(conditions_file).tables.at("course");
  EXPECT_EQ(end.columns, (std::vector<std::string>{"condition", "w", "n"}));
  ASSERT_EQ(end.data[1].size(), 4u);
  for (std::size_t c : {0u, 1u, 3u}) EXPECT_EQ(end.data[1][c], timed.data[2][3 * c + 2]) << "condition " << c;
  // "twice" ran a second tetanus after its 10 min reading.
  EXPECT_NE(end.data[1][2], timed.data[2][8]);
}

TEST(sweep_conditions, conditions_and_axes_make_a_grid) {
  const std::string text = with(conditions_file, "  [sweep.times]", R"(  [[sweep.axis]]
  key = "projection.path.plasticity[0].p_ltp"
  values = [0.0005, 0.0015]
  column = "p_ltp"
  [sweep.times])");
  const table t = run_file(text).tables.at("course");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"condition", "p_ltp", "t_min", "w", "n"}));
  ASSERT_EQ(t.data[0].size(), 24u);  // 4 conditions × 2 values × 3 times
  EXPECT_EQ(rows_of(t, 1, 0, 6), (std::vector<double>{0.0005, 0.0005, 0.0005, 0.0015, 0.0015, 0.0015}));
  EXPECT_EQ(rows_of(t, 0, 0, 7), (std::vector<double>{1, 1, 1, 1, 1, 1, 2}));
  EXPECT_GT(t.data[3][3], t.data[3][0]);  // more tags with the higher probability
}

TEST(sweep_conditions, parse_errors_name_the_key) {
  using config_test::expect_error;
  expect_error(with(conditions_file, "phases = [\"tetanus\", \"rest\"]\n  [[sweep.condition]]\n  name = \"again\"",
                    "phases = []\n  [[sweep.condition]]\n  name = \"again\""),
               "phases = []", "sweep.condition.once.phases", {"at least one phase name"});
  expect_error(with(conditions_file, "name = \"again\"", "name = \"once\""), "name = \"once\"\n  phases = [\"tetanus\", \"rest\"]\n  [[sweep.condition]]\n  name = \"twice\"",
               "sweep.condition.once.name", {"exists already"});
  expect_error(with(conditions_file, "set = [\"phase", "set = [\"no_value\", \"phase"), "set = [", "sweep.condition.strong.set",
               {"KEY=VALUE"});
  expect_error(with(conditions_file, "  name = \"twice\"", "  name = \"twice\"\n  phase = \"rest\""), "phase = \"rest\"\n  phases",
               "sweep.condition.twice.phase", {"did you mean 'phases'"});
  expect_error(with(conditions_file, "phases = [\"tetanus\", \"rest\", \"tetanus\"", "phases = [\"tetanus\", 3, \"tetanus\""),
               "phases = [\"tetanus\", 3", "sweep.condition.twice.phases", {"list of strings"});
  expect_error(with(conditions_file, "unit = \"min\"", "unit = \"Hz\""), "unit = \"Hz\"", "sweep.times.unit",
               {"time unit"});
  expect_error(with(conditions_file, "  unit = \"min\"\n", ""), "[sweep.times]", "sweep.times", {"time unit"});
  expect_error(with(conditions_file, "\"0 min\", \"5 min\"", "\"-1 min\", \"5 min\""), "values = [\"-1 min\"",
               "sweep.times.values", {">= 0"});
  // Neither conditions nor axes.
  std::string none = conditions_file;
  none.erase(none.find("  [[sweep.condition]]"), none.find("  [sweep.times]") - none.find("  [[sweep.condition]]"));
  expect_error(none, "[sweep]", "sweep", {"[[sweep.condition]]"});
}

TEST(sweep_conditions, a_set_entry_that_names_nothing_is_placed_at_its_condition) {
  const std::string text = with(conditions_file, "set = [\"phase.tetanus.", "set = [\"phase.tetanuz.");
  try {
    const experiment_spec spec = parse_experiment(text, "bad.toml");
    check_sweep(spec, [&](const std::vector<std::string>& o) { return parse_experiment(text, "bad.toml", o); });
    ADD_FAILURE() << "no error for a condition setting a phase that does not exist";
  } catch (const error& e) {
    const std::string message = e.what();
    const int line = config_test::line_of(text, "name = \"strong\"") - 1;  // its [[sweep.condition]]
    EXPECT_EQ(message.rfind("bad.toml:" + std::to_string(line) + ": key 'phase.tetanuz': --set phase.tetanuz.", 0),
              0u) << message;
    EXPECT_NE(message.find("there is no phase named 'tetanuz'"), std::string::npos) << message;
    EXPECT_NE(message.find("(in sweep condition 'strong')"), std::string::npos) << message;
  }
}

TEST(sweep_conditions, check_errors_name_the_key) {
  // An unknown phase name in a condition.
  expect_check_error(with(conditions_file, "[\"tetanus\", \"rest\", \"tetanus\", \"rest\"]",
                          "[\"tetanus\", \"rest\", \"tetanus\", \"rset\"]"),
                     "[\"tetanus\", \"rest\", \"tetanus\", \"rset\"]", "sweep.condition.twice.phases",
                     "no phase named 'rset'; the phases are: tetanus, rest");
  // A measuring time after the end of a condition's run (the times are common to every condition).
  expect_check_error(with(conditions_file, "\"10 min\"]", "\"11 min\"]"), "values = [", "sweep.times.values",
                     "after the end of the run in condition 'once'");
  // The phase the times count from is not run by a condition.
  expect_check_error(with(conditions_file, "phases = [\"tetanus\", \"rest\"]\n  [[sweep.condition]]\n  name = \"again\"",
                          "phases = [\"tetanus\"]\n  [[sweep.condition]]\n  name = \"again\""),
                     "phase = \"rest\"\n  values", "sweep.times.phase", "condition 'once' has no phase 'rest'");
  // With [sweep.times] only weights and synapse counts can be read at a time.
  expect_check_error(with(conditions_file, "metric = \"mean_weight.path\"", "metric = \"rate_hz.inp\""),
                     "[[sweep.measure]]\n  column = \"w\"", "sweep.measure[0]", "mean_weight.<projection>");
  // A condition's override that cannot be set: the error says which condition.
  try {
    const std::string bad = with(conditions_file, "rate=200 Hz", "rate=fast");
    check_sweep(parse_experiment(bad, "bad.toml"),
                [&](const std::vector<std::string>& o) { return parse_experiment(bad, "bad.toml", o); });
    ADD_FAILURE() << "no error for a bad override";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("in sweep condition 'strong'"), std::string::npos) << e.what();
  }
}

namespace {

// The conditions file with a weights monitor sampled every 5 min, a [[table]] of its samples, and measures that
// read that table's columns (one row per sample) instead of the measuring times; "again" names no phases and runs
// the sweep's `phases`.
std::string series_file() {
  std::string text = with(conditions_file, "[sweep]\ntable = \"course\"", R"([[monitor]]
type = "weights"
name = "w"
projection = "path"
interval = "5 min"

[[table]]
name = "samples"
  [[table.column]]
  name = "t_min"
  series = "weights.w"
  times = true
  time_unit = "min"
  [[table.column]]
  name = "w"
  series = "weights.w"
  average = true

[sweep]
table = "course"
phases = ["tetanus", "rest"])");
  text = with(text, "  name = \"again\"\n  phases = [\"tetanus\", \"rest\"]\n", "  name = \"again\"\n");
  const std::size_t from = text.find("  [sweep.times]"), to = text.find("  [[sweep.measure]]");
  text.erase(from, to - from);
  return with(text, "  column = \"w\"\n  metric = \"mean_weight.path\"",
              "  column = \"t_min\"\n  series = \"table.samples.t_min\"\n  [[sweep.measure]]\n  column = \"w\"\n"
              "  series = \"table.samples.w\"");
}

}  // namespace

TEST(sweep_conditions, series_measures_give_one_row_per_value) {
  const std::string text = series_file();
  const experiment_spec spec = parse_experiment(text, "c.toml");
  ASSERT_EQ(spec.sweep->measures.size(), 3u);
  EXPECT_EQ(spec.sweep->measures[1].series, "table.samples.w");
  EXPECT_EQ(spec.sweep->measures[1].metric, "");
  EXPECT_EQ(spec.sweep->phases, (std::vector<std::string>{"tetanus", "rest"}));
  const table t = run_file(text).tables.at("course");
  const table timed = run_file(conditions_file).tables.at("course");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"condition", "t_min", "w", "n"}));
  // Samples at 0, 5 and 10 min of a run of 10 min 0.5 s ("twice": 20 min 1 s).
  ASSERT_EQ(t.data[0], (std::vector<double>{1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4})) << "rows per condition";
  EXPECT_EQ(t.labels.at("condition")[8], "twice");
  for (std::size_t k = 0; k < 5; ++k) {  // sampled at the first slow step (1 s) at or after every 5 min
    if (k < 3) EXPECT_NEAR(t.data[1][k], 5.0 * static_cast<double>(k), 1.0 / 60.0);
    EXPECT_NEAR(t.data[1][6 + k], 5.0 * static_cast<double>(k), 1.0 / 60.0);
  }
  // The metric measure is repeated on each row of its run.
  EXPECT_EQ(rows_of(t, 3, 0, 3), (std::vector<double>{20, 20, 20}));
  // "again" runs the sweep's phases: the same run as "once", bitwise; so does "twice" up to 10 min.
  const std::vector<double> once = rows_of(t, 2, 0, 3);
  EXPECT_EQ(rows_of(t, 2, 3, 3), once);
  EXPECT_EQ(rows_of(t, 2, 6, 3), once);
  EXPECT_EQ(once[0], 1.0) << "the weights before the run";
  EXPECT_GT(once[1], 1.0) << "tags set by the tetanus";
  // A 200 Hz tetanus tags more synapses than 100 Hz.
  EXPECT_GT(t.data[2][12], once[1]);
}

TEST(sweep_conditions, series_measure_errors_name_the_key) {
  using config_test::expect_error;
  const std::string text = series_file();
  expect_error(with(text, "  series = \"table.samples.w\"", "  series = \"table.samples.w\"\n  metric = \"x\""),
               "  [[sweep.measure]]\n  column = \"w\"", "sweep.measure[1]", {"either metric"});
  expect_error(with(text, "  [[sweep.measure]]\n  column = \"t_min\"",
                    "  [sweep.times]\n  values = [\"0 min\"]\n  unit = \"min\"\n  column = \"t\"\n"
                    "  [[sweep.measure]]\n  column = \"t_min\""),
               "series = \"table.samples.t_min\"", "sweep.measure[0].series", {"[sweep.times]"});
  expect_error(with(text, "table = \"course\"\nphases = [\"tetanus\", \"rest\"]", "table = \"course\"\nphases = []"),
               "phases = []", "sweep.phases",
               {"at least one phase name"});
  expect_check_error(with(text, "phases = [\"tetanus\", \"rest\"]\n  [[sweep", "phases = [\"tetanus\", \"rset\"]\n  [[sweep"),
                     "phases = [\"tetanus\", \"rset\"]", "sweep.phases",
                     "the sweep's phases: no phase named 'rset'; the phases are: tetanus, rest");
  // A series that the runs do not have: an error at run time naming the measure.
  try {
    run_file(with(text, "table.samples.w\"", "table.samples.v\""));
    ADD_FAILURE() << "no error for an unknown series";
  } catch (const error& e) {
    EXPECT_EQ(e.where().line, config_test::line_of(text, "  [[sweep.measure]]\n  column = \"w\"")) << e.what();
    EXPECT_EQ(e.where().key, "sweep.measure[1]") << e.what();
    EXPECT_NE(std::string(e.what()).find("series 'table.samples.v' is not a recorded series"), std::string::npos)
        << e.what();
  }
}

// [sweep] tables = [...]: a result table of every run, stacked in grid order with the condition (and axis) columns
// in front; the run's own column of that name gives way.
namespace {

std::string stacked() {
  return with(with(conditions_file, "[sweep]\ntable = \"course\"", R"([[monitor]]
type = "weights"
projection = "path"
interval = "5 min"

[[table]]
name = "trace"
  [[table.column]]
  name = "condition"
  index = true
  [[table.column]]
  name = "t_min"
  series = "weights.path"
  times = true
  time_unit = "min"
  [[table.column]]
  name = "w"
  series = "weights.path"
  average = true

[sweep]
tables = ["trace"])"), "  [sweep.times]\n  phase = \"rest\"\n  values = [\"0 min\", \"5 min\", \"10 min\"]\n  unit = \"min\"\n  column = \"t_min\"\n  [[sweep.measure]]\n  column = \"w\"\n  metric = \"mean_weight.path\"\n  [[sweep.measure]]\n  column = \"n\"\n  metric = \"synapses.path\"\n", "");
}

}  // namespace

TEST(sweep_tables, every_runs_table_stacked_with_its_condition) {
  const std::string stacked_file = stacked();
  ASSERT_EQ(stacked_file.find("[[sweep.measure]]"), std::string::npos);  // no measures: no sweep table of its own
  const run_results r = run_file(stacked_file);
  ASSERT_EQ(r.tables.size(), 1u);
  const table& t = r.tables.at("trace");
  // The run's own "condition" column (its row numbers) gives way to the sweep's.
  EXPECT_EQ(t.columns, (std::vector<std::string>{"condition", "t_min", "w"}));
  // Samples at 0, 5, 10 min of each run (10.5 min; "twice": 21 min, 5 samples).
  ASSERT_EQ(t.data[0].size(), 3u + 3u + 5u + 3u);
  EXPECT_EQ(t.data[0], (std::vector<double>{1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4}));
  EXPECT_EQ(t.labels.at("condition")[6], "twice");
  EXPECT_EQ(t.labels.at("condition").size(), t.data[0].size());
  for (std::size_t k = 0; k < 5; ++k)  // every 5 min, on the slow phases' 1 s steps
    EXPECT_NEAR(t.data[1][6 + k], 5.0 * static_cast<double>(k), 1.0 / 60.0) << "sample " << k;
  EXPECT_GT(t.data[2][1], t.data[2][0]);              // the tetanus set tags: the weight grew
  EXPECT_EQ(rows_of(t, 2, 3, 3), rows_of(t, 2, 0, 3));  // "again" is "once" (same seed), bitwise
  EXPECT_EQ(rows_of(t, 2, 6, 3), rows_of(t, 2, 0, 3));  // "twice": the same until its second tetanus
  EXPECT_GT(t.data[2][12], t.data[2][1]);             // "strong": 200 Hz tags more

  // With measures the sweep's own table is there too; with an axis its column leads as well.
  const std::string both = with(stacked_file, "[sweep]\ntables = [\"trace\"]", R"([sweep]
table = "ends"
tables = ["trace"]
  [[sweep.axis]]
  key = "projection.path.plasticity[0].p_ltp"
  values = [0.0005, 0.0015]
  column = "p_ltp"
  [[sweep.measure]]
  column = "w"
  metric = "mean_weight.path")");
  const run_results g = run_file(both);
  EXPECT_EQ(g.tables.at("ends").data[0].size(), 8u);
  EXPECT_EQ(g.tables.at("trace").columns, (std::vector<std::string>{"condition", "p_ltp", "t_min", "w"}));
  EXPECT_EQ(rows_of(g.tables.at("trace"), 1, 0, 6), (std::vector<double>{0.0005, 0.0005, 0.0005, 0.0015, 0.0015, 0.0015}));
  EXPECT_EQ(g.tables.at("ends").columns, (std::vector<std::string>{"condition", "p_ltp", "w"}));
}

TEST(sweep_tables, errors_name_the_key) {
  const std::string stacked_file = stacked();
  using config_test::expect_error;
  expect_error(with(stacked_file, "tables = [\"trace\"]", "tables = []"), "tables = []", "sweep.tables",
               {"at least one table name"});
  expect_error(with(stacked_file, "tables = [\"trace\"]", "tables = [\"trace\", \"trace\"]"), "tables = [",
               "sweep.tables", {"named twice"});
  expect_error(with(stacked_file, "tables = [\"trace\"]", "table = \"x\"\ntables = [\"trace\"]"), "table = \"x\"",
               "sweep.table", {"without [[sweep.measure]]"});
  expect_error(with(stacked_file, "tables = [\"trace\"]", "table = \"trace\"\ntables = [\"trace\"]\n  [[sweep.measure]]\n  column = \"w\"\n  metric = \"mean_weight.path\""),
               "tables = [", "sweep.tables", {"the sweep's own table"});
  // A table the runs do not make: named when the first run ends, with the tables they have.
  try {
    run_file(with(stacked_file, "tables = [\"trace\"]", "tables = [\"trcae\"]"));
    ADD_FAILURE() << "no error for an unknown table";
  } catch (const error& e) {
    EXPECT_EQ(e.where().key, "sweep.tables") << e.what();
    EXPECT_EQ(e.where().line, config_test::line_of(stacked_file, "tables = [")) << e.what();
    EXPECT_NE(std::string(e.what()).find("no table 'trcae'; they have: trace"), std::string::npos) << e.what();
  }
}

TEST(sweep_conditions, check_reports_the_runs_and_their_biological_time) {
  // 4 conditions: three run tetanus + rest, one runs both twice (0.5 s + 600 s each): 5 × 600.5 s in all. Without
  // a sweep: one run of the file's phases.
  const experiment_spec spec = parse_experiment(conditions_file, "c.toml");
  const sweep_size size =
      check_sweep(spec, [&](const std::vector<std::string>& o) { return parse_experiment(conditions_file, "c.toml", o); });
  EXPECT_EQ(size.runs, 4u);
  EXPECT_DOUBLE_EQ(size.bio_time, 5 * 600.5e3);
  experiment_spec plain = spec;
  plain.sweep.reset();
  const sweep_size one = check_sweep(plain, [&](const std::vector<std::string>&) { return plain; });
  EXPECT_EQ(one.runs, 1u);
  EXPECT_DOUBLE_EQ(one.bio_time, 600.5e3);
}
