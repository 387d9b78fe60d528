#include "plastix/sim/tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
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

struct series {
  std::vector<double> times, values;  // [ms], the values in the series' unit
};

// A recording of k columns per sample (row-major): per sample its first column, or (average) the mean of all. A
// weights monitor samples a synapse that does not exist at that time (structural plasticity) as NaN: the mean is
// over the synapses that exist (NaN if none does: an error when the run's results are checked, finite_guard.hpp).
series per_sample(const std::vector<double>& times, const std::vector<double>& values, std::size_t k, bool average) {
  series out;
  if (k == 0) return out;
  out.times = times;
  for (std::size_t s = 0; s < times.size(); ++s) {
    double v = values[s * k];
    if (average) {
      double sum = 0.0;
      std::size_t n = 0;
      for (std::size_t i = 0; i < k; ++i)
        if (const double x = values[s * k + i]; !std::isnan(x)) {
          sum += x;
          ++n;
        }
      v = n > 0 ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
    }
    out.values.push_back(v);
  }
  return out;
}

// The times and values of a series column (before `skip`), or nullopt when it names no recorded monitor.
std::optional<series> series_of(const table_column_spec& c, const run_results& r) {
  const std::size_t dot = c.series.find('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string kind = c.series.substr(0, dot), name = c.series.substr(dot + 1);
  series out;
  if (kind == "transmission") {
    const transmission_record* m = find_record(r.transmissions, name);
    if (!m) return std::nullopt;
    for (std::size_t k = 0; k < m->efficacy.size(); ++k) {
      if (c.pre && m->pre[k] != *c.pre) continue;
      out.times.push_back(m->times[k]);
      out.values.push_back(m->efficacy[k]);
    }
    return out;
  }
  if (kind == "rate") {
    const rate_record* m = find_record(r.rates, name);
    if (!m) return std::nullopt;
    return series{m->times, m->rates};
  }
  if (kind == "weights") {
    const weight_record* m = find_record(r.weights, name);
    if (!m) return std::nullopt;
    return per_sample(m->times, m->values, m->synapses.size(), c.average);
  }
  if (kind == "state") {
    const state_record* m = find_record(r.states, name);
    if (!m) return std::nullopt;
    return per_sample(m->times, m->values, m->neurons.size(), c.average);
  }
  if (kind == "table") {  // "table.<table>.<column>": a column of a result table computed before (no times)
    for (const auto& [table_name, t] : r.tables) {
      if (name.size() <= table_name.size() + 1 || name.compare(0, table_name.size(), table_name) != 0 ||
          name[table_name.size()] != '.')
        continue;
      const std::string column = name.substr(table_name.size() + 1);
      for (std::size_t k = 0; k < t.columns.size(); ++k)
        if (t.columns[k] == column) return series{{}, t.data[k]};
    }
  }
  return std::nullopt;
}

// The column's values: the series' values or (times = true) its times in time_unit, without the first `skip`.
std::optional<std::vector<double>> series_values(const table_column_spec& c, const run_results& r) {
  std::optional<series> s = series_of(c, r);
  if (!s) return std::nullopt;
  std::vector<double> v = std::move(c.times ? s->times : s->values);
  if (c.times && c.time_unit != 1.0)
    for (double& x : v) x /= c.time_unit;
  v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(std::min(c.skip, v.size())));
  return v;
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
      fail(c.where, "column '" + c.name + "': series '" + c.series + "' is not a recorded series or result table "
                    "column (expected \"transmission.<monitor>\", \"rate.<monitor>\", \"state.<monitor>\" or "
                    "\"weights.<monitor>\" naming a monitor, or \"table.<table>.<column>\" naming a column of a "
                    "table of the run's analyses or of an earlier [[table]])");
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

void compute_metrics(const std::vector<metric_spec>& metrics, run_results& results) {
  for (const metric_spec& m : metrics) {
    const std::optional<series> s = series_of(m.series, results);
    if (!s)
      throw error(m.where, "metric '" + m.name + "': series '" + m.series.series + "' is not a recorded series");
    double sum = 0.0, low = std::numeric_limits<double>::infinity(), high = -low;
    std::size_t n = 0, crossings = 0;
    std::optional<double> previous;
    for (std::size_t k = 0; k < s->values.size(); ++k) {
      if (!(s->times[k] >= m.from && s->times[k] < m.to)) continue;
      const double v = s->values[k];
      sum += v;
      low = std::min(low, v);
      high = std::max(high, v);
      if (previous && *previous < m.threshold && v >= m.threshold) ++crossings;
      previous = v;
      ++n;
    }
    if (n == 0)
      throw error(m.where, fmt::format("metric '{}': series '{}' has no values in the window [{} ms, {} ms)", m.name,
                                       m.series.series, m.from, m.to));
    double value = 0.0;
    switch (m.reduce) {
      case metric_spec::kind::mean: value = sum / static_cast<double>(n); break;
      case metric_spec::kind::max: value = high; break;
      case metric_spec::kind::min: value = low; break;
      case metric_spec::kind::crossings: value = static_cast<double>(crossings); break;
    }
    if (results.metrics.count(m.name))
      throw error(m.where, "metric '" + m.name + "': the run already has a metric of that name");
    results.metrics[m.name] = value;
  }
}

table compute_table(const table_spec& t, const run_results& results) { return compute(t, results); }

void compute_tables(const std::vector<table_spec>& tables, run_results& results) {
  for (const table_spec& t : tables) {
    if (results.tables.count(t.name))
      throw error(t.where, "table '" + t.name + "': the results already have a table of that name");
    results.tables[t.name] = compute(t, results);
  }
}

}  // namespace plastix
