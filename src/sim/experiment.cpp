#include "plastix/sim/experiment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>

#include "plastix/core/error.hpp"
#include "plastix/record/results_state.hpp"
#include "plastix/sim/finite_guard.hpp"
#include "plastix/sim/run_stopped.hpp"
#include "plastix/sim/session.hpp"
#include "plastix/sim/tables.hpp"
#include "plastix/spec/param_changes.hpp"
#include "plastix/version.hpp"
#include "point_outcome.hpp"
#include "sweep_points.hpp"

namespace plastix {

namespace {

// The sweep's measuring times ([sweep.times]) in one run: where each time falls (phase, ms into it) and the
// projection each measure reads. Checked against the run's phases when built: an error names the times' key.
struct measuring_plan {
  struct mark {
    std::size_t phase, time;  // index into the run's phases and into times.at
    double at;                // [ms] from the phase's start
  };
  std::vector<mark> marks;
  std::vector<std::string> projections;  // per measure: the projection of its metric
  std::vector<bool> count;               // per measure: synapses.<p> (else mean_weight.<p>)
  std::size_t n_times = 0;

  measuring_plan(const sweep_spec& sw, const experiment_spec& spec, const std::string& condition) {
    if (!sw.times) return;
    const sweep_spec::times_spec& t = *sw.times;
    n_times = t.at.size();
    const std::string in = condition.empty() ? "" : " in condition '" + condition + "'";
    for (const sweep_spec::measure& m : sw.measures) {
      const bool synapses = m.metric.rfind("synapses.", 0) == 0;
      if (!synapses && m.metric.rfind("mean_weight.", 0) != 0)
        throw error(m.where, "sweep measure '" + m.column + "': with [sweep.times] a measure reads "
                             "\"mean_weight.<projection>\" or \"synapses.<projection>\" at each time; got '" +
                                 m.metric + "'");
      const std::string proj = m.metric.substr(m.metric.find('.') + 1);
      if (std::none_of(spec.network.projections.begin(), spec.network.projections.end(),
                       [&](const projection_spec& q) { return q.name == proj; }))
        throw error(m.where, "sweep measure '" + m.column + "': no projection named '" + proj + "'");
      projections.push_back(proj);
      count.push_back(synapses);
    }
    double ref = 0.0, total = 0.0;
    bool found = t.phase.empty();
    for (const phase_spec& ph : spec.phases) {
      if (!found && ph.name == t.phase) {
        ref = total;
        found = true;
      }
      total += ph.duration;
    }
    if (!found) throw error(t.phase_where, "the run" + in + " has no phase '" + t.phase + "' to count the times from");
    for (std::size_t k = 0; k < t.at.size(); ++k) {
      const double at = ref + t.at[k];
      double start = 0.0;
      std::size_t p = 0;
      while (p + 1 < spec.phases.size() && at > start + spec.phases[p].duration) start += spec.phases[p++].duration;
      if (at > start + spec.phases[p].duration * (1.0 + 1e-12)) {
        throw error(t.values_where, "measuring time " + std::to_string(t.numbers[k]) + " (" + std::to_string(at / 1000.0) +
                           " s into the run) is after the end of the run" + in + " (" +
                           std::to_string(total / 1000.0) + " s)");
      }
      marks.push_back({p, k, at - start});
    }
  }
};

// Builds the simulation and runs every phase (reading the measures at the plan's times into timed[time][measure]):
// a session (sim/session.hpp) run to its end. With checkpoints (ck) it writes them; with `resume` it continues the
// run saved there.
run_results run_measured(const experiment_spec& spec, const progress_fn& progress, const stop_fn& stop,
                         const measuring_plan* plan, std::vector<std::vector<double>>* timed,
                         const point_checkpoints* ck = nullptr, const checkpoint* resume = nullptr) {
  session::options o;
  o.progress = progress;
  o.stop = stop;
  o.timed = timed;
  o.checkpoints = ck;
  o.resume = resume;
  if (plan) {
    timed->assign(plan->n_times, std::vector<double>(plan->projections.size(), 0.0));
    o.marks = [&spec, plan, timed](simulation& sim) {
      std::vector<std::vector<simulation::phase_mark>> marks(spec.phases.size());
      for (const measuring_plan::mark& mk : plan->marks)
        marks[mk.phase].push_back({mk.at, [&sim, plan, timed, time = mk.time] {
                                     for (std::size_t m = 0; m < plan->projections.size(); ++m) {
                                       const projection& p = sim.projection_named(plan->projections[m]);
                                       (*timed)[time][m] = plan->count[m] ? static_cast<double>(p.whole_size())
                                                                          : sim.mean_weight(p);
                                     }
                                   }});
      return marks;
    };
  }
  session run(spec, o);
  return run.finish();
}

}  // namespace

std::vector<phase_spec> phase_sequence(const std::vector<phase_spec>& phases, const std::vector<std::string>& names,
                                       const source_ref& where, const std::string& who) {
  std::vector<phase_spec> out;
  std::map<std::string, int> runs;
  for (const std::string& name : names) {
    const auto it = std::find_if(phases.begin(), phases.end(), [&](const phase_spec& p) { return p.name == name; });
    if (it == phases.end()) {
      std::string known;
      for (const phase_spec& p : phases) known += (known.empty() ? "" : ", ") + p.name;
      throw error(where, who + ": no phase named '" + name + "'; the phases are: " + known);
    }
    out.push_back(*it);
    if (const int n = ++runs[name]; n > 1) out.back().name += "#" + std::to_string(n);
  }
  return out;
}

run_results run_experiment(const experiment_spec& spec, const progress_fn& progress, const stop_fn& stop) {
  return run_measured(spec, progress, stop, nullptr, nullptr);
}

run_results run_experiment(const experiment_spec& spec, const progress_fn& progress, const stop_fn& stop,
                           const checkpoint_options& checkpoints, const checkpoint* resume) {
  if (spec.sweep && (!checkpoints.file.empty() || resume))
    throw error(spec.sweep->where, "run_experiment: checkpoints of a sweep are written by run_sweep");
  const point_checkpoints ck{checkpoints, spec, {}, {}, 0, 0.0};
  return run_measured(spec, progress, stop, nullptr, nullptr, &ck, resume);
}

namespace {

// The overrides that set axis a to its k-th value (one per key).
std::vector<std::string> overrides_for(const sweep_spec::axis& a, std::size_t k) {
  std::vector<std::string> out;
  for (const std::string& key : a.keys) out.push_back(key + "=" + a.values[k]);
  return out;
}

// The description of condition c (or of the file when the sweep has none) with extra overrides: the condition's
// `set` first, then `extra`; its phases (or the sweep's `phases`) picked by name in that order (a phase run again is
// renamed "<name>#2", ...).
experiment_spec condition_spec(const sweep_spec& sw, std::size_t c, const std::vector<std::string>& extra,
                               const respecify_fn& respecify) {
  const sweep_spec::condition* cond = sw.conditions.empty() ? nullptr : &sw.conditions[c];
  std::vector<std::string> overrides;
  if (cond) overrides = cond->overrides;
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  experiment_spec spec;
  try {
    spec = respecify(overrides);
  } catch (const error& e) {
    if (!cond) throw;
    if (e.where().line == 0) {  // a `set` entry of the condition that names nothing: the condition is the place
      source_ref at = cond->where;
      at.key = e.where().key;
      throw error(at, e.message() + "\n  (in sweep condition '" + cond->name + "')");
    }
    throw error(std::string(e.what()) + "\n  (in sweep condition '" + cond->name + "' at " + cond->where.file + ":" +
                std::to_string(cond->where.line) + ")");
  }
  const bool own = cond && !cond->phases.empty();
  const std::vector<std::string>& names = own ? cond->phases : sw.phases;
  if (names.empty()) return spec;
  spec.phases = phase_sequence(spec.phases, names, own ? cond->phases_where : sw.phases_where,
                               own ? "condition '" + cond->name + "'" : std::string("the sweep's phases"));
  resolve_param_changes(spec);  // each phase's set applies to the parameters as this sequence leaves them
  return spec;
}

// The values of the sweep's series measures in run r: one column per measure (empty for a metric measure), all of
// the same length. Read as the columns of a [[table]] named after the sweep's table (its errors name the measure).
table series_measures(const sweep_spec& sw, const run_results& r) {
  table_spec t;
  t.name = sw.table;
  t.where = sw.where;
  std::vector<std::size_t> column_of;  // per measure: its column in t (or npos)
  for (const sweep_spec::measure& m : sw.measures) {
    column_of.push_back(m.series.empty() ? static_cast<std::size_t>(-1) : t.columns.size());
    if (m.series.empty()) continue;
    table_column_spec c;
    c.name = m.column;
    c.series = m.series;
    c.where = m.where;
    t.columns.push_back(std::move(c));
  }
  table out;
  if (t.columns.empty()) return out;
  const table values = compute_table(t, r);
  for (std::size_t m = 0; m < sw.measures.size(); ++m) {
    out.columns.push_back(sw.measures[m].column);
    out.data.push_back(column_of[m] == static_cast<std::size_t>(-1) ? std::vector<double>{} : values.data[column_of[m]]);
  }
  return out;
}

// Appends the rows of the run's table sw.tables[k] to `into`, each row led by the run's leading columns (`lead`:
// condition and axes, names and values; `label`: the condition's name, if any); a column of the run's table named
// like a leading column gives way to it. The first run fixes the columns; every run must have the table with the
// same columns.
void stack_table(const sweep_spec& sw, std::size_t k, const run_results& r,
                 const std::vector<std::pair<std::string, double>>& lead, const std::string* label, table& into) {
  const std::string& name = sw.tables[k];
  const auto it = r.tables.find(name);
  if (it == r.tables.end()) {
    std::string names;
    for (const auto& [n, t] : r.tables) names += (names.empty() ? "" : ", ") + n;
    throw error(sw.tables_where, "sweep tables: the runs have no table '" + name + "'; they have: " +
                                     (names.empty() ? "none" : names));
  }
  const table& t = it->second;
  std::vector<std::string> columns;
  for (const auto& [column, value] : lead) columns.push_back(column);
  std::vector<std::size_t> from;  // the run table's columns that are kept
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (std::none_of(lead.begin(), lead.end(), [&](const auto& l) { return l.first == t.columns[c]; })) {
      columns.push_back(t.columns[c]);
      from.push_back(c);
    }
  if (into.columns.empty()) {
    into.columns = columns;
    into.data.resize(columns.size());
  } else if (into.columns != columns) {
    throw error(sw.tables_where, "sweep tables: the table '" + name + "' has other columns in this run than in the first");
  }
  const std::size_t rows = t.data.empty() ? 0 : t.data[0].size();
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t c = 0; c < lead.size(); ++c) into.data[c].push_back(lead[c].second);
    for (std::size_t j = 0; j < from.size(); ++j) into.data[lead.size() + j].push_back(t.data[from[j]][row]);
    if (label) into.labels["condition"].push_back(*label);
    for (std::size_t j = 0; j < from.size(); ++j)
      if (const auto lab = t.labels.find(t.columns[from[j]]); lab != t.labels.end() && row < lab->second.size())
        into.labels[t.columns[from[j]]].push_back(lab->second[row]);
  }
}

std::size_t condition_count(const sweep_spec& sw) { return std::max<std::size_t>(1, sw.conditions.size()); }

// Grid points per condition: the product of the axes' value counts.
std::size_t axis_points(const sweep_spec& sw) {
  std::size_t points = 1;
  for (const auto& a : sw.axes) points *= a.values.size();
  return points;
}

std::string condition_name(const sweep_spec& sw, std::size_t c) {
  return sw.conditions.empty() ? "" : sw.conditions[c].name;
}

// "sweep point 3 of 8 (condition 'plain', eta = 0.5): "
std::string point_name(const sweep_spec& sw, std::size_t cond, const std::vector<std::size_t>& index,
                       std::size_t point, std::size_t points) {
  std::string where;
  if (!sw.conditions.empty()) where = "condition '" + sw.conditions[cond].name + "'";
  for (std::size_t a = 0; a < sw.axes.size(); ++a)
    where += (where.empty() ? "" : ", ") + sw.axes[a].column + " = " + sw.axes[a].values[index[a]];
  return "sweep point " + std::to_string(point + 1) + " of " + std::to_string(points) +
         (where.empty() ? "" : " (" + where + ")") + ": ";
}

}  // namespace

sweep_size check_sweep(const experiment_spec& spec, const respecify_fn& respecify) {
  sweep_size size;
  if (!spec.sweep) {
    for (const phase_spec& ph : spec.phases) size.bio_time += ph.duration;
    return size;
  }
  const sweep_spec& sw = *spec.sweep;
  const std::size_t points = axis_points(sw);
  size.runs = condition_count(sw) * points;
  for (std::size_t c = 0; c < condition_count(sw); ++c) {
    experiment_spec cs = condition_spec(sw, c, {}, respecify);
    fill_defaults(cs);
    validate(cs);  // the condition's own description: its phases, its overrides
    measuring_plan(sw, cs, condition_name(sw, c));  // the measuring times fall inside its run
    for (const phase_spec& ph : cs.phases) size.bio_time += static_cast<double>(points) * ph.duration;
  }
  // Every value of every axis, each distinct value once, with the first condition (the grid's combinations are not
  // all tried: an axis value that is valid alone is assumed valid with the other axes' values).
  for (const auto& a : sw.axes) {
    std::set<std::string> seen;
    for (std::size_t k = 0; k < a.values.size(); ++k) {
      if (!seen.insert(a.values[k]).second) continue;
      try {
        experiment_spec ps = condition_spec(sw, 0, overrides_for(a, k), respecify);
        fill_defaults(ps);
        validate(ps);
      } catch (const error& e) {
        std::string message = e.what();
        const std::string prefix = error::format(e.where(), "");
        if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
        throw error(e.where(), message + fmt::format("\n  (value {} of {}, '{}', of the sweep axis '{}' at {}:{})", k + 1,
                                                     a.values.size(), a.values[k], a.column, a.where.file,
                                                     a.where.line));
      }
    }
  }
  return size;
}

run_results run_sweep(const experiment_spec& spec, const respecify_fn& respecify, const progress_fn& progress,
                      const stop_fn& stop) {
  return run_sweep(spec, respecify, progress, stop, checkpoint_options{}, nullptr);
}

run_results run_sweep(const experiment_spec& spec, const respecify_fn& respecify, const progress_fn& progress,
                      const stop_fn& stop, const checkpoint_options& checkpoints, const checkpoint* resume,
                      unsigned jobs) {
  if (!spec.sweep) throw error("run_sweep: the experiment has no [sweep]");
  const sweep_spec& sw = *spec.sweep;
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t points = condition_count(sw) * axis_points(sw);
  const std::size_t keep = sw.keep.value_or(0);  // the point whose results (or provenance) the sweep's results hold

  // Columns: condition (when there are conditions), the axes, the measuring time (with [sweep.times]), the measures.
  table tab;
  const std::size_t lead = sw.conditions.empty() ? 0 : 1;
  if (lead) tab.columns.push_back("condition");
  for (const auto& a : sw.axes) tab.columns.push_back(a.column);
  const std::size_t first_measure = tab.columns.size() + (sw.times ? 1 : 0);
  if (sw.times) tab.columns.push_back(sw.times->column);
  for (const auto& m : sw.measures) tab.columns.push_back(m.column);
  tab.data.resize(tab.columns.size());
  std::vector<table> stacked(sw.tables.size());  // [sweep] tables: every run's, one after the other

  run_results out;
  double bio = 0.0;
  std::uint64_t spikes = 0;
  std::vector<std::size_t> index(sw.axes.size(), 0);  // grid position, last axis fastest
  std::size_t cond = 0;                                // conditions: the outermost axis
  std::size_t point = 0;
  std::int64_t steps_done = 0;  // the sweep's clock: steps of the points done (checkpoint periods count on it)
  bool resume_in_point = false;  // resuming inside a point (else at the start of one)
  const auto next_point = [&] {
    ++point;
    std::size_t a = sw.axes.size();
    for (; a-- > 0;) {
      if (++index[a] < sw.axes[a].values.size()) break;
      index[a] = 0;
    }
    if (a == static_cast<std::size_t>(-1)) ++cond;  // every axis wrapped: the next condition
  };
  // Checkpoints (docs/checkpoints.md): the sweep's own state — the point, its clock and counts, the table rows and
  // stacked tables of the points done, the kept point's results once it is done — around the point's (in_point) or
  // alone, between two points. Each point's state is its own simulation's: a point resumes by itself.
  // Each point's results until merged (by point; a parallel sweep computes points ahead of the merge).
  struct point_run {
    run_results r;
    std::vector<std::vector<double>> timed;  // [time][measure]
    bool done = false;                       // computed (or read from a checkpoint), not merged yet
  };
  std::vector<point_run> runs(points);
  bool save_finished = false;  // the checkpoint holds the points done out of order (only once no point runs)
  const auto visit_sweep = [&](state_visitor& v, bool in_point) {
    const auto s = v.scope("sweep");
    std::uint64_t n = points, at = point;
    v.scalar("points", n);
    v.scalar("point", at);
    if (v.loading() && (n != points || at > points))
      throw error(fmt::format("checkpoint: sweep point {} of {}; the sweep in the file has {} points", at + 1, n,
                              points));
    v.flag("in_point", in_point);
    v.scalar("steps_done", steps_done);
    v.scalar("bio_time", bio);
    v.scalar("spike_count", spikes);
    {
      const auto t = v.scope("table");
      visit_table(v, tab);
    }
    for (std::size_t k = 0; k < stacked.size(); ++k) {
      const auto t = v.scope("stacked" + std::to_string(k));
      visit_table(v, stacked[k]);
    }
    if (at > keep) {
      const auto r = v.scope("kept");
      visit_results(v, out);
    }
    // Points after `point` done out of order (a parallel sweep stopped: they waited for an earlier one), by point;
    // only when there are any (a checkpoint without them has no `finished`).
    std::vector<std::uint64_t> finished;
    if (!v.loading() && save_finished)
      for (std::size_t k = point; k < points; ++k)
        if (runs[k].done) finished.push_back(k);
    const bool any = v.loading() ? resume->state.entries.count(v.prefix() + "finished") > 0 : !finished.empty();
    if (any) {
      v.resizable("finished", finished);
      for (const std::uint64_t k : finished) {
        if (k >= points) throw error(fmt::format("checkpoint: finished sweep point {} of {}", k + 1, points));
        const auto f = v.scope("finished" + std::to_string(k));
        visit_results(v, runs[k].r);
        v.nested("timed", runs[k].timed);
        runs[k].done = true;
      }
    }
    if (v.loading()) {
      while (point < at) next_point();
      resume_in_point = in_point;
    }
  };
  const bool checkpointing = !checkpoints.file.empty();
  auto last_written = std::chrono::steady_clock::now();
  checkpoint_options point_options = checkpoints;  // each point's: the sweep writes the one at its end
  point_options.at_end = false;
  point_options.written = [&](const checkpoint_header& h, double seconds) {
    last_written = std::chrono::steady_clock::now();
    if (checkpoints.written) checkpoints.written(h, seconds);
  };
  // A checkpoint between two points: the sweep's state alone, at the start of point `point`.
  const auto write_between = [&] {
    const auto started = std::chrono::steady_clock::now();
    state_archive state;
    state_visitor saver(state, false);
    visit_sweep(saver, false);
    checkpoint_header h = header_of(spec);
    h.sweep_point = point < points ? "before sweep point " + std::to_string(point + 1) + " of " + std::to_string(points)
                                   : "after the last sweep point";
    write_checkpoint(checkpoints.file, h, state);
    point_options.written(h, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  };
  if (resume) {
    state_archive archive = resume->state;
    state_visitor loader(archive, true);
    visit_sweep(loader, false);
  }

  // The sweep's results once `done` points have run: its tables and counts; `kept`: `out` holds the recordings,
  // tables and metrics of the kept point ([sweep] keep), else they are cleared.
  const auto finish = [&](std::size_t done, bool kept) {
    if (!kept) {
      out.spikes.clear();
      out.states.clear();
      out.weights.clear();
      out.rates.clear();
      out.transmissions.clear();
      out.tables.clear();
      out.metrics.clear();
      out.bio_time = bio;  // a kept point's simulated time and spike count stay its own, to match its recordings
      out.spike_count = spikes;
    }
    out.file_text = spec.file_text;  // the sweep's document: the points' values are its table's columns
    out.overrides = spec.overrides;
    out.metrics["sweep_points"] = static_cast<double>(done);
    out.metrics["sweep_bio_time_s"] = bio * 1e-3;
    out.wall_time = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (kept && !sw.measures.empty() && out.tables.count(sw.table)) {  // one the check (spec/validate.cpp) missed
      source_ref where = sw.where;
      where.key = "sweep.table";
      throw error(where, "the sweep's table '" + sw.table + "' has the name of a table of the kept run (keep = " +
                             std::to_string(*sw.keep) + "): rename the sweep's table");
    }
    if (!sw.measures.empty()) out.tables[sw.table] = std::move(tab);
    for (std::size_t k = 0; k < sw.tables.size(); ++k) out.tables[sw.tables[k]] = std::move(stacked[k]);
  };
  // The points: computed by run_points (sweep_points.hpp) one after another, or `jobs` at a time on threads of their
  // own (then without checkpoints inside a point: the sweep writes its own between two points); merged in point
  // order on this thread, so the results are bitwise those of --jobs 1 (docs/parallel.md).
  const bool parallel = jobs > 1;
  const std::size_t first = point;                            // the points before it are done (resumed)
  const std::size_t resumed_point = resume_in_point ? point : points;  // the point resumed inside, if any
  std::vector<std::size_t> sizes;
  for (const auto& a : sw.axes) sizes.push_back(a.values.size());
  // MPI: with at least as many points to run as processes, the points are shared out over them, each computed by
  // one (run_points_on_ranks: about K times as fast, whatever the network); else each point is shared among them.
  communicator* const comm = spec.processes.get();
  const bool by_points = comm && comm->size() > 1 && points - first >= static_cast<std::size_t>(comm->size());
  const auto work = [&](std::size_t k, const stop_fn& point_stop) {
    std::size_t c = 0;
    std::vector<std::size_t> at;
    grid_position(k, sizes, c, at);
    std::vector<std::string> overrides;
    for (std::size_t a = 0; a < sw.axes.size(); ++a)
      for (std::string& o : overrides_for(sw.axes[a], at[a])) overrides.push_back(std::move(o));
    point_run& run = runs[k];
    if (run.done) return;  // read from the checkpoint resumed
    experiment_spec point_spec = condition_spec(sw, c, overrides, respecify);
    point_spec.threads = spec.threads;  // how it is computed: the sweep's (not in the file)
    point_spec.processes = by_points ? nullptr : spec.processes;
    const measuring_plan plan(sw, point_spec, condition_name(sw, c));
    const checkpoint* from = k == resumed_point ? resume : nullptr;
    if (parallel) {
      run.r = run_measured(point_spec, {}, point_stop, sw.times ? &plan : nullptr, &run.timed, nullptr, from);
    } else if (checkpointing || from) {
      std::string name = point_name(sw, c, at, k, points);
      name.resize(name.size() - 2);  // without ": "
      const auto since_written = std::chrono::steady_clock::now() - last_written;
      const point_checkpoints ck{point_options, spec, visit_sweep, name, steps_done,
                                 std::chrono::duration<double>(since_written).count()};
      run.r = run_measured(point_spec, {}, point_stop, sw.times ? &plan : nullptr, &run.timed, &ck, from);
    } else {
      run.r = run_measured(point_spec, {}, point_stop, sw.times ? &plan : nullptr, &run.timed);
    }
    run.done = true;
  };
  // Stopped between two points (Ctrl-C, --checkpoint-stop-at-step): the sweep's results up to `point`.
  bool stopping_between = false;
  const auto stop_between = [&] {
    const double t = bio;
    const std::string why = fmt::format("interrupted before {}", point_name(sw, cond, index, point, points));
    if (point <= keep) {  // no point's provenance yet: the sweep's
      out.experiment = spec.name;
      out.version = plastix::version;
      out.file = spec.file;
      out.seed = spec.seed;
      out.dt = spec.dt;
    }
    finish(point, sw.keep.has_value() && point > keep);
    out.stop_reason = why.substr(0, why.size() - 2);
    stopping_between = true;
    throw run_stopped(run_stopped::cause::interrupted, t, out.stop_reason)
        .with_results(std::make_shared<run_results>(std::move(out)));
  };
  const auto merge = [&](std::size_t k) {
    run_results r = std::move(runs[k].r);
    const std::vector<std::vector<double>> timed = std::move(runs[k].timed);
    runs[k] = point_run{};
    const table series = series_measures(sw, r);  // series measures: one row per value
    const auto by_series = std::find_if(sw.measures.begin(), sw.measures.end(),
                                        [](const sweep_spec::measure& m) { return !m.series.empty(); });
    const std::size_t rows = sw.times ? sw.times->at.size()
                             : by_series != sw.measures.end() ? series.data[by_series - sw.measures.begin()].size()
                                                              : 1;
    for (std::size_t row = 0; row < rows; ++row) {
      if (lead) {
        tab.data[0].push_back(static_cast<double>(cond + 1));
        tab.labels["condition"].push_back(sw.conditions[cond].name);
      }
      for (std::size_t a = 0; a < sw.axes.size(); ++a) tab.data[lead + a].push_back(sw.axes[a].numbers[index[a]]);
      if (sw.times) tab.data[first_measure - 1].push_back(sw.times->numbers[row]);
      for (std::size_t m = 0; m < sw.measures.size(); ++m) {
        if (sw.times) {
          tab.data[first_measure + m].push_back(timed[row][m]);
          continue;
        }
        if (!sw.measures[m].series.empty()) {
          tab.data[first_measure + m].push_back(series.data[m][row]);
          continue;
        }
        const auto it = r.metrics.find(sw.measures[m].metric);
        if (it == r.metrics.end()) {
          std::string names;
          for (const auto& [metric, value] : r.metrics) names += (names.empty() ? "" : ", ") + metric;
          throw error(sw.measures[m].where, "sweep measure: the runs have no metric '" + sw.measures[m].metric +
                                                "'; they have: " + names);
        }
        tab.data[first_measure + m].push_back(it->second);
      }
    }
    if (!sw.tables.empty()) {  // [sweep] tables: the run's tables, led by its condition and axis values
      std::vector<std::pair<std::string, double>> leading;
      if (lead) leading.emplace_back("condition", static_cast<double>(cond + 1));
      for (std::size_t a = 0; a < sw.axes.size(); ++a) leading.emplace_back(sw.axes[a].column, sw.axes[a].numbers[index[a]]);
      const std::string* label = lead ? &sw.conditions[cond].name : nullptr;
      for (std::size_t k = 0; k < sw.tables.size(); ++k) stack_table(sw, k, r, leading, label, stacked[k]);
    }
    bio += r.bio_time;
    spikes += r.spike_count;
    const std::int64_t steps_before = steps_done;
    steps_done += std::llround(r.bio_time / spec.dt);
    if (point == keep) out = std::move(r);  // provenance and sizes of the first (or kept) point
    next_point();
    if (progress) {
      progress_info info;
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      info.phase = sweep_progress_text(point, points, point - first, wall);
      if (parallel) info.phase += fmt::format(" ({} jobs)", jobs);
      info.fraction = static_cast<double>(point) / static_cast<double>(points);
      info.bio_time = bio;
      info.wall_time = wall;
      progress(info);
    }
    // Between two points: a checkpoint when one is due on the sweep's clock (the last step of a point; in parallel,
    // the first point done after it), by wall time, or asked by the stop check (Ctrl-C); after the last point, only
    // --checkpoint-at-end writes one.
    if (!checkpointing || point == points) return;
    const std::int64_t at = checkpoints.stop_at_step;
    const bool stop_here = parallel ? steps_before < at && steps_done >= at
                                    : steps_done == at;  // else the point stopped there
    const bool interrupted = stop && stop();
    const bool every = checkpoints.every_steps > 0 &&
                       (parallel ? steps_before / checkpoints.every_steps != steps_done / checkpoints.every_steps
                                 : steps_done % checkpoints.every_steps == 0);
    if (stop_here || interrupted || every ||
        (checkpoints.every_wall > 0.0 &&
         std::chrono::duration<double>(std::chrono::steady_clock::now() - last_written).count() >=
             checkpoints.every_wall))
      write_between();
    if (stop_here || interrupted) stop_between();
  };
  try {
    const auto compute = [&](std::size_t k) {
      return point_outcome([&] { work(k, stop); }, runs[k].r, runs[k].timed);
    };
    const auto take = [&](std::size_t k, std::span<const char> outcome) {
      take_point_outcome(outcome, runs[k].r, runs[k].timed);
      runs[k].done = true;
      merge(k);
    };
    const std::size_t merged = by_points ? run_points_on_ranks(*comm, {first, points, 1}, compute, take, stop)
                                         : run_points({first, points, std::max(1u, jobs)}, work, merge, stop);
    if (merged < points) {  // asked to stop before the next point started
      save_finished = parallel;  // no point runs any more
      if (checkpointing) write_between();
      stop_between();
    }
  } catch (const run_stopped& s) {  // the sweep's tables up to the previous point; the point that stopped named
    if (stopping_between) throw;
    if (parallel && checkpointing && s.interrupted()) {  // the points done (none inside a point), no point running
      save_finished = true;
      write_between();
    }
    const run_stopped named = s.with_context(point_name(sw, cond, index, point, points));
    const run_results& part = *s.results();
    bio += part.bio_time;
    spikes += part.spike_count;
    bool kept = sw.keep.has_value();
    if (point <= keep) {  // provenance (and recordings, if it is the kept point) from this point
      out = part;
      kept = sw.keep == point;
    }
    finish(point, kept);
    out.stop_reason = named.what();
    throw named.with_results(std::make_shared<run_results>(std::move(out)));
  }
  if (checkpointing && checkpoints.at_end && !(resume && !resume_in_point && point == points)) write_between();
  finish(points, sw.keep.has_value());
  return finite_or_stopped(std::move(out));
}

}  // namespace plastix
