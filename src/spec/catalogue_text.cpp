#include "plastix/spec/catalogue_text.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/core/suggest.hpp"
#include "plastix/spec/models.hpp"

namespace plastix {

namespace {

// "v [mV]", "w [weight]", "y" — a state variable with its unit.
std::string state_text(const state_info& s) {
  const std::string unit = s.weight_unit ? "weight" : std::string(unit_name(s.dim));
  return unit.empty() ? s.name : s.name + " [" + unit + "]";
}

// Columns padded to their widest cell, two spaces apart, each row indented.
std::string columns(const std::vector<std::vector<std::string>>& rows, const std::string& indent) {
  std::vector<std::size_t> width;
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  std::string out;
  for (const auto& r : rows) {
    std::string line = indent;
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string plain(std::string s) {  // type_text's `a`, `b` or `c` without the Markdown quotes
  s.erase(std::remove(s.begin(), s.end(), '`'), s.end());
  return s;
}

std::string one_model(const model_info& m) {
  std::string out = m.name + " (" + m.family + "): " + m.doc + "\n";
  if (!m.keys.empty() || !m.presets.empty()) {
    out += "  keys:\n";
    std::vector<std::vector<std::string>> rows;
    if (!m.presets.empty()) rows.push_back({"preset", "name", "", "", "a named parameter set: " + join_names(m.presets)});
    for (const key_info& k : m.keys) {
      const std::string unit = k.type == value_type::quantity ? std::string(unit_name(k.dim)) : "";
      const std::string range = k.type == value_type::choice || k.type == value_type::flag ? "" : k.range.text(unit);
      rows.push_back({k.name, plain(type_text(k)), k.default_text.empty() ? "-" : "default " + k.default_text, range, k.doc});
    }
    out += columns(rows, "    ");
  } else {
    out += "  keys: none\n";
  }
  if (!m.state.empty()) {
    out += "  state:\n";
    std::vector<std::vector<std::string>> rows;
    for (const state_info& s : m.state) {
      const std::string unit = s.weight_unit ? "weight" : std::string(unit_name(s.dim));
      rows.push_back({s.name, std::string(scope_name(s.scope)), unit.empty() ? "1" : unit,
                      s.doc});
    }
    out += columns(rows, "    ");
  }
  return out;
}

}  // namespace

std::string catalogue_overview() {
  std::string out;
  for (const std::string& family : model_families()) {
    out += family + ":\n";
    std::vector<std::vector<std::string>> rows;
    for (const model_info* m : catalogue()) {
      if (m->family != family) continue;
      std::string state;
      for (const state_info& s : m->state) state += (state.empty() ? "state: " : ", ") + state_text(s);
      if (!m->presets.empty()) state += (state.empty() ? "" : "; ") + std::string("presets: ") + join_names(m->presets);
      rows.push_back({m->name, m->doc, state});
    }
    out += columns(rows, "  ");
  }
  return out;
}

std::string model_help(std::string_view name) {
  std::string out;
  std::vector<std::string> names;
  for (const model_info* m : catalogue()) {
    if (m->name == name) out += (out.empty() ? "" : "\n") + one_model(*m);
    if (std::find(names.begin(), names.end(), m->name) == names.end()) names.push_back(m->name);
  }
  if (out.empty()) throw error("no model named '" + std::string(name) + "' in the catalogue;" + suggestion(name, names));
  return out;
}

}  // namespace plastix
