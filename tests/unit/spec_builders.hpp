// Small helpers to describe test networks in code.
#pragma once
#include <string>
#include <vector>

#include "plastix/neuron/models.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix::test {

inline population_spec lif_population(const std::string& name, std::size_t n, lif::params p = {},
                                      std::vector<receptor_params> receptors = {}) {
  population_spec s;
  s.name = name;
  s.size = n;
  s.model = p;
  s.receptors = std::move(receptors);
  return s;
}

inline population_spec spike_source(const std::string& name, std::vector<std::vector<double>> times) {
  population_spec s;
  s.name = name;
  s.size = times.size();
  s.model = spike_times_source::params{std::move(times)};
  return s;
}

inline receptor_params conductance(const std::string& name, double tau, double e_rev, double tau_rise = 0.0) {
  receptor_params r;
  r.name = name;
  r.kind = receptor_kind::conductance;
  r.tau_decay = tau;
  r.tau_rise = tau_rise;
  r.e_rev = e_rev;
  return r;
}

inline projection_spec projection_between(const std::string& pre, const std::string& post, const std::string& receptor,
                                          double weight, double delay) {
  projection_spec p;
  p.name = pre + "_" + post;
  p.pre = pre;
  p.post = post;
  p.receptor = receptor;
  p.connector.type = connector_spec::kind::all_to_all;
  p.weight = distribution::constant(weight);
  p.delay = distribution::constant(delay);
  return p;
}

inline experiment_spec experiment(network_spec net, double duration, double dt = 0.1) {
  experiment_spec e;
  e.name = "test";
  e.dt = dt;
  e.network = std::move(net);
  phase_spec ph;
  ph.name = "run";
  ph.duration = duration;
  e.phases.push_back(ph);
  return e;
}

}  // namespace plastix::test
