#include "plastix/core/units.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <string>

#include "plastix/core/error.hpp"

namespace plastix {

namespace {

struct unit_entry {
  std::string_view symbol;
  dimension dim;
  double scale;  // value in internal units of 1 symbol
};

constexpr std::array<unit_entry, 31> unit_table{{
    {"ms", dimension::time, 1.0},          {"s", dimension::time, 1000.0},
    {"us", dimension::time, 1e-3},         {"µs", dimension::time, 1e-3},
    {"min", dimension::time, 60000.0},     {"h", dimension::time, 3.6e6},
    {"day", dimension::time, 8.64e7},      {"days", dimension::time, 8.64e7},
    {"mV", dimension::voltage, 1.0},       {"V", dimension::voltage, 1000.0},
    {"uV", dimension::voltage, 1e-3},      {"µV", dimension::voltage, 1e-3},
    {"nS", dimension::conductance, 1.0},   {"pS", dimension::conductance, 1e-3},
    {"uS", dimension::conductance, 1e3},   {"µS", dimension::conductance, 1e3},
    {"mS", dimension::conductance, 1e6},   {"pA", dimension::current, 1.0},
    {"nA", dimension::current, 1e3},       {"uA", dimension::current, 1e6},
    {"µA", dimension::current, 1e6},       {"pF", dimension::capacitance, 1.0},
    {"nF", dimension::capacitance, 1e3},   {"uF", dimension::capacitance, 1e6},
    {"µF", dimension::capacitance, 1e6},   {"Hz", dimension::frequency, 1.0},
    {"kHz", dimension::frequency, 1e3},    {"uM", dimension::concentration, 1.0},
    {"µM", dimension::concentration, 1.0}, {"nM", dimension::concentration, 1e-3},
    {"mM", dimension::concentration, 1e3},
}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string describe(dimension d) {
  switch (d) {
    case dimension::dimensionless: return "a plain number (e.g. 0.5)";
    case dimension::time: return "a time (e.g. \"20 ms\"; units ms, s, min, h, day, us)";
    case dimension::voltage: return "a voltage (e.g. \"-65 mV\"; units mV, V, uV)";
    case dimension::conductance: return "a conductance (e.g. \"6 nS\"; units nS, pS, uS, mS)";
    case dimension::current: return "a current (e.g. \"100 pA\"; units pA, nA, uA)";
    case dimension::capacitance: return "a capacitance (e.g. \"200 pF\"; units pF, nF, uF)";
    case dimension::frequency: return "a rate (e.g. \"5 Hz\"; units Hz, kHz)";
    case dimension::concentration: return "a concentration (e.g. \"1 mM\"; units uM, nM, mM)";
  }
  return "a value";
}

double parse_quantity(std::string_view text, dimension expected) {
  const std::string_view s = trim(text);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end == s.data()) {
    throw error("'" + std::string(text) + "' is not a number with a unit; expected " + describe(expected));
  }
  const std::string_view unit = trim(std::string_view(end, static_cast<std::size_t>(s.data() + s.size() - end)));
  if (unit.empty()) {
    if (expected == dimension::dimensionless) return value;
    throw error("'" + std::string(text) + "' has no unit; expected " + describe(expected));
  }
  for (const unit_entry& u : unit_table) {
    if (u.symbol != unit) continue;
    if (u.dim != expected) {
      throw error("'" + std::string(text) + "' has unit '" + std::string(unit) + "' of the wrong kind; expected " +
                  describe(expected));
    }
    return value * u.scale;
  }
  throw error("'" + std::string(text) + "' has an unknown unit '" + std::string(unit) + "'; expected " +
              describe(expected));
}

}  // namespace plastix
