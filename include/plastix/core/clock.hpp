// Simulation clock: an integer step counter and a fixed time step. Time is never accumulated as a float.
#pragma once
#include <cstdint>

namespace plastix {

struct clock {
  double dt = 0.1;       // time step [ms]
  std::int64_t step = 0;  // current step; the step covers [step·dt, (step+1)·dt)

  double time() const { return static_cast<double>(step) * dt; }  // start of the current step [ms]
  // Number of whole steps in a duration [ms], rounded to the nearest step (halves away from zero); saturates at the
  // limits of int64 (NaN: 0). The one definition of a duration in steps.
  std::int64_t steps(double duration) const;
};

}  // namespace plastix
