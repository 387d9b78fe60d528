#include "plastix/core/dims.hpp"

#include <utility>
#include <vector>

namespace plastix {

namespace {

struct named_unit {
  std::string_view name;
  unit_def def;
};

const dims T = dims::time(), V = dims::voltage(), I = dims::current(), C = dims::concentration(), one{};

const std::array<named_unit, 17>& table() {
  static const std::array<named_unit, 17> t{{
      {"ms", {T, units::ms}},         {"second", {T, units::second}}, {"s", {T, units::second}},
      {"mV", {V, units::mV}},         {"volt", {V, units::volt}},     {"pA", {I, units::pA}},
      {"nA", {I, 1000.0}},            {"nS", {I / V, units::nS}},     {"uS", {I / V, 1000.0}},
      {"pF", {I * T / V, units::pF}}, {"nF", {I * T / V, 1000.0}},    {"Hz", {one / T, 1e-3}},
      {"kHz", {one / T, 1.0}},        {"uM", {C, units::uM}},         {"mM", {C, units::mM}},
      {"nM", {C, 1e-3}},              {"mmole", {C, units::mM}},
  }};
  return t;
}

}  // namespace

dims dims_of(dimension d) {
  switch (d) {
    case dimension::dimensionless: return one;
    case dimension::time: return T;
    case dimension::voltage: return V;
    case dimension::conductance: return I / V;
    case dimension::current: return I;
    case dimension::capacitance: return I * T / V;
    case dimension::frequency: return one / T;
    case dimension::concentration: return C;
  }
  return one;
}

std::string to_string(const dims& d) {
  if (d.dimensionless()) return "1";
  // Named units for the common single dimensions.
  static const std::vector<std::pair<dims, std::string>> named = {
      {T, "ms"}, {V, "mV"}, {I, "pA"}, {C, "uM"}, {I / V, "nS"}, {I * T / V, "pF"}, {one / T, "1/ms"},
      {V / T, "mV/ms"}, {I / T, "pA/ms"}, {C / T, "uM/ms"}};
  for (const auto& [dim, name] : named)
    if (dim == d) return name;
  static const char* base[] = {"ms", "mV", "pA", "uM"};
  std::string num, den;
  for (int k = 0; k < 4; ++k) {
    const int x = d.e[k];
    if (x == 0) continue;
    std::string& part = x > 0 ? num : den;
    if (!part.empty()) part += "*";
    part += base[k];
    if (x > 1 || x < -1) part += "^" + std::to_string(x > 0 ? x : -x);
  }
  if (num.empty()) num = "1";
  return den.empty() ? num : num + "/" + den;
}

std::optional<unit_def> unit_named(std::string_view name) {
  for (const named_unit& u : table())
    if (u.name == name) return u.def;
  return std::nullopt;
}

const std::array<std::string_view, 17>& unit_names() {
  static const std::array<std::string_view, 17> names = [] {
    std::array<std::string_view, 17> n{};
    for (std::size_t k = 0; k < n.size(); ++k) n[k] = table()[k].name;
    return n;
  }();
  return names;
}

}  // namespace plastix
