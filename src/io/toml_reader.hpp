// Internal to io/: reading typed values with units out of a toml++ document, with the location of every value
// for error messages. Not installed; the public interface is plastix/io/config.hpp.
#pragma once
#include <toml++/toml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "plastix/core/distribution.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/units.hpp"
#include "problem_log.hpp"

namespace plastix::io_detail {

// toml++ source path given to the TOML snippets parsed from --set values; tells them apart from file values.
inline constexpr std::string_view override_source = "--set";

// The document being read: file name, what --set changed, and the location of every key.
struct document {
  std::string file;  // name used in messages
  struct override_info {
    std::string text;  // the override as given: "population.exc.size=100"
    source_ref where;  // the replaced value in the file, or the table it was added to
  };
  std::map<std::string, override_info> overrides;  // by dotted key
  std::map<std::string, source_ref> index;         // every table and key of the document, by dotted key

  // " (set by --set K=V)" when `key` was set on the command line, else "".
  std::string override_note(const std::string& key) const;
  // Location of a node: its place in the file, or for values from --set the place they replaced.
  source_ref ref(const toml::node& node, const std::string& key) const;
  // Fills `index` from the document (after overrides).
  void build_index(const toml::table& root);

  // The problems found while reading: readers see the document as const; recording a problem does not change
  // what it says, hence `mutable`.
  mutable problem_log problems;
};

// How deep tables and arrays may nest (a.b.c = 1 is 2 levels below the top); the experiments use at most 5.
inline constexpr std::size_t max_nesting = 64;
// Before toml++ parses a text (its parser recurses once per level of a dotted key: 30 000 levels overflow the stack):
// the line and column of the first key of max_nesting or more dots, if any. Skips strings and comments.
std::optional<std::pair<int, int>> too_deep_key(std::string_view text);
// Throws at the first table or array nested deeper than max_nesting; iterative.
void check_nesting(const toml::table& root, const document& doc);

// "a.b" from "a" and "b"; just "b" when the path is empty.
std::string join_key(std::string_view path, std::string_view key);
// Dotted key without its last part ("a.b[2]" -> "a.b", "a.b" -> "a"), or nullopt for a single part.
std::optional<std::string> parent_key(const std::string& key);

// Name of an element of an array of tables, used in dotted keys and by --set: its `name`, else a default
// that follows from its content (projection: "<pre>_<post>"; monitor: its default name), else "".
std::string element_label(std::string_view array_key, const toml::table& element);
// Dotted key of element `index` of `array_key` under `parent`: "population.exc" or "phase.a.stimulus[0]" (by
// position also when its label is not a valid name).
std::string element_key(std::string_view parent, std::string_view array_key, const toml::table& element,
                        std::size_t index);
// Default name of a monitor (as fill_defaults in spec/experiment.hpp): "<target>_<variable>" for state monitors,
// "<target>" for the others (names need to be unique only among monitors of one type).
std::string default_monitor_name(const std::string& type, const std::string& target, const std::string& variable);

// "a string", "the integer 3", "an array" ... for messages.
std::string describe_node(const toml::node& node);

// What a quantity must be: a dimension, optionally an alternative (weights on a receptor of unknown kind), and
// a reason appended to messages ("receptor 'exc' of population 'exc' is current-based").
struct quantity_kind {
  dimension dim = dimension::dimensionless;
  std::optional<dimension> alt;
  std::string reason;
  quantity_kind(dimension d) : dim(d) {}  // NOLINT: implicit on purpose
  quantity_kind(dimension d, std::optional<dimension> a, std::string r) : dim(d), alt(a), reason(std::move(r)) {}
};

// A table of the document being read, with its dotted key. Getters throw plastix::error at the value's location.
class table_reader {
 public:
  table_reader(const document& doc, const toml::table& table, std::string key);

  const std::string& key() const { return key_; }
  const toml::table& table() const { return *table_; }
  const document& doc() const { return *doc_; }
  source_ref where() const;                         // the table itself
  source_ref ref(std::string_view key) const;       // the key's value, or the table when absent
  std::string key_of(std::string_view key) const { return join_key(key_, key); }

  [[noreturn]] void fail(std::string_view key, const std::string& message) const;
  [[noreturn]] void fail_here(const std::string& message) const;  // about the table itself

  // Reads this table as one item with `read` (a [[population]], a receptor, a rule table ...), recovering from its
  // problems: a problem is recorded in the document and nullopt returned, so that the reader goes on with the
  // next item. An item with a problem in its values (also one inside it) is marked broken (problem_log).
  template <class F>
  auto item(F&& read) const -> std::optional<std::invoke_result_t<F&, const table_reader&>>;
  // The sub-table `key` read as an item (nullopt when absent or not readable).
  template <class F>
  auto item(std::string_view key, F&& read) const -> std::optional<std::invoke_result_t<F&, const table_reader&>>;
  // Each element of the array of tables `key` read as an item, appended to `out` when it could be read.
  template <class T, class F>
  void read_items(std::string_view key, std::vector<T>& out, F&& read) const;

  // Unknown keys are problems: "unknown key 'tua_m' for a lif population; did you mean 'tau_m'?". Each is
  // recorded in the document (file order) and reading goes on.
  // `misplaced` explains keys that are valid elsewhere: {"p", "is used only with connector = \"fixed_probability\""}.
  void check_keys(const std::vector<std::string>& allowed, std::string_view context,
                  const std::map<std::string, std::string>& misplaced = {}) const;

  const toml::node* find(std::string_view key) const { return table_->get(key); }
  bool has(std::string_view key) const { return find(key) != nullptr; }

  std::string string(std::string_view key) const;  // required
  // The getters with a fallback (count_or, quantity_or, boolean_or) record a bad value and go on with the fallback.
  std::string string_or(std::string_view key, const std::string& fallback) const;
  // One of `options` (required unless a fallback is given).
  std::string choice(std::string_view key, const std::vector<std::string>& options,
                     std::optional<std::string> fallback = std::nullopt) const;
  // A name (the rule of plastix/core/names.hpp), required unless a fallback is given (a default made of other
  // names, which are checked where they are given, or refer to items that exist).
  std::string name(std::string_view key, std::optional<std::string> fallback = std::nullopt) const;
  std::string label(std::string_view key) const;  // a label (names.hpp: sweep condition names), required
  bool boolean_or(std::string_view key, bool fallback) const;
  std::uint64_t count(std::string_view key) const;  // a whole number ≥ 0, required
  std::uint64_t count_or(std::string_view key, std::uint64_t fallback) const;
  double number(std::string_view key) const;  // a dimensionless number, required
  double quantity(std::string_view key, const quantity_kind& kind) const;  // required
  double quantity_or(std::string_view key, const quantity_kind& kind, double fallback) const;
  std::optional<double> quantity_opt(std::string_view key, const quantity_kind& kind) const;
  distribution distribution_of(std::string_view key, const quantity_kind& kind) const;  // required
  std::optional<distribution> distribution_opt(std::string_view key, const quantity_kind& kind) const;
  std::vector<std::uint32_t> index_list(std::string_view key) const;       // [0, 1, 2]; empty if absent
  std::vector<double> quantity_list(std::string_view key, const quantity_kind& kind) const;  // empty if absent
  std::vector<std::string> string_list(std::string_view key) const;  // ["a", "b"]; empty if absent
  const toml::array& array(std::string_view key) const;  // required

  table_reader sub_table(std::string_view key) const;  // a (possibly inline) table, required
  // The elements of an array of tables ([[population]]); empty when absent.
  std::vector<table_reader> tables(std::string_view key) const;

  // Converting single nodes (array elements); `key` is the dotted key used in messages.
  double quantity_of(const toml::node& node, const std::string& key, const quantity_kind& kind) const;
  std::uint64_t count_of(const toml::node& node, const std::string& key, std::uint64_t max) const;
  distribution distribution_of_node(const toml::node& node, const std::string& key, const quantity_kind& kind) const;

 private:
  double value_of(const toml::node& node, const std::string& key, const quantity_kind& kind) const;  // unchecked
  [[noreturn]] void fail_at(const toml::node& node, const std::string& key, const std::string& message) const;
  const toml::node& required(std::string_view key, std::string_view expected) const;
  template <class T, class F>
  T recovering(T fallback, F&& read) const;
  // `name`: what the item goes by ("" when unknown: then the names its unknown keys give); a name that breaks the
  // names rule is not used.
  void mark_broken(const std::string& key, const std::string& name) const;
  void note_item(const std::string& name) const;  // in document::items
  template <class F>
  auto item_named(F&& read, const std::string& name) const
      -> std::optional<std::invoke_result_t<F&, const table_reader&>>;

  const document* doc_;
  const toml::table* table_;
  std::string key_;
};

template <class F>
auto table_reader::item(F&& read) const -> std::optional<std::invoke_result_t<F&, const table_reader&>> {
  return item_named(read, (*table_)["name"].value_exact<std::string>().value_or(""));
}

template <class F>
auto table_reader::item_named(F&& read, const std::string& name) const
    -> std::optional<std::invoke_result_t<F&, const table_reader&>> {
  const std::size_t before = doc_->problems.breaking();
  note_item(name);
  std::optional<std::invoke_result_t<F&, const table_reader&>> out;
  try {
    out.emplace(read(*this));
  } catch (const error& e) {
    doc_->problems.record(e);
  }
  if (!out || doc_->problems.breaking() != before) mark_broken(key_, name);
  return out;
}

template <class F>
auto table_reader::item(std::string_view key, F&& read) const
    -> std::optional<std::invoke_result_t<F&, const table_reader&>> {
  if (!has(key)) return std::nullopt;
  try {
    return sub_table(key).item(read);
  } catch (const error& e) {  // not a table
    doc_->problems.record(e);
    mark_broken(key_of(key), "");
    return std::nullopt;
  }
}

template <class T, class F>
void table_reader::read_items(std::string_view key, std::vector<T>& out, F&& read) const {
  std::vector<table_reader> elements;
  try {
    elements = tables(key);
  } catch (const error& e) {  // not an array of tables
    doc_->problems.record(e);
    mark_broken(key_of(key), "");
    return;
  }
  for (const table_reader& t : elements)
    if (auto value = t.item_named(read, element_label(key, t.table()))) out.push_back(std::move(*value));
}

template <class T, class F>
T table_reader::recovering(T fallback, F&& read) const {
  try {
    return read();
  } catch (const error& e) {
    doc_->problems.record(e);
    return fallback;
  }
}

// One part of a dotted key as walked: "plasticity[0]" (or "plasticity.stdp") -> {"plasticity", 0}; a table: no index.
struct key_part {
  std::string name;
  std::optional<std::size_t> index;
};
// Sets the dotted key `key` (as --set takes it: by element name, position or [index]) of root to `value`, as
// --set would; errors point at `at`. Returns the parts walked, the last key last.
std::vector<key_part> set_key(toml::table& root, const std::string& key, const toml::node& value, document& doc,
                              const source_ref& at);

// Reads the --set overrides into the document root (before it is interpreted) and records them in `doc`.
void apply_overrides(toml::table& root, const std::vector<std::string>& overrides, document& doc);

}  // namespace plastix::io_detail
