// A neuromodulator acting on something other than a three-factor rule (docs/models/neuromodulation.md,
// `modulated_by`): acetylcholine- or noradrenaline-gated plasticity, and excitability.
//
// - Learning rate: a [[projection.plasticity]] with `modulated_by = { modulator = "ach", gain = 2.0,
//   baseline = "0.1 uM" }` runs with its learning rates (the keys its declaration marks: model_info::learning_rates)
//   multiplied by
//       f(t) = max(0, 1 + gain·(L(t) − baseline)),
//   L the modulator's level. f is held constant over each step: f of step s is taken from L at t = s·dt after the
//   modulator's events of that step (step 2b of simulation::advance), before any rule runs. Cholinergic gating of
//   plasticity: Gu 2002 (Neuroscience 111:815), Hasselmo 2006 (Curr. Opin. Neurobiol. 16:710); the learning-rate
//   form of a gating factor is that of Frémaux & Gerstner 2016 (Front. Neural Circuits 9:85).
// - Excitability: a [[population]] with `modulated_by = { modulator = "ach", gain = "20 pA", baseline = "0 uM" }`
//   receives the input current I(t) = gain·(L(t) − baseline)/(1 uM) in i_ext; over step s the current is that of the
//   level at t = s·dt before the events of step s (the level the neurons see over [s·dt, (s+1)·dt)).
#pragma once
#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/spec/catalogue.hpp"

namespace plastix {

// `modulated_by` of a plasticity rule.
struct rate_modulation {
  std::string modulator;   // the [[modulator]] read
  double gain = 1.0;       // per uM of the level above baseline [1/uM]
  double baseline = 0.0;   // level at which f = 1 [uM]
  source_ref where;        // the rule's table

  // f = max(0, 1 + gain·(level − baseline)).
  double factor(double level) const {
    const double f = 1.0 + gain * (level - baseline);
    return f > 0.0 ? f : 0.0;
  }
  static const declaration<rate_modulation>& declare();
};

// `modulated_by` of a population.
struct excitability_modulation {
  std::string modulator;   // the [[modulator]] read
  double gain = 0.0;       // input current per uM of the level above baseline [pA/uM]
  double baseline = 0.0;   // level at which the current is zero [uM]
  source_ref where;        // the population's table

  double current(double level) const { return gain * (level - baseline); }  // [pA]
  static const declaration<excitability_modulation>& declare();
};

inline const declaration<rate_modulation>& rate_modulation::declare() {
  using m = rate_modulation;
  static const auto d =
      declaration<m>("modulation", "rule.modulated_by",
                     "a modulator that scales a rule's learning rates by f = max(0, 1 + gain·(L − baseline))")
          .extra("modulator", value_type::choice, dimension::dimensionless, bounds::any(),
                 "the [[modulator]] whose level L scales the rule's learning rates (required)")
          .number("gain", &m::gain, bounds::any(), "per uM of the level above baseline: f = max(0, 1 + gain·(L − baseline))")
          .quantity("baseline", &m::baseline, dimension::concentration, bounds::any(), "the level at which f = 1");
  return d;
}

inline const declaration<excitability_modulation>& excitability_modulation::declare() {
  using m = excitability_modulation;
  static const auto d =
      declaration<m>("modulation", "population.modulated_by",
                     "a modulator that drives a population by the input current gain·(L − baseline)/uM")
          .extra("modulator", value_type::choice, dimension::dimensionless, bounds::any(),
                 "the [[modulator]] whose level L sets the current (required)")
          .quantity("gain", &m::gain, dimension::current, bounds::any(),
                    "input current per uM of the level above baseline: I = gain·(L − baseline)/uM")
          .quantity("baseline", &m::baseline, dimension::concentration, bounds::any(), "the level at which I = 0");
  return d;
}

}  // namespace plastix
