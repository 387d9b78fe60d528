// The constraint shared by every rule with hard weight bounds: w_min < w_max.
#pragma once
#include "plastix/spec/catalogue.hpp"

namespace plastix {

// A constraint for declaration<P>::require (P has members w_min and w_max): "w_min must be below w_max, got
// w_min = 2 and w_max = 1" when they are not in order (or one is NaN).
template <class P>
key_problem bounds_in_order(const P& p) {
  if (p.w_min < p.w_max) return {};
  return {"w_min", "w_min must be below w_max, got w_min = " + format_value(p.w_min, dimension::dimensionless) +
                       " and w_max = " + format_value(p.w_max, dimension::dimensionless)};
}

}  // namespace plastix
