#include "plastix/spec/resources.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>


namespace plastix {

namespace {

// Samples of a series taken every `interval` [ms] (at least every step; in a slow phase at most once per slow step)
// over all phases, plus the first.
double samples(const experiment_spec& spec, double interval) {
  const double every = std::max(1.0, std::round(interval / spec.dt));  // [steps]
  double n = 1.0;
  for (const phase_spec& ph : spec.phases) {
    const double steps = ph.duration / spec.dt;
    const double slow = ph.slow_step > 0.0 ? std::max(1.0, std::round(ph.slow_step / spec.dt)) : 1.0;
    n += std::floor(steps / std::max(every, slow));
  }
  return n;
}

// Time in which neurons spike: all phases but slow ones [s].
double spiking_seconds(const experiment_spec& spec) {
  double ms = 0.0;
  for (const phase_spec& ph : spec.phases)
    if (!(ph.slow_step > 0.0)) ms += ph.duration;
  return ms * 1e-3;
}

}  // namespace

double run_steps(const experiment_spec& spec) {
  double steps = 0.0;
  for (const phase_spec& ph : spec.phases) steps += ph.duration / spec.dt;
  return steps;
}

double expected_synapses(const experiment_spec& spec, const projection_spec& p) {
  const population_spec* pre = find_population(spec, p.pre);
  const population_spec* post = find_population(spec, p.post);
  if (!pre || !post) return 0.0;
  const double n_pre = static_cast<double>(pre->size), n_post = static_cast<double>(post->size);
  const connector_spec& c = p.connector;
  switch (c.type) {
    case connector_spec::kind::all_to_all: return n_pre * n_post - (p.pre == p.post && !c.autapses ? n_pre : 0.0);
    case connector_spec::kind::one_to_one: return n_post;
    case connector_spec::kind::fixed_probability: return c.p * n_pre * n_post;
    case connector_spec::kind::fixed_indegree: return static_cast<double>(c.indegree) * n_post;
    case connector_spec::kind::list: return static_cast<double>(c.pairs.size());
  }
  return 0.0;
}

double spike_rate_bound(const experiment_spec& spec, const population_spec& p) {
  if (is_rate(p.model)) return 0.0;
  double rate = 0.0;
  if (const auto* s = std::get_if<poisson_source_params>(&p.model)) {
    rate = s->rate;
    for (const auto& [t, r] : s->profile) rate = std::max(rate, r);
  } else if (const auto* s = std::get_if<regular_source_params>(&p.model)) {
    rate = s->rate;
  } else if (const auto* s = std::get_if<spike_times_source_params>(&p.model)) {
    double count = 0.0;
    for (const auto& times : s->times) count += static_cast<double>(times.size());
    const double seconds = spiking_seconds(spec);
    return p.size > 0 && seconds > 0.0 ? count / static_cast<double>(p.size) / seconds : 0.0;
  } else {
    return assumed_neuron_rate;
  }
  for (const phase_spec& ph : spec.phases)
    for (const stimulus_spec& st : ph.stimuli)
      if (st.population == p.name && st.type == stimulus_spec::kind::rate) rate = std::max(rate, st.value);
  return rate;
}

double monitor_bytes(const experiment_spec& spec, const monitor_spec& m) {
  const auto chosen = [&](double all) { return m.indices.empty() ? all : static_cast<double>(m.indices.size()); };
  if (m.modulator) return samples(spec, m.interval) * 16.0;  // a time and the level per sample
  const bool on_projection =
      m.type == monitor_spec::kind::weights || m.type == monitor_spec::kind::transmission || m.rule_state;
  const projection_spec* proj = on_projection ? find_projection(spec, m.target) : nullptr;
  const population_spec* pop = find_population(spec, proj ? proj->pre : m.target);
  if (!pop) return 0.0;
  const double neurons = chosen(static_cast<double>(pop->size));
  switch (m.type) {
    case monitor_spec::kind::spikes:  // time [8 bytes] and sender [4] per spike
      return 12.0 * neurons * spike_rate_bound(spec, *pop) * spiking_seconds(spec);
    case monitor_spec::kind::transmission:  // time, pre, efficacy per presynaptic spike
      return 20.0 * neurons * spike_rate_bound(spec, *pop) * spiking_seconds(spec);
    case monitor_spec::kind::state:  // a time and one value per neuron per sample
      return samples(spec, m.interval) * (8.0 + 8.0 * neurons);
    case monitor_spec::kind::weights: {  // endpoints, then a time and one value per synapse per sample
      const double synapses = chosen(proj ? expected_synapses(spec, *proj) : 0.0);
      const double n = m.interval > 0.0 ? samples(spec, m.interval) + 1.0 : 2.0;
      return 8.0 * synapses + n * (8.0 + 8.0 * synapses);
    }
    case monitor_spec::kind::rate: {  // a bin start and a rate per bin, in all phases
      const double bin = std::max(1.0, std::round((m.interval > 0.0 ? m.interval : 1.0) / spec.dt));  // [steps]
      return 16.0 * (std::floor(run_steps(spec) / bin) + 1.0);
    }
  }
  return 0.0;
}

std::uint64_t estimate_output_bytes(const experiment_spec& spec) {
  double bytes = static_cast<double>(spec.file_text.size()) + 64.0 * 1024.0;  // provenance, metrics, file structure
  const bool keeps_recordings = !spec.sweep || spec.sweep->keep.has_value();
  if (keeps_recordings)
    for (const monitor_spec& m : spec.monitors) bytes += monitor_bytes(spec, m);
  if (spec.sweep) {  // the sweep's table: a row per grid point (and measuring time), a column per axis and measure
    double points = std::max<double>(1.0, static_cast<double>(spec.sweep->conditions.size()));
    for (const auto& a : spec.sweep->axes) points *= static_cast<double>(a.values.size());
    const double rows = points * (spec.sweep->times ? static_cast<double>(spec.sweep->times->at.size()) : 1.0);
    bytes += 8.0 * rows * static_cast<double>(spec.sweep->axes.size() + spec.sweep->measures.size() + 2);
  }
  constexpr double top = static_cast<double>(std::numeric_limits<std::uint64_t>::max());
  return !(bytes < top) ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(bytes);
}

std::string memory_text(double bytes) {
  const char* names[] = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
  int k = 0;
  while (bytes >= 1000.0 && k < 6) {
    bytes /= 1000.0;
    ++k;
  }
  return fmt::format("{:.3g} {}", bytes, names[k]);
}

}  // namespace plastix
