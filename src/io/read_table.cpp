// [[table]] and [[table.column]]: result tables computed from recorded series after the run.
#include <limits>

#include "plastix/core/units.hpp"
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
  t.check_keys({"name", "index", "series", "normalize", "pre", "average", "times", "time_unit", "skip"},
               "for a table column");
  table_column_spec c;
  c.where = t.where();
  c.name = t.name("name");
  c.index = t.boolean_or("index", false);
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
  c.times = t.boolean_or("times", false);
  if (c.times && c.normalize_first) t.fail("normalize", "normalize does not apply to a column of times");
  if (t.has("time_unit")) {
    if (!c.times) t.fail("time_unit", "time_unit applies only to a column of times (times = true)");
    const std::string unit = t.choice("time_unit", {"ms", "s", "min", "h", "day"}, "ms");
    c.time_unit = parse_quantity("1 " + unit, dimension::time);  // [ms] per unit
  }
  if (t.has("skip")) c.skip = t.count("skip");
  return c;
}

}  // namespace

metric_spec read_metric(const table_reader& t) {
  t.check_keys({"name", "series", "pre", "average", "from", "to", "reduce", "threshold"}, "for a metric");
  metric_spec m;
  m.where = t.where();
  m.name = t.name("name");
  if (!t.has("series")) t.fail_here("metric '" + m.name + "' needs series = \"rate.<monitor>\" (or \"state.<monitor>\", \"transmission.<monitor>\")");
  m.series.where = m.where;
  m.series.name = m.name;
  read_series(t, m.series);
  m.from = t.quantity_or("from", dimension::time, m.from);
  m.to = t.quantity_or("to", dimension::time, m.to);
  if (!(m.to > m.from)) t.fail(t.has("to") ? "to" : "from", "the window needs from < to");
  const std::string reduce = t.choice("reduce", {"mean", "max", "min", "crossings"}, "mean");
  m.reduce = reduce == "max" ? metric_spec::kind::max : reduce == "min" ? metric_spec::kind::min
             : reduce == "crossings" ? metric_spec::kind::crossings : metric_spec::kind::mean;
  if (m.reduce == metric_spec::kind::crossings) {
    if (!t.has("threshold")) t.fail_here("metric '" + m.name + "': reduce = \"crossings\" needs threshold = <number>");
    m.threshold = t.number("threshold");
  } else if (t.has("threshold")) {
    t.fail("threshold", "threshold applies only to reduce = \"crossings\"");
  }
  return m;
}

table_spec read_table(const table_reader& t) {
  t.check_keys({"name", "column"}, "for a table");
  table_spec s;
  s.where = t.where();
  s.name = t.name("name");
  t.read_items("column", s.columns, read_column);
  return s;
}

}  // namespace plastix::io_detail
