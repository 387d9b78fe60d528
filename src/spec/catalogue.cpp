#include "plastix/spec/catalogue.hpp"

#include <cmath>
#include <sstream>

namespace plastix {

bool bounds::contains(double v) const {
  if (std::isnan(v)) return false;
  const bool above = lo_open ? v > lo : v >= lo;
  const bool below = hi_open ? v < hi : v <= hi;
  return above && below;
}

namespace {

std::string number_text(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

std::string with_unit(const std::string& number, std::string_view unit) {
  return unit.empty() ? number : number + " " + std::string(unit);
}

}  // namespace

std::string bounds::text(std::string_view unit) const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && !has_hi) return std::string(lo_open ? "> " : ">= ") + with_unit(number_text(lo), unit);
  if (!has_lo && has_hi) return std::string(hi_open ? "< " : "<= ") + with_unit(number_text(hi), unit);
  if (!has_lo && !has_hi) return "";
  std::string interval = std::string(lo_open ? "(" : "[") + number_text(lo) + ", " + number_text(hi) + (hi_open ? ")" : "]");
  return with_unit("in " + interval, unit);
}

std::string_view scope_name(state_scope s) {
  switch (s) {
    case state_scope::per_neuron: return "per neuron";
    case state_scope::per_synapse: return "per synapse";
    case state_scope::per_pre: return "per presynaptic neuron";
  }
  return "";
}

std::string_view unit_name(dimension d) {
  switch (d) {
    case dimension::dimensionless: return "";
    case dimension::time: return "ms";
    case dimension::voltage: return "mV";
    case dimension::conductance: return "nS";
    case dimension::current: return "pA";
    case dimension::capacitance: return "pF";
    case dimension::frequency: return "Hz";
    case dimension::concentration: return "uM";
  }
  return "";
}

std::string format_value(double v, dimension d) {
  if (d == dimension::time && std::isfinite(v) && v != 0.0) {
    // The largest unit in which the time is a short exact number: 14 days rather than 1.2096e+09 ms.
    struct unit {
      const char* name;
      double ms;
    };
    for (const unit u : {unit{"days", units::day}, unit{"h", units::hour}, unit{"min", units::minute},
                         unit{"s", units::second}}) {
      const double q = v / u.ms;
      if (std::fabs(q) >= 1.0 && std::fabs(q * 1000.0 - std::round(q * 1000.0)) < 1e-9 * std::fabs(q * 1000.0))
        return number_text(q) + " " + u.name;
    }
  }
  return with_unit(number_text(v), unit_name(d));
}

std::string out_of_range(const key_info& k, double value) {
  const std::string_view unit = k.type == value_type::quantity ? unit_name(k.dim) : std::string_view{};
  return k.name + " must be " + k.range.text(unit) + ", got " + with_unit(number_text(value), unit);
}

const key_info* model_info::find_key(std::string_view key) const {
  for (const auto& k : keys)
    if (k.name == key) return &k;
  return nullptr;
}

const state_info* model_info::find_state(std::string_view n) const {
  for (const auto& s : state)
    if (s.name == n) return &s;
  return nullptr;
}

std::vector<std::string> model_info::key_names() const {
  std::vector<std::string> out;
  for (const auto& k : keys) out.push_back(k.name);
  return out;
}

std::vector<std::string> model_info::state_names(state_scope scope) const {
  std::vector<std::string> out;
  for (const auto& s : state)
    if (s.scope == scope) out.push_back(s.name);
  return out;
}

}  // namespace plastix

namespace plastix {

std::string type_text(const key_info& k) {
  switch (k.type) {
    case value_type::number: return "number";
    case value_type::weight: return "weight";
    case value_type::count: return "whole number";
    case value_type::flag: return "true/false";
    case value_type::quantity: {
      const std::string d = describe(k.dim);  // "a time (e.g. ...)"
      const auto start = d.find(' ') + 1, end = d.find(" (");
      return d.substr(start, end - start);
    }
    case value_type::choice: {
      if (k.choices.empty()) return "name";  // any name (an extra() key such as a receptor's name)
      std::string out;
      for (std::size_t i = 0; i < k.choices.size(); ++i) {
        if (i > 0) out += i + 1 == k.choices.size() ? " or " : ", ";
        out += "`" + k.choices[i] + "`";
      }
      return out;
    }
  }
  return "";
}

std::string key_table_markdown(const model_info& m) {
  std::ostringstream os;
  os << "| key | type | default | meaning |\n|---|---|---|---|\n";
  if (!m.presets.empty()) {
    os << "| `preset` | ";
    for (std::size_t i = 0; i < m.presets.size(); ++i) os << (i ? ", " : "") << "`" << m.presets[i] << "`";
    os << " | — | a named parameter set; the other keys override it |\n";
  }
  for (const auto& k : m.keys) {
    const std::string unit = k.type == value_type::quantity ? std::string(unit_name(k.dim)) : "";
    const std::string range = k.type == value_type::choice || k.type == value_type::flag ? "" : k.range.text(unit);
    const bool quoted = k.type == value_type::quantity || k.type == value_type::choice;
    const std::string shown = k.default_text.empty() ? "—" : "`" + std::string(quoted ? "\"" : "") + k.default_text +
                                                                 (quoted ? "\"" : "") + "`";
    os << "| `" << k.name << "` | " << type_text(k) << " | " << shown << " | " << k.doc << (range.empty() ? "" : "; " + range) << " |\n";
  }
  if (!m.state.empty()) {
    os << "\n| state | scope | unit | meaning |\n|---|---|---|---|\n";
    for (const auto& s : m.state) {
      const std::string unit = s.weight_unit ? "weight" : std::string(unit_name(s.dim));
      os << "| `" << s.name << "` | " << scope_name(s.scope) << " | " << (unit.empty() ? "1" : unit) << " | "
         << s.doc << " |\n";
    }
  }
  return os.str();
}

}  // namespace plastix
