#include <gtest/gtest.h>

#include <cmath>

#include "plastix/neuron/receptors.hpp"

using namespace plastix;

// Jahr & Stevens 1990 values at [Mg2+] = 1 mM, from shared/reference/models.md (4 significant digits).
TEST(receptors, mg_block_matches_published_values) {
  const std::pair<double, double> table[] = {{-80, 0.0244}, {-65, 0.0597}, {-40, 0.2302},
                                             {-20, 0.5081}, {0, 0.7812},   {20, 0.925}};
  for (const auto& [v, b] : table) EXPECT_NEAR(mg_block(v, 1.0), b, 5e-4) << "V = " << v << " mV";
  EXPECT_DOUBLE_EQ(mg_block(0.0, 0.0), 1.0);  // no magnesium, no block
}

TEST(receptors, single_exponential_decay_is_exact) {
  receptor_params r{"ampa", receptor_kind::conductance, 5.0, 0.0, 0.0, false, 1.0};
  synaptic_input in({r}, 1);
  in.add(0, 0, 6.0);
  const double dt = 0.1;
  for (int k = 1; k <= 500; ++k) {
    in.decay(dt);
    EXPECT_NEAR(in.value(0, 0), 6.0 * std::exp(-k * dt / 5.0), 1e-12);
  }
}

TEST(receptors, difference_of_exponentials_peaks_at_the_weight) {
  receptor_params r = receptor_preset("nmda");  // tau_rise 2 ms, tau_decay 100 ms
  synaptic_input in({r}, 1);
  in.add(0, 0, 1.5);
  const double dt = 0.01, td = r.tau_decay, tr = r.tau_rise;
  const double t_peak = td * tr / (td - tr) * std::log(td / tr);
  double peak = 0.0, t_at_peak = 0.0;
  for (int k = 1; k <= 5000; ++k) {
    in.decay(dt);
    if (in.value(0, 0) > peak) {
      peak = in.value(0, 0);
      t_at_peak = k * dt;
    }
  }
  EXPECT_NEAR(peak, 1.5, 1e-5);
  EXPECT_NEAR(t_at_peak, t_peak, dt);
}

TEST(receptors, drive_sums_conductances_with_mg_block_and_currents) {
  receptor_params ampa{"ampa", receptor_kind::conductance, 5.0, 0.0, 0.0, false, 1.0};
  receptor_params nmda{"nmda", receptor_kind::conductance, 100.0, 0.0, 0.0, true, 1.0};
  receptor_params gaba{"gaba", receptor_kind::conductance, 10.0, 0.0, -80.0, false, 1.0};
  receptor_params cur{"i", receptor_kind::current, 5.0, 0.0, 0.0, false, 1.0};
  synaptic_input in({ampa, nmda, gaba, cur}, 2);
  in.add(0, 1, 2.0);
  in.add(1, 1, 3.0);
  in.add(2, 1, 4.0);
  in.add(3, 1, 50.0);
  const double v = -40.0;
  const synaptic_drive d = in.drive(1, v);
  EXPECT_NEAR(d.g, 2.0 + 3.0 * mg_block(v, 1.0) + 4.0, 1e-12);
  EXPECT_NEAR(d.g_e, 4.0 * -80.0, 1e-12);
  EXPECT_NEAR(d.i, 50.0, 1e-12);
  const synaptic_drive d0 = in.drive(0, v);
  EXPECT_EQ(d0.g, 0.0);
  EXPECT_EQ(d0.i, 0.0);
}
