#include "plastix/sim/tables.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <string>

#include "plastix/core/error.hpp"

namespace plastix {

namespace {

template <class R>
const R* find_record(const std::vector<R>& records, const std::string& name) {
  for (const R& r : records)
    if (r.name == name) return &r;
  return nullptr;
}

// The values of a series column, or nullopt when it names no recorded monitor.
std::optional<std::vector<double>> series_values(const table_column_spec& c, const run_results& r) {
  const std::size_t dot = c.series.find('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string kind = c.series.substr(0, dot), name = c.series.substr(dot + 1);
  if (kind == "transmission") {
    const transmission_record* m = find_record(r.transmissions, name);
    if (!m) return std::nullopt;
    if (!c.pre) return m->efficacy;
    std::vector<double> v;
    for (std::size_t k = 0; k < m->efficacy.size(); ++k)
      if (m->pre[k] == *c.pre) v.push_back(m->efficacy[k]);
    return v;
  }
  if (kind == "rate") {
    const rate_record* m = find_record(r.rates, name);
    if (!m) return std::nullopt;
    return m->rates;
  }
  if (kind == "state") {
    const state_record* m = find_record(r.states, name);
    if (!m) return std::nullopt;
    const std::size_t k = m->neurons.size();
    std::vector<double> v;
    if (k == 0) return v;
    for (std::size_t s = 0; s < m->times.size(); ++s) v.push_back(m->values[s * k]);
    return v;
  }
  return std::nullopt;
}

table compute(const table_spec& t, const run_results& r) {
  const auto fail = [&](const source_ref& where, const std::string& message) -> void {
    throw error(where, "table '" + t.name + "': " + message);
  };
  table out;
  out.data.resize(t.columns.size());
  std::optional<std::size_t> rows;
  std::size_t first_series = 0;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const table_column_spec& c = t.columns[i];
    out.columns.push_back(c.name);
    if (c.index) continue;
    std::optional<std::vector<double>> v = series_values(c, r);
    if (!v) {
      fail(c.where, "column '" + c.name + "': series '" + c.series + "' is not a recorded series (expected "
                    "\"transmission.<monitor>\", \"rate.<monitor>\" or \"state.<monitor>\" naming a monitor)");
    }
    if (c.normalize_first && !v->empty()) {
      const double first = v->front();
      if (first == 0.0 || !std::isfinite(first))
        fail(c.where, fmt::format("column '{}': cannot normalize by the first value of series '{}', which is {}",
                                  c.name, c.series, first));
      for (double& x : *v) x /= first;
    }
    if (rows && *rows != v->size()) {
      fail(c.where, fmt::format("column '{}' has {} rows but column '{}' has {}; all columns of a table must have "
                                "the same length", c.name, v->size(), t.columns[first_series].name, *rows));
    }
    if (!rows) {
      rows = v->size();
      first_series = i;
    }
    out.data[i] = std::move(*v);
  }
  if (!rows) fail(t.where, "it has no series column; the index columns have nothing to count");
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (!t.columns[i].index) continue;
    out.data[i].resize(*rows);
    for (std::size_t k = 0; k < *rows; ++k) out.data[i][k] = static_cast<double>(k + 1);
  }
  return out;
}

}  // namespace

void compute_tables(const std::vector<table_spec>& tables, run_results& results) {
  for (const table_spec& t : tables) {
    if (results.tables.count(t.name))
      throw error(t.where, "table '" + t.name + "': the results already have a table of that name");
    results.tables[t.name] = compute(t, results);
  }
}

}  // namespace plastix
