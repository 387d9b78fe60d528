// The reconsolidation extension of tag_trigger (plasticity/consolidation.hpp, docs/models/consolidation.md):
// labile late phases against a self-contained reference loop (with and without protein synthesis), what makes a
// synapse labile (an LTP tag set by an arriving spike on a consolidated synapse, only with labile_window > 0), and
// the file keys and their errors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "plastix/io/config.hpp"
#include "plastix/plasticity/consolidation.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/sim/simulation.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using config_test::expect_error;
using config_test::with;

namespace {

constexpr double second = 1000.0, hour = 3600.0e3;  // [ms]

// 100 inputs (input k spikes at 100 Hz for 1 s from 1 s on when k < spiking, else never) onto one post "neuron";
// tags do not decay (k_h = k_l = 0); phases: the train (fast), then a 2 h slow window with or without
// protein-synthesis inhibition.
std::string file(int spiking, bool inhibit, const std::string& window = "1 h") {
  std::string times;
  for (int k = 0; k < 100; ++k) {
    std::string list;
    if (k < spiking)
      for (int n = 0; n < 100; ++n) list += (list.empty() ? "\"" : ", \"") + std::to_string(1000 + 10 * n) + " ms\"";
    times += (times.empty() ? "[" : ", [") + list + "]";
  }
  return R"([experiment]
seed = 3

[[population]]
name = "in"
size = 100
model = "spike_times"
times = [)" + times + R"(]

[[population]]
name = "post"
size = 1
model = "spike_times"

[[projection]]
name = "syn"
pre = "in"
post = "post"
connector = "all_to_all"
weight = "1 nS"

  [[projection.plasticity]]
  rule = "tag_trigger"
  induction = "presynaptic"
  k_h = "0 Hz"
  k_l = "0 Hz"
  labile_window = ")" + window + R"("
  labile_rate = 0.1

[[phase]]
name = "train"
duration = "3 s"

[[phase]]
name = "window"
duration = "2 h"
slow_step = "1 s"
block_protein_synthesis = )" + (inhibit ? "true" : "false") + "\n";
}

plasticity_rule& rule_of(simulation& sim) { return *sim.projections()[0]->rules()[0]; }

// Reference: p and z of the extended equations in a plain loop with step h (forward Euler); tags fixed.
//   dp/dt = −p/τpd + (1 − p)/τpm·Θ[Σ(h − l) − θp]·(1 − blocked)
//   τz dz/dt = z(1 − z)(z − 0.5) − δ·L(t)·(1 − p)·z + γ(h + l)p,  L(t) = 1 while t < labile_end
struct reference {
  std::vector<double> h, z, labile_end;  // labile_end [ms from the start of the run]
  double p = 0.0;
  void run(const tag_trigger_params& c, double duration, double step, bool blocked) {
    double tags = 0.0;
    for (double x : h) tags += x;
    const double theta = (!blocked && tags > c.theta_p) ? 1.0 : 0.0;
    for (double t = 0.0; t < duration - 1e-9; t += step) {
      const double p_old = p;
      p += step * (-p / c.tau_pd + (1.0 - p) / c.tau_pm * theta);
      for (std::size_t i = 0; i < z.size(); ++i) {
        const double L = t < labile_end[i] ? 1.0 : 0.0;
        z[i] += step / c.tau_z *
                (z[i] * (1.0 - z[i]) * (z[i] - 0.5) - c.labile_rate * L * (1.0 - p_old) * z[i] + c.gamma * h[i] * p_old);
      }
    }
  }
};

}  // namespace

TEST(reconsolidation_rule, labile_late_phase_matches_the_reference_loop) {
  for (bool inhibit : {false, true}) {
    const experiment_spec spec = parse_experiment((file(0, inhibit)), "r.toml");
    simulation sim(spec);
    const auto& c = std::get<tag_trigger_params>(spec.network.projections[0].plasticity[0].params);
    // All consolidated (z = 1); 70 LTP tags (Σh = 70 > θp: proteins unless inhibited); synapses 0–49 labile for
    // the whole 2 h window.
    reference ref;
    const std::int64_t labile_until = static_cast<std::int64_t>(std::llround(2 * hour / spec.dt));
    for (std::uint32_t s = 0; s < 100; ++s) {
      const double h = s < 70 ? 1.0 : 0.0;
      tag_trigger_set(rule_of(sim), s, h, 0.0, 1.0);
      if (s < 50) tag_trigger_set_labile(rule_of(sim), s, labile_until);
      ref.h.push_back(h);
      ref.z.push_back(1.0);
      ref.labile_end.push_back(s < 50 ? 2 * hour : 0.0);
    }
    sim.run_phase(spec.phases[1]);  // the 2 h window, from t = 0
    ref.run(c, 2 * hour, 0.01 * second, inhibit);
    const tag_trigger_state st = tag_trigger_view(rule_of(sim));
    for (std::uint32_t s = 0; s < 100; ++s) EXPECT_NEAR(st.z[s], ref.z[s], 3e-3) << "synapse " << s << " inhibit " << inhibit;
    if (inhibit) {
      EXPECT_LT(st.z[0], 0.5);    // labile without proteins: lost
      EXPECT_GT(st.z[60], 0.99);  // not labile: the bistable late phase needs no proteins
      EXPECT_GT(st.z[80], 0.99);
    } else {
      EXPECT_GT(st.z[0], 0.9);   // labile, restabilized by the proteins the tags triggered
      EXPECT_GT(st.z[80], 0.99);
    }
  }
}

TEST(reconsolidation_rule, reactivating_a_consolidated_synapse_makes_it_labile) {
  // Inputs 0–39 spike (100 Hz, 1 s: nearly all get an LTP tag); synapses 0–19 and 40–59 start consolidated.
  const auto labile_after_train = [](const std::string& window) {
    const experiment_spec spec = parse_experiment((file(40, false, window)), "r.toml");
    simulation sim(spec);
    for (std::uint32_t s = 0; s < 100; ++s) tag_trigger_set(rule_of(sim), s, 0.0, 0.0, (s < 20 || (s >= 40 && s < 60)) ? 1.0 : 0.0);
    sim.run_phase(spec.phases[0]);
    const tag_trigger_state st = tag_trigger_view(rule_of(sim));
    std::vector<int> labile(100, 0);
    for (std::uint32_t s = 0; s < 100; ++s) labile[s] = st.labile_until[s] > sim.step() ? 1 : 0;
    int tagged_consolidated = 0;
    for (std::uint32_t s = 0; s < 20; ++s) tagged_consolidated += st.h[s] == 1.0 ? 1 : 0;
    EXPECT_GE(tagged_consolidated, 15);
    // Labile exactly where a spike set h on a consolidated synapse, for labile_window after that spike.
    for (std::uint32_t s = 0; s < 100; ++s) {
      const bool expected = window != "0 ms" && s < 20 && st.h[s] == 1.0;
      EXPECT_EQ(labile[s], expected ? 1 : 0) << "synapse " << s;
      if (expected) {
        EXPECT_GT(st.labile_until[s], static_cast<std::int64_t>(std::llround((hour + 1000.0) / spec.dt)));
        EXPECT_LE(st.labile_until[s], static_cast<std::int64_t>(std::llround((hour + 2000.0) / spec.dt)));
      }
    }
  };
  labile_after_train("1 h");
  labile_after_train("0 ms");  // off: nothing becomes labile
}

TEST(reconsolidation_rule, file_keys_and_errors) {
  const std::string text = (file(0, false));
  const experiment_spec spec = parse_experiment(text, "r.toml");  // keep the spec alive: c refers into it
  const auto& c = std::get<tag_trigger_params>(spec.network.projections[0].plasticity[0].params);
  EXPECT_DOUBLE_EQ(c.labile_window, hour);
  EXPECT_DOUBLE_EQ(c.labile_rate, 0.1);
  EXPECT_EQ(tag_trigger_params{}.labile_window, 0.0);  // off by default
  expect_error(with(text, "labile_rate = 0.1", "labile_rate = -1"), "labile_rate = -1",
               "projection.syn.plasticity.tag_trigger.labile_rate", {"labile_rate"});
  expect_error(with(text, "labile_window = \"1 h\"", "labile_window = 3"), "labile_window = 3",
               "projection.syn.plasticity.tag_trigger.labile_window", {"labile_window"});
}
