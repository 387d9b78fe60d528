// The intrinsic-plasticity homeostat of one population (spec/rules/intrinsic.hpp for the model), run by the
// simulation: on_step after the population's update (counts spikes), on_slow on the slow clock, on_phase at the
// start of each phase.
#pragma once
#include <span>
#include <vector>

#include "plastix/spec/rules/intrinsic.hpp"
#include "plastix/plasticity/rate_sensor.hpp"

namespace plastix {

class population;
struct phase_spec;

class intrinsic_homeostat {
 public:
  intrinsic_homeostat(const intrinsic_params& p, population& pop);

  double slow_interval() const { return p_.interval; }  // [ms]
  void on_phase(const phase_spec& phase);
  void on_step();  // after the population's update: counts its spikes
  void on_slow();  // one tick: updates the rate estimate and the bias currents

  std::span<const double> bias() const { return bias_; }           // I_ip per neuron [pA]
  std::span<const double> rate_estimate() const { return sensor_.rates(); }  // r_avg per neuron [Hz]
  // Checkpoints (core/state_visitor.hpp): the rate estimate and the bias currents.
  void visit_state(state_visitor& v) {
    v.fixed("bias", bias_);
    const auto sensor = v.scope("sensor");
    sensor_.visit_state(v);
  }

 private:
  intrinsic_params p_;
  population* pop_;
  rate_sensor sensor_;
  std::vector<double> bias_;  // [pA]
};

}  // namespace plastix
