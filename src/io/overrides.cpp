// --set KEY=VALUE: changes to the TOML document before it is interpreted.
#include <cctype>
#include <string>
#include <vector>

#include "plastix/core/suggest.hpp"
#include "toml_parse.hpp"
#include "toml_reader.hpp"

namespace plastix::io_detail {

namespace {

// Keys whose value is an array of tables, addressed by element name.
bool is_array_of_tables_key(const std::string& key) {
  return key == "population" || key == "projection" || key == "monitor" || key == "phase" || key == "receptor" ||
         key == "stimulus" || key == "plasticity" || key == "protocol" || key == "axis" || key == "measure" ||
         key == "condition";
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

using segment = key_part;  // one part of a dotted key: "stimulus[0]" -> {"stimulus", 0}

class override_applier {
 public:
  override_applier(toml::table& root, const std::string& text, document& doc) : root_(root), text_(text), doc_(doc) {}
  // A change from the file itself (a [[phase]] set): errors point at `at` and carry no --set prefix.
  override_applier(toml::table& root, const std::string& text, document& doc, source_ref at)
      : root_(root), text_(text), doc_(doc), at_(std::move(at)) {}

  void apply() {
    const std::size_t eq = text_.find('=');
    if (eq == std::string::npos) fail("", "expected KEY=VALUE, e.g. population.exc.size=100");
    const std::string key_text = trim(std::string_view(text_).substr(0, eq));
    const std::string value = trim(std::string_view(text_).substr(eq + 1));
    toml::table holder = parse_value(value);
    assign(key_text, std::move(*holder.get("v")));
  }

  // Sets the dotted key `key_text` to `value`; returns the parts walked (elements of arrays of tables with their
  // position) and the last key.
  std::vector<key_part> assign(const std::string& key_text, toml::node&& value) {
    const std::vector<segment> segments = split(key_text);
    std::vector<key_part> walked;

    toml::table* current = &root_;
    std::string path;
    for (std::size_t i = 0; i + 1 < segments.size() || segments[i].index; ++i) {
      const segment& s = segments[i];
      const std::string key = join_key(path, s.name);
      toml::node* node = current->get(s.name);
      if (!node) {
        if (is_array_of_tables_key(s.name)) fail(key, "there is no [[" + s.name + "]] here to address");
        if (s.index) fail(key, "there is no array '" + key + "'");
        // A new table; its keys are checked like any other when the document is read.
        source_ref where = doc_.ref(*current, path);
        where.key = key;
        if (!at_) doc_.overrides[key] = {text_, where};
        node = &current->insert(s.name, toml::table{}).first->second;
      }
      if (toml::table* t = node->as_table()) {
        if (s.index) fail(key, "'" + key + "' is a table, not an array of tables");
        current = t;
        path = key;
        walked.push_back({s.name, std::nullopt});
        continue;
      }
      toml::array* a = node->as_array();
      if (!a) fail(key, "'" + key + "' is " + describe_node(*node) + ", not a table");
      if (s.index) {
        if (*s.index >= a->size()) {
          fail(key, "'" + key + "' has " + std::to_string(a->size()) + " element(s); index " +
                        std::to_string(*s.index) + " is out of range");
        }
        toml::table* element = a->get(*s.index)->as_table();
        if (!element) fail(key, "'" + key + "' is not an array of tables");
        if (i + 1 == segments.size()) fail(key, "a whole element cannot be replaced; set one of its keys");
        path = element_key(path, s.name, *element, *s.index);
        current = element;
        walked.push_back({s.name, *s.index});
        continue;
      }
      // Addressed by name: the next part names the element.
      if (i + 2 >= segments.size()) {
        fail(key, "'" + key + "' is an array of tables; address a key of one element: " + key + ".NAME.KEY=VALUE");
      }
      const segment& name = segments[++i];
      if (name.index) fail(key, "unexpected index after element name '" + name.name + "'");
      std::vector<std::string> labels;
      toml::table* found = nullptr;
      std::size_t found_index = 0, matches = 0;
      for (std::size_t k = 0; k < a->size(); ++k) {
        toml::table* element = a->get(k)->as_table();
        if (!element) fail(key, "'" + key + "' is not an array of tables");
        const std::string label = element_label(s.name, *element);
        labels.push_back(label.empty() ? "[" + std::to_string(k) + "]" : label);
        if (label == name.name) {
          found = element;
          found_index = k;
          ++matches;
        }
      }
      // A number names the element at that position: "phase.a.stimulus.0.rate".
      const bool digits = name.name.size() < 10 && name.name.find_first_not_of("0123456789") == std::string::npos;
      if (!found && digits && std::stoul(name.name) < a->size()) {
        found_index = std::stoul(name.name);
        found = a->get(found_index)->as_table();
        matches = 1;
      }
      if (!found) {
        fail(join_key(key, name.name), "there is no " + s.name + " named '" + name.name + "';" +
                                           suggestion(name.name, labels));
      }
      if (matches > 1) {
        fail(join_key(key, name.name), std::to_string(matches) + " elements of '" + key + "' are named '" +
                                           name.name + "'; address one by position: " + key + "[N]");
      }
      path = element_key(path, s.name, *found, found_index);
      current = found;
      walked.push_back({s.name, found_index});
    }

    const std::string& last = segments.back().name;
    const std::string key = join_key(path, last);
    source_ref where;
    if (const toml::node* existing = current->get(last)) {
      if (existing->is_array() && is_array_of_tables_key(last)) {
        fail(key, "'" + key + "' is an array of tables; address a key of one element: " + key + ".NAME.KEY=VALUE");
      }
      where = doc_.ref(*existing, key);
    } else {
      where = doc_.ref(*current, path);
      where.key = key;
    }
    if (!at_) doc_.overrides[key] = {text_, where};
    current->insert_or_assign(last, std::move(value));
    walked.push_back({last, std::nullopt});
    return walked;
  }

 private:
  [[noreturn]] void fail(const std::string& key, const std::string& message) const {
    if (at_) throw error(*at_, message);
    throw error(source_ref{doc_.file, 0, 0, key}, "--set " + text_ + ": " + message);
  }

  std::vector<segment> split(const std::string& key) const {
    std::vector<segment> out;
    std::size_t start = 0;
    while (true) {
      // A part in double quotes may hold dots: phase[1].set."population.exc.tau_m" (a key written quoted).
      const bool quoted = start < key.size() && key[start] == '"';
      const std::size_t end_quote = quoted ? key.find('"', start + 1) : std::string::npos;
      if (quoted && end_quote == std::string::npos) fail(key, "a quoted part of key '" + key + "' is not closed");
      const std::size_t dot = key.find('.', quoted ? end_quote : start);
      std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      segment s;
      if (quoted) {
        if (end_quote + 1 != (dot == std::string::npos ? key.size() : dot))
          fail(key, "expected a '.' after the quoted part of key '" + key + "'");
        s.name = key.substr(start + 1, end_quote - start - 1);
        if (s.name.empty()) fail(key, "empty part in key '" + key + "'; expected a dotted key like population.exc.size");
        out.push_back(std::move(s));
        if (dot == std::string::npos) break;
        start = dot + 1;
        continue;
      }
      if (const std::size_t open = part.find('['); open != std::string::npos) {
        const std::size_t close = part.find(']', open);
        const std::string digits = close == std::string::npos ? "" : part.substr(open + 1, close - open - 1);
        const bool ok = close == part.size() - 1 && !digits.empty() && digits.size() < 10 &&
                        digits.find_first_not_of("0123456789") == std::string::npos;
        if (!ok) fail(key, "expected an index like name[0] in '" + part + "'");
        s.index = std::stoul(digits);
        part = part.substr(0, open);
      }
      if (part.empty()) fail(key, "empty part in key '" + key + "'; expected a dotted key like population.exc.size");
      s.name = part;
      out.push_back(std::move(s));
      if (out.size() > max_nesting)  // each part a table deeper (toml++ destroys nested tables recursively)
        fail(key, "more than " + std::to_string(max_nesting) + " parts; tables may nest at most " +
                      std::to_string(max_nesting) + " levels deep");
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    return out;
  }

  // A TOML value when the text is one (3, true, "0.5 nS", [1, 2], { ... }), otherwise the text as a string.
  static toml::table parse_value(const std::string& value) {
    try {
      toml::table t = parse_toml("v = " + value, override_source);
      if (t.size() == 1 && t.get("v")) return t;
    } catch (const toml::parse_error&) {
    }
    toml::table t;
    t.insert("v", value);
    return t;
  }

  toml::table& root_;
  const std::string& text_;
  document& doc_;
  std::optional<source_ref> at_;
};

}  // namespace

void apply_overrides(toml::table& root, const std::vector<std::string>& overrides, document& doc) {
  for (const std::string& text : overrides) override_applier(root, text, doc).apply();
}

std::vector<key_part> set_key(toml::table& root, const std::string& key, const toml::node& value, document& doc,
                              const source_ref& at) {
  toml::table holder;
  holder.insert("v", value);
  return override_applier(root, key, doc, at).assign(key, std::move(*holder.get("v")));
}

}  // namespace plastix::io_detail
