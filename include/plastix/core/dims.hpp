// Dimensions as vectors of exponents, for the dimensional analysis of equations (spec/equations/): products and
// quotients of plastix's units (core/units.hpp). The base dimensions are those of the internal units, which form a
// coherent system: time [ms], voltage [mV], current [pA], concentration [uM]; conductance nS = pA/mV, capacitance
// pF = pA·ms/mV. A rate is 1/time: inside equations it is held in 1/ms (1 Hz = 1e-3 /ms).
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "plastix/core/units.hpp"

namespace plastix {

struct dims {
  // Exponents of time, voltage, current, concentration.
  std::array<int, 4> e{0, 0, 0, 0};

  static dims time() { return {{1, 0, 0, 0}}; }
  static dims voltage() { return {{0, 1, 0, 0}}; }
  static dims current() { return {{0, 0, 1, 0}}; }
  static dims concentration() { return {{0, 0, 0, 1}}; }
  bool dimensionless() const { return e == std::array<int, 4>{0, 0, 0, 0}; }
  friend bool operator==(const dims&, const dims&) = default;
  friend dims operator*(dims a, const dims& b) {
    for (int k = 0; k < 4; ++k) a.e[k] += b.e[k];
    return a;
  }
  friend dims operator/(dims a, const dims& b) {
    for (int k = 0; k < 4; ++k) a.e[k] -= b.e[k];
    return a;
  }
  dims pow(int n) const {
    dims r = *this;
    for (int& x : r.e) x *= n;
    return r;
  }
};

// The dimension vector of a catalogue dimension (frequency: 1/time).
dims dims_of(dimension d);

// "mV/ms", "nS", "pA·ms/mV" → "pA*ms/mV", "1" (dimensionless): readable, in named units where one fits.
std::string to_string(const dims& d);

// A unit as it may appear in an equation or a state's unit: its dimension and the factor to the coherent internal
// unit (s: 1000, Hz: 1e-3, nS: 1). nullopt when `name` is not a unit.
struct unit_def {
  dims dim;
  double scale;
};
std::optional<unit_def> unit_named(std::string_view name);
// The names unit_named knows (reserved: no variable of an equation may have one).
const std::array<std::string_view, 17>& unit_names();

}  // namespace plastix
