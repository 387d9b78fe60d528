// Hardened input: what `plastix check` rejects before a run, each with file, line and key — numbers that are not
// finite, durations and dt that would simulate nothing or forever, sweep values, names that become paths, recordings
// and delays beyond memory, nesting beyond reason.
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "plastix/core/clock.hpp"
#include "plastix/core/names.hpp"
#include "plastix/core/random.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/spec/resources.hpp"
#include "plastix/synapse/connectors.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using config_test::base_file;
using config_test::expect_error;
using config_test::with;

namespace {

// What `plastix check` does: read the file (with overrides), then check every sweep value.
void check_text(const std::string& text, const std::string& file, const std::vector<std::string>& sets) {
  const experiment_spec spec = parse_experiment(text, file, sets);
  check_sweep(spec, [&](const std::vector<std::string>& extra) {
    std::vector<std::string> all = sets;
    all.insert(all.end(), extra.begin(), extra.end());
    return parse_experiment(text, file, all);
  });
}

// The error of checking `text` (fails the test when there is none).
error check_error(const std::string& text, const std::vector<std::string>& sets = {}) {
  try {
    check_text(text, "bad.toml", sets);
  } catch (const error& e) {
    return e;
  }
  ADD_FAILURE() << "no error was thrown";
  return error("none");
}

// ---- every number of every experiment, set to inf, -inf and nan ----

// A number of an experiment file: the --set key that reaches it, the line of its value, and the TOML text of the
// value with that number replaced by `bad` (for a string with a unit, "<bad> <unit>"; in an array, its last number).
struct number_site {
  std::string key;  // for --set: "population[1].tau_m", "sweep.axis[0].values"
  int line = 0;
  std::function<std::string(const std::string& bad)> value;
};

// Whether `s` is a number with or without a unit ("20 ms", "-65 mV", "0.5"), not a name like "200 E".
bool is_quantity(const std::string& s) {
  static const std::vector<std::string> units{"",   "ms", "s",   "us", "µs", "min", "h",  "day", "days", "mV", "V",
                                              "uV", "µV", "nS",  "pS", "uS", "µS",  "mS", "pA",  "nA",   "uA", "µA",
                                              "pF", "nF", "uF",  "µF", "Hz", "kHz", "uM", "µM",  "nM",   "mM"};
  if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '+' || s[0] == '.'))
    return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  std::string unit(end);
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  return end != s.c_str() && std::find(units.begin(), units.end(), unit) != units.end();
}

// `s` ("20 ms") with its number replaced by `bad` ("inf ms").
std::string with_number(const std::string& s, const std::string& bad) {
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return bad + std::string(end);
}

double bad_number(const std::string& bad) {
  return bad == "nan" ? std::nan("") : bad == "-inf" ? -HUGE_VAL : HUGE_VAL;
}

// The array with its last number (depth first) replaced by `bad`; false when it holds none.
bool replace_last_number(toml::array& a, const std::string& bad) {
  for (std::size_t i = a.size(); i-- > 0;) {
    toml::node& e = *a.get(i);
    if (toml::array* inner = e.as_array()) {
      if (replace_last_number(*inner, bad)) return true;
    } else if (e.is_number()) {
      a.replace(a.cbegin() + static_cast<std::ptrdiff_t>(i), bad_number(bad));
      return true;
    } else if (const auto s = e.value_exact<std::string>(); s && is_quantity(*s)) {
      a.replace(a.cbegin() + static_cast<std::ptrdiff_t>(i), with_number(*s, bad));
      return true;
    }
  }
  return false;
}

// Inline TOML text of a number, string or array (the --set value).
std::string inline_toml(const toml::node& node) {
  if (const toml::array* a = node.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < a->size(); ++i) out += (i ? ", " : "") + inline_toml(*a->get(i));
    return out + "]";
  }
  std::ostringstream os;
  os.precision(17);
  if (const auto s = node.value_exact<std::string>()) {
    os << toml::value<std::string>(*s);  // quoted and escaped
  } else if (const auto i = node.value_exact<std::int64_t>()) {
    os << *i;
  } else if (const auto d = node.value_exact<double>()) {
    os << (std::isnan(*d) ? "nan" : std::isinf(*d) ? (*d < 0 ? "-inf" : "inf") : std::to_string(*d));
  } else if (const auto b = node.value_exact<bool>()) {
    os << (*b ? "true" : "false");
  } else {
    ADD_FAILURE() << "no inline TOML for this node";
  }
  return os.str();
}

// The TOML text of `node` with its last number replaced by `bad` ("[1, 2, inf]", "\"nan ms\""); nullopt when it holds
// no number.
std::optional<std::string> value_with(const toml::node& node, const std::string& bad) {
  if (const toml::array* a = node.as_array()) {
    toml::array copy = *a;
    if (!replace_last_number(copy, bad)) return std::nullopt;
    return inline_toml(copy);
  }
  if (node.is_number()) return bad;
  if (const auto s = node.value_exact<std::string>(); s && is_quantity(*s))
    return inline_toml(toml::value<std::string>(with_number(*s, bad)));
  return std::nullopt;
}

void collect_numbers(const toml::table& table, const std::string& path, std::vector<number_site>& out) {
  for (auto&& [k, v] : table) {
    // A key with dots (a [[phase]] set's "population.exc.tau_m") is quoted in the --set path.
    const std::string part = k.str().find('.') == std::string_view::npos ? std::string(k.str())
                                                                          : "\"" + std::string(k.str()) + "\"";
    const std::string key = path.empty() ? part : path + "." + part;
    if (const toml::table* t = v.as_table()) {
      collect_numbers(*t, key, out);
      continue;
    }
    if (const toml::array* a = v.as_array(); a && !a->empty() && a->front().is_table()) {
      for (std::size_t i = 0; i < a->size(); ++i)
        if (const toml::table* t = a->get(i)->as_table()) collect_numbers(*t, key + "[" + std::to_string(i) + "]", out);
      continue;
    }
    if (!value_with(v, "inf")) continue;
    const toml::node* node = &v;
    out.push_back({key, static_cast<int>(v.source().begin.line),
                   [node](const std::string& bad) { return *value_with(*node, bad); }});
  }
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(input_limits, every_number_of_every_experiment_set_to_inf_or_nan_is_rejected_naming_its_key) {
  const std::filesystem::path dir = std::filesystem::path(PLASTIX_SOURCE_DIR) / "experiments";
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    const std::string file = entry.path().string();
    const std::string text = read_text(entry.path());
    const toml::table root = toml::parse(text, file);
    std::vector<number_site> sites;
    collect_numbers(root, "", sites);
    ASSERT_FALSE(sites.empty()) << file;
    for (const number_site& site : sites) {
      std::string leaf = site.key.substr(site.key.find_last_of('.') + 1);
      if (!leaf.empty() && leaf.back() == '"') leaf.pop_back();  // the end of a quoted part
      for (const std::string bad : {"inf", "-inf", "nan"}) {
        const std::string set = site.key + "=" + site.value(bad);
        SCOPED_TRACE(file + ": --set " + set);
        try {
          check_text(text, file, {set});
          ADD_FAILURE() << "accepted";
        } catch (const error& e) {
          const std::string message = e.what();
          EXPECT_EQ(e.where().file, file) << message;
          EXPECT_EQ(e.where().line, site.line) << message;
          const std::string& key = e.where().key;
          const bool ends = key.size() >= leaf.size() && key.compare(key.size() - leaf.size(), leaf.size(), leaf) == 0;
          EXPECT_TRUE(ends || key.find("." + leaf + "[") != std::string::npos)  // an element: "neurons[1]"
              << "expected the key to end in '" << leaf << "': " << message;
          // A value inside a [[phase]] set table is read again when the change is read (spec/param_changes), where
          // its message names the set key's line and key but not the --set that made it (left to do).
          if (site.key.find(".set.\"") == std::string::npos)
            EXPECT_NE(message.find("--set " + set), std::string::npos) << message;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000u);
}

// ---- non-finite numbers, one by one ----

TEST(input_limits, an_infinite_or_nan_parameter_is_rejected_where_it_is_written) {
  expect_error(with(base_file, "t_ref = \"2 ms\"", "t_ref = \"inf ms\""), "t_ref", "population.exc.t_ref",
               {"expected a finite value", "\"inf ms\""});
  expect_error(with(base_file, "t_ref = \"2 ms\"", "t_ref = \"nan ms\""), "t_ref", "population.exc.t_ref",
               {"expected a finite value"});
  expect_error(with(base_file, "rate = \"5 Hz\"", "rate = \"-inf Hz\""), "rate = \"-inf", "population.inp.rate",
               {"expected a finite value"});
}

TEST(input_limits, a_plain_inf_or_nan_number_is_rejected) {
  const std::string stdp = with(base_file, "weight = \"1 nS\"",
                                "weight = \"1 nS\"\n  [[projection.plasticity]]\n  rule = \"stdp\"\n  a_minus = inf");
  expect_error(stdp, "a_minus", "projection.ee.plasticity.stdp.a_minus", {"expected a finite value", "inf"});
  const std::string nan = with(base_file, "weight = \"1 nS\"",
                               "weight = \"1 nS\"\n  [[projection.plasticity]]\n  rule = \"stdp\"\n  a_minus = nan");
  expect_error(nan, "a_minus", "projection.ee.plasticity.stdp.a_minus", {"expected a finite value", "nan"});
}

TEST(input_limits, a_number_that_overflows_in_its_unit_is_rejected) {
  expect_error(with(base_file, "t_ref = \"2 ms\"", "t_ref = \"1e308 s\""), "t_ref", "population.exc.t_ref",
               {"expected a finite value", "\"1e308 s\""});
}

TEST(input_limits, an_infinite_value_in_a_distribution_is_rejected) {
  expect_error(with(base_file, "weight = \"1 nS\"", "weight = { uniform = [\"0 nS\", \"inf nS\"] }"), "weight",
               "projection.ee.weight.uniform", {"expected a finite value"});
  expect_error(with(base_file, "weight = \"1 nS\"", "weight = { normal = [\"1 nS\", \"0.1 nS\"], max = \"nan nS\" }"),
               "weight", "projection.ee.weight.max", {"expected a finite value"});
}

TEST(input_limits, an_infinite_value_set_on_the_command_line_is_rejected_at_the_value_it_replaces) {
  expect_error(base_file, "t_ref", "population.exc.t_ref", {"expected a finite value", "--set population.exc.t_ref=inf ms"},
               {"population.exc.t_ref=inf ms"});
  expect_error(base_file, "size = 10", "population.exc.size", {"whole number", "--set population.exc.size=inf"},
               {"population.exc.size=inf"});
}

TEST(input_limits, an_infinite_value_in_a_list_is_rejected) {
  const std::string text = with(base_file, "rate = \"5 Hz\"", "rate = \"5 Hz\"\nprofile = [[\"0 ms\", \"5 Hz\"], [\"50 ms\", \"inf Hz\"]]");
  const error e = check_error(text);
  EXPECT_EQ(e.where().line, config_test::line_of(text, "profile")) << e.what();
  EXPECT_NE(std::string(e.what()).find("finite"), std::string::npos) << e.what();
}

// ---- durations and dt ----

TEST(input_limits, a_duration_of_1e300_ms_is_refused_as_too_many_steps) {
  expect_error(with(base_file, "duration = \"100 ms\"", "duration = \"1e300 ms\""), "duration", "experiment.duration",
               {"steps", "more than the limit"});
}

TEST(input_limits, a_dt_of_1e_minus_300_ms_is_refused_as_too_many_steps) {
  expect_error(with(base_file, "duration = \"100 ms\"", "duration = \"100 ms\"\ndt = \"1e-300 ms\""), "duration",
               "experiment.duration", {"more than the limit"});
}

TEST(input_limits, a_dt_larger_than_the_run_is_refused_as_simulating_no_step) {
  expect_error(with(base_file, "duration = \"100 ms\"", "duration = \"100 ms\"\ndt = \"1e300 ms\""), "duration",
               "experiment.duration", {"no step"});
  expect_error(with(base_file, "duration = \"100 ms\"", "duration = \"1e-9 ms\""), "duration", "experiment.duration",
               {"no step"});
}

TEST(input_limits, a_duration_that_is_not_a_whole_number_of_steps_says_what_it_would_run) {
  expect_error(with(base_file, "duration = \"100 ms\"", "duration = \"100.05 ms\""), "duration", "experiment.duration",
               {"not a whole number of steps", "1000.5 steps", "would run 1000", "multiple of dt"});
  expect_error(with(base_file, "duration = \"100 ms\"", "duration = \"100 ms\"\ndt = \"0.7 ms\""), "duration",
               "experiment.duration", {"not a whole number of steps"});
}

TEST(input_limits, a_phase_duration_is_checked_at_its_phase) {
  const std::string text = with(base_file, "[experiment]\nduration = \"100 ms\"",
                                "[[phase]]\nname = \"a\"\nduration = \"10 ms\"\n[[phase]]\nname = \"b\"\nduration = \"0.01 ms\"");
  expect_error(text, "duration = \"0.01 ms\"", "phase.b.duration", {"no step"});
}

// ---- sweeps ----

const std::string sweep_file = base_file + R"(
[[monitor]]
type = "spikes"
population = "exc"

[[metric]]
name = "count"
series = "rate.r"

[[monitor]]
type = "rate"
population = "exc"
name = "r"

[sweep]
table = "s"
  [[sweep.axis]]
  key = "population.exc.t_ref"
  column = "t_ref"
  unit = "ms"
  values = ["1 ms", "2 ms", "3 ms", "4 ms", "5 ms", "6 ms", "VALUE", "8 ms"]
  [[sweep.measure]]
  column = "n"
  metric = "count"
)";

TEST(input_limits, a_bad_seventh_sweep_value_of_eight_is_found_by_check) {
  // A valid quantity, but not a valid t_ref: found only by loading that point.
  const error e = check_error(with(sweep_file, "VALUE", "-7 ms"));
  const std::string message = e.what();
  EXPECT_EQ(e.where().file, "bad.toml");
  EXPECT_EQ(e.where().key, "population.exc.t_ref") << message;
  EXPECT_EQ(e.where().line, config_test::line_of(sweep_file, "t_ref = \"2 ms\"")) << message;
  EXPECT_NE(message.find("value 7 of 8, '-7 ms', of the sweep axis 't_ref'"), std::string::npos) << message;
}

TEST(input_limits, a_sweep_value_that_is_not_finite_is_rejected_at_the_axis) {
  const std::string text = with(sweep_file, "VALUE", "inf ms");
  expect_error(text, "values = [", "sweep.axis[0].values", {"expected a finite value"});
}

TEST(input_limits, a_sweep_range_with_inf_nan_or_a_huge_bound_is_rejected_without_overflow) {
  const std::string range = with(sweep_file, "values = [\"1 ms\", \"2 ms\", \"3 ms\", \"4 ms\", \"5 ms\", \"6 ms\", \"VALUE\", \"8 ms\"]",
                                 "range = [\"1 ms\", \"TO\", \"1 ms\"]");
  expect_error(with(range, "TO", "inf ms"), "range = [", "sweep.axis[0].range", {"expected a finite value"});
  expect_error(with(range, "TO", "nan ms"), "range = [", "sweep.axis[0].range", {"expected a finite value"});
  expect_error(with(range, "TO", "1e300 ms"), "range = [", "sweep.axis[0].range", {"1e+300 points", "more than 100000"});
}

// ---- names ----

TEST(input_limits, a_slash_in_a_population_name_is_rejected_at_read_time) {
  expect_error(with(base_file, "name = \"exc\"", "name = \"e/xc\""), "name = \"e/xc\"", "population[1].name",
               {"'e/xc' is not a valid name", "contains '/'"});
}

TEST(input_limits, names_of_every_kind_follow_one_rule) {
  expect_error(with(base_file, "name = \"ee\"", "name = \"e e\""), "name = \"e e\"", "projection[0].name",
               {"contains a space"});
  expect_error(with(base_file, "name = \"ampa\"", "name = \".ampa\""), "name = \".ampa\"",
               "population.exc.receptor[0].name", {"starts with '.'"});
  expect_error(with(base_file, "name = \"ee\"", "name = \"e\\u001b[31me\""), "name = \"e\\u001b", "projection[0].name",
               {"control character 0x1b", "'e\\x1b[31me'"});
  expect_error(base_file + "[[monitor]]\ntype = \"spikes\"\npopulation = \"exc\"\nname = \"../x\"\n", "name = \"../x\"",
               "monitor[0].name", {"not a valid name"});
  EXPECT_EQ(name_problem("exc_1.a-b"), "");
  EXPECT_NE(name_problem(""), "");
  EXPECT_NE(name_problem("a..b"), "");
  EXPECT_NE(name_problem(std::string(max_name_length + 1, 'a')), "");
  EXPECT_EQ(label_problem("weak B, strong A 2 h later"), "");
  EXPECT_NE(label_problem("two\nlines"), "");
}

// ---- metric windows ----

TEST(input_limits, a_metric_window_beyond_the_end_of_the_run_is_rejected) {
  const std::string text = base_file + R"(
[[monitor]]
type = "rate"
population = "exc"
name = "r"

[[metric]]
name = "late"
series = "rate.r"
from = "FROM"
to = "TO"
)";
  expect_error(with(with(text, "FROM", "150 ms"), "TO", "200 ms"), "from = ", "metric.late.from",
               {"at or after the end of the run (100 ms)"});
  expect_error(with(with(text, "FROM", "50 ms"), "TO", "200 ms"), "to = ", "metric.late.to",
               {"after the end of the run (100 ms)"});
  EXPECT_NO_THROW(parse_experiment(with(with(text, "FROM", "50 ms"), "TO", "100 ms"), "ok.toml"));
}

// ---- memory of recordings, delays and connectors ----

TEST(input_limits, a_recording_beyond_memory_is_refused_at_its_monitor) {
  const std::string text = with(base_file, "size = 10", "size = 1000000") +
                           "[[monitor]]\ntype = \"state\"\npopulation = \"exc\"\nvariable = \"v\"\n";
  const std::string long_run = with(text, "duration = \"100 ms\"", "duration = \"1000 s\"");
  // The monitor gives no interval (every step): the error is at its table.
  expect_error(long_run, "[[monitor]]", "monitor.exc_v.interval", {"state monitor 'exc_v'", "80 TB", "of memory"});
}

TEST(input_limits, estimate_output_bytes_counts_the_samples_of_a_state_monitor) {
  const std::string text = base_file + "[[monitor]]\ntype = \"state\"\npopulation = \"exc\"\nvariable = \"v\"\n";
  const experiment_spec spec = parse_experiment(text, "ok.toml");
  // 100 ms at dt = 0.1 ms: 1001 samples of a time and 10 values.
  EXPECT_DOUBLE_EQ(monitor_bytes(spec, spec.monitors[0]), 1001.0 * (8.0 + 80.0));
  EXPECT_EQ(estimate_output_bytes(spec), static_cast<std::uint64_t>(1001.0 * 88.0 + text.size() + 64.0 * 1024.0));
}

TEST(input_limits, a_delay_of_300000_s_is_refused_before_it_overflows_the_step_count) {
  expect_error(with(base_file, "weight = \"1 nS\"", "weight = \"1 nS\"\ndelay = \"300000 s\""), "delay",
               "projection.ee.delay", {"steps", "more than the 2147483647 steps a delay can span"});
}

TEST(input_limits, a_connection_probability_of_1e_minus_300_connects_nothing_without_overflow) {
  const experiment_spec spec = parse_experiment(
      with(with(base_file, "weight = \"1 nS\"", "weight = \"1 nS\"\nconnector = \"fixed_probability\"\np = 1e-300"),
           "size = 10", "size = 1000"),
      "ok.toml");
  const projection_spec& p = spec.network.projections.at(0);
  connect_context ctx{5, 1000, false, 0, 1, 0.1};
  EXPECT_EQ(connect(p, ctx).size(), 0u);
}

TEST(input_limits, a_connector_beyond_memory_is_refused_at_its_key) {
  // all_to_all between 10^5 and 10^6 neurons: 10^11 synapses. 20 B each, construction included: 4 B post index,
  // 8 B weight, 8 B transposed index (rows of 10^6 synapses do not fit beside 17 pre bits in 32: the fallback).
  const std::string text = with(with(base_file, "size = 10", "size = 1000000"), "size = 5", "size = 100000");
  expect_error(text, "[[projection]]", "projection.ee.connector", {"1e+11 synapses", "2 TB", "of memory"});
  const std::string p = with(text, "weight = \"1 nS\"", "weight = \"1 nS\"\nconnector = \"fixed_probability\"\np = 0.5");
  expect_error(p, "p = 0.5", "projection.ee.p", {"5e+10 synapses", "1 TB", "of memory"});
}

// ---- nesting ----

TEST(input_limits, keys_nested_30000_levels_deep_give_an_error_not_a_crash) {
  std::string key = "a";
  for (int i = 1; i < 30000; ++i) key += ".a";
  const std::string text = base_file + key + " = 1\n";
  const error e = check_error(text);
  EXPECT_EQ(e.where().file, "bad.toml");
  EXPECT_EQ(e.where().line, config_test::line_of(text, "a.a.a"));
  EXPECT_NE(std::string(e.what()).find("64 levels"), std::string::npos) << e.what();
}

TEST(input_limits, a_table_header_and_a_key_that_together_nest_too_deep_are_rejected_before_parsing) {
  std::string part = "a";
  for (int i = 1; i < 40; ++i) part += ".a";
  const std::string text = base_file + "[" + part + "]\n" + part + " = 1\n";
  const error e = check_error(text);
  EXPECT_EQ(e.where().file, "bad.toml");
  EXPECT_EQ(e.where().line, static_cast<int>(std::count(text.begin(), text.end(), '\n')));  // the key's line
  EXPECT_NE(std::string(e.what()).find("64 levels"), std::string::npos) << e.what();
}

TEST(input_limits, inline_tables_whose_keys_add_up_too_deep_are_rejected_before_parsing) {
  std::string value = "1";
  for (int i = 0; i < 200; ++i) value = "{ a.a.a.a.a.a.a.a.a.a = " + value + " }";
  const error e = check_error("x = " + value + "\n" + base_file);
  EXPECT_EQ(e.where().line, 1);
  EXPECT_NE(std::string(e.what()).find("64 levels"), std::string::npos) << e.what();
}

TEST(input_limits, a_set_key_and_value_that_together_nest_too_deep_are_rejected_after_parsing) {
  std::string key = "experiment";
  for (int i = 1; i < 60; ++i) key += ".a";
  const error e = check_error(base_file, {key + "={ b = { c = { d = { e = { f = { g = { h = 1 } } } } } } }"});
  EXPECT_NE(std::string(e.what()).find("nested more than 64 levels"), std::string::npos) << e.what();
  std::string longer = "experiment";
  for (int i = 1; i < 30000; ++i) longer += ".a";
  const error too_long = check_error(base_file, {longer + "=1"});
  EXPECT_NE(std::string(too_long.what()).find("more than 64 parts"), std::string::npos) << too_long.what();
}

TEST(input_limits, a_deep_key_in_a_set_value_is_not_given_to_the_toml_parser) {
  std::string key = "a";
  for (int i = 1; i < 30000; ++i) key += ".a";
  EXPECT_THROW(parse_experiment(base_file, "bad.toml", {"population.exc.t_ref={" + key + " = 1}"}), error);
}

TEST(input_limits, nesting_of_64_levels_reaches_the_ordinary_unknown_key_error) {
  std::string key = "a";
  for (int i = 1; i < 64; ++i) key += ".a";
  const error e = check_error(key + " = 1\n" + base_file);  // 64 levels at the top of the file
  EXPECT_NE(std::string(e.what()).find("unknown key 'a'"), std::string::npos) << e.what();
}

// ---- smaller ----

TEST(input_limits, an_empty_patterns_name_is_rejected_instead_of_ignoring_pattern) {
  const std::string text = with(base_file, "[[projection]]",
                                "[[phase]]\nname = \"a\"\nduration = \"10 ms\"\n  [[phase.stimulus]]\n  population = \"inp\"\n"
                                "  rate = \"5 Hz\"\n  patterns = \"\"\n  pattern = 1\n\n[[projection]]");
  expect_error(with(text, "[experiment]\nduration = \"100 ms\"", ""), "patterns = \"\"", "phase.a.stimulus[0].patterns",
               {"expected the name of a [[patterns]] set"});
}

TEST(input_limits, projections_whose_names_collide_in_the_24_bit_hash_get_distinct_random_streams) {
  std::map<std::uint32_t, std::string> seen;
  std::vector<std::string> names;
  for (int i = 0; names.empty(); ++i) {
    const std::string name = "p" + std::to_string(i);
    const auto [it, fresh] = seen.emplace(stream_object(name), name);
    if (!fresh) names = {it->second, name};
  }
  ASSERT_EQ(stream_object(names[0]), stream_object(names[1]));
  const std::vector<std::uint32_t> objects = stream_objects(names);
  EXPECT_EQ(objects[0], stream_object(names[0]));  // the first keeps its streams (and existing results)
  EXPECT_NE(objects[1], objects[0]);
  EXPECT_LT(objects[1], 1u << 24);
}

TEST(input_limits, a_presentation_shorter_than_one_step_is_rejected) {
  const std::string text = with(base_file, "[[projection]]",
                                "[[patterns]]\nname = \"ps\"\npopulation = \"inp\"\ncount = 2\nsize = 2\n\n"
                                "[[phase]]\nname = \"a\"\nduration = \"10 ms\"\n  [[phase.stimulus]]\n  population = \"inp\"\n"
                                "  rate = \"5 Hz\"\n  patterns = \"ps\"\n  pattern = \"cycle\"\n  on = \"1e-9 ms\"\n\n[[projection]]");
  expect_error(with(text, "[experiment]\nduration = \"100 ms\"", ""), "on = \"1e-9", "phase.a.stimulus[0].on",
               {"shorter than one step"});
}

TEST(input_limits, clock_steps_saturate_instead_of_overflowing) {
  const plastix::clock c{0.1, 0};
  EXPECT_EQ(c.steps(100.0), 1000);
  EXPECT_EQ(c.steps(0.05), 1);  // halves away from zero, as llround
  EXPECT_EQ(c.steps(1e300), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(c.steps(-1e300), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(c.steps(std::nan("")), 0);
}

TEST(input_limits, a_protocol_of_10_to_the_12_pairings_is_refused_before_its_spikes_are_made) {
  const std::string text = R"([experiment]
duration = "2 s"

[[population]]
name = "pre"
model = "spike_times"
size = 1

[[population]]
name = "post"
model = "spike_times"
size = 1

[[protocol]]
type = "pairing"
pre = "pre"
post = "post"
n = 1000000000000
dt = "10 ms"
)";
  expect_error(text, "n = 1", "protocol.pairing.n", {"would impose 2e+12 spikes"});
  const std::string tetanus = with(text, "type = \"pairing\"\npre = \"pre\"\npost = \"post\"\nn = 1000000000000\ndt = \"10 ms\"",
                                   "type = \"tetanus\"\npopulation = \"pre\"\nduration = \"1e300 ms\"");
  expect_error(tetanus, "duration = \"1e300", "protocol.tetanus.duration", {"would impose"});
}

TEST(input_limits, a_bpap_delay_beyond_the_steps_a_delay_can_span_is_refused) {
  const std::string file = std::string(PLASTIX_SOURCE_DIR) + "/experiments/ltp_ltd_frequency.toml";
  try {
    load_experiment(file, {"projection[0].plasticity[0].bpap_delay=1e6 s"});
    ADD_FAILURE() << "accepted";
  } catch (const error& e) {
    EXPECT_EQ(e.where().key, "projection.syn.plasticity.calcium_control.bpap_delay") << e.what();
    EXPECT_GT(e.where().line, 0) << e.what();
    EXPECT_NE(std::string(e.what()).find("steps a delay can span"), std::string::npos) << e.what();
  }
}

// ---- memory of a run shared among processes, and of a sweep's points at once ----

namespace {

// base_file with 200 000 neurons each side and k inputs per post neuron: 2·10^5 · k synapses.
experiment_spec network_with_indegree(std::size_t k) {
  experiment_spec spec = parse_experiment(
      with(with(with(base_file, "size = 5", "size = 200000"), "size = 10", "size = 200000"), "weight = \"1 nS\"",
           "weight = \"1 nS\"\nconnector = \"fixed_indegree\"\nindegree = 1"),
      "big.toml");
  spec.network.projections.at(0).connector.indegree = k;
  return spec;
}

// The indegree whose network needs about `fraction` of this machine's memory (network_memory is linear in it).
std::size_t indegree_for(double fraction) {
  const double one = network_memory(network_with_indegree(1)), two = network_memory(network_with_indegree(2));
  return static_cast<std::size_t>((fraction * machine_memory() - (2.0 * one - two)) / (two - one));
}

std::string first_problem(const experiment_spec& spec, const machine_share& share) {
  const std::vector<error> found = validation_problems(spec, share);
  return found.empty() ? "" : found.front().what();
}

}  // namespace

TEST(input_limits, the_memory_checks_compare_with_what_the_machine_has_free_not_with_its_total) {
  const double total = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  double available = 0.0;  // MemAvailable, read here on its own [bytes]
  std::ifstream meminfo("/proc/meminfo");
  for (std::string line; std::getline(meminfo, line);)
    if (line.rfind("MemAvailable:", 0) == 0) available = std::stod(line.substr(13)) * 1024.0;
  ASSERT_GT(available, 0.0) << "Debian's kernels report MemAvailable";
  const double memory = machine_memory();
  EXPECT_GT(memory, 0.0);
  EXPECT_LE(memory, total);
  EXPECT_LE(memory, available * 1.25) << "free memory moves a little between two reads, not by a quarter";
}

TEST(input_limits, processes_sharing_the_synapses_need_their_share_of_memory_on_each_machine) {
  ASSERT_GT(machine_memory(), 0.0);
  const experiment_spec big = network_with_indegree(indegree_for(1.5));  // 1.5 times this machine's memory
  const std::string alone = first_problem(big, {});
  EXPECT_NE(alone.find("more than this machine has"), std::string::npos) << alone;
  EXPECT_EQ(first_problem(big, {4, 1, 1}), "");  // 4 machines: each holds a quarter of the synapses
  EXPECT_EQ(first_problem(big, {4, 2, 1}), "");  // 2 processes on each of 2 machines: half on each machine
  const std::string crowded = first_problem(big, {4, 4, 1});  // all 4 on one machine: the whole network there
  EXPECT_NE(crowded.find("4 of the run's 4 processes on one machine, each holding about 1/4 of the synapses"),
            std::string::npos) << crowded;
}

TEST(input_limits, a_sweep_with_points_at_once_needs_a_network_for_each) {
  ASSERT_GT(machine_memory(), 0.0);
  experiment_spec spec = network_with_indegree(indegree_for(0.6));  // 0.6 times this machine's memory
  EXPECT_EQ(first_problem(spec, {}), "");
  EXPECT_EQ(first_problem(spec, {1, 1, 2}), "");  // --jobs 2 but no sweep: one network
  spec.sweep = sweep_spec{};
  spec.sweep->conditions.resize(3);
  spec.sweep->conditions[0].name = "a";
  spec.sweep->conditions[1].name = "b";
  spec.sweep->conditions[2].name = "c";
  EXPECT_EQ(first_problem(spec, {1, 1, 1}), "");  // one point at a time
  const std::string two = first_problem(spec, {1, 1, 2});
  EXPECT_NE(two.find("2 points of the sweep at once (--jobs 2)"), std::string::npos) << two;
  const std::string ranks = first_problem(spec, {2, 2, 1});  // each process computes whole points
  EXPECT_NE(ranks.find("each computing whole points of the sweep"), std::string::npos) << ranks;
}
