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

experiment_spec read_document(const toml::table& root, const document& doc) {
  const table_reader top(doc, root, "");
  top.check_keys({"experiment", "population", "projection", "monitor", "phase", "protocol", "sweep", "table",
                  "analysis", "patterns", "metric"},
                 "at the top level of the file");

  experiment_spec spec;
  const std::string stem = std::filesystem::path(doc.file).stem().string();
  spec.name = path_name_problem(stem).empty() ? stem : "experiment";
  spec.name_where = {doc.file, 0, 0, "experiment.name"};
  std::optional<double> duration;
  source_ref duration_where{doc.file, 1, 1, "experiment.duration"};  // no [experiment]: the top, where it belongs
  if (top.has("experiment")) {
    const table_reader e = top.sub_table("experiment");
    e.check_keys({"name", "seed", "dt", "duration"}, "in [experiment]");
    spec.name = e.string_or("name", spec.name);
    if (e.has("name")) spec.name_where = e.ref("name");
    // The name is the default output directory results/<name>: a path component, checked here so `check` says so.
    if (const std::string problem = path_name_problem(spec.name); !problem.empty())
      e.fail("name", "\"" + printable(spec.name) + "\" cannot be an experiment name: " + problem +
                         "; it names the output directory results/<experiment.name> when no -o DIR is given. "
                         "Use a plain name such as \"stdp_run1\"");
    spec.seed = e.count_or("seed", spec.seed);
    spec.dt = e.quantity_or("dt", dimension::time, spec.dt);
    duration = e.quantity_opt("duration", dimension::time);
    duration_where = e.ref("duration");
  }

  for (const table_reader& t : top.tables("population")) {
    spec.network.populations.push_back(io_detail::read_population(t));
  }
  for (const table_reader& t : top.tables("projection")) {
    spec.network.projections.push_back(io_detail::read_projection(t, spec.network.populations));
  }
  for (const table_reader& t : top.tables("monitor")) spec.monitors.push_back(io_detail::read_monitor(t));
  for (const table_reader& t : top.tables("phase")) spec.phases.push_back(io_detail::read_phase(t));
  io_detail::read_phase_changes(root, doc, spec);  // [[phase]] set: parameters that change during the run
  for (const table_reader& t : top.tables("patterns")) spec.patterns.push_back(io_detail::read_pattern_set(t));
  for (const table_reader& t : top.tables("analysis")) spec.analyses.push_back(io_detail::read_analysis(t));
  for (const table_reader& t : top.tables("table")) spec.tables.push_back(io_detail::read_table(t));
  for (const table_reader& t : top.tables("metric")) spec.metrics.push_back(io_detail::read_metric(t));
  for (const table_reader& t : top.tables("protocol")) spec.protocols.push_back(io_detail::read_protocol(t));
  if (top.has("sweep")) spec.sweep = io_detail::read_sweep(top.sub_table("sweep"));

  const std::string note = doc.override_note("experiment.duration");
  if (!spec.phases.empty() && duration) {
    throw error(duration_where, "experiment.duration cannot be combined with [[phase]] tables; give each phase "
                                "its own duration" + note);
  }
  if (spec.phases.empty()) {
    if (!duration) {
      throw error(duration_where, "the experiment has neither [[phase]] tables nor a duration; expected "
                                  "duration = \"1 s\" in [experiment], or [[phase]] tables with name and duration");
    }
    phase_spec run;
    run.name = "run";
    run.duration = *duration;
    run.where = duration_where;
    spec.phases.push_back(std::move(run));
  }
  return spec;
}

// The document as run (experiment_spec::file_text): the text itself when nothing is overridden; else the document
// with the overrides applied, written out by toml++ after a comment header that lists them.
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
  out << "# Running this file without overrides runs the same experiment.\n\n" << toml::toml_formatter{root} << "\n";
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

}  // namespace

experiment_spec parse_experiment(std::string_view text, const std::string& file_name,
                                 const std::vector<std::string>& overrides) {
  document doc;
  doc.file = file_name;
  experiment_spec spec = read_text(text, overrides, doc);  // the TOML tree is gone before the checks
  spec.file = file_name;
  try {
    fill_defaults(spec);
    if (spec.sweep && !spec.sweep->phases.empty()) {  // the sweep's runs run these phases: check them as they run
      experiment_spec runs = spec;
      runs.phases = phase_sequence(spec.phases, spec.sweep->phases, spec.sweep->phases_where, "the sweep's phases");
      validate(runs);
    } else {
      validate(spec);
    }
  } catch (const error& e) {
    throw locate(e, doc);
  }
  return spec;
}

experiment_spec load_experiment(const std::string& path, const std::vector<std::string>& overrides) {
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
  return parse_experiment(text, path, overrides);
}

}  // namespace plastix
