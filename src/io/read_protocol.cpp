// [[protocol]] tables (spec/protocols.hpp) and the [sweep] table.
#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "plastix/spec/protocols.hpp"
#include "read_params.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

constexpr std::size_t max_axis_points = 100000;      // values of one sweep axis
constexpr double max_sweep_points = 10000000.0;       // grid points of a sweep: conditions × axis values
constexpr double max_protocol_spikes = 100000000.0;   // spikes a protocol imposes (8 bytes each, made when read)

// A protocol's spikes are made when the file is read: refuse counts whose product is beyond reason, before that.
void check_spike_count(const table_reader& t, std::string_view key, double spikes) {
  if (!(spikes <= max_protocol_spikes))
    t.fail(key, fmt::format("the protocol would impose {:.3g} spikes, more than {:.0e}", spikes, max_protocol_spikes));
}

// A protocol's keys through its declaration (spec/protocols.hpp); its reader then reads the extra keys and checks
// the values (check_values).
template <class P>
P read_declared(const table_reader& t) {
  return read_params(t, P::declare(), dimension::dimensionless, {"type"}, std::string("for a ") + P::name + " protocol");
}

pairing_protocol read_pairing(const table_reader& t) {
  pairing_protocol p = read_declared<pairing_protocol>(t);
  p.pre = t.string("pre");
  p.post = t.string("post");
  check_values(t, pairing_protocol::declare(), p);
  check_spike_count(t, t.has("n") ? "n" : "post_spikes",
                    static_cast<double>(p.n) * (1.0 + static_cast<double>(p.post_spikes)));
  return p;
}

current_steps_protocol read_current_steps(const table_reader& t) {
  current_steps_protocol p = read_declared<current_steps_protocol>(t);
  p.population = t.string("population");
  p.neurons = t.index_list("neurons");
  const auto starts = t.quantity_list("start", dimension::time);
  const auto durations = t.quantity_list("duration", dimension::time);
  const auto amplitudes = t.quantity_list("amplitude", dimension::current);
  if (starts.empty() || starts.size() != durations.size() || starts.size() != amplitudes.size())
    t.fail("start", "expected lists start, duration and amplitude of equal, non-zero length (one entry per step), "
                    "e.g. start = [\"100 ms\"], duration = [\"500 ms\"], amplitude = [\"200 pA\"]");
  for (std::size_t k = 0; k < starts.size(); ++k) p.steps.push_back({starts[k], durations[k], amplitudes[k]});
  return p;
}

// tetanus, lfs, theta_burst: `frequency` is the rate of the groups (pulses, or bursts for theta_burst),
// `pulse_frequency` the rate inside a group; `duration` may be given instead of `n`.
template <class P>
P read_pulse_train(const table_reader& t) {
  P p = read_declared<P>(t);
  p.population = t.string("population");
  if (t.has("n") && t.has("duration")) t.fail("duration", "give either n (pulses) or duration, not both");
  if (t.has("duration") && p.interval > 0.0) {
    const double n = std::round(std::max(0.0, t.quantity("duration", dimension::time)) / p.interval);
    check_spike_count(t, "duration", n);  // before the cast: 1e300 ms would overflow
    p.n = static_cast<std::uint64_t>(n);
  }
  check_values(t, P::declare(), p);
  check_spike_count(t, t.has("trains") ? "trains" : t.has("pulses") ? "pulses" : t.has("duration") ? "duration" : "n",
                    static_cast<double>(p.trains) * static_cast<double>(p.n) * static_cast<double>(p.pulses));
  return p;
}

}  // namespace

protocol_spec read_protocol(const table_reader& t) {
  const std::string type = t.choice("type", protocol_names());
  protocol_spec p;
  p.where = t.where();
  if (type == pairing_protocol::name) p.params = read_pairing(t);
  else if (type == tetanus_protocol::name) p.params = read_pulse_train<tetanus_protocol>(t);
  else if (type == lfs_protocol::name) p.params = read_pulse_train<lfs_protocol>(t);
  else if (type == theta_burst_protocol::name) p.params = read_pulse_train<theta_burst_protocol>(t);
  else p.params = read_current_steps(t);
  return p;
}

namespace {

// Values of an axis as strings to set and as numbers in the column's unit.
void read_axis_values(const table_reader& t, sweep_spec::axis& a) {
  std::optional<dimension> dim;
  double scale = 1.0;
  if (t.has("unit")) {
    const std::string unit = t.string("unit");
    for (dimension d : {dimension::time, dimension::frequency, dimension::voltage, dimension::conductance,
                        dimension::current, dimension::capacitance, dimension::concentration}) {
      try {
        scale = parse_quantity("1 " + unit, d);
        dim = d;
        break;
      } catch (const error&) {
      }
    }
    if (!dim) t.fail("unit", "unknown unit '" + unit + "'; expected a unit such as ms, s, Hz, mV, nS, pA");
  }
  auto add = [&](const toml::node& node, const std::string& key) {
    if (const auto flag = node.value_exact<bool>()) {  // a switch: true/false, tabulated as 1/0
      if (dim) t.fail("unit", "a unit does not apply to true/false values");
      a.numbers.push_back(*flag ? 1.0 : 0.0);
      a.values.push_back(*flag ? "true" : "false");
    } else if (dim) {
      const double v = t.quantity_of(node, key, *dim);
      a.numbers.push_back(v / scale);
      a.values.push_back(*node.value<std::string>());
    } else {
      const double v = t.quantity_of(node, key, dimension::dimensionless);
      a.numbers.push_back(v);
      std::ostringstream os;
      os.precision(17);
      if (node.is_integer()) os << *node.value<std::int64_t>();
      else os << v;
      a.values.push_back(os.str());
    }
  };
  if (t.has("values") == t.has("range")) t.fail("values", "give either values = [...] or range = [from, to, step]");
  if (t.has("values")) {
    const toml::array& values = t.array("values");
    for (std::size_t k = 0; k < values.size(); ++k) add(*values.get(k), t.key_of("values"));
    if (a.values.empty()) t.fail("values", "expected at least one value");
    return;
  }
  const toml::array& range = t.array("range");
  if (range.size() != 3 || !dim) t.fail("range", "expected range = [from, to, step] with units and a `unit` key, "
                                                 "e.g. range = [\"-100 ms\", \"100 ms\", \"10 ms\"], unit = \"ms\"");
  const double from = t.quantity_of(*range.get(0), t.key_of("range"), *dim) / scale;
  const double to = t.quantity_of(*range.get(1), t.key_of("range"), *dim) / scale;
  const double step = t.quantity_of(*range.get(2), t.key_of("range"), *dim) / scale;
  if (!(step > 0.0) || to < from) t.fail("range", "expected from <= to and step > 0");
  const double points = std::floor((to - from) / step + 1e-9) + 1.0;  // in double: (to - from) / step may be huge
  if (!(points <= static_cast<double>(max_axis_points)))
    t.fail("range", fmt::format("{:.3g} points, more than {}", points, max_axis_points));
  const auto count = static_cast<std::int64_t>(points);
  const std::string unit = t.string("unit");
  for (std::int64_t k = 0; k < count; ++k) {
    const double v = from + static_cast<double>(k) * step;  // computed from the index: no accumulated error
    std::ostringstream os;
    os.precision(15);
    os << v << " " << unit;
    a.numbers.push_back(v);
    a.values.push_back(os.str());
  }
}

// [[sweep.condition]]: a name, the phases it runs (by name, in order, may repeat) and `--set` style overrides.
sweep_spec::condition read_condition(const table_reader& c, const std::vector<sweep_spec::condition>& before) {
  c.check_keys({"name", "phases", "set"}, "for a sweep condition");
  sweep_spec::condition cond;
  cond.where = c.where();
  cond.phases_where = c.ref("phases");
  cond.name = c.label("name");
  for (const auto& other : before)
    if (other.name == cond.name) c.fail("name", "a condition named '" + cond.name + "' exists already; names must be unique");
  cond.phases = c.string_list("phases");
  if (c.has("phases") && cond.phases.empty())
    c.fail("phases", "expected at least one phase name, e.g. phases = [\"induction\", \"late\"] (leave the key out to "
                     "run every phase of the file)");
  cond.overrides = c.string_list("set");
  for (const std::string& o : cond.overrides)
    if (o.find('=') == std::string::npos || o.front() == '=')
      c.fail("set", "expected KEY=VALUE entries as for --set, e.g. \"phase.late.duration=2 h\"; got '" + o + "'");
  return cond;
}

// [sweep.times]: the measuring times, in a time unit, from the start of a phase (or of the run).
sweep_spec::times_spec read_times(const table_reader& t) {
  t.check_keys({"values", "range", "unit", "column", "phase"}, "in [sweep.times]");
  sweep_spec::times_spec times;
  times.where = t.where();
  if (!t.has("unit")) t.fail_here("[sweep.times] needs a time unit for its column, e.g. unit = \"h\"");
  double scale = 0.0;
  try {
    scale = parse_quantity("1 " + t.string("unit"), dimension::time);
  } catch (const error&) {
    t.fail("unit", "expected a time unit (ms, s, min, h, day), got '" + t.string("unit") + "'");
  }
  sweep_spec::axis values;
  read_axis_values(t, values);
  for (double v : values.numbers) {
    if (!(v >= 0.0)) t.fail(t.has("values") ? "values" : "range", "measuring times must be >= 0");
    times.numbers.push_back(v);
    times.at.push_back(v * scale);
  }
  times.values_where = t.ref(t.has("values") ? "values" : "range");
  times.phase_where = t.ref("phase");
  times.column = t.name("column");
  times.phase = t.string_or("phase", "");
  return times;
}

}  // namespace

sweep_spec read_sweep(const table_reader& t) {
  t.check_keys({"table", "phases", "condition", "times", "axis", "measure", "tables", "keep"}, "in [sweep]");
  sweep_spec s;
  s.where = t.where();
  s.tables = t.string_list("tables");
  s.tables_where = t.ref("tables");
  if (t.has("tables") && s.tables.empty())
    t.fail("tables", "expected at least one table name, e.g. tables = [\"scaling\"] (leave the key out to keep none)");
  for (std::size_t k = 0; k < s.tables.size(); ++k)
    for (std::size_t j = 0; j < k; ++j)
      if (s.tables[j] == s.tables[k]) t.fail("tables", "the table '" + s.tables[k] + "' is named twice");
  if (t.has("measure") || !t.has("tables")) s.table = t.name("table");
  for (const std::string& name : s.tables)
    if (name == s.table) t.fail("tables", "'" + name + "' is the name of the sweep's own table (table = ...); rename one");
  s.phases = t.string_list("phases");
  s.phases_where = t.ref("phases");
  if (t.has("phases") && s.phases.empty())
    t.fail("phases", "expected at least one phase name (leave the key out to run every phase of the file)");
  for (const table_reader& c : t.tables("condition")) s.conditions.push_back(read_condition(c, s.conditions));
  if (t.has("condition") && s.conditions.empty())
    t.fail("condition", "expected at least one [[sweep.condition]] table");
  if (t.has("times")) s.times = read_times(t.sub_table("times"));
  for (const table_reader& a : t.tables("axis")) {
    a.check_keys({"key", "keys", "values", "range", "unit", "column"}, "for a sweep axis");
    sweep_spec::axis axis;
    axis.where = a.where();
    if (a.has("key") == a.has("keys")) a.fail_here("a sweep axis needs either key = \"...\" or keys = [\"...\", ...]");
    if (a.has("key")) {
      axis.keys = {a.string("key")};
    } else {
      const toml::array& keys = a.array("keys");
      for (const toml::node& k : keys) {
        const auto text = k.value_exact<std::string>();
        if (!text || text->empty()) a.fail("keys", "expected a list of dotted keys as strings: keys = [\"population.a.i_e\", ...]");
        axis.keys.push_back(*text);
      }
      if (axis.keys.empty()) a.fail("keys", "expected at least one key");
    }
    axis.column = a.name("column");
    read_axis_values(a, axis);
    s.axes.push_back(std::move(axis));
    double points = std::max<double>(1.0, static_cast<double>(s.conditions.size()));
    for (const auto& x : s.axes) points *= static_cast<double>(x.values.size());
    if (points > max_sweep_points)
      a.fail_here(fmt::format("the sweep has {:.3g} grid points with this axis, more than {:.0f}", points,
                              max_sweep_points));
  }
  for (const table_reader& m : t.tables("measure")) {
    m.check_keys({"column", "metric", "series"}, "for a sweep measure");
    if (m.has("metric") == m.has("series"))
      m.fail_here("a sweep measure needs either metric = \"<metric>\" (one value per run, e.g. \"dw_rel.syn\") or "
                  "series = \"table.<table>.<column>\" (one row per value, e.g. \"table.recall.recall\")");
    sweep_spec::measure measure{m.name("column"), m.string_or("metric", ""), m.string_or("series", ""), m.where()};
    if (m.has("series") && measure.series.empty()) m.fail("series", "expected a series, e.g. \"table.recall.recall\"");
    if (m.has("series") && t.has("times"))
      m.fail("series", "a series measure gives its own rows; it cannot be read at the times of [sweep.times]");
    s.measures.push_back(std::move(measure));
  }
  if (s.axes.empty() && s.conditions.empty())
    t.fail_here("a sweep needs at least one [[sweep.axis]] or [[sweep.condition]] table");
  if (s.measures.empty() && s.tables.empty())
    t.fail_here("a sweep needs at least one [[sweep.measure]] table or a list of result tables to keep (tables = [...])");
  if (s.measures.empty() && t.has("table"))
    t.fail("table", "a sweep without [[sweep.measure]] tables has no table of its own; leave out table = ...");
  if (s.times && s.measures.empty()) t.fail("times", "[sweep.times] needs at least one [[sweep.measure]] to read");
  if (t.has("keep")) {
    std::size_t points = std::max<std::size_t>(1, s.conditions.size());
    for (const auto& a : s.axes) points *= a.values.size();
    s.keep = t.count("keep");
    if (*s.keep >= points)
      t.fail("keep", "keep must index a grid point, 0 to " + std::to_string(points - 1) + ", got " + std::to_string(*s.keep));
  }
  return s;
}

}  // namespace plastix::io_detail
