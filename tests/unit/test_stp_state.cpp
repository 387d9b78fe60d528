// The parts the working-memory experiment adds (experiments/working_memory.toml, docs/models/working_memory.md):
// STP whose u relaxes to u_rest (Mongillo, Barak & Tsodyks 2008) against a plain reference loop; state monitors on
// a projection (the rule's u and x per presynaptic neuron, sampled between spikes, against the closed form);
// [[metric]] over a window of a series; table columns with average / times / skip; sweeps with several keys per
// axis and a kept point; and the errors of all of these.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using config_test::expect_error;
using config_test::with;

namespace {

// ---- reference: the Mongillo et al. 2008 synapse, as the published reproduction writes it per spike
// (u relaxes to U between spikes, jumps by U(1 − u), the spike transmits u·x, then x loses u·x) ----
struct mongillo_reference {
  double U, tau_d, tau_f;  // [1], [ms], [ms]
  struct state {
    double u, x, t;  // after the last spike; t its time [ms]
  };
  std::vector<double> factors(const std::vector<double>& arrivals, std::vector<state>* after = nullptr) const {
    std::vector<double> out;
    double u = U, x = 1.0, last = -1e300;
    for (double t : arrivals) {
      const double gap = t - last;
      x = 1.0 + (x - 1.0) * std::exp(-gap / tau_d);
      u = U + (u - U) * std::exp(-gap / tau_f);
      u = u + U * (1.0 - u);
      out.push_back(u * x);
      x = x - u * x;
      last = t;
      if (after) after->push_back({u, x, t});
    }
    return out;
  }
};

// One presynaptic neuron (given spike times) onto one silent neuron through an stp synapse with the mongillo
// preset; a transmission monitor, and state monitors of u and x every `interval`.
std::string one_synapse_file(const std::vector<double>& times, double interval) {
  std::string list;
  for (double t : times) list += (list.empty() ? "\"" : ", \"") + std::to_string(t) + " ms\"";
  return R"([experiment]
duration = "3000 ms"

[[population]]
name = "pre"
size = 1
model = "spike_times"
times = [[)" + list + R"(]]

[[population]]
name = "post"
size = 1
model = "lif"
v_th = "1000 mV"

  [[population.receptor]]
  name = "e"
  kind = "current"

[[projection]]
name = "syn"
pre = "pre"
post = "post"
receptor = "e"
weight = "10 pA"
delay = "1 ms"

  [[projection.plasticity]]
  rule = "stp"
  preset = "mongillo"

[[monitor]]
type = "transmission"
projection = "syn"

[[monitor]]
type = "state"
projection = "syn"
variable = "u"
interval = ")" + std::to_string(interval) + R"( ms"

[[monitor]]
type = "state"
projection = "syn"
variable = "x"
name = "x_syn"
interval = ")" + std::to_string(interval) + R"( ms"
)";
}

}  // namespace

TEST(stp_rest, mongillo_preset_is_the_published_set) {
  const stp_params p = stp_params::preset("mongillo");
  EXPECT_EQ(p.u, 0.19);
  EXPECT_EQ(p.tau_rec, 200.0);
  EXPECT_EQ(p.tau_fac, 1500.0);
  EXPECT_EQ(p.u_rest, 0.19);
  EXPECT_EQ(stp_params{}.u_rest, 0.0);  // the Maass–Markram form by default
}

// A random train (on the step grid, with close pairs) against the reference loop; the monitors' u and x between
// spikes against the relaxation from the last spike.
TEST(stp_rest, random_train_and_monitored_state_match_the_reference) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> gap(0.2, 120.0);
  std::vector<double> times;
  for (double t = 5.0; t < 1500.0; t += gap(rng)) times.push_back(std::round(t * 10.0) / 10.0);
  const double interval = 10.0, delay = 1.0, w = 10.0;
  const run_results r = run_experiment(parse_experiment(one_synapse_file(times, interval), "t.toml"));

  const stp_params p = stp_params::preset("mongillo");
  const mongillo_reference ref{p.u, p.tau_rec, p.tau_fac};
  std::vector<double> arrivals;
  for (double t : times) arrivals.push_back(t + delay);
  std::vector<mongillo_reference::state> after;
  const std::vector<double> f = ref.factors(arrivals, &after);
  const transmission_record& tr = r.transmissions.at(0);
  ASSERT_EQ(tr.efficacy.size(), arrivals.size());
  for (std::size_t n = 0; n < f.size(); ++n) EXPECT_NEAR(tr.efficacy[n], w * f[n], 1e-12 * w) << "spike " << n;
  // Facilitation builds up over the train: later spikes use u well above U.
  EXPECT_GT(after.back().u, 2.0 * p.u);

  // Monitored state at t: from the last arrival at or before t (an arrival in step s is seen by the sample at
  // (s+1)·dt and later); before the first arrival u = U, x = 1.
  const state_record& u = r.states.at(0);
  const state_record& x = r.states.at(1);
  ASSERT_EQ(u.name, "syn_u");
  ASSERT_EQ(u.times.size(), 301u);  // 0, 10, ..., 3000 ms
  ASSERT_EQ(u.neurons, std::vector<std::uint32_t>{0});
  for (std::size_t k = 0; k < u.times.size(); ++k) {
    const double t = u.times[k];
    double u_ref = p.u, x_ref = 1.0;
    for (const auto& s : after) {
      if (s.t + 0.1 > t + 1e-9) break;
      u_ref = p.u + (s.u - p.u) * std::exp(-(t - s.t) / p.tau_fac);
      x_ref = 1.0 + (s.x - 1.0) * std::exp(-(t - s.t) / p.tau_rec);
    }
    EXPECT_NEAR(u.values[k], u_ref, 1e-9) << "t = " << t;
    EXPECT_NEAR(x.values[k], x_ref, 1e-9) << "t = " << t;
  }
  // After the train, u relaxes back to U with τF (still well above U 1 s later) and x recovers to 1.
  EXPECT_GT(u.values.back(), p.u + 0.2 * (after.back().u - p.u));
  EXPECT_NEAR(x.values.back(), 1.0, 1e-3);
}

// A state monitor on a projection whose pre neuron has several delay slots reads the latest arrival.
TEST(stp_rest, monitor_reads_the_latest_of_several_delays) {
  std::string text = one_synapse_file({10.0, 30.0}, 1.0);
  text = with(text, "delay = \"1 ms\"", "connector = \"list\"\npairs = [[0, 0], [0, 0]]\ndelays = [\"1 ms\", \"15 ms\"]");
  const run_results r = run_experiment(parse_experiment(text, "t.toml"));
  const stp_params p = stp_params::preset("mongillo");
  const mongillo_reference ref{p.u, p.tau_rec, p.tau_fac};
  // Each delay slot sees the same train shifted; the latest arrival before t decides.
  std::vector<mongillo_reference::state> a1, a15;
  ref.factors({11.0, 31.0}, &a1);
  ref.factors({25.0, 45.0}, &a15);
  const state_record& u = r.states.at(0);
  const auto at = [&](double t) { return u.values.at(static_cast<std::size_t>(std::llround(t))); };
  EXPECT_NEAR(at(20.0), p.u + (a1[0].u - p.u) * std::exp(-9.0 / p.tau_fac), 1e-9);    // after 11 ms
  EXPECT_NEAR(at(28.0), p.u + (a15[0].u - p.u) * std::exp(-3.0 / p.tau_fac), 1e-9);   // after 25 ms
  EXPECT_NEAR(at(40.0), p.u + (a1[1].u - p.u) * std::exp(-9.0 / p.tau_fac), 1e-9);    // after 31 ms
  EXPECT_NEAR(at(60.0), p.u + (a15[1].u - p.u) * std::exp(-15.0 / p.tau_fac), 1e-9);  // after 45 ms
}

TEST(stp_rest, errors_name_file_line_and_key) {
  const std::string text = one_synapse_file({10.0}, 10.0);
  expect_error(with(text, "preset = \"mongillo\"", "preset = \"mongillo\"\n  u_rest = 1.5"), "u_rest = 1.5",
               "projection.syn.plasticity.stp.u_rest", {"u_rest must be in [0, 1)"});
  expect_error(with(text, "variable = \"x\"", "variable = \"y\""), "variable = \"y\"", "monitor.x_syn.variable",
               {"no recordable state 'y'"});
  const std::string plain = with(text, "[[monitor]]\ntype = \"transmission\"", R"([[projection]]
name = "plain"
pre = "pre"
post = "post"
receptor = "e"
weight = "1 pA"

[[monitor]]
type = "state"
projection = "plain"
variable = "u"

[[monitor]]
type = "transmission")");
  expect_error(plain, "variable = \"u\"", "monitor.plain_u.variable", {"no plasticity rule with a state"});
  expect_error(with(text, "variable = \"x\"", "variable = \"x\"\npopulation = \"post\""), "projection = \"syn\"\nvariable = \"x\"",
               "monitor.x_syn.projection", {"either a population or a projection"});
}

// ---- [[metric]], table columns with average / times / skip, sweeps with keys and keep ----

namespace {

// Two regular sources onto a silent neuron; rate monitors; a state monitor of u over both pre neurons.
const std::string rates_file = R"([experiment]
duration = "1000 ms"

[[population]]
name = "a"
size = 2
model = "regular"
rate = "20 Hz"
stop = "500 ms"
phase_step = "10 ms"

[[population]]
name = "post"
size = 1
model = "lif"
v_th = "1000 mV"
i_e = "0 pA"

  [[population.receptor]]
  name = "e"
  kind = "current"

[[projection]]
name = "ap"
pre = "a"
post = "post"
receptor = "e"
weight = "1 pA"

  [[projection.plasticity]]
  rule = "stp"
  preset = "mongillo"

[[monitor]]
type = "rate"
population = "a"
bin = "100 ms"

[[monitor]]
type = "state"
projection = "ap"
variable = "u"
interval = "100 ms"

[[table]]
name = "course"
  [[table.column]]
  name = "t_ms"
  series = "rate.a"
  times = true
  [[table.column]]
  name = "rate"
  series = "rate.a"
  [[table.column]]
  name = "u_mean"
  series = "state.ap_u"
  average = true
  skip = 1
  [[table.column]]
  name = "t_end_s"
  series = "state.ap_u"
  times = true
  time_unit = "s"
  skip = 1

[[metric]]
name = "early_rate"
series = "rate.a"
to = "500 ms"

[[metric]]
name = "late_rate"
series = "rate.a"
from = "500 ms"

[[metric]]
name = "u_peak"
series = "state.ap_u"
average = true
reduce = "max"

[[metric]]
name = "onsets"
series = "rate.a"
reduce = "crossings"
threshold = 10
)";

}  // namespace

TEST(metric, windows_and_reductions_of_a_series) {
  const run_results r = run_experiment(parse_experiment(rates_file, "m.toml"));
  EXPECT_DOUBLE_EQ(r.metrics.at("early_rate"), 20.0);  // 2 spikes per neuron per 100 ms bin
  EXPECT_DOUBLE_EQ(r.metrics.at("late_rate"), 0.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("onsets"), 0.0);      // the first bin is already at 20 Hz: no crossing from below
  const state_record& u = r.states.at(0);
  ASSERT_EQ(u.neurons.size(), 2u);
  double peak = 0.0;
  for (std::size_t k = 0; k < u.times.size(); ++k) peak = std::max(peak, 0.5 * (u.values[2 * k] + u.values[2 * k + 1]));
  EXPECT_DOUBLE_EQ(r.metrics.at("u_peak"), peak);
  EXPECT_GT(peak, 0.5);  // facilitated

  const table& t = r.tables.at("course");
  ASSERT_EQ(t.data[0].size(), 10u);
  for (std::size_t k = 0; k < 10; ++k) {
    EXPECT_DOUBLE_EQ(t.data[0][k], 100.0 * static_cast<double>(k));            // bin starts
    EXPECT_DOUBLE_EQ(t.data[2][k], 0.5 * (u.values[2 * (k + 1)] + u.values[2 * (k + 1) + 1]));  // at bin ends
    EXPECT_DOUBLE_EQ(t.data[3][k], u.times[k + 1] / 1000.0);  // the sample times in seconds: the bin ends
    EXPECT_NEAR(t.data[3][k], 0.1 * static_cast<double>(k + 1), 1e-12);
  }
  // Crossings count upward passages: on, off, on again gives one crossing (the first bin starts high).
  std::string on_off = with(rates_file, "duration = \"1000 ms\"", "");
  on_off = with(on_off, "stop = \"500 ms\"\n", "");
  on_off = with(on_off, "[[table]]", R"([[phase]]
name = "on"
duration = "300 ms"

[[phase]]
name = "off"
duration = "300 ms"
  [[phase.stimulus]]
  population = "a"
  rate = "0 Hz"

[[phase]]
name = "again"
duration = "400 ms"

[[table]])");
  const run_results r2 = run_experiment(parse_experiment(on_off, "m.toml"));
  EXPECT_DOUBLE_EQ(r2.metrics.at("onsets"), 1.0);
}

TEST(metric, errors_name_file_line_and_key) {
  expect_error(with(rates_file, "series = \"rate.a\"\nto", "series = \"rate.b\"\nto"), "series = \"rate.b\"",
               "metric.early_rate.series", {"no rate monitor named 'b'"});
  expect_error(with(rates_file, "threshold = 10", "threshold = 10\nfrom = \"2 s\"\nto = \"1 s\""), "to = \"1 s\"",
               "metric.onsets.to", {"from < to"});
  expect_error(with(rates_file, "reduce = \"crossings\"\nthreshold = 10", "reduce = \"crossings\""),
               "[[metric]]\nname = \"onsets\"", "metric.onsets", {"needs threshold"});
  expect_error(with(rates_file, "reduce = \"max\"", "reduce = \"max\"\nthreshold = 3"), "threshold = 3",
               "metric.u_peak.threshold", {"only to reduce = \"crossings\""});
  expect_error(with(rates_file, "series = \"rate.a\"\nto", "series = \"rate.a\"\naverage = true\nto"),
               "average = true\nto", "metric.early_rate.average", {"applies only to state and weights series"});
  expect_error(with(rates_file, "  skip = 1", "  skip = 1\n  times = true\n  normalize = \"first\""),
               "normalize = \"first\"", "table.course.column.u_mean.normalize", {"does not apply to a column of times"});
  expect_error(with(rates_file, "  average = true\n  skip = 1", "  average = true\n  skip = 1\n  time_unit = \"s\""),
               "time_unit = \"s\"", "table.course.column.u_mean.time_unit", {"only to a column of times"});
  expect_error(with(rates_file, "time_unit = \"s\"", "time_unit = \"weeks\""), "time_unit = \"weeks\"",
               "table.course.column.t_end_s.time_unit", {"weeks"});
  // A window after the end of the run: found by check, before the run (tests/unit/test_input_limits.cpp).
  expect_error(with(rates_file, "from = \"500 ms\"", "from = \"5000 ms\"\nto = \"6000 ms\""), "from = \"5000 ms\"",
               "metric.late_rate.from", {"at or after the end of the run"});
}

TEST(sweep, several_keys_per_axis_and_a_kept_point) {
  const std::string text = rates_file + R"(
[sweep]
table = "by_rate"
keep = 1
  [[sweep.axis]]
  keys = ["population.a.rate", "population.a.phase_step"]
  values = ["10 Hz", "20 Hz", "30 Hz"]
  column = "rate_hz"
  unit = "Hz"
  [[sweep.measure]]
  column = "early"
  metric = "early_rate"
)";
  // Every key of an axis gets the value: "10 Hz" is no phase_step (checked before the sweep runs).
  const experiment_spec bad = parse_experiment(text, "s.toml");
  EXPECT_THROW(check_sweep(bad, [&](const std::vector<std::string>& o) { return parse_experiment(text, "s.toml", o); }),
               error);
  const std::string ok = with(text, "\"population.a.phase_step\"", "\"population.a.rate\"");
  const experiment_spec spec = parse_experiment(ok, "s.toml");
  const respecify_fn respecify = [&](const std::vector<std::string>& o) { return parse_experiment(ok, "s.toml", o); };
  const run_results r = run_sweep(spec, respecify);
  const table& t = r.tables.at("by_rate");
  EXPECT_EQ(t.data[0], (std::vector<double>{10, 20, 30}));
  EXPECT_EQ(t.data[1], (std::vector<double>{10, 20, 30}));
  // The kept point (20 Hz) keeps its recordings, tables and metrics; its own simulated time.
  EXPECT_EQ(r.tables.count("course"), 1u);
  EXPECT_DOUBLE_EQ(r.metrics.at("early_rate"), 20.0);
  EXPECT_EQ(r.rates.size(), 1u);
  EXPECT_DOUBLE_EQ(r.bio_time, 1000.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("sweep_bio_time_s"), 3.0);
  expect_error(with(ok, "keep = 1", "keep = 3"), "keep = 3", "sweep.keep", {"0 to 2"});
  expect_error(with(ok, "keys = [", "key = \"x\"\n  keys = ["), "[[sweep.axis]]", "sweep.axis[0]", {"either key"});
}

// With keep, the sweep's own table and the kept run's tables are in the same results: a sweep table named like a
// table of the runs is an error at check (it would replace the kept run's table). A stacked table ([sweep] tables)
// takes the place of the kept run's table of its name by design: the kept run's rows are in it, nothing is lost.
TEST(sweep, a_kept_runs_table_and_the_sweeps_own_table_cannot_share_a_name) {
  const std::string text = rates_file + R"(
[sweep]
table = "by_rate"
keep = 1
  [[sweep.axis]]
  key = "population.a.rate"
  values = ["10 Hz", "20 Hz", "30 Hz"]
  column = "rate_hz"
  unit = "Hz"
  [[sweep.measure]]
  column = "early"
  metric = "early_rate"
)";
  expect_error(with(text, "table = \"by_rate\"", "table = \"course\""), "table = \"course\"", "sweep.table",
               {"[[table]] 'course'", "keep = 1", "rename the sweep's table"});
  // Without keep the runs' tables are not kept: no clash.
  EXPECT_NO_THROW(parse_experiment(with(with(text, "table = \"by_rate\"", "table = \"course\""), "keep = 1\n", ""),
                                   "s.toml"));
  // Stacked: the kept point's rows of the stacked table are its own table, column for column.
  const std::string stacked = with(text, "keep = 1", "keep = 1\ntables = [\"course\"]");
  const auto respecify = [&](const std::vector<std::string>& o) { return parse_experiment(stacked, "s.toml", o); };
  const run_results r = run_sweep(respecify({}), respecify);
  const run_results alone = run_experiment(respecify({"population.a.rate=20 Hz"}));
  const table& own = alone.tables.at("course");
  const table& all = r.tables.at("course");
  ASSERT_EQ(all.columns.front(), "rate_hz");
  ASSERT_EQ(std::vector<std::string>(all.columns.begin() + 1, all.columns.end()), own.columns);
  std::size_t kept_rows = 0;
  for (std::size_t row = 0; row < all.data[0].size(); ++row) {
    if (all.data[0][row] != 20.0) continue;
    for (std::size_t c = 0; c < own.columns.size(); ++c) EXPECT_EQ(all.data[c + 1][row], own.data[c][kept_rows]);
    ++kept_rows;
  }
  EXPECT_EQ(kept_rows, own.data[0].size());
}
