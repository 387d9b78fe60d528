// Intrinsic plasticity as a homeostatic bias current (spec/rules/intrinsic.hpp).
#include "plastix/plasticity/intrinsic_homeostat.hpp"

#include <algorithm>
#include <sstream>

#include "plastix/neuron/population.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

intrinsic_homeostat::intrinsic_homeostat(const intrinsic_params& p, population& pop)
    : p_(p), pop_(&pop), sensor_(pop, p.tau_avg, p.target_rate), bias_(pop.size(), 0.0) {}

void intrinsic_homeostat::on_phase(const phase_spec& phase) { sensor_.start_phase(phase.slow_step > 0.0); }

void intrinsic_homeostat::on_step() { sensor_.spikes(pop_->spikes()); }

void intrinsic_homeostat::on_slow() {
  sensor_.tick(p_.interval);
  auto& i_ext = pop_->i_ext();
  for (std::size_t i = 0; i < bias_.size(); ++i) {
    const double next = std::clamp(bias_[i] + p_.eta * p_.interval * (p_.target_rate - sensor_.rate(i)), p_.i_min, p_.i_max);
    i_ext[i] += next - bias_[i];
    bias_[i] = next;
  }
}

}  // namespace plastix
