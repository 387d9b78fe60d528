#include "plastix/stimulus/protocols.hpp"

#include "plastix/core/overloaded.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

std::vector<current_pulse> protocol_pulses(const experiment_spec& spec) {
  std::vector<current_pulse> pulses;
  for (const protocol_spec& proto : spec.protocols) {
    std::visit(overloaded{
                   [&](const pairing_protocol& p) {
                     const auto [pre_times, post_times] = pairing_times(p);
                     for (const auto& [name, times] : {std::pair{p.pre, pre_times}, std::pair{p.post, post_times}}) {
                       const population_spec* pop = find_population(spec, name);
                       if (!pop || is_source(pop->model)) continue;
                       for (double t : times) pulses.push_back({name, {}, t, p.pulse_duration, p.current});
                     }
                   },
                   [&](const current_steps_protocol& p) {
                     for (const auto& s : p.steps)
                       pulses.push_back({p.population, p.neurons, s.start, s.duration, s.amplitude});
                   },
                   [&](const pulse_train_protocol&) {},  // spike_times populations only
               },
               proto.params);
  }
  return pulses;
}

}  // namespace plastix
