#include "plastix/spec/protocols.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/core/overloaded.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

namespace {

std::string rule_protocol_name(const protocol_params& p) {
  return std::visit([](const auto& x) { return std::string(std::decay_t<decltype(x)>::name); }, p);
}

}  // namespace

const std::vector<std::string>& protocol_names() {
  static const std::vector<std::string> names{pairing_protocol::name, current_steps_protocol::name,
                                              tetanus_protocol::name, lfs_protocol::name, theta_burst_protocol::name};
  return names;
}

std::pair<std::vector<double>, std::vector<double>> pairing_times(const pairing_protocol& p) {
  std::vector<double> pre, post;
  const double period = 1000.0 / p.frequency;        // [ms]
  const double burst_isi = 1000.0 / p.post_frequency;  // [ms]
  const double onsets = std::max(p.train_interval, static_cast<double>(p.n) * period);  // [ms]
  for (std::uint64_t r = 0; r < p.trains; ++r) {
    for (std::uint64_t k = 0; k < p.n; ++k) {  // each time from its indices: no accumulated error
      const double t = p.start + static_cast<double>(r) * onsets + static_cast<double>(k) * period;
      pre.push_back(t);
      for (std::uint64_t m = 0; m < p.post_spikes; ++m) post.push_back(t + p.dt + static_cast<double>(m) * burst_isi);
    }
  }
  std::sort(post.begin(), post.end());
  return {pre, post};
}

std::vector<double> pulse_train_times(const pulse_train_protocol& p) {
  std::vector<double> times;
  for (std::uint64_t tr = 0; tr < p.trains; ++tr)
    for (std::uint64_t g = 0; g < p.n; ++g)
      for (std::uint64_t k = 0; k < p.pulses; ++k)  // each time from its indices: no accumulated error
        times.push_back(p.start + static_cast<double>(tr) * p.train_interval + static_cast<double>(g) * p.interval +
                        static_cast<double>(k) * p.pulse_interval);
  std::sort(times.begin(), times.end());
  return times;
}

namespace {

const pulse_train_protocol* as_pulse_train(const protocol_params& p) {
  if (const auto* t = std::get_if<tetanus_protocol>(&p)) return t;
  if (const auto* t = std::get_if<lfs_protocol>(&p)) return t;
  if (const auto* t = std::get_if<theta_burst_protocol>(&p)) return t;
  return nullptr;
}

}  // namespace

void expand_protocols(experiment_spec& spec) {
  for (const protocol_spec& proto : spec.protocols) {
    if (const pulse_train_protocol* train = as_pulse_train(proto.params)) {
      population_spec* pop = find_population(spec, train->population);
      // validate_protocols reports a missing population or overlapping bursts
      if (!pop || (train->pulses > 1 && static_cast<double>(train->pulses - 1) * train->pulse_interval >= train->interval))
        continue;
      if (auto* st = std::get_if<spike_times_source_params>(&pop->model))
        st->times.assign(pop->size, pulse_train_times(*train));
      continue;
    }
    const auto* pairing = std::get_if<pairing_protocol>(&proto.params);
    if (!pairing) continue;
    const auto [pre_times, post_times] = pairing_times(*pairing);
    for (const auto& [name, times] : {std::pair{pairing->pre, pre_times}, std::pair{pairing->post, post_times}}) {
      population_spec* pop = find_population(spec, name);
      if (!pop) continue;  // validate_protocols reports it
      if (auto* st = std::get_if<spike_times_source_params>(&pop->model))
        st->times.assign(pop->size, times);
    }
  }
}

void validate_protocols(const experiment_spec& spec) {
  for (std::size_t k = 0; k < spec.protocols.size(); ++k) {
    const protocol_spec& proto = spec.protocols[k];
    const std::string base = proto.where.key.empty() ? "protocol[" + std::to_string(k) + "]" : proto.where.key;
    auto fail = [&](const std::string& field, const std::string& message) {
      source_ref where = proto.where;
      where.key = base + "." + field;
      throw error(where, message);
    };
    auto need_population = [&](const std::string& field, const std::string& name) -> const population_spec& {
      const population_spec* pop = find_population(spec, name);
      if (!pop) fail(field, "no population named '" + name + "'");
      return *pop;
    };
    // The values one by one and against each other, from the protocol's declaration (the reader checks them too).
    const key_problem declared = std::visit(
        [](const auto& p) {
          const auto problems = std::decay_t<decltype(p)>::declare().problems(p);
          return problems.empty() ? key_problem{} : problems.front();
        },
        proto.params);
    if (!declared.message.empty()) fail(declared.key, declared.message);
    std::visit(overloaded{
                   [&](const pairing_protocol& p) {
                     for (const auto& [field, name] : {std::pair{"pre", p.pre}, std::pair{"post", p.post}}) {
                       const population_spec& pop = need_population(field, name);
                       const bool spike_times = std::holds_alternative<spike_times_source_params>(pop.model);
                       if (is_source(pop.model) && !spike_times)
                         fail(field, "population '" + name + "' is a " + neuron_model_names()[pop.model.index()] +
                                         " source; a pairing protocol drives spike_times sources or neuron populations");
                       if (!is_source(pop.model) && !(p.current > 0.0 && p.pulse_duration > 0.0))
                         fail("current", "population '" + name + "' is a neuron population: give current (> 0 pA) and "
                                         "pulse_duration (> 0 ms) of the pulse that makes it fire");
                     }
                   },
                   [&](const current_steps_protocol& p) {
                     const population_spec& pop = need_population("population", p.population);
                     if (is_source(pop.model))
                       fail("population", "population '" + p.population + "' is a spike source; current steps need a "
                                          "neuron population");
                     for (std::uint32_t i : p.neurons)
                       if (i >= pop.size)
                         fail("neurons", "neuron " + std::to_string(i) + " is out of range (population '" +
                                             p.population + "' has " + std::to_string(pop.size) + " neurons)");
                     for (const auto& s : p.steps)
                       if (!(s.duration > 0.0) || s.start < 0.0)
                         fail("steps", "each step needs start >= 0 ms and duration > 0 ms");
                   },
                   [&](const pulse_train_protocol& p) {
                     const population_spec& pop = need_population("population", p.population);
                     if (!std::holds_alternative<spike_times_source_params>(pop.model))
                       fail("population", "population '" + p.population + "' is not a spike_times source; " +
                                              rule_protocol_name(proto.params) + " fills the spike times of one");
                   },
               },
               proto.params);
  }
}

}  // namespace plastix
