// load_experiment / parse_experiment: TOML text -> overrides -> experiment_spec -> validate().
#include "plastix/io/config.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "plastix/core/names.hpp"
#include "plastix/core/printable.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/version.hpp"
#include "readers.hpp"
#include "toml_parse.hpp"
#include "toml_writer.hpp"

namespace plastix {

namespace {

using io_detail::document;
using io_detail::table_reader;

// validate() names the item (and field) at fault; point the message at the key in the file when there is one.
error locate(const error& e, const document& doc) {
  const source_ref& where = e.where();
  const std::string message = e.message();
  for (std::optional<std::string> k = where.key; k && !k->empty(); k = io_detail::parent_key(*k)) {
    auto it = doc.index.find(*k);
    if (it == doc.index.end()) continue;
    source_ref located = it->second;
    located.key = where.key;
    return error(located, message + doc.override_note(*k));
  }
  return e;
}

// Whether dt and the duration of [experiment] were read (every time of the experiment is checked against them).
bool timing_read(const document& doc) {
  return !doc.problems.has_breaking("experiment") && !doc.problems.has_breaking("experiment.dt") &&
         !doc.problems.has_breaking("experiment.duration");
}

// Reads the document into a description, item by item: the problems found are recorded in `doc` (see
// table_reader::item), not thrown, so that one pass finds them all.
experiment_spec read_document(const toml::table& root, const document& doc) {
  const table_reader top(doc, root, "");
  top.check_keys({"experiment", "population", "projection", "monitor", "phase", "protocol", "sweep", "table",
                  "analysis", "patterns", "metric", "modulator"},
                 "at the top level of the file");

  experiment_spec spec;
  const std::string stem = std::filesystem::path(doc.file).stem().string();
  spec.name = path_name_problem(stem).empty() ? stem : "experiment";
  spec.name_where = {doc.file, 0, 0, "experiment.name"};
  std::optional<double> duration;
  source_ref duration_where{doc.file, 1, 1, "experiment.duration"};  // no [experiment]: the top, where it belongs
  top.item("experiment", [&](const table_reader& e) {
    e.check_keys({"name", "seed", "dt", "duration", "start_from"}, "in [experiment]");
    spec.name = e.string_or("name", spec.name);
    if (e.has("name")) spec.name_where = e.ref("name");
    // The name is the default output directory results/<name>: a path component, checked here so `check` says so.
    if (const std::string problem = path_name_problem(spec.name); !problem.empty())  // nothing else depends on it
      doc.problems.record(
          error(e.ref("name"), "\"" + printable(spec.name) + "\" cannot be an experiment name: " + problem +
                                   "; it names the output directory results/<experiment.name> when no -o DIR is "
                                   "given. Use a plain name such as \"stdp_run1\"" +
                                   doc.override_note("experiment.name")),
          false);
    spec.seed = e.count_or("seed", spec.seed);
    spec.dt = e.quantity_or("dt", dimension::time, spec.dt);
    spec.start_from = e.string_or("start_from", "");  // a warm start (sim/warm_start.hpp)
    if (e.has("start_from")) spec.start_from_where = e.ref("start_from");
    duration_where = e.ref("duration");
    duration = e.quantity_opt("duration", dimension::time);
    return true;
  });

  top.read_items("population", spec.network.populations, io_detail::read_population);
  top.read_items("projection", spec.network.projections,
                 [&](const table_reader& t) { return io_detail::read_projection(t, spec.network.populations); });
  top.read_items("monitor", spec.monitors, io_detail::read_monitor);
  top.read_items("phase", spec.phases, io_detail::read_phase);
  // [[phase]] set: parameters that change during the run. The changes are matched to spec.phases by position, so
  // they are read only when every item so far was read.
  if (doc.problems.breaking() == 0) {
    try {
      io_detail::read_phase_changes(root, doc, spec);
    } catch (const error& e) {
      doc.problems.record(e);
    }
  }
  top.read_items("patterns", spec.patterns, io_detail::read_pattern_set);
  top.read_items("modulator", spec.modulators, io_detail::read_modulator);
  top.read_items("analysis", spec.analyses, io_detail::read_analysis);
  top.read_items("table", spec.tables, io_detail::read_table);
  top.read_items("metric", spec.metrics, io_detail::read_metric);
  top.read_items("protocol", spec.protocols, io_detail::read_protocol);
  spec.sweep = top.item("sweep", io_detail::read_sweep);

  // Whether the run has phases or one duration (not decided when a phase or the duration could not be read).
  if (doc.problems.is_broken("phase") || !timing_read(doc)) return spec;
  const std::string note = doc.override_note("experiment.duration");
  if (!spec.phases.empty() && duration) {
    doc.problems.record(error(duration_where, "experiment.duration cannot be combined with [[phase]] tables; give "
                                              "each phase its own duration" + note));
  } else if (spec.phases.empty() && !duration) {
    doc.problems.record(error(duration_where, "the experiment has neither [[phase]] tables nor a duration; expected "
                                              "duration = \"1 s\" in [experiment], or [[phase]] tables with name and "
                                              "duration"));
  } else if (spec.phases.empty()) {
    phase_spec run;
    run.name = "run";
    run.duration = *duration;
    run.where = duration_where;
    spec.phases.push_back(std::move(run));
  }
  return spec;
}

// The document as run (experiment_spec::file_text): the text itself when nothing is overridden; else the document
// with the overrides applied, written out (io_detail::write_toml) after a comment header that lists them.
std::string document_as_run(std::string_view text, const toml::table& root, const std::vector<std::string>& overrides,
                            const std::string& file_name) {
  if (overrides.empty()) return std::string(text);
  std::ostringstream out;
  out << "# plastix " << version << ": the experiment file '" << printable(file_name)
      << "' as run, with these overrides applied:\n";
  for (const std::string& o : overrides) {
    std::string shown = printable(o);
    for (std::size_t at = shown.find('\n'); at != std::string::npos; at = shown.find('\n', at + 2))
      shown.replace(at, 1, "\\n");  // one comment line per override
    out << "#   " << shown << "\n";
  }
  out << "# Running this file without overrides runs the same experiment.\n\n";
  io_detail::write_toml(out, root);
  return out.str();
}

experiment_spec read_text(std::string_view text, const std::vector<std::string>& overrides, document& doc) {
  const std::string& file_name = doc.file;
  toml::table root;
  try {
    root = io_detail::parse_toml(text, file_name);
  } catch (const toml::parse_error& e) {
    const source_ref where{file_name, static_cast<int>(e.source().begin.line),
                           static_cast<int>(e.source().begin.column), ""};
    throw error(where, "TOML syntax error (column " + std::to_string(where.column) +
                           "): " + std::string(e.description()));
  }
  io_detail::apply_overrides(root, overrides, doc);
  io_detail::check_nesting(root, doc);
  doc.build_index(root);
  experiment_spec spec = read_document(root, doc);
  spec.file_text = document_as_run(text, root, overrides, file_name);
  spec.overrides = overrides;
  return spec;
}

// Every phase of `spec` made one step of dt long and fast: the run whose length the network's checks see when the
// timeline could not be read.
void one_step_run(experiment_spec& spec) {
  for (phase_spec& ph : spec.phases) {
    ph.duration = spec.dt;
    ph.slow_step = 0.0;
  }
}

}  // namespace

experiment_spec parse_experiment(std::string_view text, const std::string& file_name,
                                 const std::vector<std::string>& overrides, const machine_share& share) {
  document doc;
  doc.file = file_name;
  experiment_spec spec = read_text(text, overrides, doc);  // the TOML tree is gone before the checks
  spec.file = file_name;
  std::vector<error> checked;
  // Validation checks what could be read; not when dt or the duration could not: every time would be checked
  // against a placeholder.
  if (timing_read(doc)) {
    std::vector<error> found;
    // Without one of the phases the run's end is unknown: only the network's own checks stand, made over a run of
    // one step (the network's checks that depend on the run's length, such as a monitor's memory, would otherwise
    // see the broken phase's placeholders: a slow phase whose slow_step could not be read runs as a fast one).
    const bool timeline_read = !doc.problems.is_broken("phase");
    try {
      fill_defaults(spec);
      if (spec.sweep && !spec.sweep->phases.empty()) {  // the sweep's runs run these phases: check them as they run
        experiment_spec runs = spec;
        runs.phases = phase_sequence(spec.phases, spec.sweep->phases, spec.sweep->phases_where, "the sweep's phases");
        if (!timeline_read) one_step_run(runs);
        found = validation_problems(runs, share);
      } else if (!timeline_read) {
        experiment_spec runs = spec;
        one_step_run(runs);
        found = validation_problems(runs, share);
      } else {
        found = validation_problems(spec, share);
      }
    } catch (const error& e) {
      found.push_back(e);
    }
    for (const error& e : found) {
      error located = locate(e, doc);
      const std::string& key = located.where().key;
      const bool network = key.rfind("population", 0) == 0 || key.rfind("projection", 0) == 0 ||
                           key.rfind("monitor", 0) == 0;
      if (timeline_read || network) checked.push_back(std::move(located));
    }
  }
  throw_problems(doc.problems.to_report(checked, doc.index));
  return spec;
}

experiment_spec load_experiment(const std::string& path, const std::vector<std::string>& overrides,
                                const machine_share& share) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw error(source_ref{path, 0, 0, ""}, std::string("cannot open the experiment file: ") + std::strerror(errno));
  }
  // Read straight into one string (a stream buffer and its copy would hold the text twice more).
  std::string text;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size >= 0) {
    in.seekg(0, std::ios::beg);
    text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), size);
    text.resize(static_cast<std::size_t>(in.gcount()));
  } else {  // not seekable (a pipe): read it in pieces
    in.clear();
    std::array<char, 65536> buffer;
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw error(source_ref{path, 0, 0, ""}, "cannot read the experiment file");
  return parse_experiment(text, path, overrides, share);
}

}  // namespace plastix
