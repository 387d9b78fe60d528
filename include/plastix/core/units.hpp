// Internal units of plastix, fixed once: every double in the engine is in these units.
//   time ms, voltage mV, conductance nS, current pA, capacitance pF, rate Hz, concentration µM (mM for [Mg2+]).
// They form a consistent system: nS·mV = pA, pA/pF = mV/ms.
// Experiment files carry units as text ("20 ms", "6 nS"); parse_quantity converts them.
#pragma once
#include <string>
#include <string_view>

namespace plastix {

namespace units {
inline constexpr double ms = 1.0, second = 1000.0, minute = 60000.0, hour = 3.6e6, day = 8.64e7;
inline constexpr double mV = 1.0, volt = 1000.0;
inline constexpr double nS = 1.0, pA = 1.0, pF = 1.0, Hz = 1.0;
inline constexpr double uM = 1.0, mM = 1000.0;
// A rate [Hz] times a time [ms] gives an expected count after multiplying by this factor.
inline constexpr double hz_ms = 1e-3;
}  // namespace units

// Physical dimension a value must have.
enum class dimension { dimensionless, time, voltage, conductance, current, capacitance, frequency, concentration };

// Human-readable name with an example, e.g. "a time (e.g. \"20 ms\")".
std::string describe(dimension d);

// Parses "20 ms", "-65 mV", "0.5 nS", "1e-3 s" into internal units. A dimensionless value may be given without
// a unit. Throws plastix::error (without location; callers add it) if the text has no unit, an unknown unit or a
// unit of another dimension.
double parse_quantity(std::string_view text, dimension expected);

}  // namespace plastix
