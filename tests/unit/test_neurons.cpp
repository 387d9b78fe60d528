#include <gtest/gtest.h>

#include <cmath>

#include "plastix/neuron/adex.hpp"
#include "plastix/neuron/izhikevich.hpp"
#include "plastix/neuron/lif.hpp"
#include "plastix/neuron/neuron_population.hpp"
#include "plastix/core/fast_math.hpp"
#include "plastix/core/random.hpp"

using namespace plastix;

// LIF with constant input: v(t) = v_inf + (v0 − v_inf) e^{−t/τ}, τ = c_m/g_l, v_inf = e_l + i_e/g_l.
TEST(lif, subthreshold_trajectory_is_the_exact_solution) {
  lif::params p;
  p.v_th = 1e9;  // never fires
  p.i_e = 150.0;
  neuron_population<lif> pop("n", 1, 0, p, {});
  const int v = pop.variable_id("v");
  const double tau = p.c_m / p.g_l, v_inf = p.e_l + p.i_e / p.g_l, dt = 0.1;
  for (int k = 1; k <= 2000; ++k) {
    pop.update({k - 1, dt, 1});
    const double t = k * dt;
    ASSERT_NEAR(pop.sample(v, 0), v_inf + (p.e_l - v_inf) * std::exp(-t / tau), 1e-10) << "t = " << t;
  }
}

// Constant suprathreshold current: interspike interval T = t_ref + τ ln((v_inf − v_reset)/(v_inf − v_th)).
TEST(lif, firing_period_matches_closed_form) {
  lif::params p;
  p.i_e = 250.0;
  p.t_ref = 2.0;
  neuron_population<lif> pop("n", 1, 0, p, {});
  const double tau = p.c_m / p.g_l, v_inf = p.e_l + p.i_e / p.g_l, dt = 0.01;
  const double period = p.t_ref + tau * std::log((v_inf - p.v_reset) / (v_inf - p.v_th));
  std::vector<double> spikes;
  for (int k = 0; k < 200000; ++k) {
    pop.update({k, dt, 1});
    if (!pop.spikes().empty()) spikes.push_back(k * dt);
  }
  ASSERT_GT(spikes.size(), 10u);
  for (std::size_t n = 1; n < spikes.size(); ++n) EXPECT_NEAR(spikes[n] - spikes[n - 1], period, 1.01 * dt);
}

TEST(lif, refractory_period_clamps_voltage_at_reset) {
  lif::params p;
  p.i_e = 1000.0;  // strong drive: fires as soon as the refractory period ends
  p.t_ref = 5.0;
  neuron_population<lif> pop("n", 1, 0, p, {});
  const int v = pop.variable_id("v");
  const double dt = 0.1;
  int first = -1;
  for (int k = 0; k < 1000 && first < 0; ++k) {
    pop.update({k, dt, 1});
    if (!pop.spikes().empty()) first = k;
  }
  ASSERT_GE(first, 0);
  for (int k = first + 1; k < first + 50; ++k) {  // 50 steps = 5 ms
    pop.update({k, dt, 1});
    EXPECT_EQ(pop.sample(v, 0), p.v_reset) << "step " << k;
    EXPECT_TRUE(pop.spikes().empty());
  }
  pop.update({first + 50, dt, 1});
  EXPECT_GT(pop.sample(v, 0), p.v_reset);
}

// Conductance-based LIF: with a constant conductance g to E, v relaxes to (g_l e_l + g E)/(g_l + g).
TEST(lif, conductance_input_shifts_the_fixed_point) {
  lif::params p;
  p.v_th = 1e9;
  receptor_params r{"exc", receptor_kind::conductance, 1e12, 0.0, 0.0, false, 1.0};  // no decay
  neuron_population<lif> pop("n", 1, 0, p, {r});
  pop.input().add(0, 0, 10.0);
  for (int k = 0; k < 5000; ++k) pop.update({k, 0.1, 1});
  EXPECT_NEAR(pop.sample(pop.variable_id("v"), 0), (10.0 * -60.0 + 10.0 * 0.0) / 20.0, 1e-6);
}

// AdEx: resting state is a fixed point; a current step makes it spike and adapt (ISIs lengthen).
TEST(adex, adapts_under_a_current_step) {
  adex::params p;
  p.i_e = 800.0;
  neuron_population<adex> pop("n", 1, 0, p, {});
  std::vector<double> spikes;
  const double dt = 0.01;
  for (int k = 0; k < 100000; ++k) {
    pop.update({k, dt, 1});
    if (!pop.spikes().empty()) spikes.push_back(k * dt);
  }
  ASSERT_GE(spikes.size(), 4u);
  EXPECT_GT(spikes[3] - spikes[2], spikes[1] - spikes[0]);
  adex::params rest;
  neuron_population<adex> quiet("q", 1, 0, rest, {});
  // Rest is the fixed point of g_l(e_l − v) + g_l Δ_T e^{(v − v_t)/Δ_T} − a(v − e_l) = 0, slightly above e_l.
  for (int k = 0; k < 20000; ++k) quiet.update({k, 0.1, 1});
  const double v_rest = quiet.sample(0, 0), w_rest = quiet.sample(1, 0);
  const double residual = rest.g_l * (rest.e_l - v_rest) +
                          rest.g_l * rest.delta_t * std::exp((v_rest - rest.v_t) / rest.delta_t) - w_rest;
  EXPECT_NEAR(residual, 0.0, 1e-6);
  EXPECT_NEAR(w_rest, rest.a * (v_rest - rest.e_l), 1e-6);
  EXPECT_NEAR(v_rest, rest.e_l, 0.05);
}

// Izhikevich regular spiking (a=0.02, b=0.2, c=-65, d=8) with I = 10 fires tonically at a known band of rates.
TEST(izhikevich, regular_spiking_neuron_fires_tonically) {
  izhikevich::params p;
  p.i_e = 10.0;
  neuron_population<izhikevich> pop("n", 1, 0, p, {});
  int count = 0;
  const double dt = 0.1;
  for (int k = 0; k < 10000; ++k) {  // 1 s
    pop.update({k, dt, 1});
    count += static_cast<int>(pop.spikes().size());
  }
  EXPECT_GT(count, 5);
  EXPECT_LT(count, 40);
}

// neuron_population::update is one pass over the neurons (drive, integration, threshold, receptor decay, block by
// block). Against a self-contained reference of the documented order — the drive of every neuron at the voltage
// at the start of the step, the exact LIF step for all, then threshold and reset, then the decay of all
// receptors — bitwise, for 150 neurons (two full blocks of 64 and a partial one) with random synaptic input,
// random external currents and spikes with refractoriness. Three receptor sets take the two paths of
// synaptic_input::with_drive: two plain conductances (read inside the pass), and the same plus a current receptor
// or a conductance with a rise time (drive computed before the pass).
TEST(lif, one_pass_update_equals_the_reference_order) {
  const receptor_params exc{"exc", receptor_kind::conductance, 5.0, 0.0, 0.0, false, 1.0};
  const receptor_params inh{"inh", receptor_kind::conductance, 10.0, 0.0, -80.0, false, 1.0};
  const receptor_params cur{"cur", receptor_kind::current, 3.0, 0.0, 0.0, false, 1.0};
  const receptor_params slow{"slow", receptor_kind::conductance, 20.0, 2.0, -10.0, false, 1.0};
  for (const auto& receptors : {std::vector{exc, inh}, std::vector{exc, inh, cur}, std::vector{exc, slow, inh}}) {
    lif::params p;
    p.i_e = 200.0;  // v_inf −40 mV: tonic firing, modulated by the random input
    const std::size_t n = 150, nr = receptors.size();
    const double dt = 0.1;
    neuron_population<lif> pop("n", n, 0, p, receptors);
    random_stream rs(7, {purpose::user, 0, static_cast<std::uint32_t>(nr)});
    // Reference state: v, receptor parts (decaying and rising), refractory end.
    std::vector<double> v(n);
    std::vector<std::vector<double>> decay_part(nr, std::vector<double>(n, 0.0)), rise_part = decay_part;
    std::vector<std::int64_t> ref_until(n, 0);
    const int v_id = pop.variable_id("v");
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = rs.uniform(p.v_reset, p.v_th);
      pop.set_state(v_id, i, v[i]);
    }
    std::vector<double> norm(nr, 1.0);
    for (std::size_t r = 0; r < nr; ++r)
      if (receptors[r].tau_rise > 0.0) {
        const double td = receptors[r].tau_decay, tr = receptors[r].tau_rise;
        const double t_peak = td * tr / (td - tr) * std::log(td / tr);
        norm[r] = 1.0 / (std::exp(-t_peak / td) - std::exp(-t_peak / tr));
      }
    const auto ref_steps = std::llround(p.t_ref / dt);
    std::size_t total_spikes = 0;
    for (std::int64_t step = 0; step < 1000; ++step) {
      for (int k = 0; k < 40; ++k) {  // random arrivals and currents
        const std::size_t r = rs.below(nr), i = rs.below(n);
        const double w = rs.uniform(0.0, r == 0 ? 15.0 : 30.0);
        pop.input().add(r, i, w);
        decay_part[r][i] += w * norm[r];
        if (receptors[r].tau_rise > 0.0) rise_part[r][i] += w * norm[r];
        const std::size_t j = rs.below(n);
        const double di = rs.uniform(-50.0, 60.0);
        pop.i_ext()[j] += di;
      }
      std::vector<std::uint32_t> want;
      std::vector<double> v0 = v;
      for (std::size_t i = 0; i < n; ++i) {
        double g = 0.0, g_e = 0.0, cur_i = 0.0;
        for (std::size_t r = 0; r < nr; ++r) {
          const double s = decay_part[r][i] - rise_part[r][i];
          if (receptors[r].kind == receptor_kind::current) {
            cur_i += s;
          } else {
            g += s;
            g_e += s * receptors[r].e_rev;
          }
        }
        if (step < ref_until[i]) continue;  // refractory: v held
        const double g_tot = p.g_l + g;
        const double v_inf = (p.g_l * p.e_l + g_e + cur_i + p.i_e + pop.i_ext()[i]) / g_tot;
        v[i] = v_inf + (v0[i] - v_inf) * fast_exp(g_tot * (-dt / p.c_m));
      }
      for (std::size_t i = 0; i < n; ++i)
        if (v[i] >= p.v_th && step >= ref_until[i]) {
          v[i] = p.v_reset;
          ref_until[i] = step + ref_steps;
          want.push_back(static_cast<std::uint32_t>(i));
        }
      for (std::size_t r = 0; r < nr; ++r) {
        const double fd = std::exp(-dt / receptors[r].tau_decay);
        for (double& x : decay_part[r]) x *= fd;
        if (receptors[r].tau_rise > 0.0) {
          const double fr = std::exp(-dt / receptors[r].tau_rise);
          for (double& x : rise_part[r]) x *= fr;
        }
      }
      pop.update({step, dt, 7});
      ASSERT_EQ(pop.spikes(), want) << nr << " receptors, step " << step;
      total_spikes += want.size();
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(pop.sample(v_id, i), v[i]) << nr << " receptors, step " << step << ", neuron " << i;
        for (std::size_t r = 0; r < nr; ++r)
          ASSERT_EQ(pop.input().value(r, i), decay_part[r][i] - rise_part[r][i]) << "receptor " << r;
      }
    }
    EXPECT_GT(total_spikes, 300u);  // the threshold, reset and refractory paths were exercised
  }
}
