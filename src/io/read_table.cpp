// [[table]] and [[table.column]]: result tables computed from recorded series after the run.
#include <limits>

#include "readers.hpp"

namespace plastix::io_detail {

namespace {

table_column_spec read_column(const table_reader& t) {
  t.check_keys({"name", "index", "series", "normalize", "pre"}, "for a table column");
  table_column_spec c;
  c.where = t.where();
  c.name = t.string("name");
  if (c.name.empty()) t.fail("name", "expected a non-empty column name");
  c.index = t.boolean_or("index", false);
  if (c.index) {
    for (const char* key : {"series", "normalize", "pre"})
      if (t.has(key)) t.fail(key, std::string(key) + " does not apply to an index column (index = true counts rows 1, 2, 3, ...)");
    return c;
  }
  if (!t.has("series")) {
    t.fail_here("column '" + c.name + "' needs either index = true or series = \"transmission.<monitor>\" "
                "(or \"rate.<monitor>\", \"state.<monitor>\")");
  }
  c.series = t.string("series");
  c.normalize_first = t.choice("normalize", {"none", "first"}, "none") == "first";
  if (t.has("pre")) c.pre = static_cast<std::uint32_t>(t.count_of(*t.find("pre"), t.key_of("pre"),
                                                                   std::numeric_limits<std::uint32_t>::max()));
  return c;
}

}  // namespace

table_spec read_table(const table_reader& t) {
  t.check_keys({"name", "column"}, "for a table");
  table_spec s;
  s.where = t.where();
  s.name = t.string("name");
  if (s.name.empty()) t.fail("name", "expected a non-empty table name");
  for (const table_reader& c : t.tables("column")) s.columns.push_back(read_column(c));
  return s;
}

}  // namespace plastix::io_detail
