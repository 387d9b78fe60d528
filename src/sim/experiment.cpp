#include "plastix/sim/experiment.hpp"

#include <chrono>
#include <numeric>

#include "plastix/core/error.hpp"
#include "plastix/plasticity/calcium_rule.hpp"
#include "plastix/plasticity/structural.hpp"
#include "plastix/sim/analysis.hpp"
#include "plastix/sim/tables.hpp"

namespace plastix {

namespace {

double mean_of(std::span<const double> w) {
  return w.empty() ? 0.0 : std::accumulate(w.begin(), w.end(), 0.0) / static_cast<double>(w.size());
}

// Structural plasticity: the turnover table of each structural rule (one row per report interval) and the mean
// fraction of synapses lost and created per interval after the first (metrics lost_fraction.<projection>,
// new_fraction.<projection>).
void add_turnover(const projection& p, std::map<std::string, double>& metrics, run_results& r) {
  for (const auto& rule : p.rules()) {
    const std::vector<turnover_row>* rows = structural_turnover(*rule);
    if (!rows) continue;
    const std::string name = structural_parameters(*rule)->table;
    if (r.tables.count(name))
      throw error("projection '" + p.name() + "': a result table named '" + name + "' already exists; give the "
                  "structural rule another table name");
    table tab;
    tab.columns = {"t_days", "lost_fraction", "new_fraction", "synapses_rel", "mean_weight"};
    tab.data.resize(tab.columns.size());
    double lost = 0.0, fresh = 0.0;
    for (std::size_t k = 0; k < rows->size(); ++k) {
      const turnover_row& row = (*rows)[k];
      const double values[] = {row.t / 8.64e7, row.lost_fraction, row.new_fraction, row.synapses_rel, row.mean_weight};
      for (std::size_t c = 0; c < tab.columns.size(); ++c) tab.data[c].push_back(values[c]);
      if (k > 0) {
        lost += row.lost_fraction;
        fresh += row.new_fraction;
      }
    }
    if (rows->size() > 1) {
      metrics["lost_fraction." + p.name()] = lost / static_cast<double>(rows->size() - 1);
      metrics["new_fraction." + p.name()] = fresh / static_cast<double>(rows->size() - 1);
    }
    r.tables[name] = std::move(tab);
  }
}

}  // namespace

run_results run_experiment(const experiment_spec& spec, const progress_fn& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  simulation sim(spec);
  double total = 0.0;
  for (const phase_spec& ph : spec.phases) total += ph.duration;
  if (progress) sim.set_progress(progress, total);

  // Mean initial weight of each projection, for the weight-change metrics (a mean, not a copy of every weight:
  // no extra memory per synapse).
  std::vector<double> w_start(sim.projections().size(), 0.0);
  for (std::size_t k = 0; k < sim.projections().size(); ++k) w_start[k] = mean_of(sim.projections()[k]->weights());

  analyses after_run(sim);  // remembers the initial weights of analysed projections
  for (const phase_spec& ph : spec.phases) {
    after_run.start_phase(sim, ph);
    sim.run_phase(ph);
  }
  for (const auto& proj : sim.projections())  // calcium rule: ρ up to the end of the run (event driven)
    for (const auto& rule : proj->rules())
      if (auto* ca = dynamic_cast<calcium_rule*>(rule.get())) ca->advance_to(*proj, sim.time());

  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double seconds = sim.time() * 1e-3;
  std::map<std::string, double> metrics;
  for (const auto& pop : sim.populations()) {
    if (pop->is_rate()) continue;  // no spikes
    const double n = static_cast<double>(pop->size());
    metrics["rate_hz." + pop->name()] =
        seconds > 0.0 ? static_cast<double>(sim.spike_count(pop->name())) / (n * seconds) : 0.0;
  }
  for (std::size_t k = 0; k < sim.projections().size(); ++k) {
    const projection& p = *sim.projections()[k];
    const auto w = p.weights();
    metrics["mean_weight." + p.name()] = mean_of(w);
    metrics["synapses." + p.name()] = static_cast<double>(w.size());
    if (p.rules().empty()) continue;
    // Relative change of the mean weight, as a field-EPSP measurement would see it.
    const double w_end = mean_of(w);
    metrics["dw_rel." + p.name()] = w_start[k] != 0.0 ? (w_end - w_start[k]) / w_start[k] : 0.0;
    // Calcium rule (Graupner & Brunel 2012): the paper's readout from the UP/DOWN transitions (calcium.hpp).
    for (const auto& rule : p.rules())
      if (auto* ca = dynamic_cast<calcium_rule*>(rule.get())) {
        const calcium_change ch = calcium_readout(ca->rho_initial(), ca->rho(), ca->params().rho_star,
                                                  ca->params().w0, ca->params().w1);
        metrics["dw_rel." + p.name()] = ch.ratio - 1.0;
        metrics["up_prob." + p.name()] = ch.up;
        metrics["down_prob." + p.name()] = ch.down;
      }
    metrics["w_start." + p.name()] = w_start[k];
    metrics["w_end." + p.name()] = w_end;
  }
  run_results r = sim.collect_results(wall);
  for (const auto& proj : sim.projections()) add_turnover(*proj, metrics, r);
  r.metrics = std::move(metrics);
  for (const phase_spec& ph : spec.phases) r.phases.emplace_back(ph.name, ph.duration);
  compute_metrics(spec.metrics, r);  // [[metric]]: from the recorded series
  after_run.finish(sim, r);         // [[analysis]]: from the network and its recordings
  compute_tables(spec.tables, r);    // [[table]]: from the recorded series and the tables above
  return r;
}

namespace {

// The overrides that set axis a to its k-th value (one per key).
std::vector<std::string> overrides_for(const sweep_spec::axis& a, std::size_t k) {
  std::vector<std::string> out;
  for (const std::string& key : a.keys) out.push_back(key + "=" + a.values[k]);
  return out;
}

}  // namespace

void check_sweep(const experiment_spec& spec, const respecify_fn& respecify) {
  if (!spec.sweep) return;
  for (const auto& a : spec.sweep->axes) {
    respecify(overrides_for(a, 0));
    respecify(overrides_for(a, a.values.size() - 1));
  }
}

run_results run_sweep(const experiment_spec& spec, const respecify_fn& respecify, const progress_fn& progress) {
  if (!spec.sweep) throw error("run_sweep: the experiment has no [sweep]");
  const sweep_spec& sw = *spec.sweep;
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t points = 1;
  for (const auto& a : sw.axes) points *= a.values.size();

  table tab;
  for (const auto& a : sw.axes) tab.columns.push_back(a.column);
  for (const auto& m : sw.measures) tab.columns.push_back(m.column);
  tab.data.resize(tab.columns.size());

  run_results out;
  double bio = 0.0;
  std::uint64_t spikes = 0;
  std::vector<std::size_t> index(sw.axes.size(), 0);  // grid position, last axis fastest
  for (std::size_t point = 0; point < points; ++point) {
    std::vector<std::string> overrides;
    for (std::size_t a = 0; a < sw.axes.size(); ++a)
      for (std::string& o : overrides_for(sw.axes[a], index[a])) overrides.push_back(std::move(o));
    const experiment_spec point_spec = respecify(overrides);
    run_results r = run_experiment(point_spec);
    for (std::size_t a = 0; a < sw.axes.size(); ++a) tab.data[a].push_back(sw.axes[a].numbers[index[a]]);
    for (std::size_t m = 0; m < sw.measures.size(); ++m) {
      const auto it = r.metrics.find(sw.measures[m].metric);
      if (it == r.metrics.end()) {
        std::string names;
        for (const auto& [name, value] : r.metrics) names += (names.empty() ? "" : ", ") + name;
        throw error(sw.measures[m].where, "sweep measure: the runs have no metric '" + sw.measures[m].metric +
                                              "'; they have: " + names);
      }
      tab.data[sw.axes.size() + m].push_back(it->second);
    }
    bio += r.bio_time;
    spikes += r.spike_count;
    if (point == sw.keep.value_or(0)) out = std::move(r);  // provenance and sizes of the first (or kept) point
    for (std::size_t a = sw.axes.size(); a-- > 0;) {
      if (++index[a] < sw.axes[a].values.size()) break;
      index[a] = 0;
    }
    if (progress) {
      progress_info info;
      info.phase = "sweep point " + std::to_string(point + 1) + "/" + std::to_string(points);
      info.fraction = static_cast<double>(point + 1) / static_cast<double>(points);
      info.bio_time = bio;
      info.wall_time = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      progress(info);
    }
  }
  if (!sw.keep) {
    out.spikes.clear();
    out.states.clear();
    out.weights.clear();
    out.rates.clear();
    out.transmissions.clear();
    out.tables.clear();
    out.metrics.clear();
  }
  out.metrics["sweep_points"] = static_cast<double>(points);
  out.metrics["sweep_bio_time_s"] = bio * 1e-3;
  if (!sw.keep) {  // a kept point's simulated time and spike count stay its own, to match its recordings
    out.bio_time = bio;
    out.spike_count = spikes;
  }
  out.wall_time = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out.tables[sw.table] = std::move(tab);
  return out;
}

}  // namespace plastix
