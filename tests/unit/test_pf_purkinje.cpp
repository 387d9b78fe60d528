// The parallel fibre → Purkinje rule (spec/rules/pf_purkinje.hpp; Medina & Mauk 2000) against a self-contained
// reference written here: a plain loop over the events of each synapse, the eligibility an explicit sum of the
// kernel over earlier parallel-fibre arrivals (no traces); random trains with three axonal delays, a dendritic delay,
// and parallel-fibre arrivals in the step of a climbing-fibre spike. Then closed forms: the kernel's peak, the
// weight change of one pairing against the PF–CF interval, and the recorded eligibility.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastic_network.hpp"
#include "spec_builders.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using namespace plastix::test;

namespace {

// The kernel k(s) of the rule, written out: a difference of exponentials scaled to peak 1, 0 for s < 0.
double kernel(const pf_purkinje_params& p, double s) {
  if (s < 0.0) return 0.0;
  const double peak = p.tau_rise * p.tau_decay / (p.tau_decay - p.tau_rise) * std::log(p.tau_decay / p.tau_rise);
  const auto diff = [&](double t) { return std::exp(-t / p.tau_decay) - std::exp(-t / p.tau_rise); };
  return diff(s) / diff(peak);
}

// One synapse: parallel-fibre arrivals (steps) potentiate; climbing-fibre spikes (steps) depress by the eligibility
// of every arrival up to and including their step. In one step the arrival is seen first (on_pre before on_step).
double reference(const pf_purkinje_params& p, double w, const std::vector<std::int64_t>& arrivals,
                 const std::vector<std::int64_t>& cf, std::int64_t run_steps) {
  std::vector<std::pair<std::int64_t, bool>> events;  // (step, is_cf)
  for (std::int64_t s : arrivals) events.emplace_back(s, false);
  for (std::int64_t s : cf) events.emplace_back(s, true);
  std::sort(events.begin(), events.end());
  for (const auto& [step, is_cf] : events) {
    if (step >= run_steps) break;
    if (!is_cf) {
      w = std::clamp(w + p.a_ltp, p.w_min, p.w_max);
      continue;
    }
    double e = 0.0;
    for (std::int64_t t : arrivals)
      if (t <= step) e += kernel(p, static_cast<double>(step - t) * dt);
    w = std::clamp(w - p.a_ltd * e, p.w_min, p.w_max);
  }
  return w;
}

pf_purkinje_params rule_params_for_test() {
  pf_purkinje_params p;
  p.climbing_fibre = "cf";
  p.a_ltd = 0.05;
  p.a_ltp = 0.004;
  p.w_min = 0.1;
  p.w_max = 0.6;
  return p;
}

// make_network's plastic network (6 PF × 4 Purkinje, three delays) with a climbing-fibre population of `cf_size`
// (4: one per Purkinje cell; 1: one for all); climbing fibre 0 fires 122 ms after parallel fibre 0, and fibre 1
// (when it exists) in steps where parallel fibre 0's spikes arrive at the synapses of delay 0.
void expect_matches_reference(std::size_t cf_size) {
  const pf_purkinje_params p = rule_params_for_test();
  for (std::int64_t dendritic : {0, 5}) {
    plastic_network net = make_network(p, dendritic, 11 + static_cast<std::uint64_t>(dendritic));
    std::vector<std::vector<std::int64_t>> cf = random_trains(cf_size, 8.0, net.steps, 300 + cf_size);
    for (std::int64_t s : net.pre[0]) cf[0].push_back(s + 1220);
    if (cf_size > 1)
      for (std::int64_t s : net.pre[0]) cf[1].push_back(s + 2 * dendritic);  // arrivals at delay 2·dendritic
    for (auto& train : cf) {
      std::sort(train.begin(), train.end());
      train.erase(std::unique(train.begin(), train.end()), train.end());
      train.erase(std::remove_if(train.begin(), train.end(), [&](std::int64_t s) { return s >= net.steps; }),
                  train.end());
    }
    net.spec.network.populations.push_back(spike_source("cf", to_times(cf)));
    simulation sim(net.spec);
    sim.run(static_cast<double>(net.steps) * dt);
    const projection& proj = sim.projection_named("syn");
    std::size_t depressed = 0;
    for (const synapse_case& c : net.synapses) {
      double w = -1.0;
      for (std::uint32_t s = proj.row_begin(c.pre); s < proj.row_end(c.pre); ++s)
        if (proj.post_index()[s] == c.post) w = proj.weights()[s];
      std::vector<std::int64_t> arrivals;
      for (std::int64_t s : net.pre[c.pre]) arrivals.push_back(s + c.delay);
      const double expected = reference(p, c.w0, arrivals, cf[cf_size == 1 ? 0 : c.post], net.steps);
      EXPECT_NEAR(w, expected, 1e-9) << "synapse " << c.pre << "->" << c.post << " delay " << c.delay
                                     << " dendritic " << dendritic << " cf size " << cf_size;
      depressed += expected < c.w0 - 0.01;
    }
    EXPECT_GT(depressed, 0u) << "the test must exercise LTD";
  }
}

// An experiment file with one PF → Purkinje synapse (delay 1 ms), a PF spike at 100 ms and a CF spike at `cf_ms`.
std::string pairing_file(double cf_ms) {
  return R"([experiment]
duration = "600 ms"
dt = "0.1 ms"

[[population]]
name = "pf"
size = 1
model = "spike_times"
times = [["100 ms"]]

[[population]]
name = "cf"
size = 1
model = "spike_times"
times = [[")" + std::to_string(cf_ms) + R"( ms"]]

[[population]]
name = "pc"
size = 1
model = "lif"
  [[population.receptor]]
  name = "ampa"
  tau_decay = "5 ms"

[[projection]]
name = "pf_pc"
pre = "pf"
post = "pc"
receptor = "ampa"
weight = "0.5 nS"
delay = "1 ms"
  [[projection.plasticity]]
  rule = "pf_purkinje"
  climbing_fibre = "cf"
  a_ltd = "0.1 nS"
  a_ltp = "0.01 nS"
  w_max = "1 nS"

[[monitor]]
name = "e"
type = "state"
projection = "pf_pc"
variable = "eligibility"
interval = "1 ms"
)";
}

double weight_after(const std::string& text) {
  simulation sim(parse_experiment(text, "pairing.toml"));
  sim.run(600.0);
  return sim.projection_named("pf_pc").weights()[0];
}

}  // namespace

TEST(pf_purkinje, matches_a_plain_loop_over_spike_times_with_one_climbing_fibre_per_purkinje_cell) {
  expect_matches_reference(4);
}

TEST(pf_purkinje, matches_a_plain_loop_over_spike_times_with_one_climbing_fibre_for_all_cells) {
  expect_matches_reference(1);
}

TEST(pf_purkinje, the_eligibility_kernel_peaks_at_122_ms_with_value_1_for_the_defaults) {
  const pf_purkinje_params p;
  EXPECT_NEAR(p.peak_delay(), 80.0 * 200.0 / 120.0 * std::log(2.5), 1e-12);
  EXPECT_NEAR(p.peak_delay(), 122.17, 0.01);
  EXPECT_NEAR(kernel(p, p.peak_delay()), 1.0, 1e-12);
  EXPECT_NEAR(p.kernel_scale() * (std::exp(-p.peak_delay() / 200.0) - std::exp(-p.peak_delay() / 80.0)), 1.0, 1e-12);
}

TEST(pf_purkinje, one_pairing_changes_the_weight_by_ltp_minus_ltd_times_the_kernel_at_the_pf_cf_interval) {
  const pf_purkinje_params p;
  double most_ltd = 1.0, at = -1.0;
  for (double interval : {-50.0, 0.0, 20.0, 60.0, 100.0, 120.0, 122.0, 130.0, 160.0, 250.0, 400.0}) {
    const double cf = 101.0 + interval;  // the PF spike reaches the synapse at 101 ms (1 ms delay)
    const double w = weight_after(pairing_file(cf));
    const double expected = 0.5 + 0.01 - 0.1 * kernel(p, interval);
    EXPECT_NEAR(w, expected, 1e-9) << "CF " << interval << " ms after the PF spike's arrival";
    if (w < most_ltd) {
      most_ltd = w;
      at = interval;
    }
  }
  EXPECT_EQ(at, 122.0) << "the most LTD comes at the kernel's peak";
  EXPECT_NEAR(weight_after(pairing_file(101.0)), 0.51, 1e-12) << "a CF spike in the step of the PF arrival: LTP only";
}

TEST(pf_purkinje, the_recorded_eligibility_is_the_kernel_of_the_time_since_the_pf_spike_arrived) {
  const pf_purkinje_params p;
  const run_results r = run_experiment(parse_experiment(pairing_file(590.0), "pairing.toml"));
  const state_record* e = nullptr;
  for (const state_record& s : r.states)
    if (s.name == "e") e = &s;
  ASSERT_NE(e, nullptr);
  ASSERT_FALSE(e->times.empty());
  for (std::size_t k = 0; k < e->times.size(); ++k)
    EXPECT_NEAR(e->values[k], kernel(p, e->times[k] - 101.0), 1e-9) << "t = " << e->times[k] << " ms";
}

TEST(pf_purkinje, a_climbing_fibre_population_of_the_wrong_size_is_refused_naming_the_key) {
  const std::string text =
      config_test::with(pairing_file(300.0), "name = \"cf\"\nsize = 1\nmodel = \"spike_times\"\ntimes = [[",
                        "name = \"cf\"\nsize = 2\nmodel = \"spike_times\"\ntimes = [[], [");
  try {
    parse_experiment(text, "wrong.toml");
    FAIL() << "accepted";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("climbing_fibre"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("one per Purkinje cell"), std::string::npos) << e.what();
  }
}
