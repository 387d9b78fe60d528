// [[table]] and [[table.column]]: result tables computed from recorded series after the run.
#include <limits>

#include "plastix/core/units.hpp"
#include "plastix/spec/output_keys.hpp"
#include "read_params.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

// The keys that pick a series and how it is read (shared by table columns and metrics).
void read_series(const table_reader& t, table_column_spec& c) {
  c.series = t.string("series");
  if (t.has("pre")) c.pre = static_cast<std::uint32_t>(t.count_of(*t.find("pre"), t.key_of("pre"),
                                                                   std::numeric_limits<std::uint32_t>::max()));
  c.average = t.boolean_or("average", false);
}

table_column_spec read_column(const table_reader& t) {
  table_column_spec c = read_params(t, table_column_declaration(), dimension::dimensionless, {}, "for a table column");
  c.where = t.where();
  c.name = t.name("name");
  if (c.index) {
    for (const char* key : {"series", "normalize", "pre", "average", "times", "time_unit", "skip"})
      if (t.has(key)) t.fail(key, std::string(key) + " does not apply to an index column (index = true counts rows 1, 2, 3, ...)");
    return c;
  }
  if (!t.has("series")) {
    t.fail_here("column '" + c.name + "' needs either index = true or series = \"transmission.<monitor>\" "
                "(or \"rate.<monitor>\", \"state.<monitor>\")");
  }
  read_series(t, c);
  c.normalize_first = t.choice("normalize", {"none", "first"}, "none") == "first";
  if (c.times && c.normalize_first) t.fail("normalize", "normalize does not apply to a column of times");
  if (t.has("time_unit")) {
    if (!c.times) t.fail("time_unit", "time_unit applies only to a column of times (times = true)");
    const std::string unit = t.choice("time_unit", {"ms", "s", "min", "h", "day"}, "ms");
    c.time_unit = parse_quantity("1 " + unit, dimension::time);  // [ms] per unit
  }
  return c;
}

}  // namespace

metric_spec read_metric(const table_reader& t) {
  metric_spec m = read_params(t, metric_declaration(), dimension::dimensionless, {}, "for a metric");
  m.where = t.where();
  m.name = t.name("name");
  if (!t.has("series")) t.fail_here("metric '" + m.name + "' needs series = \"rate.<monitor>\" (or \"state.<monitor>\", \"transmission.<monitor>\")");
  m.series.where = m.where;
  m.series.name = m.name;
  read_series(t, m.series);
  m.to = t.quantity_or("to", dimension::time, m.to);
  if (!(m.to > m.from)) t.fail(t.has("to") ? "to" : "from", "the window needs from < to");
  if (m.reduce == metric_spec::kind::crossings) {
    if (!t.has("threshold")) t.fail_here("metric '" + m.name + "': reduce = \"crossings\" needs threshold = <number>");
  } else if (t.has("threshold")) {
    t.fail("threshold", "threshold applies only to reduce = \"crossings\"");
  }
  return m;
}

table_spec read_table(const table_reader& t) {
  table_spec s = read_params(t, table_declaration(), dimension::dimensionless, {}, "for a table");
  s.where = t.where();
  s.name = t.name("name");
  t.read_items("column", s.columns, read_column);
  return s;
}

}  // namespace plastix::io_detail
