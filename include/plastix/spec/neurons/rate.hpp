// Parameters of the rate populations (the models: neuron/rate.hpp): rate units, pattern and Gaussian rate sources.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "plastix/core/linalg.hpp"

#include "plastix/spec/catalogue.hpp"

namespace plastix {

// The transfer function f of a rate unit (rate_unit::transfer).
enum class rate_transfer { linear, relu, sigmoid };

struct rate_unit_params {
  static constexpr const char* name = "rate";
  // Its keys, bounds and state (src/spec/rate_params.cpp): the reader, checks, docs and `plastix list`.
  static const declaration<rate_unit_params>& declare();
  double tau = 0.0;                     // [ms]; 0 = instantaneous
  rate_transfer f = rate_transfer::linear;
  double gain = 1.0;                    // slope [1]
  double threshold = 0.0;               // relu and sigmoid [1]
  double y_max = 1.0;                   // sigmoid: maximal output [1]
  double bias = 0.0;                    // added to the input [1]
};

// The order in which a rate_patterns source shows its patterns (rate_patterns_source::order_kind).
enum class rate_patterns_order { random, cycle };

struct rate_patterns_source_params {
  static constexpr const char* name = "rate_patterns";
  // Its keys, bounds and state (src/spec/rate_params.cpp): the reader, checks, docs and `plastix list`.
  static const declaration<rate_patterns_source_params>& declare();
  std::vector<std::vector<double>> patterns;  // patterns[p][neuron] [1]
  double interval = 100.0;                    // presentation time of each pattern [ms]
  rate_patterns_order order = rate_patterns_order::random;
};

// The covariance generator of a rate_gaussian source (rate_gaussian_source::correlated_groups).
struct rate_correlated_groups {
  std::vector<std::size_t> sizes;
  std::vector<double> correlation;  // one per group, in [−1, 1]
  double between = 0.0;             // correlation across groups, in [−1, 1]
  double sd = 1.0;                  // standard deviation of every input [1]
};

struct rate_gaussian_source_params {
  static constexpr const char* name = "rate_gaussian";
  // Its keys, bounds and state (src/spec/rate_params.cpp): the reader, checks, docs and `plastix list`.
  static const declaration<rate_gaussian_source_params>& declare();
  std::vector<std::vector<double>> covariance;  // explicit n×n matrix [1]; empty when `groups` is used
  rate_correlated_groups groups;                // used when `covariance` is empty
  double interval = 1.0;                        // time between samples [ms]
};

// Number of inputs the covariance describes (matrix rows, or the sum of the group sizes).
std::size_t rate_gaussian_size(const rate_gaussian_source_params& p);
// The covariance matrix C (n = rate_gaussian_size(p)).
square_matrix rate_gaussian_covariance(const rate_gaussian_source_params& p);

// "" if valid, else what is wrong (the bodies of the models' validate, which call them).
std::string validate_params(const rate_unit_params& p);
std::string validate_params(const rate_patterns_source_params& p);
std::string validate_params(const rate_gaussian_source_params& p);

}  // namespace plastix
