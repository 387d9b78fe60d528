#include "toml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "plastix/core/names.hpp"
#include "plastix/core/suggest.hpp"
#include "plastix/spec/catalogue.hpp"

namespace plastix::io_detail {

namespace {

bool from_override(const toml::node& node) {
  const toml::source_region& src = node.source();
  return src.begin.line == 0 || (src.path && *src.path == override_source);
}

// The unit named in messages: the internal unit (spec/catalogue.hpp unit_name), but mM for concentrations, the unit
// files write them in.
std::string_view example_unit(dimension d) { return d == dimension::concentration ? "mM" : unit_name(d); }

std::string expected_text(const quantity_kind& kind) {
  std::string s = describe(kind.dim);
  if (kind.alt) s += " or " + describe(*kind.alt);
  if (!kind.reason.empty()) s += " (" + kind.reason + ")";
  return s;
}

std::string format_number(double v) { return fmt::format("{}", v); }

// The text with control characters written as \xNN, so that a message never prints them raw.
std::string printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text) out += c < 0x20 || c == 0x7f ? fmt::format("\\x{:02x}", c) : std::string(1, static_cast<char>(c));
  return out;
}

}  // namespace

std::optional<std::string> parent_key(const std::string& key) {
  const std::size_t pos = key.find_last_of(".[");
  if (pos == std::string::npos || pos == 0) return std::nullopt;
  return key.substr(0, pos);
}

std::string join_key(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

std::string default_monitor_name(const std::string& type, const std::string& target, const std::string& variable) {
  return type == "state" ? target + "_" + variable : target;
}

std::string element_label(std::string_view array_key, const toml::table& element) {
  if (auto name = element["name"].value_exact<std::string>()) return *name;
  if (array_key == "receptor") {
    if (auto preset = element["preset"].value_exact<std::string>()) return *preset;
  }
  if (array_key == "protocol") {
    if (auto type = element["type"].value_exact<std::string>()) return *type;
  }
  if (array_key == "plasticity") {
    if (auto rule = element["rule"].value_exact<std::string>()) return *rule;
  }
  if (array_key == "projection") {
    auto pre = element["pre"].value_exact<std::string>();
    auto post = element["post"].value_exact<std::string>();
    if (pre && post) return *pre + "_" + *post;
  }
  if (array_key == "monitor") {
    auto type = element["type"].value_exact<std::string>();
    const bool on_projection =
        type && (*type == "weights" || *type == "transmission" || (*type == "state" && element.contains("projection")));
    auto target = element[on_projection ? "projection" : "population"].value_exact<std::string>();
    auto variable = element["variable"].value_exact<std::string>();
    if (type && target && (*type != "state" || variable)) {
      return default_monitor_name(*type, *target, variable.value_or(""));
    }
  }
  return "";
}

std::string element_key(std::string_view parent, std::string_view array_key, const toml::table& element,
                        std::size_t index) {
  const std::string label = element_label(array_key, element);
  // A label that breaks the names rule (core/names.hpp) would make a key that cannot be read back, or that prints
  // control characters: the element is then named by its position. (Sweep conditions are labels, not names.)
  const bool usable = array_key == "condition" ? label_problem(label).empty() : name_problem(label).empty();
  if (!usable) return join_key(parent, array_key) + "[" + std::to_string(index) + "]";
  return join_key(join_key(parent, array_key), label);
}

std::string describe_node(const toml::node& node) {
  if (auto s = node.value_exact<std::string>()) return "the string \"" + *s + "\"";
  if (auto i = node.value_exact<std::int64_t>()) return "the integer " + std::to_string(*i);
  if (auto d = node.value_exact<double>()) return "the number " + format_number(*d);
  if (auto b = node.value_exact<bool>()) return std::string("the boolean ") + (*b ? "true" : "false");
  if (node.is_array()) return "an array";
  if (node.is_table()) return "a table";
  return "a date or time";
}

// ---- document ----

std::string document::override_note(const std::string& key) const {
  for (std::optional<std::string> k = key; k; k = parent_key(*k)) {
    auto it = overrides.find(*k);
    if (it != overrides.end()) return " (set by --set " + it->second.text + ")";
  }
  return "";
}

source_ref document::ref(const toml::node& node, const std::string& key) const {
  if (!from_override(node)) {
    return {file, static_cast<int>(node.source().begin.line), static_cast<int>(node.source().begin.column), key};
  }
  for (std::optional<std::string> k = key; k; k = parent_key(*k)) {
    auto it = overrides.find(*k);
    if (it != overrides.end()) {
      source_ref r = it->second.where;
      r.key = key;
      return r;
    }
  }
  return {file, 0, 0, key};
}

void document::build_index(const toml::table& root) {
  index.clear();
  // Iterative (an explicit stack of tables still to index), so that no nesting can overflow the call stack.
  // Tables are indexed in file order (a key given twice, as by two elements of the same name, keeps the later).
  std::vector<std::pair<const toml::table*, std::string>> todo{{&root, ""}};
  std::vector<std::pair<const toml::table*, std::string>> children;
  while (!todo.empty()) {
    const auto [table, path] = std::move(todo.back());
    todo.pop_back();
    if (!path.empty()) index[path] = ref(*table, path);
    children.clear();
    for (auto&& [k, v] : *table) {
      const std::string key = join_key(path, k.str());
      index[key] = ref(v, key);
      if (const toml::table* sub = v.as_table()) {
        children.emplace_back(sub, key);
      } else if (const toml::array* arr = v.as_array()) {
        // Only arrays of tables have keys inside: an array of numbers is not walked element by element.
        if (arr->empty() || !arr->front().is_table()) continue;
        for (std::size_t i = 0; i < arr->size(); ++i) {
          const toml::table* element = arr->get(i)->as_table();
          if (!element) continue;
          children.emplace_back(element, element_key(path, k.str(), *element, i));
        }
      }
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it) todo.push_back(std::move(*it));
  }
}

std::optional<std::pair<int, int>> too_deep_key(std::string_view text) {
  // A small lexer of TOML's structure that follows the depth of tables and arrays as check_nesting counts it: strings
  // and comments are skipped; in key position (a line's start, a [table] header, after '{' or ',' in an inline table)
  // each '.' goes one table deeper; '{' and '[' in value position open a level.
  std::vector<std::pair<char, std::size_t>> open;  // open '[' arrays and '{' inline tables, with their depth
  bool key = true;         // in key position
  bool header = false;     // in a [table] header
  std::size_t table = 0;   // depth of the table of the last header (the top-level keys below it)
  std::size_t base = 0;    // depth of the table the current key is in
  std::size_t dots = 0;    // in the current key
  std::size_t value = 0;   // depth of the next value
  int line = 1, column = 0;
  const auto in_container = [&] {
    if (open.empty()) return;
    if (open.back().first == '{') {
      key = true;
      base = open.back().second;
      dots = 0;
    } else {
      value = open.back().second + 1;
    }
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      if (open.empty()) {
        key = true;
        header = false;
        base = table;
        dots = 0;
      }
      continue;
    }
    if (c == '#') {  // a comment, to the end of the line
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    if (c == '"' || c == '\'') {  // a string (or quoted key part): skip it, counting its lines
      const bool triple = text.substr(i, 3) == std::string(3, c);
      const std::size_t quote = triple ? 3 : 1;
      std::size_t j = i + quote;
      for (; j < text.size(); ++j) {
        if (c == '"' && text[j] == '\\') {
          ++j;
          continue;
        }
        if (text[j] == '\n') {
          ++line;
          column = 0;
          if (!triple) break;  // an unterminated string: toml++ reports it
        }
        if (text.substr(j, quote) == std::string(quote, c)) break;
      }
      i = std::min(text.size(), j + quote) - 1;
      continue;
    }
    if (key) {
      if (c == '.' && base + ++dots >= max_nesting) return std::pair{line, column};
      if (c == '[' && open.empty()) {
        header = true;
        base = 0;
        dots = 0;
      } else if (c == ']' && header) {
        table = dots + 1;
      } else if (c == '=') {
        key = false;
        value = base + dots + 1;
      } else if (c == '}' && !open.empty()) {  // an empty inline table {}, or a trailing ','
        open.pop_back();
        key = false;
        in_container();
      }
      continue;
    }
    if (c == '[' || c == '{') {
      if (value > max_nesting) return std::pair{line, column};
      open.emplace_back(c, value);
      in_container();
    } else if ((c == ']' || c == '}') && !open.empty()) {
      open.pop_back();
      key = false;
      if (!open.empty() && open.back().first == '[') value = open.back().second + 1;
    } else if (c == ',') {
      in_container();
    }
  }
  return std::nullopt;
}

void check_nesting(const toml::table& root, const document& doc) {
  // Depth first with an explicit path (at most max_nesting frames): no recursion, and no memory per node.
  struct frame {
    const toml::table* table;  // or
    const toml::array* array;
    toml::table::const_iterator next_key;
    std::size_t next_element;
    std::string key;
  };
  std::vector<frame> path{{&root, nullptr, root.cbegin(), 0, ""}};
  while (!path.empty()) {
    frame& f = path.back();
    const toml::node* child = nullptr;
    std::string child_key;
    if (f.table) {
      if (f.next_key == f.table->cend()) {
        path.pop_back();
        continue;
      }
      child = &f.next_key->second;
      if (child->is_table() || child->is_array()) child_key = join_key(f.key, f.next_key->first.str());
      ++f.next_key;
    } else {
      if (f.next_element == f.array->size()) {
        path.pop_back();
        continue;
      }
      child = f.array->get(f.next_element);
      if (child->is_table() || child->is_array()) child_key = f.key + "[" + std::to_string(f.next_element) + "]";
      ++f.next_element;
    }
    if (!child->is_table() && !child->is_array()) continue;
    if (path.size() > max_nesting) {  // the child is path.size() levels deep
      throw error(doc.ref(*child, child_key),
                  fmt::format("tables and arrays are nested more than {} levels deep here; expected a flatter file",
                              max_nesting));
    }
    if (const toml::table* t = child->as_table()) {
      path.push_back({t, nullptr, t->cbegin(), 0, std::move(child_key)});
    } else {
      path.push_back({nullptr, child->as_array(), {}, 0, std::move(child_key)});
    }
  }
}

// ---- table_reader ----

table_reader::table_reader(const document& doc, const toml::table& table, std::string key)
    : doc_(&doc), table_(&table), key_(std::move(key)) {}

source_ref table_reader::where() const { return doc_->ref(*table_, key_); }

source_ref table_reader::ref(std::string_view key) const {
  if (const toml::node* node = find(key)) return doc_->ref(*node, key_of(key));
  source_ref r = where();
  r.key = key_of(key);
  return r;
}

void table_reader::fail(std::string_view key, const std::string& message) const {
  throw error(ref(key), message + doc_->override_note(key_of(key)));
}

void table_reader::fail_here(const std::string& message) const {
  throw error(where(), message + doc_->override_note(key_));
}

void table_reader::fail_at(const toml::node& node, const std::string& key, const std::string& message) const {
  throw error(doc_->ref(node, key), message + doc_->override_note(key));
}

void table_reader::check_keys(const std::vector<std::string>& allowed, std::string_view context,
                              const std::map<std::string, std::string>& misplaced) const {
  for (auto&& [k, v] : *table_) {
    const std::string name(k.str());
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    source_ref r = doc_->ref(v, key_of(name));
    if (!from_override(v) && k.source().begin.line > 0) {
      r.line = static_cast<int>(k.source().begin.line);
      r.column = static_cast<int>(k.source().begin.column);
    }
    std::string message;
    if (auto it = misplaced.find(name); it != misplaced.end()) {
      message = "key '" + name + "' " + it->second;
    } else {
      message = "unknown key '" + name + "'";
      if (!context.empty()) message += " " + std::string(context);
      const std::string best = closest_match(name, allowed);
      if (!best.empty()) {
        message += "; did you mean '" + best + "'?";
      } else {
        message += "; valid keys here: " + join_names(allowed);
      }
    }
    doc_->problems.record(error(r, message + doc_->override_note(r.key)), false);
    doc_->problems.note_unknown_key(key_, r.key);
  }
}

void table_reader::note_item(const std::string& name) const {
  std::vector<std::pair<std::string, std::string>> refers;
  for (const char* k : {"pre", "post", "population", "projection"})
    if (auto value = (*table_)[k].value_exact<std::string>())
      refers.emplace_back(std::string(k) == "projection" ? "projection" : "population", *value);
  doc_->problems.note_item(key_, name_problem(name).empty() ? name : "", std::move(refers));
}

void table_reader::mark_broken(const std::string& key, const std::string& name) const {
  if (!name.empty() && name_problem(name).empty()) {
    doc_->problems.mark_broken(key, name);
    return;
  }
  doc_->problems.mark_broken(key, "");
  if (key != key_) return;
  // Without its name (naem = "exc"), the item is known by the names its unknown keys give, so that items that refer
  // to it by that name are not reported as referring to nothing.
  for (const std::string& unknown : doc_->problems.unknown_keys_of(key_)) {
    const auto value = (*table_)[unknown.substr(key_.empty() ? 0 : key_.size() + 1)].value_exact<std::string>();
    if (value && name_problem(*value).empty()) doc_->problems.mark_broken(key, *value);
  }
}

const toml::node& table_reader::required(std::string_view key, std::string_view expected) const {
  const toml::node* node = find(key);
  if (!node) fail(key, "missing key '" + std::string(key) + "'; expected " + std::string(expected));
  return *node;
}

std::string table_reader::string(std::string_view key) const {
  const toml::node& node = required(key, "a string");
  auto s = node.value_exact<std::string>();
  if (!s) fail_at(node, key_of(key), "expected a string, got " + describe_node(node));
  return *s;
}

std::string table_reader::string_or(std::string_view key, const std::string& fallback) const {
  return has(key) ? string(key) : fallback;
}

std::string table_reader::choice(std::string_view key, const std::vector<std::string>& options,
                                 std::optional<std::string> fallback) const {
  if (!has(key)) {
    if (fallback) return *fallback;
    fail(key, "missing key '" + std::string(key) + "'; expected one of: " + join_names(options));
  }
  const std::string s = string(key);
  if (std::find(options.begin(), options.end(), s) == options.end()) {
    fail(key, "'" + s + "' is not a valid " + std::string(key) + ";" + suggestion(s, options));
  }
  return s;
}

std::string table_reader::name(std::string_view key, std::optional<std::string> fallback) const {
  if (!has(key) && fallback) return *fallback;  // made of other names, which are checked where they are given
  const std::string n = string(key);
  if (const std::string problem = name_problem(n); !problem.empty()) {
    fail(key, "'" + printable(n) + "' is not a valid name: " + problem +
                  "; names are made of ASCII letters, digits, '_', '-' and '.' (e.g. \"exc_1\")");
  }
  return n;
}

std::string table_reader::label(std::string_view key) const {
  const std::string n = string(key);
  if (const std::string problem = label_problem(n); !problem.empty())
    fail(key, "'" + printable(n) + "' is not a valid " + std::string(key) + ": " + problem);
  return n;
}

bool table_reader::boolean_or(std::string_view key, bool fallback) const {
  const toml::node* node = find(key);
  if (!node) return fallback;
  return recovering(fallback, [&] {
    auto b = node->value_exact<bool>();
    if (!b) fail_at(*node, key_of(key), "expected true or false, got " + describe_node(*node));
    return *b;
  });
}

std::uint64_t table_reader::count_of(const toml::node& node, const std::string& key, std::uint64_t max) const {
  const std::string expected = "expected a whole number from 0 to " + std::to_string(max);
  if (auto i = node.value_exact<std::int64_t>()) {
    if (*i < 0 || static_cast<std::uint64_t>(*i) > max) fail_at(node, key, expected + ", got " + std::to_string(*i));
    return static_cast<std::uint64_t>(*i);
  }
  if (auto d = node.value_exact<double>()) {
    // 1e6 is a float in TOML; accept it when it is a whole number.
    if (!(*d >= 0.0) || *d != std::floor(*d) || *d > static_cast<double>(max)) {
      fail_at(node, key, expected + ", got " + format_number(*d));
    }
    return static_cast<std::uint64_t>(*d);
  }
  fail_at(node, key, expected + ", got " + describe_node(node));
}

std::uint64_t table_reader::count(std::string_view key) const {
  return count_of(required(key, "a whole number"), key_of(key), std::numeric_limits<std::int64_t>::max());
}

std::uint64_t table_reader::count_or(std::string_view key, std::uint64_t fallback) const {
  return has(key) ? recovering(fallback, [&] { return count(key); }) : fallback;
}

double table_reader::number(std::string_view key) const {
  return quantity_of(required(key, "a number"), key_of(key), dimension::dimensionless);
}

// Every number of the document passes here (numbers, quantities, distributions, lists, sweep values and ranges,
// --set values): none may be infinite or NaN, whether written so (inf, nan, "inf ms") or overflowing its unit
// ("1e308 s").
double table_reader::quantity_of(const toml::node& node, const std::string& key, const quantity_kind& kind) const {
  const double v = value_of(node, key, kind);
  if (!std::isfinite(v)) {
    const std::string written = node.is_string() ? "\"" + *node.value_exact<std::string>() + "\"" : format_number(v);
    fail_at(node, key, "expected a finite value (not inf or nan, and not beyond ±1.8e308 in " +
                           std::string(kind.dim == dimension::dimensionless ? std::string_view("value") : example_unit(kind.dim)) +
                           "), got " + written + "; expected " + expected_text(kind));
  }
  return v;
}

double table_reader::value_of(const toml::node& node, const std::string& key, const quantity_kind& kind) const {
  if (auto text = node.value_exact<std::string>()) {
    try {
      return parse_quantity(*text, kind.dim);
    } catch (const error& first) {
      if (kind.alt) {
        try {
          return parse_quantity(*text, *kind.alt);
        } catch (const error&) {
        }
        fail_at(node, key, std::string(first.what()) + " or " + describe(*kind.alt) +
                               (kind.reason.empty() ? "" : " (" + kind.reason + ")"));
      }
      fail_at(node, key, std::string(first.what()) + (kind.reason.empty() ? "" : " (" + kind.reason + ")"));
    }
  }
  if (node.is_number()) {
    const double v = node.is_integer() ? static_cast<double>(*node.value_exact<std::int64_t>())
                                       : *node.value_exact<double>();
    if (kind.dim == dimension::dimensionless) return v;
    fail_at(node, key, "the number " + format_number(v) + " has no unit; expected " + expected_text(kind) +
                           "; write it as a string with its unit, e.g. \"" + format_number(v) + " " +
                           std::string(example_unit(kind.dim)) + "\"");
  }
  fail_at(node, key, "expected " + expected_text(kind) + ", got " + describe_node(node));
}

double table_reader::quantity(std::string_view key, const quantity_kind& kind) const {
  return quantity_of(required(key, expected_text(kind)), key_of(key), kind);
}

double table_reader::quantity_or(std::string_view key, const quantity_kind& kind, double fallback) const {
  return has(key) ? recovering(fallback, [&] { return quantity(key, kind); }) : fallback;
}

std::optional<double> table_reader::quantity_opt(std::string_view key, const quantity_kind& kind) const {
  if (!has(key)) return std::nullopt;
  return quantity(key, kind);
}

distribution table_reader::distribution_of_node(const toml::node& node, const std::string& key,
                                                const quantity_kind& kind) const {
  const toml::table* t = node.as_table();
  if (!t) return distribution::constant(quantity_of(node, key, kind));
  const table_reader d(*doc_, *t, key);
  const std::string forms = "a value or a distribution { uniform = [low, high] } or { normal = [mean, sd], "
                            "min = ..., max = ... }";
  d.check_keys({"uniform", "normal", "min", "max"}, "in a distribution (expected " + forms + ")");
  if (d.has("uniform") == d.has("normal")) d.fail_here("expected " + forms);
  const std::string which = d.has("uniform") ? "uniform" : "normal";
  const toml::array& pair = d.array(which);
  if (pair.size() != 2) {
    d.fail(which, "expected two values: " + std::string(which == "uniform" ? "[low, high]" : "[mean, sd]"));
  }
  const double a = quantity_of(*pair.get(0), d.key_of(which), kind);
  const double b = quantity_of(*pair.get(1), d.key_of(which), kind);
  if (which == "uniform") {
    if (d.has("min") || d.has("max")) {
      d.fail(d.has("min") ? "min" : "max", "min and max apply only to normal distributions");
    }
    return distribution::uniform(a, b);
  }
  distribution n = distribution::normal(a, b);
  if (auto lo = d.quantity_opt("min", kind)) n.lo = *lo;
  if (auto hi = d.quantity_opt("max", kind)) n.hi = *hi;
  return n;
}

distribution table_reader::distribution_of(std::string_view key, const quantity_kind& kind) const {
  return distribution_of_node(required(key, expected_text(kind) + " or a distribution"), key_of(key), kind);
}

std::optional<distribution> table_reader::distribution_opt(std::string_view key, const quantity_kind& kind) const {
  if (!has(key)) return std::nullopt;
  return distribution_of(key, kind);
}

const toml::array& table_reader::array(std::string_view key) const {
  const toml::node& node = required(key, "an array");
  const toml::array* a = node.as_array();
  if (!a) fail_at(node, key_of(key), "expected an array [ ... ], got " + describe_node(node));
  return *a;
}

std::vector<std::uint32_t> table_reader::index_list(std::string_view key) const {
  std::vector<std::uint32_t> out;
  if (!has(key)) return out;
  const toml::array& a = array(key);
  for (std::size_t i = 0; i < a.size(); ++i) {
    out.push_back(static_cast<std::uint32_t>(
        count_of(*a.get(i), key_of(key), std::numeric_limits<std::uint32_t>::max())));
  }
  return out;
}

std::vector<std::string> table_reader::string_list(std::string_view key) const {
  std::vector<std::string> out;
  if (!has(key)) return out;
  const toml::array& a = array(key);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto s = a.get(i)->value_exact<std::string>();
    if (!s)
      fail(key, "expected a list of strings [\"a\", \"b\"], got " + describe_node(*a.get(i)) + " at position " +
                    std::to_string(i));
    out.push_back(*s);
  }
  return out;
}

std::vector<double> table_reader::quantity_list(std::string_view key, const quantity_kind& kind) const {
  std::vector<double> out;
  if (!has(key)) return out;
  const toml::array& a = array(key);
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(quantity_of(*a.get(i), key_of(key), kind));
  return out;
}

table_reader table_reader::sub_table(std::string_view key) const {
  const toml::node& node = required(key, "a table");
  const toml::table* t = node.as_table();
  if (!t) fail_at(node, key_of(key), "expected a table { ... }, got " + describe_node(node));
  return table_reader(*doc_, *t, key_of(key));
}

std::vector<table_reader> table_reader::tables(std::string_view key) const {
  std::vector<table_reader> out;
  const toml::node* node = find(key);
  if (!node) return out;
  const std::string k(key);
  const toml::array* a = node->as_array();
  if (!a) {
    fail_at(*node, key_of(key), "expected an array of tables ([[" + k + "]] sections), got " + describe_node(*node));
  }
  for (std::size_t i = 0; i < a->size(); ++i) {
    const toml::table* t = a->get(i)->as_table();
    if (!t) {
      fail_at(*a->get(i), key_of(key),
              "expected an array of tables ([[" + k + "]] sections), got " + describe_node(*a->get(i)));
    }
    out.emplace_back(*doc_, *t, element_key(key_, k, *t, i));
  }
  return out;
}

}  // namespace plastix::io_detail
