#include "plastix/core/distribution.hpp"

#include <algorithm>

#include "plastix/core/error.hpp"

namespace plastix {

double distribution::sample(random_stream& rs) const {
  switch (type) {
    case kind::constant: return a;
    case kind::uniform: return rs.uniform(a, b);
    case kind::normal: {
      for (int attempt = 0; attempt < 1000; ++attempt) {
        const double x = rs.normal(a, b);
        if (x >= lo && x <= hi) return x;
      }
      throw error("truncated normal distribution: bounds [" + std::to_string(lo) + ", " + std::to_string(hi) +
                  "] are too far from the mean to be sampled");
    }
  }
  return a;
}

double distribution::min() const {
  switch (type) {
    case kind::constant: return a;
    case kind::uniform: return std::min(a, b);
    case kind::normal: return lo;
  }
  return a;
}

}  // namespace plastix
