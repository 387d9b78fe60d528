// Intrinsic plasticity as a homeostatic bias current (plasticity/intrinsic.hpp).
#include "plastix/plasticity/intrinsic_homeostat.hpp"

#include <algorithm>
#include <sstream>

#include "plastix/neuron/population.hpp"
#include "plastix/sim/network.hpp"

namespace plastix {

std::string validate_intrinsic(const intrinsic_params& p) {
  std::ostringstream os;
  if (!(p.target_rate >= 0.0)) os << "target_rate must be >= 0 Hz, got " << p.target_rate << " Hz";
  else if (!(p.eta >= 0.0)) os << "eta must be >= 0, got " << p.eta * 1e3 << " pA/(Hz s)";
  else if (!(p.tau_avg > 0.0)) os << "tau_avg must be > 0 ms, got " << p.tau_avg << " ms";
  else if (!(p.interval > 0.0)) os << "interval must be > 0 ms, got " << p.interval << " ms";
  else if (!(p.i_min <= 0.0 && 0.0 <= p.i_max))
    os << "the bounds must satisfy i_min <= 0 pA <= i_max, got i_min = " << p.i_min << " pA and i_max = " << p.i_max
       << " pA";
  return os.str();
}

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
