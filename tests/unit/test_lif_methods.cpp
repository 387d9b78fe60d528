// The LIF neuron's integration methods (key `method`, neuron/lif.hpp): forward Euler, the exponential Euler step
// (the default) and the exact step for current receptors, each against closed forms and a reference loop.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "plastix/core/fast_math.hpp"
#include "plastix/core/random.hpp"
#include "plastix/io/config.hpp"
#include "plastix/neuron/lif.hpp"
#include "plastix/neuron/neuron_population.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using config_test::base_file;
using config_test::expect_error;
using config_test::with;

namespace {

// v of a one-neuron population every step for `steps` steps of dt [ms]; `before(k)` may add input before step k.
template <class Before>
std::vector<double> trace(neuron_population<lif>& pop, double dt, int steps, Before before) {
  std::vector<double> v;
  const int id = pop.variable_id("v");
  for (int k = 0; k < steps; ++k) {
    before(k);
    pop.update({k, dt, 1});
    v.push_back(pop.sample(id, 0));
  }
  return v;
}

// Response of a LIF at rest to a current I(t) = e^{−t/τ} [pA] from t = 0: v − e_l [mV] at t [ms] (τ ≠ τ_m), or
// t·e^{−t/τ_m}/c_m when τ = τ_m.
double response_to_decaying_current(const lif::params& p, double tau, double t) {
  const double tau_m = p.c_m / p.g_l;
  if (tau == tau_m) return t * std::exp(-t / tau_m) / p.c_m;
  return tau_m * tau / (tau_m - tau) * (std::exp(-t / tau_m) - std::exp(-t / tau)) / p.c_m;
}

lif::params quiet(lif_method method) {
  lif::params p;
  p.v_th = 1e9;  // never fires
  p.method = method;
  return p;
}

}  // namespace

// Constant input: forward Euler is v_{k+1} = v_k + dt·(g_l(e_l − v_k) + i_e)/c_m, the geometric sequence
// v_inf + (v0 − v_inf)(1 − dt/τ_m)^k.
TEST(lif_methods, forward_euler_follows_its_closed_form_for_constant_input) {
  lif::params p = quiet(lif_method::euler);
  p.i_e = 150.0;
  neuron_population<lif> pop("n", 1, 0, p, {});
  const double dt = 0.1, tau_m = p.c_m / p.g_l, v_inf = p.e_l + p.i_e / p.g_l;
  const std::vector<double> v = trace(pop, dt, 2000, [](int) {});
  for (int k = 1; k <= 2000; ++k)
    ASSERT_NEAR(v[k - 1], v_inf + (p.e_l - v_inf) * std::pow(1.0 - dt / tau_m, k), 1e-10) << "step " << k;
}

// Forward Euler is first order: halving dt halves the error against the exact solution at t = 10 ms.
TEST(lif_methods, forward_euler_error_halves_when_dt_halves) {
  lif::params p = quiet(lif_method::euler);
  p.i_e = 150.0;
  const double tau_m = p.c_m / p.g_l, v_inf = p.e_l + p.i_e / p.g_l;
  const double exact = v_inf + (p.e_l - v_inf) * std::exp(-10.0 / tau_m);
  std::vector<double> errors;
  for (const double dt : {0.2, 0.1, 0.05}) {
    neuron_population<lif> pop("n", 1, 0, p, {});
    const int steps = static_cast<int>(std::lround(10.0 / dt));
    errors.push_back(std::abs(trace(pop, dt, steps, [](int) {}).back() - exact));
  }
  EXPECT_GT(errors[0], 1e-3);  // visibly inexact at 0.2 ms
  EXPECT_NEAR(errors[0] / errors[1], 2.0, 0.05);
  EXPECT_NEAR(errors[1] / errors[2], 2.0, 0.05);
}

// Forward Euler in a population with random conductance, current input and spikes, on both receptor paths
// (conductances read inside the pass; a current receptor makes the drive be computed first): bitwise the same
// as a reference loop of the documented order.
TEST(lif_methods, forward_euler_population_equals_a_reference_loop) {
  const receptor_params exc{"exc", receptor_kind::conductance, 5.0, 0.0, 0.0, false, 1.0};
  const receptor_params inh{"inh", receptor_kind::conductance, 10.0, 0.0, -80.0, false, 1.0};
  const receptor_params cur{"cur", receptor_kind::current, 3.0, 0.0, 0.0, false, 1.0};
  for (const auto& receptors : {std::vector{exc, inh}, std::vector{exc, inh, cur}}) {
    lif::params p;
    p.i_e = 200.0;
    p.method = lif_method::euler;
    const std::size_t n = 100, nr = receptors.size();
    const double dt = 0.1;
    neuron_population<lif> pop("n", n, 0, p, receptors);
    random_stream rs(3, {purpose::user, 0, static_cast<std::uint32_t>(nr)});
    std::vector<double> v(n, p.e_l);
    std::vector<std::vector<double>> g(nr, std::vector<double>(n, 0.0));
    std::vector<std::int64_t> ref_until(n, 0);
    const auto ref_steps = std::llround(p.t_ref / dt);
    std::size_t spikes = 0;
    for (std::int64_t step = 0; step < 2000; ++step) {
      for (int k = 0; k < 30; ++k) {
        const std::size_t r = rs.below(nr), i = rs.below(n);
        const double w = rs.uniform(0.0, r == 0 ? 15.0 : 30.0);
        pop.input().add(r, i, w);
        g[r][i] += w;
      }
      std::vector<std::uint32_t> want;
      for (std::size_t i = 0; i < n; ++i) {
        double g_sum = 0.0, g_e = 0.0, current = 0.0;
        for (std::size_t r = 0; r < nr; ++r) {
          if (receptors[r].kind == receptor_kind::current) {
            current += g[r][i];
          } else {
            g_sum += g[r][i];
            g_e += g[r][i] * receptors[r].e_rev;
          }
        }
        if (step >= ref_until[i]) {
          const double total = p.g_l * (p.e_l - v[i]) + g_e - g_sum * v[i] + current + p.i_e + 0.0;
          v[i] += total * (dt / p.c_m);
        }
        if (v[i] >= p.v_th && step >= ref_until[i]) {
          v[i] = p.v_reset;
          ref_until[i] = step + ref_steps;
          want.push_back(static_cast<std::uint32_t>(i));
        }
      }
      for (std::size_t r = 0; r < nr; ++r)
        for (double& x : g[r]) x *= std::exp(-dt / receptors[r].tau_decay);
      pop.update({step, dt, 3});
      ASSERT_EQ(pop.spikes(), want) << nr << " receptors, step " << step;
      for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(pop.sample(0, i), v[i]) << "neuron " << i << ", step " << step;
      spikes += want.size();
    }
    EXPECT_GT(spikes, 100u);  // the comparison covered resets and refractoriness
  }
}

// A current e^{−t/τ} on a current receptor: method exact follows the closed form to rounding at any dt, where
// the exponential Euler step (input held over the step) is off by more than 1 % of the peak at dt = 1 ms.
TEST(lif_methods, exact_method_follows_the_closed_form_of_a_decaying_current_at_any_dt) {
  for (const double tau : {2.0, 5.0, 20.0, 40.0}) {  // 20 ms = τ_m: the limit of the closed form
    const receptor_params cur{"cur", receptor_kind::current, tau, 0.0, 0.0, false, 1.0};
    for (const double dt : {0.1, 1.0}) {
      const int steps = static_cast<int>(std::lround(60.0 / dt));
      const auto spike_at_zero = [](neuron_population<lif>& pop) {
        return [&pop](int k) {
          if (k == 0) pop.input().add(0, 0, 100.0);  // 100 pA
        };
      };
      neuron_population<lif> exact_pop("n", 1, 0, quiet(lif_method::exact), {cur});
      neuron_population<lif> held_pop("n", 1, 0, quiet(lif_method::exponential_euler), {cur});
      const std::vector<double> exact = trace(exact_pop, dt, steps, spike_at_zero(exact_pop));
      const std::vector<double> held = trace(held_pop, dt, steps, spike_at_zero(held_pop));
      double peak = 0.0, worst_held = 0.0;
      for (int k = 0; k < steps; ++k) {
        const double want = -60.0 + 100.0 * response_to_decaying_current(quiet(lif_method::exact), tau, (k + 1) * dt);
        ASSERT_NEAR(exact[k], want, 1e-11) << "tau " << tau << " ms, dt " << dt << " ms, step " << k;
        peak = std::max(peak, want + 60.0);
        worst_held = std::max(worst_held, std::abs(held[k] - want));
      }
      if (dt == 1.0) EXPECT_GT(worst_held, 0.01 * peak) << "tau " << tau;
    }
  }
}

// A current receptor with a rise time: the difference of two exponentials, each part weighted for its own time
// constant, follows the closed form (the normalisation makes the current's peak 100 pA).
TEST(lif_methods, exact_method_follows_the_closed_form_of_a_current_with_a_rise_time) {
  const double tau_d = 8.0, tau_r = 1.5, dt = 0.5;
  const receptor_params cur{"cur", receptor_kind::current, tau_d, tau_r, 0.0, false, 1.0};
  const lif::params p = quiet(lif_method::exact);
  neuron_population<lif> pop("n", 1, 0, p, {cur});
  const std::vector<double> v = trace(pop, dt, 120, [&](int k) {
    if (k == 0) pop.input().add(0, 0, 100.0);
  });
  const double t_peak = tau_d * tau_r / (tau_d - tau_r) * std::log(tau_d / tau_r);
  const double norm = 1.0 / (std::exp(-t_peak / tau_d) - std::exp(-t_peak / tau_r));
  for (int k = 0; k < 120; ++k) {
    const double t = (k + 1) * dt;
    const double want =
        p.e_l + 100.0 * norm * (response_to_decaying_current(p, tau_d, t) - response_to_decaying_current(p, tau_r, t));
    ASSERT_NEAR(v[k], want, 1e-11) << "step " << k;
  }
}

// Without current receptors there is nothing to weight: exact is bitwise the exponential Euler step, for a bias,
// an external current and delta receptors alike.
TEST(lif_methods, exact_method_equals_exponential_euler_for_input_held_over_the_step) {
  const receptor_params jump{"jump", receptor_kind::delta, 0.0, 0.0, 0.0, false, 1.0};
  std::vector<std::vector<double>> traces;
  for (const lif_method m : {lif_method::exponential_euler, lif_method::exact}) {
    lif::params p = quiet(m);
    p.i_e = 120.0;
    neuron_population<lif> pop("n", 1, 0, p, {jump});
    traces.push_back(trace(pop, 0.1, 500, [&](int k) {
      if (k % 50 == 0) pop.input().add(0, 0, 1.5);  // +1.5 mV
      pop.i_ext()[0] = 10.0 * std::sin(0.01 * k);
    }));
  }
  EXPECT_EQ(traces[0], traces[1]);
}

// The method is read from the file (default exponential_euler) and may change between phases.
TEST(lif_methods, method_is_read_from_the_file_and_defaults_to_exponential_euler) {
  const experiment_spec plain = parse_experiment(base_file, "m.toml");
  EXPECT_EQ(std::get<lif_params>(plain.network.populations[1].model).method, lif_method::exponential_euler);
  const experiment_spec euler =
      parse_experiment(with(base_file, "t_ref = \"2 ms\"", "t_ref = \"2 ms\"\nmethod = \"euler\""), "m.toml");
  EXPECT_EQ(std::get<lif_params>(euler.network.populations[1].model).method, lif_method::euler);
}

// exact needs closed-form input: a conductance receptor is refused at the key, in the file and in a phase.
TEST(lif_methods, exact_method_with_a_conductance_receptor_is_refused_at_the_key) {
  expect_error(with(base_file, "t_ref = \"2 ms\"", "t_ref = \"2 ms\"\nmethod = \"exact\""), "method",
               "population.exc.method", {"method \"exact\" needs current or delta receptors", "'ampa'", "euler"});
  expect_error(with(base_file, "t_ref = \"2 ms\"", "t_ref = \"2 ms\"\nmethod = \"rk4\""), "method",
               "population.exc.method", {"exponential_euler", "exact"});
  const std::string phase = "\n[[phase]]\nname = \"p\"\nduration = \"10 ms\"\nset = { \"population.exc.method\" = "
                            "\"exact\" }\n";
  expect_error(with(base_file, "duration = \"100 ms\"\n", "") + phase, "set = {", "phase.p.set.population.exc.method",
               {"phase 'p': ", "method \"exact\" needs current or delta receptors"});
}
