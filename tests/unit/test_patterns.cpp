// Memory patterns, their presentation and recall scores (stimulus/patterns.hpp, sim/recall.hpp): closed forms for
// the recall scores against a plain Pearson correlation written here, the presentation schedule, the drawing of
// random patterns, the stimulus driving exactly the cued neurons during each presentation, and the recall
// analysis of a run whose evoked activity is known exactly (regular sources).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/stimulus/patterns.hpp"
#include "test_config_support.hpp"

using namespace plastix;

namespace {

// Pearson correlation of x and y (population form), 0 when either is constant.
double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

// The overlap as defined: correlation over the neurons that were not cued.
double reference_overlap(const std::vector<double>& a, const std::vector<std::uint32_t>& pattern, std::size_t cued) {
  std::vector<double> x, y;
  std::set<std::uint32_t> members(pattern.begin(), pattern.end());
  std::set<std::uint32_t> excluded;
  if (cued < pattern.size()) excluded.insert(pattern.begin(), pattern.begin() + static_cast<std::ptrdiff_t>(cued));
  for (std::uint32_t i = 0; i < a.size(); ++i) {
    if (excluded.count(i)) continue;
    x.push_back(a[i]);
    y.push_back(members.count(i) ? 1.0 : 0.0);
  }
  return pearson(x, y);
}

const std::vector<std::vector<std::uint32_t>> two = {{0, 1, 2, 3}, {4, 5, 6, 7}};  // over 10 neurons

}  // namespace

TEST(recall_score, perfect_completion_is_one) {
  const std::vector<double> a{5, 5, 5, 5, 0, 0, 0, 0, 0, 0};
  const recall_score r = score_recall(a, two, 0, 2, 1.0);
  EXPECT_DOUBLE_EQ(r.overlap, 1.0);
  EXPECT_DOUBLE_EQ(r.hit, 1.0);
  EXPECT_DOUBLE_EQ(r.false_alarm, 0.0);
  EXPECT_DOUBLE_EQ(r.false_recall, 0.0);
}

TEST(recall_score, cue_alone_is_chance) {
  // Only the cued neurons fire: on the tested neurons the activity is constant -> 0 by definition.
  const std::vector<double> a{9, 9, 0, 0, 0, 0, 0, 0, 0, 0};
  const recall_score r = score_recall(a, two, 0, 2, 1.0);
  EXPECT_DOUBLE_EQ(r.overlap, 0.0);
  EXPECT_DOUBLE_EQ(r.hit, 0.0);
  // Uniform activity everywhere: also 0.
  EXPECT_DOUBLE_EQ(score_recall(std::vector<double>(10, 3.0), two, 0, 2, 1.0).overlap, 0.0);
}

TEST(recall_score, the_wrong_memory_is_negative_and_false_recall) {
  // Tested: neurons 2..9; members 2, 3; pattern 1 (4..7) fires. Closed form: −1/√3.
  const std::vector<double> a{9, 9, 0, 0, 1, 1, 1, 1, 0, 0};
  const recall_score r = score_recall(a, two, 0, 2, 1.0);
  EXPECT_NEAR(r.overlap, -1.0 / std::sqrt(3.0), 1e-12);
  EXPECT_DOUBLE_EQ(r.hit, 0.0);
  EXPECT_DOUBLE_EQ(r.false_alarm, 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(r.false_recall, 1.0);
}

TEST(recall_score, matches_a_plain_pearson_correlation) {
  const std::vector<std::vector<std::uint32_t>> pats = {{3, 7, 1, 9, 12}, {0, 7, 5}};
  const std::vector<double> a{0.5, 2, 0, 7, 1, 3, 0, 4, 2.5, 6, 0, 1, 8, 0.2};
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t cued = 1; cued <= pats[k].size(); ++cued) {
      const recall_score r = score_recall(a, pats, k, cued, 2.0);
      EXPECT_NEAR(r.overlap, reference_overlap(a, pats[k], cued), 1e-12) << k << " " << cued;
    }
  // hit of pattern 0 with 2 cued: uncued members 1, 9, 12 have 2, 6, 8 -> all >= 2
  EXPECT_DOUBLE_EQ(score_recall(a, pats, 0, 2, 2.0).hit, 1.0);
  // pattern 1 shares neuron 7 with pattern 0: false recall of pattern 1 for pattern 0 counts 0 and 5 only
  // (a = 0.5 and 3 -> one of two active)
  EXPECT_DOUBLE_EQ(score_recall(a, pats, 0, 2, 2.0).false_recall, 0.5);
}

TEST(patterns, cue_size_rounds_and_keeps_one) {
  EXPECT_EQ(cue_size(20, 0.4), 8u);
  EXPECT_EQ(cue_size(10, 0.25), 3u);  // round half away from zero: 2.5 -> 3
  EXPECT_EQ(cue_size(10, 0.01), 1u);
  EXPECT_EQ(cue_size(10, 1.0), 10u);
}

TEST(patterns, random_sets_have_the_size_and_are_reproducible) {
  pattern_set_spec p;
  p.count = 5;
  p.size = 12;
  const auto a = draw_patterns(p, 100, 7, 0);
  ASSERT_EQ(a.size(), 5u);
  for (const auto& pat : a) {
    EXPECT_EQ(pat.size(), 12u);
    EXPECT_EQ(std::set<std::uint32_t>(pat.begin(), pat.end()).size(), 12u);  // no neuron twice
    for (std::uint32_t i : pat) EXPECT_LT(i, 100u);
  }
  EXPECT_EQ(draw_patterns(p, 100, 7, 0), a);
  EXPECT_NE(draw_patterns(p, 100, 8, 0), a);
  EXPECT_NE(draw_patterns(p, 100, 7, 1), a);
  p.coding = 0.1;
  p.size = 0;
  EXPECT_EQ(draw_patterns(p, 100, 7, 0).at(0).size(), 10u);
  p.disjoint = true;
  p.count = 10;  // 10 x 10 = the whole population, each neuron once
  std::set<std::uint32_t> all;
  for (const auto& pat : draw_patterns(p, 100, 7, 0)) all.insert(pat.begin(), pat.end());
  EXPECT_EQ(all.size(), 100u);
  pattern_set_spec e;
  e.neurons = {{4, 2}, {1}};
  EXPECT_EQ(draw_patterns(e, 10, 7, 0), e.neurons);
}

TEST(patterns, random_patterns_overlap_at_chance) {
  // Independent patterns of coding level f share f·m neurons on average.
  pattern_set_spec p;
  p.count = 200;
  p.size = 50;
  const auto a = draw_patterns(p, 500, 3, 0);
  double shared = 0;
  for (std::size_t k = 0; k + 1 < a.size(); ++k) {
    std::set<std::uint32_t> s(a[k].begin(), a[k].end());
    for (std::uint32_t i : a[k + 1]) shared += s.count(i);
  }
  EXPECT_NEAR(shared / 199.0, 50.0 * 50.0 / 500.0, 0.6);  // 5 ± 0.6 (sd of the mean ≈ 0.15)
}

TEST(patterns, presentation_schedule) {
  pattern_stimulus s;
  s.on = 20;
  s.off = 30;
  s.order = pattern_stimulus::order_kind::cycle;
  const auto p = presentations(s, 3, 1200, 0.1, 1, 0);  // 120 ms: onsets 0, 50, 100 ms
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].first, 0);
  EXPECT_EQ(p[0].last, 200);
  EXPECT_EQ(p[1].first, 500);
  EXPECT_EQ(p[2].first, 1000);
  EXPECT_EQ(p[2].last, 1200);  // cut at the end of the phase
  EXPECT_EQ(p[1].pattern, 1u);
  EXPECT_EQ(p[2].pattern, 2u);
  s.order = pattern_stimulus::order_kind::random;
  const auto r = presentations(s, 3, 100000, 0.1, 1, 4);
  std::vector<int> seen(3, 0);
  for (const auto& x : r) seen.at(x.pattern)++;
  for (int c : seen) EXPECT_GT(c, 40);  // 200 presentations over 3 patterns
  EXPECT_EQ(presentations(s, 3, 100000, 0.1, 1, 4).back().pattern, r.back().pattern);
  s.on = 0;
  s.order = pattern_stimulus::order_kind::fixed;
  s.pattern = 2;
  const auto one = presentations(s, 3, 777, 0.1, 1, 0);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].last, 777);
  EXPECT_EQ(one[0].pattern, 2u);
}

TEST(patterns, presentation_range) {  // range = [first, end): cycle and random stay inside it
  pattern_stimulus s;
  s.on = 10;
  s.off = 10;
  s.order = pattern_stimulus::order_kind::cycle;
  s.range_first = 3;
  s.range_end = 5;
  const auto p = presentations(s, 8, 1000, 0.1, 1, 0);  // 100 ms: 5 presentations
  ASSERT_EQ(p.size(), 5u);
  for (std::size_t j = 0; j < p.size(); ++j) EXPECT_EQ(p[j].pattern, 3 + j % 2) << j;
  s.order = pattern_stimulus::order_kind::random;
  std::vector<int> seen(8, 0);
  for (const auto& x : presentations(s, 8, 200000, 0.1, 1, 2)) seen.at(x.pattern)++;  // 1000 presentations
  for (std::size_t k = 0; k < 8; ++k) {
    if (k == 3 || k == 4) EXPECT_GT(seen[k], 400) << k;
    else EXPECT_EQ(seen[k], 0) << k;
  }
}

namespace {

// 20 LIF neurons without synapses; patterns over them; the cue stimulus drives the first half of pattern k with a
// current, a second stimulus ("completion") the whole pattern when `complete`. Neurons driven alike from the same
// initial state fire identical trains, so the recall scores are exact.
std::string recall_file(bool complete) {
  std::string f = R"([experiment]
dt = "0.1 ms"

[[population]]
name = "ctx"
size = 20
model = "lif"

[[patterns]]
name = "mem"
population = "ctx"
neurons = [[0, 1, 2, 3, 4, 5], [10, 11, 12, 13, 14, 15]]

[[monitor]]
type = "spikes"
population = "ctx"

[[phase]]
name = "rest"
duration = "50 ms"

[[phase]]
name = "test"
duration = "400 ms"

  [[phase.stimulus]]
  population = "ctx"
  current = "1 nA"
  patterns = "mem"
  pattern = "cycle"
  fraction = 0.5
  on = "100 ms"
  off = "100 ms"
)";
  if (complete)
    f += R"(
  [[phase.stimulus]]
  population = "ctx"
  current = "1 nA"
  patterns = "mem"
  pattern = "cycle"
  on = "100 ms"
  off = "100 ms"
)";
  f += R"(
[[analysis]]
type = "recall"
patterns = "mem"
column = "sleep"
values = [3]
)";
  return f;
}

}  // namespace

TEST(pattern_stimulus, drives_exactly_the_cued_neurons_during_presentations) {
  const run_results r = run_experiment(parse_experiment(recall_file(false), "recall.toml"));
  const spike_record& s = r.spikes.at(0);
  std::vector<int> count(20, 0);
  for (std::uint32_t i : s.senders) ++count.at(i);
  EXPECT_GT(count[0], 5);  // 1 nA for 100 ms: a regular train
  for (std::uint32_t i : {1u, 2u, 10u, 11u, 12u}) EXPECT_EQ(count[i], count[0]) << i;
  EXPECT_EQ(s.times.size(), 6u * static_cast<std::size_t>(count[0]));  // nobody else fires
  for (std::size_t k = 0; k < s.times.size(); ++k) {
    const double t = s.times[k];
    const std::uint32_t i = s.senders[k];
    if (t < 150.0 - 1e-9) {  // first presentation: pattern 0 in [50, 150) ms, cue = neurons 0, 1, 2
      EXPECT_GE(t, 50.0 - 1e-9);
      EXPECT_LT(i, 3u);
    } else {  // second: pattern 1 in [250, 350) ms, cue = 10, 11, 12
      EXPECT_GE(t, 250.0 - 1e-9);
      EXPECT_LT(t, 350.0);
      EXPECT_TRUE(i >= 10 && i < 13) << i;
    }
  }
  // The cue alone completes nothing: the uncued neurons are silent, overlap 0.
  const table& t = r.tables.at("recall");
  EXPECT_EQ(t.columns.at(0), "sleep");
  EXPECT_DOUBLE_EQ(t.data.at(0).at(0), 3.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("recall.recall.test"), 0.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("hit.recall.test"), 0.0);
  EXPECT_EQ(r.tables.at("recall_presentations").data.at(0).size(), 2u);
}

TEST(recall_analysis, scores_an_exactly_completed_pattern_as_one) {
  const run_results r = run_experiment(parse_experiment(recall_file(true), "recall.toml"));
  EXPECT_DOUBLE_EQ(r.metrics.at("recall.recall.test"), 1.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("hit.recall.test"), 1.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("false_alarm.recall.test"), 0.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("false_recall.recall.test"), 0.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("recall.recall"), 1.0);
  const table& p = r.tables.at("recall_presentations");
  EXPECT_DOUBLE_EQ(p.data.at(0).at(1), 0.25);  // onset of the second presentation [s]
  EXPECT_DOUBLE_EQ(p.data.at(2).at(1), 1.0);   // pattern 1
  EXPECT_DOUBLE_EQ(p.data.at(3).at(1), 3.0);   // 3 cued neurons
}

TEST(recall_analysis, threshold_counts_the_recalled_patterns) {
  // Completed (overlap 1): both patterns are recalled at any threshold <= 1; cue only (overlap 0): none above 0.5,
  // both at 0 (>=).
  for (const bool complete : {true, false})
    for (const double threshold : {0.0, 0.5, 1.0}) {
      const std::string f = recall_file(complete) + "threshold = " + std::to_string(threshold) + "\n";
      const run_results r = run_experiment(parse_experiment(f, "recall.toml"));
      const table& t = r.tables.at("recall");
      ASSERT_EQ(t.columns.back(), "recalled");
      const double expected = complete || threshold <= 0.0 ? 2.0 : 0.0;
      EXPECT_DOUBLE_EQ(t.data.back().at(0), expected) << complete << " " << threshold;
      EXPECT_DOUBLE_EQ(r.metrics.at("recalled.recall.test"), expected);
    }
  const run_results plain = run_experiment(parse_experiment(recall_file(true), "recall.toml"));
  EXPECT_EQ(plain.tables.at("recall").columns.back(), "presentations");  // no threshold, no column
  EXPECT_EQ(plain.metrics.count("recalled.recall.test"), 0u);
}

TEST(recall_analysis, a_strict_criterion_counts_the_patterns_completed_wholly_with_few_others_active) {
  // Completed alone (hit 1, false alarm 0): both patterns; cue only (hit 0): none; completed but with every other
  // neuron driven too (false alarm 1): counted without a false-alarm limit, not with one.
  const std::string everyone = "  [[phase.stimulus]]\n  population = \"ctx\"\n  current = \"1 nA\"\n\n[[analysis]]";
  const auto strict_count = [](std::string f, const std::string& keys) {
    f += keys;
    const run_results r = run_experiment(parse_experiment(f, "recall.toml"));
    const table& t = r.tables.at("recall");
    EXPECT_EQ(t.columns.back(), "recalled_strict");
    EXPECT_EQ(r.metrics.at("recalled_strict.recall.test"), t.data.back().at(0));
    return t.data.back().at(0);
  };
  std::string crowded = recall_file(true);
  crowded.replace(crowded.find("[[analysis]]"), 12, everyone);
  EXPECT_EQ(strict_count(recall_file(true), "strict_hit = 0.9\nstrict_false_alarm = 0.1\n"), 2.0);
  EXPECT_EQ(strict_count(recall_file(false), "strict_hit = 0.9\nstrict_false_alarm = 0.1\n"), 0.0);
  EXPECT_EQ(strict_count(crowded, "strict_hit = 0.9\n"), 2.0);
  EXPECT_EQ(strict_count(crowded, "strict_hit = 0.9\nstrict_false_alarm = 0.1\n"), 0.0);
  EXPECT_EQ(strict_count(recall_file(true), "threshold = 0.5\nstrict_hit = 1\n"), 2.0);  // both columns
  EXPECT_THROW(parse_experiment(recall_file(true) + "strict_false_alarm = 0.1\n", "recall.toml"), error);
  EXPECT_THROW(parse_experiment(recall_file(true) + "strict_hit = 1.5\n", "recall.toml"), error);
  EXPECT_THROW(parse_experiment(recall_file(true) + "strict_hit = 0.9\nstrict_false_alarm = 0\n", "recall.toml"), error);
}

TEST(result_tables, a_table_column_can_be_a_column_of_an_analysis_table) {
  // [[table]] columns "table.<table>.<column>": copies of the recall table's columns, in its row order.
  const std::string f = recall_file(true) + R"(
[[table]]
name = "summary"
  [[table.column]]
  name = "sleep"
  series = "table.recall.sleep"
  [[table.column]]
  name = "quality"
  series = "table.recall.recall"
  [[table.column]]
  name = "cues"
  series = "table.recall_presentations.pattern"
)";
  EXPECT_THROW(run_experiment(parse_experiment(f, "recall.toml")), error);  // 1 row vs 2 rows
  const std::string g = f.substr(0, f.find("  [[table.column]]\n  name = \"cues\""));
  const run_results r = run_experiment(parse_experiment(g, "recall.toml"));
  const table& t = r.tables.at("summary");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"sleep", "quality"}));
  EXPECT_EQ(t.data.at(0), r.tables.at("recall").data.at(0));
  EXPECT_EQ(t.data.at(1), (std::vector<double>{1.0}));
  using config_test::expect_error;
  using config_test::with;
  expect_error(with(g, "series = \"table.recall.recall\"", "series = \"table.recall\""), "series = \"table.recall\"",
               "table.summary.column.quality.series", {"expected \"table.<table>.<column>\""});
  const std::string missing = with(g, "series = \"table.recall.recall\"", "series = \"table.recall.quality\"");
  try {
    run_experiment(parse_experiment(missing, "recall.toml"));
    ADD_FAILURE() << "a missing table column must be an error";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("series 'table.recall.quality' is not a recorded series or result table column"),
              std::string::npos) << e.what();
  }
}

TEST(recall_analysis, a_cue_given_twice_at_once_is_scored_once) {
  std::string f = recall_file(false);
  const std::string cue = f.substr(f.find("  [[phase.stimulus]]"), f.find("\n[[analysis]]") - f.find("  [[phase.stimulus]]"));
  f.insert(f.find("\n[[analysis]]"), "\n" + cue);  // the same cue stimulus twice
  const run_results r = run_experiment(parse_experiment(f, "recall.toml"));
  EXPECT_EQ(r.tables.at("recall_presentations").data.at(0).size(), 2u);
  EXPECT_DOUBLE_EQ(r.tables.at("recall").data.at(6).at(0), 2.0);  // presentations column
}

TEST(patterns_config, errors_name_file_line_and_key) {
  using config_test::expect_error;
  using config_test::with;
  const std::string f = recall_file(false);
  expect_error(with(f, "neurons = [[0, 1, 2, 3, 4, 5], [10, 11, 12, 13, 14, 15]]", "neurons = [[0, 1, 22]]"),
               "neurons = [[0, 1, 22]]", "patterns.mem.neurons", {"neuron 22 is out of range"});
  expect_error(with(f, "fraction = 0.5", "fraction = 1.5"), "fraction = 1.5", "phase.test.stimulus[0].fraction",
               {"fraction must be in (0, 1]"});
  expect_error(with(f, "patterns = \"mem\"\n  pattern = \"cycle\"", "patterns = \"mme\"\n  pattern = \"cycle\""), "patterns = \"mme\"",
               "phase.test.stimulus[0].patterns", {"'mme' is not a [[patterns]] set", "did you mean 'mem'"});
  expect_error(with(f, "pattern = \"cycle\"", "pattern = 2"), "pattern = 2", "phase.test.stimulus[0].pattern",
               {"pattern 2 is out of range"});
  expect_error(with(f, "type = \"spikes\"", "type = \"rate\""), "[[analysis]]", "analysis[0].population",
               {"add a [[monitor]] with type = \"spikes\""});
  expect_error(with(f, "values = [3]", "values = [3, 4]"), "values = [3, 4]", "analysis[0].values", {"one value per scored phase"});
  expect_error(with(f, "values = [3]", "values = [3]\nthreshold = 2"), "threshold = 2", "analysis[0].threshold",
               {"threshold must be in [-1, 1]"});
  expect_error(with(f, "pattern = \"cycle\"", "pattern = \"cycle\"\n  range = [1, 3]"), "range = [1, 3]",
               "phase.test.stimulus[0].range", {"range [1, 3] is out of range", "has 2 patterns"});
  expect_error(with(f, "pattern = \"cycle\"", "pattern = \"cycle\"\n  range = [1, 1]"), "range = [1, 1]",
               "phase.test.stimulus[0].range", {"first < end"});
  expect_error(with(f, "pattern = \"cycle\"", "pattern = 1\n  range = [0, 1]"), "range = [0, 1]",
               "phase.test.stimulus[0].range", {"range applies to pattern = \"cycle\" or \"random\""});
}
