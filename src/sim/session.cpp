#include "plastix/sim/session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>

#include "plastix/core/clock.hpp"
#include "plastix/core/error.hpp"
#include "plastix/plasticity/structural.hpp"
#include "plastix/record/results_state.hpp"
#include "plastix/sim/analysis.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/finite_guard.hpp"
#include "plastix/sim/run_stopped.hpp"
#include "plastix/sim/tables.hpp"
#include "plastix/sim/warm_start.hpp"
#include "plastix/version.hpp"

namespace plastix {

checkpoint_header header_of(const experiment_spec& run) {
  checkpoint_header h;
  h.version = plastix::version;
  h.experiment = run.name;
  h.file = run.file;
  h.file_text = run.file_text;
  h.file_text_hash = text_hash(run.file_text);
  h.overrides = run.overrides;
  h.seed = run.seed;
  h.dt = run.dt;
  return h;
}

run_results finite_or_stopped(run_results r) {
  std::string bad = nonfinite_in_results(r);
  if (bad.empty()) return r;
  bad = "the run completed, but its results hold a value that is NaN or infinite: " + bad;
  r.stop_reason = bad;
  const double t = r.bio_time;
  throw run_stopped(run_stopped::cause::nonfinite, t, bad).with_results(std::make_shared<run_results>(std::move(r)));
}

namespace {

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

// The metrics every run has (run_experiment in experiment.hpp), from the network now: rates, mean weights, synapse
// counts, weight changes (w_start: each projection's mean weight at the start). Well defined for any run: a run of
// no time has rates 0, a projection without synapses a mean weight of 0. At the end (`end`) the rules first bring
// their state up to the end (e.g. calcium's ρ, event driven) and add their readouts; while the run goes on
// (results_so_far) they are left alone, so that reading changes nothing.
std::map<std::string, double> plain_metrics(simulation& sim, const std::vector<double>& w_start, bool end) {
  const step_context now{sim.step(), sim.dt(), sim.spec().seed};
  if (end)
    for (const auto& proj : sim.projections())
      for (const auto& rule : proj->rules()) rule->on_end(*proj, now);
  const double seconds = sim.time() * 1e-3;
  std::map<std::string, double> metrics;
  for (const auto& pop : sim.populations()) {
    if (pop->is_rate()) continue;  // no spikes
    const double n = static_cast<double>(pop->size());
    metrics["rate_hz." + pop->name()] =
        seconds > 0.0 && n > 0.0 ? static_cast<double>(sim.spike_count(pop->name())) / (n * seconds) : 0.0;
  }
  for (std::size_t k = 0; k < sim.projections().size(); ++k) {
    const projection& p = *sim.projections()[k];
    const double w_end = sim.mean_weight(p);  // MPI: over every process's share of the synapses
    metrics["mean_weight." + p.name()] = w_end;
    metrics["synapses." + p.name()] = static_cast<double>(p.whole_size());
    if (p.rules().empty()) continue;
    // Relative change of the mean weight, as a field-EPSP measurement would see it.
    metrics["dw_rel." + p.name()] = w_start[k] != 0.0 ? (w_end - w_start[k]) / w_start[k] : 0.0;
    if (end)
      for (const auto& rule : p.rules()) rule->report(p, metrics);  // the rules' readouts (calcium: up_prob ...)
    metrics["w_start." + p.name()] = w_start[k];
    metrics["w_end." + p.name()] = w_end;
  }
  return metrics;
}

// The phases run up to biological time `time` [ms] (the last one up to it).
std::vector<std::pair<std::string, double>> phases_up_to(const experiment_spec& spec, double time) {
  std::vector<std::pair<std::string, double>> out;
  double start = 0.0;
  for (const phase_spec& ph : spec.phases) {
    if (start >= time) break;
    out.emplace_back(ph.name, std::min(ph.duration, time - start));
    start += ph.duration;
  }
  return out;
}

// The run's own state besides the simulation's, for checkpoints: where the run is (phase, steps into it), the
// initial mean weights, the sweep's timed measures so far and the analyses' remembered weights.
void visit_run_state(state_visitor& v, std::uint64_t& phase, std::int64_t& at, std::vector<double>& w_start,
                     std::vector<std::vector<double>>* timed, analyses& after_run) {
  const auto run = v.scope("experiment");
  v.scalar("phase", phase);
  v.scalar("phase_step", at);
  v.fixed("w_start", w_start);
  std::vector<std::vector<double>> none;
  v.nested("timed", timed ? *timed : none);
  const auto a = v.scope("analyses");
  after_run.visit_state(v);
}

}  // namespace

struct session::impl {
  experiment_spec spec;  // as edited (update)
  options opts;
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  simulation sim;
  std::vector<double> w_start;  // mean initial weight of each projection (no copy of every weight)
  analyses after_run;           // remembers the initial weights of analysed projections
  std::vector<std::vector<simulation::phase_mark>> marks;
  std::size_t phase = 0;                    // the phase running or next
  std::optional<state_archive> resume_state;  // until the phase it resumes in has begun
  std::int64_t resume_at = 0;
  bool resumed_at_end = false;
  bool over = false;  // finished, or stopped
  std::optional<session_edits> edits;

  impl(const experiment_spec& s, const options& o) : spec(s), opts(o), sim(s), after_run(sim) {}

  double wall() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); }

  // The experiment as it runs: edited by Python (its changes and the monitors added), or as built.
  std::string text_as_run() const { return edits ? edits->experiment_text + edits->monitors : spec.file_text; }

  // The results carry the experiment as it runs, not as it was built.
  void provenance(run_results& r) const {
    r.file_text = text_as_run();
    r.overrides = spec.overrides;
  }

  // Writes a checkpoint to `file`, `at` steps into phase `phase_index`.
  void write_state(const std::filesystem::path& file, std::uint64_t phase_index, std::int64_t at) {
    const auto started = std::chrono::steady_clock::now();
    const point_checkpoints* ck = opts.checkpoints;
    state_archive state;
    state_visitor saver(state, false);
    std::int64_t at_copy = at;
    if (ck && ck->outer) ck->outer(saver, true);
    visit_run_state(saver, phase_index, at_copy, w_start, opts.timed, after_run);
    sim.visit_state(saver);
    if (edits) {
      const auto s = saver.scope("session");
      saver.text("experiment_text", edits->experiment_text);
      saver.text("monitors", edits->monitors);
    }
    checkpoint_header h = header_of(ck ? ck->run : spec);
    if (ck) h.sweep_point = ck->sweep_point;
    if (edits) {
      h.file_text = text_as_run();
      h.file_text_hash = text_hash(h.file_text);
    }
    h.step = sim.step();
    h.time = sim.time();
    h.phase = phase_index < spec.phases.size() ? spec.phases[phase_index].name : "";
    h.phase_index = phase_index;
    h.phase_step = at;
    write_checkpoint(file, h, state);
    if (ck && ck->options.written)
      ck->options.written(h, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  // A run that stopped (run_stopped from the simulation: a NaN or ±inf, or Ctrl-C): the results up to the stop —
  // recordings, the metrics of plain_metrics that are finite, the phases run (the last one up to the stop) — attached
  // to the error, which is thrown on. [[metric]], [[table]] and [[analysis]] are not computed: they describe whole
  // runs.
  [[noreturn]] void stopped(const run_stopped& stop) {
    over = true;
    std::map<std::string, double> metrics = plain_metrics(sim, w_start, true);
    std::erase_if(metrics, [](const auto& m) { return !std::isfinite(m.second); });
    auto r = std::make_shared<run_results>(sim.collect_results(wall()));
    provenance(*r);
    r->metrics = std::move(metrics);
    r->phases = phases_up_to(spec, sim.time());
    r->stop_reason = stop.what();
    throw stop.with_results(std::move(r));
  }

  // Begins the phase `phase` unless one is running or all have run; the first one of a resumed run from its state.
  void begin() {
    if (sim.in_phase() || phase >= spec.phases.size()) return;
    const phase_spec& ph = spec.phases[phase];
    if (resume_state) {
      simulation::resume_point rp;
      rp.at = resume_at;
      std::uint32_t started = 0;
      {
        state_visitor peek(*resume_state, true);
        const auto run = peek.scope("run");
        peek.scalar("phases_started", started);
      }
      rp.phase_index = started > 0 ? started - 1 : 0;
      rp.load = [this] {
        state_visitor loader(*resume_state, true);
        sim.visit_state(loader);
      };
      sim.begin_phase(ph, marks[phase], &rp);
      resume_state.reset();
      return;
    }
    after_run.start_phase(sim, ph);
    sim.begin_phase(ph, marks[phase]);
  }

  // Runs up to the clock's step `target` (all: to the end of the last phase), ending the phases it completes.
  void run_to(std::int64_t target, bool all) {
    if (over) throw error("the run is over (finished or stopped): build or load a new simulation");
    try {
      while (phase < spec.phases.size()) {
        if (!all && sim.step() >= target) break;
        begin();
        const std::int64_t until =
            all ? sim.phase_steps() : std::min(sim.phase_steps(), sim.phase_step() + (target - sim.step()));
        sim.continue_phase(until);
        if (sim.phase_step() < sim.phase_steps()) break;  // paused inside the phase
        sim.end_phase();
        ++phase;
      }
    } catch (const run_stopped& s) {
      stopped(s);
    } catch (...) {  // e.g. Python's KeyboardInterrupt from the stop check, inside a step: no way on from here
      over = true;
      throw;
    }
  }
};

session::session(const experiment_spec& spec) : session(spec, options{}) {}

session::session(const experiment_spec& spec, const options& o) : impl_(std::make_unique<impl>(spec, o)) {
  impl& s = *impl_;
  simulation& sim = s.sim;
  const checkpoint* resume = o.resume;
  if (!spec.start_from.empty() && !resume) {  // a warm start: the trained weights (a resumed run has its own)
    std::filesystem::path from(spec.start_from);
    if (from.is_relative() && !spec.file.empty()) from = std::filesystem::path(spec.file).parent_path() / from;
    try {
      warm_start(sim, read_checkpoint(from), from.string());
    } catch (const error& e) {
      throw error(spec.start_from_where, e.what());
    }
    s.after_run = analyses(sim);  // the initial weights are the trained ones
  }
  double total = 0.0;
  for (const phase_spec& ph : spec.phases) total += ph.duration;
  if (o.progress) sim.set_progress(o.progress, total);
  if (o.stop) sim.set_stop_check(o.stop);
  s.w_start.assign(sim.projections().size(), 0.0);
  for (std::size_t k = 0; k < sim.projections().size(); ++k) s.w_start[k] = sim.mean_weight(*sim.projections()[k]);
  s.marks.resize(spec.phases.size());
  if (o.marks) s.marks = o.marks(sim);
  // Periodic checkpoints: run_phase calls the writer between two steps, in the phase running.
  if (o.checkpoints && !o.checkpoints->options.file.empty()) {
    const point_checkpoints& ck = *o.checkpoints;
    simulation::checkpointing c;
    c.every_steps = ck.options.every_steps;
    c.every_wall = ck.options.every_wall;
    c.stop_at_step = ck.options.stop_at_step;
    c.step_origin = ck.step_origin;
    c.wall_elapsed = ck.wall_elapsed;
    c.write = [&s](std::int64_t at) { s.write_state(s.opts.checkpoints->options.file, s.phase, at); };
    sim.set_checkpointing(std::move(c));
  }
  s.opts.resume = nullptr;  // read here only
  if (!resume) return;
  // Resuming: the phase and step saved, then the state (begin_phase loads it once the phase is set up). Parameters
  // are not state: the changes of the phases before are applied again first, in their order.
  state_archive archive = resume->state;  // a copy: loading visitors read it
  state_visitor where(archive, true);
  std::uint64_t phase = 0;
  visit_run_state(where, phase, s.resume_at, s.w_start, o.timed, s.after_run);
  if (phase > spec.phases.size())
    throw error("checkpoint: phase " + std::to_string(phase) + " of a run of " + std::to_string(spec.phases.size()) +
                " phases");
  s.phase = phase;
  for (std::size_t k = 0; k < phase; ++k)
    for (const param_change& c : spec.phases[k].changes) sim.apply_change(c);
  if (phase == spec.phases.size()) {  // taken at the end of the run
    sim.visit_state(where);
    s.resumed_at_end = true;
    return;
  }
  s.resume_state = std::move(archive);
}

session::~session() = default;

simulation& session::sim() { return impl_->sim; }
const experiment_spec& session::spec() const { return impl_->spec; }
std::size_t session::phase() const { return impl_->phase; }
bool session::done() const { return impl_->phase >= impl_->spec.phases.size(); }

std::int64_t session::end_step() const {
  const clock clk{impl_->sim.dt()};
  std::int64_t steps = 0;
  for (const phase_spec& ph : impl_->spec.phases) steps += clk.steps(ph.duration);
  return steps;
}

void session::run(double duration) {
  impl& s = *impl_;
  if (!(duration >= 0.0)) throw error(fmt::format("run: the duration must be 0 or more; got {:.10g} ms", duration));
  const std::int64_t target = s.sim.step() + clock{s.sim.dt()}.steps(duration);
  const std::int64_t end = end_step();
  if (target > end)
    throw error(fmt::format("run: {:.10g} ms from t = {:.10g} ms goes past the end of the experiment's phases at "
                            "t = {:.10g} ms ({:.10g} ms are left); declare longer or more [[phase]] tables",
                            duration, s.sim.time(), static_cast<double>(end) * s.sim.dt(),
                            static_cast<double>(end - s.sim.step()) * s.sim.dt()));
  s.run_to(target, false);
}

void session::update(const experiment_spec& edited) {
  impl& s = *impl_;
  if (s.over) throw error("the run is over (finished or stopped): nothing left to change");
  if (done()) throw error("the run is at the end of its phases: nothing left to change");
  bool same = edited.phases.size() == s.spec.phases.size() &&
              edited.network.populations.size() == s.spec.network.populations.size() &&
              edited.network.projections.size() == s.spec.network.projections.size();
  for (std::size_t k = 0; same && k < edited.phases.size(); ++k)
    same = edited.phases[k].name == s.spec.phases[k].name && edited.phases[k].duration == s.spec.phases[k].duration;
  if (!same) throw error("update: the edited experiment has another network or other phases than the one running");
  s.begin();
  s.sim.update_phase(edited.phases[s.phase]);
  std::vector<phase_spec> phases = edited.phases;
  for (std::size_t k = 0; k < s.phase; ++k) phases[k] = s.spec.phases[k];  // the past stays as it ran
  s.spec = edited;
  s.spec.phases = std::move(phases);
}

void session::add_monitor(const monitor_spec& m) {
  if (impl_->over) throw error("the run is over (finished or stopped): no monitor can be added");
  impl_->sim.add_monitor(m);
}

std::int64_t session::enter_phase() {
  impl& s = *impl_;
  if (s.over) throw error("the run is over (finished or stopped)");
  if (done()) throw error("the run is at the end of its phases: nothing left to change");
  s.begin();
  return s.sim.phase_step();
}

void session::set_edits(session_edits edits) { impl_->edits = std::move(edits); }

void session::save(const std::filesystem::path& file) {
  impl& s = *impl_;
  if (s.over) throw error("save: the run is over (finished or stopped)");
  s.begin();
  if (done()) {
    s.write_state(file, s.phase, 0);
    return;
  }
  s.sim.checkpoint_now([&](std::int64_t at) { s.write_state(file, s.phase, at); });
}

run_results session::results_so_far() const {
  impl& s = *impl_;
  if (s.over) throw error("the run is over (finished or stopped): its results were returned");
  run_results r = s.sim.results_so_far(s.wall());
  s.provenance(r);
  r.metrics = plain_metrics(s.sim, s.w_start, false);
  r.phases = phases_up_to(s.spec, s.sim.time());
  return r;
}

run_results session::finish() {
  impl& s = *impl_;
  s.run_to(0, true);
  const point_checkpoints* ck = s.opts.checkpoints;
  if (ck && !ck->options.file.empty() && ck->options.at_end && !s.resumed_at_end)
    s.write_state(ck->options.file, s.spec.phases.size(), 0);
  s.over = true;
  std::map<std::string, double> metrics = plain_metrics(s.sim, s.w_start, true);
  run_results r = s.sim.collect_results(s.wall());
  s.provenance(r);
  for (const auto& proj : s.sim.projections()) add_turnover(*proj, metrics, r);
  r.metrics = std::move(metrics);
  for (const phase_spec& ph : s.spec.phases) r.phases.emplace_back(ph.name, ph.duration);
  compute_metrics(s.spec.metrics, r);  // [[metric]]: from the recorded series
  s.after_run.finish(s.sim, r);        // [[analysis]]: from the network and its recordings
  compute_tables(s.spec.tables, r);    // [[table]]: from the recorded series and the tables above
  return finite_or_stopped(std::move(r));
}

}  // namespace plastix
