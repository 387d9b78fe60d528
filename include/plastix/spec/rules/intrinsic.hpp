// Intrinsic plasticity: homeostatic regulation of a neuron's excitability toward a target rate. Activity
// deprivation (TTX) raises the intrinsic excitability of cortical pyramidal neurons (Desai, Rutherford & Turrigiano
// 1999, Nat Neurosci 2:515: larger Na+ and smaller K+ currents, lower rheobase); plastix models the net effect as an
// integral controller on a per-neuron bias current, the spiking analogue of the threshold rule of Triesch 2005
// (Neural Comput 19:885) and Lazar, Pipa & Triesch 2009 (SORN: θ ← θ + η(x − r_target)):
//   dI_ip,i/dt = η·(r_target − r_avg,i),      I_ip,i clipped to [i_min, i_max]
// with r_avg,i the slow rate average of plasticity/rate_sensor.hpp. I_ip is added to the neuron's external current
// (it shows in the recorded "i_ext"); for a LIF neuron it is equivalent to lowering the threshold by I_ip/g_l.
// It acts on neurons, not synapses: declared on a population ([population.intrinsic]), run by the simulation on the
// slow clock like the rules' on_slow (every `interval`, in fast and slow phases; simulation.cpp step 7). At each
// tick the rate estimate is updated, then I_ip += η·Δ·(r_target − r_avg) (exact for r_avg held over the interval).
// Defaults are plastix's: η = 1 pA/(Hz·min), τ_avg = 10 min, interval 1 s, r_target = 5 Hz, I_ip in [−1, 1] nA.
#pragma once
#include <string>

#include "plastix/spec/catalogue.hpp"

namespace plastix {

struct intrinsic_params {
  double target_rate = 5.0;    // r_target [Hz]
  double eta = 1.0 / 60.0e3;   // η [pA/(Hz·ms)] (files: `eta`, a plain number in pA/(Hz·s))
  double tau_avg = 600e3;      // time constant of the rate average [ms]
  double interval = 1000.0;    // slow clock interval Δ [ms]
  double i_min = -1000.0;      // bounds of the bias current [pA]
  double i_max = 1000.0;       // [pA]

  // [population.intrinsic]: its keys, bounds and the constraint i_min <= 0 <= i_max (family "intrinsic").
  static const declaration<intrinsic_params>& declare();
};

inline const declaration<intrinsic_params>& intrinsic_params::declare() {
  using p = intrinsic_params;
  static const auto d =
      declaration<p>("intrinsic", "intrinsic",
                     "[population.intrinsic]: a bias current driven toward a target rate (Desai et al. 1999; Triesch 2005)")
          .quantity("target_rate", &p::target_rate, dimension::frequency, bounds::non_negative(), "the target rate")
          .converted("eta", &p::eta, value_type::number, dimension::dimensionless,
                     [](double v) { return v * 1e-3; }, [](double m) { return m * 1e3; }, bounds::non_negative(),
                     "learning rate in pA/(Hz s)")
          .quantity("tau_avg", &p::tau_avg, dimension::time, bounds::positive(), "time constant of the rate average")
          .quantity("interval", &p::interval, dimension::time, bounds::positive(), "slow clock interval")
          .quantity("i_min", &p::i_min, dimension::current, bounds::any(), "lower bound of the bias current")
          .quantity("i_max", &p::i_max, dimension::current, bounds::any(), "upper bound of the bias current")
          .require([](const p& x) -> key_problem {
            if (x.i_min <= 0.0 && 0.0 <= x.i_max) return {};
            return {x.i_min > 0.0 ? "i_min" : "i_max",
                    "the bounds must satisfy i_min <= 0 pA <= i_max, got i_min = " + format_value(x.i_min, dimension::current) +
                        " and i_max = " + format_value(x.i_max, dimension::current)};
          });
  return d;
}

}  // namespace plastix
