#include "plastix/sim/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include "plastix/core/error.hpp"
#include "plastix/core/linalg.hpp"
#include "plastix/sim/firing_pattern.hpp"
#include "plastix/sim/overlap.hpp"
#include "plastix/sim/classify.hpp"
#include "plastix/sim/recall.hpp"
#include "plastix/sim/synapse_rank.hpp"
#include "plastix/sim/choices.hpp"
#include "plastix/sim/conditioned_response.hpp"
#include "plastix/neuron/models.hpp"
#include "result_statistics.hpp"

namespace plastix {

namespace {

const projection& projection_of(const simulation& sim, const std::string& name) {
  for (const auto& p : sim.projections())
    if (p->name() == name) return *p;
  throw error("analysis: no projection named '" + name + "'");
}

const population_spec& population_spec_of(const experiment_spec& spec, const std::string& name) {
  for (const population_spec& p : spec.network.populations)
    if (p.name == name) return p;
  throw error("analysis: no population named '" + name + "'");
}

double norm(const std::vector<double>& v) { return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0)); }

// Angle between w and the line through e (unit vector) [deg], in [0, 90]; 90 for w = 0.
double angle_deg(const std::vector<double>& w, const std::vector<double>& e) {
  const double n = norm(w);
  if (n == 0.0) return 90.0;
  const double c = std::min(1.0, std::abs(std::inner_product(w.begin(), w.end(), e.begin(), 0.0)) / n);
  return std::acos(c) * 180.0 / std::numbers::pi;
}

// 1 − mean/max of the responses; 0 when none is positive (or there are none).
double selectivity(const std::vector<double>& r) {
  if (r.empty()) return 0.0;
  const double max = *std::max_element(r.begin(), r.end());
  if (!(max > 0.0)) return 0.0;
  return 1.0 - std::accumulate(r.begin(), r.end(), 0.0) / static_cast<double>(r.size()) / max;
}

void principal_component(const analysis_spec& a, const experiment_spec& spec, const projection& proj,
                         const std::vector<double>& w_start, run_results& results) {
  const auto& source = std::get<rate_gaussian_source::params>(population_spec_of(spec, proj.pre().name()).model);
  const symmetric_eigen eig = eigen_symmetric(rate_gaussian_source::covariance_of(source));
  const std::vector<double>& e1 = eig.eigenvectors.at(0);
  const std::vector<double> w_end = weights_onto(proj, a.neuron);
  results.metrics["angle_deg"] = angle_deg(w_end, e1);
  results.metrics["angle_deg_start"] = angle_deg(w_start, e1);
  results.metrics["norm_w"] = norm(w_end);
  results.metrics["lambda_1"] = eig.eigenvalues.at(0);
  results.metrics["lambda_2"] = eig.eigenvalues.size() > 1 ? eig.eigenvalues[1] : 0.0;

  table t;
  t.columns = {"t_s", "angle_deg", "norm_w"};
  t.data.resize(3);
  const auto add_row = [&](double time_ms, const std::vector<double>& w) {
    t.data[0].push_back(time_ms * 1e-3);
    t.data[1].push_back(angle_deg(w, e1));
    t.data[2].push_back(norm(w));
  };
  const weight_record* rec = nullptr;
  for (const weight_record& r : results.weights)
    if (!a.weights.empty() && r.name == a.weights) rec = &r;
  if (rec) {
    const std::size_t columns = rec->synapses.size();
    for (std::size_t k = 0; k < rec->times.size(); ++k) {
      std::vector<double> w(proj.pre().size(), 0.0);
      for (std::size_t c = 0; c < columns; ++c)  // a synapse that does not exist then (NaN) adds nothing
        if (const double x = rec->values[k * columns + c]; rec->post[c] == a.neuron && !std::isnan(x)) w[rec->pre[c]] += x;
      add_row(rec->times[k], w);
    }
  } else {
    add_row(0.0, w_start);
    add_row(results.bio_time, w_end);
  }
  results.tables[a.table] = std::move(t);
}

void pattern_responses(const analysis_spec& a, const experiment_spec& spec, const projection& proj,
                       const std::vector<double>& w_start, run_results& results) {
  const auto& source = std::get<rate_patterns_source::params>(population_spec_of(spec, proj.pre().name()).model);
  const auto& unit = std::get<rate_unit::params>(population_spec_of(spec, proj.post().name()).model);
  const std::vector<double> w_end = weights_onto(proj, a.neuron);
  const auto response = [&](const std::vector<double>& w, const std::vector<double>& pattern) {
    return rate_unit::output(unit, std::inner_product(w.begin(), w.end(), pattern.begin(), 0.0) + unit.bias);
  };
  table t;
  t.columns = {"pattern", "response_before", "response_after"};
  t.data.resize(3);
  for (std::size_t k = 0; k < source.patterns.size(); ++k) {
    t.data[0].push_back(static_cast<double>(k));
    t.data[1].push_back(response(w_start, source.patterns[k]));
    t.data[2].push_back(response(w_end, source.patterns[k]));
  }
  results.metrics["selectivity"] = selectivity(t.data[2]);
  results.metrics["selectivity_before"] = selectivity(t.data[1]);
  results.metrics["preferred_pattern"] =
      static_cast<double>(std::max_element(t.data[2].begin(), t.data[2].end()) - t.data[2].begin());
  results.tables[a.table] = std::move(t);
}

// Least squares of the weights after against before, one row of the analysis's table (rows in file order).
void weight_scaling(const analysis_spec& a, const projection& proj, const std::vector<double>& w_before,
                    run_results& results) {
  const auto w_after = proj.weights();
  if (w_after.size() != w_before.size())
    throw error(a.where, "weight_scaling: projection '" + a.projection + "' changed its number of synapses (" +
                             std::to_string(w_before.size()) + " before, " + std::to_string(w_after.size()) +
                             " after); the analysis pairs each weight with itself and needs a fixed structure");
  const paired_statistics st = pair_statistics(w_before, w_after);
  const double slope = st.slope(), correlation = st.correlation();
  const double intercept = st.mean_y - slope * st.mean_x;
  results.metrics["scaling_slope." + a.projection] = slope;
  results.metrics["scaling_intercept." + a.projection] = intercept;
  results.metrics["scaling_correlation." + a.projection] = correlation;
  table& t = next_numbered_row(results, a.table, {"slope", "intercept", "correlation", "mean_w_before", "mean_w_after"});
  const double condition = t.data[0].back();
  const double row[] = {slope, intercept, correlation, st.mean_x, st.mean_y};
  for (std::size_t c = 0; c < 5; ++c) t.data[c + 1].push_back(row[c]);
  // The pairs themselves, for the scatter of after against before: at most 500 synapses per analysis, evenly spaced.
  table& pairs = results.tables[a.table + "_weights"];
  if (pairs.columns.empty()) {
    pairs.columns = {"condition", "w_before", "w_after"};
    pairs.data.resize(3);
  }
  const std::size_t stride = std::max<std::size_t>(1, (w_before.size() + 499) / 500);
  for (std::size_t s = 0; s < w_before.size(); s += stride) {
    pairs.data[0].push_back(condition);
    pairs.data[1].push_back(w_before[s]);
    pairs.data[2].push_back(w_after[s]);
  }
}

std::vector<double> all_weights(const projection& proj) {
  const auto w = proj.weights();
  return {w.begin(), w.end()};
}

}  // namespace

std::vector<double> weights_onto(const projection& proj, std::uint32_t post) {
  std::vector<double> w(proj.pre().size(), 0.0);
  const auto synapses = proj.incoming(post);
  const auto weights = proj.weights();
  for (std::size_t k = 0; k < synapses.size(); ++k) w[synapses.pre(k)] += weights[synapses[k]];
  return w;
}

analyses::analyses(const simulation& sim) {
  for (const analysis_spec& a : sim.spec().analyses) {
    if (a.type == analysis_spec::kind::recall || a.type == analysis_spec::kind::overlap ||
        a.type == analysis_spec::kind::synapse_rank || a.type == analysis_spec::kind::choices ||
        a.type == analysis_spec::kind::conditioned_response || a.type == analysis_spec::kind::ocular_dominance ||
        a.type == analysis_spec::kind::classify || a.type == analysis_spec::kind::firing_pattern)
      w_start_.emplace_back();
    else if (a.type == analysis_spec::kind::weight_scaling) w_start_.push_back(all_weights(projection_of(sim, a.projection)));
    else w_start_.push_back(weights_onto(projection_of(sim, a.projection), a.neuron));
  }
}

void analyses::start_phase(const simulation& sim, const phase_spec& phase) {
  const auto& list = sim.spec().analyses;
  for (std::size_t k = 0; k < list.size(); ++k)
    if (list[k].type == analysis_spec::kind::weight_scaling && !list[k].phase.empty() && list[k].phase == phase.name)
      w_start_[k] = all_weights(projection_of(sim, list[k].projection));
  for (const analysis_spec& a : list)
    if (a.type == analysis_spec::kind::ocular_dominance)
      od_snapshots_.push_back(ocular_dominance_now(projection_of(sim, a.projection), a.first_eye, sim.time()));
}

void analyses::visit_state(state_visitor& v) {
  v.nested("w_start", w_start_);
  // Each snapshot as one list: t_ms, then W_C and W_I of every post neuron.
  std::vector<std::vector<double>> od;
  for (const ocular_dominance_snapshot& s : od_snapshots_) {
    std::vector<double> flat{s.t_ms};
    flat.insert(flat.end(), s.w_contra.begin(), s.w_contra.end());
    flat.insert(flat.end(), s.w_ipsi.begin(), s.w_ipsi.end());
    od.push_back(std::move(flat));
  }
  v.nested("ocular_dominance", od);
  if (!v.loading()) return;
  od_snapshots_.clear();
  for (const std::vector<double>& flat : od) {
    const std::size_t n = flat.empty() ? 0 : (flat.size() - 1) / 2;
    const auto at = [&](std::size_t k) { return flat.begin() + static_cast<std::ptrdiff_t>(k); };
    od_snapshots_.push_back({flat.empty() ? 0.0 : flat[0], {at(1), at(1 + n)}, {at(1 + n), at(1 + 2 * n)}});
  }
}

void analyses::finish(const simulation& sim, run_results& results) const {
  const experiment_spec& spec = sim.spec();
  for (std::size_t k = 0; k < spec.analyses.size(); ++k) {
    const analysis_spec& a = spec.analyses[k];
    if (a.type == analysis_spec::kind::recall) {
      recall_analysis(a, spec, results);
      continue;
    }
    if (a.type == analysis_spec::kind::classify) {
      classify_analysis(a, spec, results);
      continue;
    }
    if (a.type == analysis_spec::kind::overlap) {
      overlap_analysis(a, spec, results);
      continue;
    }
    if (a.type == analysis_spec::kind::firing_pattern) {
      firing_pattern_analysis(a, spec, results);
      continue;
    }
    if (a.type == analysis_spec::kind::synapse_rank) {
      synapse_rank_analysis(a, results);
      continue;
    }
    if (a.type == analysis_spec::kind::choices) {
      choices_analysis(a, spec, sim.reward_trials(a.modulator), results);
      continue;
    }
    if (a.type == analysis_spec::kind::conditioned_response) {
      conditioned_response_analysis(a, spec, results);
      continue;
    }
    if (a.type == analysis_spec::kind::ocular_dominance) {
      std::vector<ocular_dominance_snapshot> snapshots = od_snapshots_;
      snapshots.push_back(ocular_dominance_now(projection_of(sim, a.projection), a.first_eye, sim.time()));
      ocular_dominance_analysis(a, snapshots, results);
      continue;
    }
    const projection& proj = projection_of(sim, a.projection);
    if (a.type == analysis_spec::kind::principal_component) {
      principal_component(a, spec, proj, w_start_[k], results);
    } else if (a.type == analysis_spec::kind::weight_scaling) {
      weight_scaling(a, proj, w_start_[k], results);
    } else {
      pattern_responses(a, spec, proj, w_start_[k], results);
    }
  }
}

}  // namespace plastix
