#include "plastix/record/summary.hpp"

#include <nlohmann/json.hpp>

#include "plastix/record/validate.hpp"
#include "plastix/version.hpp"

namespace plastix {

std::string summary_json(const run_results& r) {
  validate_results(r);
  using json = nlohmann::ordered_json;  // keep fields and table columns in the documented order

  const double bio_time_s = r.bio_time / 1000.0;  // [ms] -> [s]
  json out;
  out["experiment"] = r.experiment;
  out["status"] = r.stop_reason.empty() ? "complete" : "stopped";
  if (!r.stop_reason.empty()) out["stop_reason"] = r.stop_reason;
  out["seed"] = r.seed;
  out["version"] = r.version.empty() ? std::string(plastix::version) : r.version;
  out["file"] = r.file;
  out["overrides"] = r.overrides;
  out["dt_ms"] = r.dt;
  out["bio_time_s"] = bio_time_s;
  out["wall_time_s"] = r.wall_time;
  out["realtime_factor"] = r.wall_time > 0.0 ? json(bio_time_s / r.wall_time) : json(nullptr);
  out["neuron_count"] = r.neuron_count;
  out["synapse_count"] = r.synapse_count;
  out["spike_count"] = r.spike_count;

  json sizes = json::object();
  for (const auto& [name, size] : r.population_sizes) sizes[name] = size;
  out["population_sizes"] = std::move(sizes);

  json phases = json::array();
  for (const auto& [name, duration] : r.phases) phases.push_back({{"name", name}, {"duration_ms", duration}});
  out["phases"] = std::move(phases);

  json metrics = json::object();
  for (const auto& [name, value] : r.metrics) metrics[name] = value;
  out["metrics"] = std::move(metrics);

  json tables = json::object();
  for (const auto& [name, t] : r.tables) {
    json columns = json::object();
    for (std::size_t c = 0; c < t.columns.size(); ++c) columns[t.columns[c]] = t.data[c];
    tables[name] = std::move(columns);
  }
  out["tables"] = std::move(tables);
  json labels = json::object();  // names for the values of some columns (a sweep's conditions)
  for (const auto& [name, t] : r.tables)
    for (const auto& [column, names] : t.labels) labels[name][column] = names;
  if (!labels.empty()) out["table_labels"] = std::move(labels);

  // Invalid UTF-8 in a name is replaced rather than thrown on: a summary should never fail over a stray byte.
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace plastix
