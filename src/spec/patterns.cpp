#include "plastix/spec/patterns.hpp"

#include <algorithm>
#include <cmath>

namespace plastix {

std::size_t pattern_size(const pattern_set_spec& p, std::size_t population_size) {
  if (p.size > 0) return p.size;
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(p.coding * static_cast<double>(population_size))));
}

}  // namespace plastix
