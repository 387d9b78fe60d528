// The finite guard (sim/finite_guard.hpp), the stop check and run_stopped: a run whose state becomes NaN or ±infinity
// stops with an error naming what, where and when, and keeps its results up to then; so does a run asked to stop.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "plastix/core/finite.hpp"
#include "plastix/io/config.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/finite_guard.hpp"
#include "plastix/sim/run_stopped.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastix/sim/tables.hpp"
#include "spec_builders.hpp"

using namespace plastix;

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

// Runs f, which must throw run_stopped; returns it.
template <class F>
run_stopped stop_of(F&& f) {
  try {
    f();
  } catch (const run_stopped& s) {
    return s;
  }
  ADD_FAILURE() << "the run did not stop";
  return run_stopped(run_stopped::cause::nonfinite, -1.0, "");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Two spike sources onto four silent LIF neurons through conductances (all to all, plain weights).
experiment_spec small_network(double duration, double dt = 0.1) {
  network_spec net;
  net.populations.push_back(test::spike_source("in", {{1.0}, {2.0}}));
  lif::params p;
  p.v_th = 1e9;  // silent: the state only decays
  net.populations.push_back(test::lif_population("exc", 4, p, {test::conductance("ampa", 5.0, 0.0)}));
  net.projections.push_back(test::projection_between("in", "exc", "ampa", 1.0, 0.1));
  return test::experiment(net, duration, dt);
}

// A rule with one per-synapse double column, to put NaN into a rule's state.
class probe_rule final : public plasticity_rule {
 public:
  explicit probe_rule(std::size_t n) : value(*this, n, 0.0), count(*this, n, 0) {}
  const char* name() const override { return "probe"; }
  void visit_state(plastix::state_visitor& v) override { visit_columns(v); }  // checkpoints: columns only
  per_synapse<double> value;
  per_synapse<std::uint64_t> count;  // not a double: not checked
};

// A linear rate neuron with plain Hebbian learning and no bound: its weights grow without limit and overflow.
const char* runaway_hebb = R"(
[experiment]
name = "runaway"
seed = 7
dt = "1 ms"
duration = "60 s"

[[population]]
name = "input"
model = "rate_gaussian"
interval = "1 ms"
covariance = { groups = [5, 5], correlation = [0.7, 0.3], between = 0.1, sd = 1.0 }

[[population]]
name = "neuron"
size = 1
model = "rate"

[[projection]]
name = "input_neuron"
pre = "input"
post = "neuron"
weight = { uniform = [-0.5, 0.5] }
  [[projection.plasticity]]
  rule = "hebb"
  tau_w = "10 ms"

[[monitor]]
type = "state"
population = "neuron"
variable = "y"
interval = "10 ms"
)";

// 20 sources spiking at 5 ms onto one neuron through a current receptor with weights of 1e307 pA: the receptor
// state overflows to infinity when the spikes arrive.
const char* huge_weight = R"(
[experiment]
name = "huge_weight"
dt = "0.1 ms"
duration = "50 ms"

[[population]]
name = "in"
size = 20
model = "spike_times"
times = [["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"],
         ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"], ["5 ms"]]

[[population]]
name = "n"
size = 3
model = "lif"
  [[population.receptor]]
  name = "exc"
  kind = "current"
  tau_decay = "5 ms"

[[projection]]
name = "in_n"
pre = "in"
post = "n"
receptor = "exc"
connector = "all_to_all"
weight = "WEIGHT"
delay = "1 ms"

[[monitor]]
type = "spikes"
population = "in"
)";

std::string with_weight(const std::string& weight) {
  std::string text = huge_weight;
  text.replace(text.find("WEIGHT"), 6, weight);
  return text;
}

}  // namespace

TEST(finite_values, all_finite_is_false_for_nan_and_either_infinity_anywhere_in_a_column) {
  std::vector<double> v(1001, 1.0);
  v[17] = std::numeric_limits<double>::max();
  v[18] = -std::numeric_limits<double>::max();
  v[19] = std::numeric_limits<double>::denorm_min();
  EXPECT_TRUE(all_finite(v));
  for (double bad : {not_a_number, infinity, -infinity}) {
    for (std::size_t at : {std::size_t{0}, std::size_t{3}, std::size_t{1000}}) {
      std::vector<double> w = v;
      w[at] = bad;
      EXPECT_FALSE(all_finite(w)) << bad << " at " << at;
      const nonfinite_count c = count_nonfinite(w);
      EXPECT_EQ(c.first, at);
      EXPECT_EQ(c.count, 1u);
    }
  }
  EXPECT_TRUE(all_finite({}));
  // Finite values whose sum overflows (the fast path sums) are still finite.
  EXPECT_TRUE(all_finite(std::vector<double>(100, std::numeric_limits<double>::max())));
  EXPECT_TRUE(all_finite(std::vector<double>{1e308, 1e308, -1e308, -1e308, 1e308}));
  EXPECT_EQ(count_nonfinite(std::vector<double>{1.0, not_a_number, 2.0, infinity}).count, 2u);
}

TEST(finite_guard, a_nan_voltage_stops_the_run_naming_population_variable_neuron_and_time_window) {
  simulation sim(small_network(100.0));
  sim.run(1.0);  // checks at t = 1 ms (the end of the run)
  population& exc = sim.population_named("exc");
  exc.set_state(exc.variable_id("v"), 2, not_a_number);
  const run_stopped s = stop_of([&] { sim.run(10.0); });
  EXPECT_EQ(s.why(), run_stopped::cause::nonfinite);
  EXPECT_DOUBLE_EQ(s.time(), 2.0);  // the next check, 1 ms later
  const std::string m = s.what();
  EXPECT_TRUE(contains(m, "population 'exc', variable 'v': v = nan at neuron 2 (1 of 4 neurons non-finite)")) << m;
  EXPECT_TRUE(contains(m, "between t = 1 ms and t = 2 ms")) << m;
  EXPECT_TRUE(contains(m, "stopped at t = 2 ms")) << m;
  EXPECT_DOUBLE_EQ(sim.time(), 2.0);  // the run stopped there
}

TEST(finite_guard, with_a_time_step_of_1_ms_the_error_names_the_step_in_which_the_value_became_non_finite) {
  simulation sim(small_network(100.0, 1.0));
  sim.run(3.0);
  population& exc = sim.population_named("exc");
  exc.set_state(exc.variable_id("g_ampa"), 0, -infinity);
  const run_stopped s = stop_of([&] { sim.run(10.0); });
  EXPECT_DOUBLE_EQ(s.time(), 4.0);
  EXPECT_TRUE(contains(s.what(), "variable 'g_ampa': g_ampa = -inf at neuron 0")) << s.what();
  EXPECT_TRUE(contains(s.what(), "in the step from t = 3 ms to t = 4 ms")) << s.what();
}

TEST(finite_guard, every_non_finite_column_is_listed_so_that_a_runaway_weight_is_seen_behind_a_nan_voltage) {
  simulation sim(small_network(100.0));
  sim.run(1.0);
  projection& proj = sim.projection_named("in_exc");
  proj.add_rule(std::make_unique<probe_rule>(proj.size()));  // plastic now: its weights are checked while running
  proj.weights()[5] = infinity;  // synapse 5: pre 1 → post 1 (all to all, rows by pre)
  population& exc = sim.population_named("exc");
  exc.set_state(exc.variable_id("v"), 3, not_a_number);
  exc.set_state(exc.variable_id("v"), 1, not_a_number);
  const run_stopped s = stop_of([&] { sim.run(10.0); });
  const std::string m = s.what();
  EXPECT_TRUE(contains(m, "population 'exc', variable 'v': v = nan at neuron 1 (2 of 4 neurons non-finite)")) << m;
  EXPECT_TRUE(contains(m, "projection 'in_exc', weight: w = inf at synapse 5 (pre neuron 1 → post neuron 1) "
                          "(1 of 8 synapses non-finite)")) << m;
}

TEST(finite_guard, a_non_finite_rule_state_is_named_by_rule_and_synapse) {
  simulation sim(small_network(100.0));
  projection& proj = sim.projection_named("in_exc");
  auto rule = std::make_unique<probe_rule>(proj.size());
  probe_rule& probe = *rule;
  proj.add_rule(std::move(rule));
  sim.run(1.0);
  probe.value[6] = not_a_number;
  probe.count[0] = 12;  // an integer column is not a state the guard checks
  const run_stopped s = stop_of([&] { sim.run(50.0); });
  const std::string m = s.what();
  EXPECT_TRUE(contains(m, "projection 'in_exc', rule 'probe', per-synapse state variable 1 of 2: nan at synapse 6 "
                          "(pre neuron 1 → post neuron 2) (1 of 8 synapses non-finite)")) << m;
  EXPECT_FALSE(contains(m, "variable 2 of 2")) << m;
}

TEST(finite_guard, weights_without_plasticity_are_checked_at_the_start_and_the_end_of_a_run) {
  {
    simulation sim(small_network(10.0));
    sim.projection_named("in_exc").weights()[0] = not_a_number;
    const run_stopped s = stop_of([&] { sim.run(5.0); });
    EXPECT_DOUBLE_EQ(s.time(), 0.0);
    EXPECT_TRUE(contains(s.what(), "it became non-finite in the initial values")) << s.what();
  }
  simulation sim(small_network(10.0));
  sim.run(3.0);  // after the sources' spikes: nothing more is transmitted
  sim.projection_named("in_exc").weights()[0] = not_a_number;  // not checked while running: it cannot change
  const run_stopped s = stop_of([&] { sim.run(5.0); });
  EXPECT_DOUBLE_EQ(s.time(), 8.0);  // the end of the run
}

TEST(finite_guard, checks_the_neurons_every_ms_and_plastic_synapses_as_often_as_their_number_allows) {
  simulation sim(small_network(10.0));
  const std::vector<std::unique_ptr<population>>& pops = sim.populations();
  const std::vector<std::unique_ptr<projection>>& projs = sim.projections();
  // No plastic synapse: both every 1 ms.
  const finite_guard plain(pops, projs, 0.1);
  EXPECT_EQ(plain.neuron_interval(), 10);
  EXPECT_EQ(plain.synapse_interval(), 10);
  EXPECT_EQ(finite_guard(pops, projs, 2.0).neuron_interval(), 1);  // dt ≥ 1 ms: every step
  // 4 neurons with v, g_ampa, i_ext = 12 values; 8 plastic synapses with a weight and one double = 16: every 2 ms.
  projection& proj = sim.projection_named("in_exc");
  proj.add_rule(std::make_unique<probe_rule>(proj.size()));
  const finite_guard plastic(pops, projs, 0.1);
  EXPECT_EQ(plastic.synapse_interval(), 20);
}

TEST(finite_guard, a_weight_of_1e307_pA_stops_the_run_when_the_spikes_arrive_with_the_results_up_to_then) {
  const experiment_spec spec = parse_experiment(with_weight("1e307 pA"), "huge.toml", {});
  const run_stopped s = stop_of([&] { run_experiment(spec); });
  const std::string m = s.what();
  // The spikes at 5 ms arrive after the 1 ms delay, in the step that ends at 6.1 ms (checked at 7 ms).
  EXPECT_DOUBLE_EQ(s.time(), 7.0);
  EXPECT_TRUE(contains(m, "population 'n', variable 'g_exc': g_exc = inf at neuron 0 (3 of 3 neurons")) << m;
  EXPECT_TRUE(contains(m, "between t = 6 ms and t = 7 ms")) << m;
  ASSERT_TRUE(s.results());
  const run_results& r = *s.results();
  EXPECT_EQ(r.stop_reason, m);
  EXPECT_DOUBLE_EQ(r.bio_time, 7.0);
  ASSERT_EQ(r.phases.size(), 1u);
  EXPECT_DOUBLE_EQ(r.phases[0].second, 7.0);  // the phase up to the stop
  ASSERT_EQ(r.spikes.size(), 1u);
  EXPECT_EQ(r.spikes[0].times.size(), 20u);  // the recordings up to the stop
  for (const auto& [name, value] : r.metrics) EXPECT_TRUE(std::isfinite(value)) << name;
  // The same network with an ordinary weight completes.
  EXPECT_NO_THROW(run_experiment(parse_experiment(with_weight("100 pA"), "huge.toml", {})));
}

TEST(finite_guard, a_runaway_hebbian_rule_stops_the_run_naming_the_projection_and_keeps_the_results) {
  const experiment_spec spec = parse_experiment(runaway_hebb, "runaway.toml", {});
  const run_stopped s = stop_of([&] { run_experiment(spec); });
  const std::string m = s.what();
  EXPECT_TRUE(contains(m, "projection 'input_neuron', weight: w = ")) << m;
  EXPECT_LT(s.time(), 60000.0);
  ASSERT_TRUE(s.results());
  EXPECT_DOUBLE_EQ(s.results()->bio_time, s.time());
  ASSERT_EQ(s.results()->states.size(), 1u);
  EXPECT_FALSE(s.results()->states[0].times.empty());
}

TEST(finite_guard, a_sweep_point_that_stops_is_named_and_the_rows_before_it_are_kept) {
  std::string text = with_weight("100 pA");
  text += R"(
[sweep]
table = "grid"
  [[sweep.axis]]
  key = "projection.in_n.weight"
  values = ["100 pA", "200 pA", "1e307 pA", "300 pA"]
  unit = "pA"
  column = "w_pA"
  [[sweep.measure]]
  metric = "rate_hz.n"
  column = "rate"
)";
  const experiment_spec spec = parse_experiment(text, "sweep.toml", {});
  const auto respecify = [&](const std::vector<std::string>& extra) { return parse_experiment(text, "sweep.toml", extra); };
  const run_stopped s = stop_of([&] { run_sweep(spec, respecify); });
  const std::string m = s.what();
  EXPECT_EQ(m.rfind("sweep point 3 of 4 (w_pA = 1e307 pA): a value became NaN or infinite", 0), 0u) << m;
  ASSERT_TRUE(s.results());
  const run_results& r = *s.results();
  EXPECT_EQ(r.stop_reason, m);
  ASSERT_EQ(r.tables.count("grid"), 1u);
  EXPECT_EQ(r.tables.at("grid").data[0], (std::vector<double>{100.0, 200.0}));  // the points before it
  EXPECT_DOUBLE_EQ(r.metrics.at("sweep_points"), 2.0);
}

TEST(stop_check, a_stop_request_stops_the_run_within_a_poll_and_keeps_the_results) {
  const experiment_spec spec = small_network(1e7);  // 1e8 steps: hours, were it not stopped
  int polls = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const run_stopped s = stop_of([&] { run_experiment(spec, {}, [&] { return ++polls >= 3; }); });
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_TRUE(s.interrupted());
  EXPECT_EQ(polls, 3);  // polled every 0.1 s of wall time
  EXPECT_LT(wall, 2.0);
  EXPECT_EQ(std::string(s.what()).rfind("interrupted at t = ", 0), 0u) << s.what();
  ASSERT_TRUE(s.results());
  EXPECT_GT(s.results()->bio_time, 0.0);
  EXPECT_DOUBLE_EQ(s.results()->bio_time, s.time());
  EXPECT_EQ(s.results()->stop_reason, s.what());
}

TEST(stop_check, an_exception_from_the_stop_check_leaves_the_run_unchanged) {
  // (The Python module's stop check raises KeyboardInterrupt this way.)
  const experiment_spec spec = small_network(1e7);
  EXPECT_THROW(run_experiment(spec, {}, []() -> bool { throw std::runtime_error("KeyboardInterrupt"); }),
               std::runtime_error);
}

TEST(run_results_check, metrics_tables_and_recordings_of_a_completed_run_must_be_finite) {
  run_results r;
  r.metrics["rate_hz.exc"] = 3.0;
  EXPECT_EQ(nonfinite_in_results(r), "");
  r.metrics["dw_rel.ee"] = not_a_number;
  EXPECT_EQ(nonfinite_in_results(r), "metric 'dw_rel.ee' is nan");
  r.metrics.erase("dw_rel.ee");
  r.tables["window"].columns = {"dt_ms", "dw"};
  r.tables["window"].data = {{1.0, 2.0, 3.0}, {0.5, infinity, -infinity}};
  EXPECT_EQ(nonfinite_in_results(r), "table 'window', column 'dw': row 2 is inf (2 non-finite values)");
  r.tables.clear();
  state_record st;
  st.name = "v_exc";
  st.population = "exc";
  st.variable = "v";
  st.neurons = {4, 7};
  st.times = {0.0, 0.5};
  st.values = {1.0, 2.0, 3.0, not_a_number};
  r.states.push_back(st);
  EXPECT_EQ(nonfinite_in_results(r),
            "state monitor 'v_exc' (v of population 'exc'): neuron 7 is nan at t = 0.5 ms (1 non-finite value)");
  r.states.clear();
  weight_record w;
  w.name = "w";
  w.synapses = {0, 1};
  w.times = {0.0, 1.0};
  w.values = {1.0, not_a_number, 1.0, 2.0};  // NaN: a synapse that did not exist then (structural plasticity)
  r.weights.push_back(w);
  EXPECT_EQ(nonfinite_in_results(r), "");
  r.weights[0].values[3] = infinity;
  EXPECT_EQ(nonfinite_in_results(r), "weight monitor 'w': a weight is inf at t = 1 ms");
}

TEST(run_results_check, an_averaged_weights_column_leaves_out_synapses_that_do_not_exist_at_a_sample) {
  run_results r;
  weight_record w;
  w.name = "w";
  w.synapses = {0, 1, 2};
  w.pre = {0, 0, 0};
  w.post = {0, 1, 2};
  w.times = {0.0, 1.0, 2.0};
  w.values = {1.0, 2.0, 3.0,                             // all three exist
              not_a_number, 4.0, 6.0,                    // synapse 0 removed
              not_a_number, not_a_number, not_a_number};  // none exists
  r.weights.push_back(w);
  table_spec t;
  t.name = "mean";
  table_column_spec c;
  c.name = "w";
  c.series = "weights.w";
  c.average = true;
  t.columns.push_back(c);
  const table out = compute_table(t, r);
  ASSERT_EQ(out.data[0].size(), 3u);
  EXPECT_DOUBLE_EQ(out.data[0][0], 2.0);
  EXPECT_DOUBLE_EQ(out.data[0][1], 5.0);
  EXPECT_TRUE(std::isnan(out.data[0][2]));  // no value: the run's results check turns it into an error
  r.tables["mean"] = out;
  EXPECT_EQ(nonfinite_in_results(r), "table 'mean', column 'w': row 3 is nan (1 non-finite value)");
}

TEST(finite_guard, under_mpi_a_process_scans_only_the_neurons_and_synapses_it_owns) {
  // What another process owns may be stale here (sim/rank_split.hpp): its owner scans it. A NaN outside the owned
  // ranges is not this process's to find; one inside them is.
  simulation sim(small_network(10.0));
  const auto& pops = sim.populations();  // "in" (2 sources), "exc" (4 neurons)
  const auto& projs = sim.projections();  // in → exc, 8 synapses, rows by pre: synapse s onto post s % 4
  projection& proj = sim.projection_named("in_exc");
  proj.add_rule(std::make_unique<probe_rule>(proj.size()));
  population& exc = sim.population_named("exc");
  exc.set_state(exc.variable_id("v"), 3, not_a_number);  // neuron 3
  proj.weights()[5] = infinity;                            // synapse 5: onto neuron 1
  const auto check = [&](std::vector<finite_guard::range> neurons, std::vector<std::vector<finite_guard::range>> syn) {
    finite_guard guard(pops, projs, 0.1);
    guard.set_owned(std::move(neurons), std::move(syn));
    try {
      guard.check(0, true);
    } catch (const run_stopped& s) {
      return std::string(s.what());
    }
    return std::string();
  };
  // Owning neurons 0–1 and the synapses onto them (0, 1, 4, 5): the weight of synapse 5 is found, and the
  // message, made from the whole state, lists the voltage of neuron 3 too.
  const std::string m = check({{0, 2}, {0, 2}}, {{{0, 2}, {4, 6}}});
  EXPECT_TRUE(contains(m, "w = inf at synapse 5")) << m;
  EXPECT_TRUE(contains(m, "v = nan at neuron 3")) << m;
  // Owning neurons 2 and 3 with their synapses (2, 3, 6, 7): the voltage of neuron 3 is found.
  EXPECT_TRUE(contains(check({{0, 2}, {2, 4}}, {{{2, 4}, {6, 8}}}), "v = nan at neuron 3"));
  // Owning neuron 2 only and its synapses (2, 6): nothing non-finite is this process's.
  EXPECT_EQ(check({{0, 2}, {2, 3}}, {{{2, 3}, {6, 7}}}), "");
  // Nothing set: everything is scanned (one process).
  EXPECT_FALSE(check({}, {}).empty());
}
