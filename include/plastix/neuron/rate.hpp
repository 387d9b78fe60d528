// Rate populations: neurons described by a continuous output rate instead of spikes, for rate-based Hebbian
// learning (plasticity/hebbian.hpp: Hebb, Oja, BCM, covariance).
//
// Units: rates, inputs, biases and the weights of projections between rate populations are dimensionless
// ("arbitrary units", as in the papers of these rules: Oja's rule normalises |w| to 1, BCM's threshold is in units
// of y²/y0). Time constants are in ms like everywhere else.
//
// Transmission: a projection whose pre population is a rate population adds Σ_j w_ij·x_j to the input h_i of its
// post population in every step, with no delay: the pre population's output of the same step when it is listed
// before the post population. Rate populations receive only from rate populations and project only onto rate
// populations (sim/validate.cpp rejects the rest).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "plastix/core/linalg.hpp"

namespace plastix {

// A rate unit (Dayan & Abbott 2001, ch. 7): h = Σ_j w_ij x_j + bias;
//   τ = 0: y = f(h) (instantaneous);   τ > 0: τ dy/dt = −y + f(h), integrated exactly with h held over the step.
// f is linear f(h) = gain·h (the setting of Hebb's and Oja's analyses), rectified linear
// f(h) = gain·max(0, h − threshold), or sigmoid f(h) = y_max / (1 + e^{−gain·(h − threshold)}).
// State: y (output) [1] and h (total input of the last step, bias included) [1].
struct rate_unit {
  static constexpr const char* name = "rate";
  enum class transfer { linear, relu, sigmoid };
  struct params {
    double tau = 0.0;                     // [ms]; 0 = instantaneous
    transfer f = transfer::linear;
    double gain = 1.0;                    // slope [1]
    double threshold = 0.0;               // relu and sigmoid [1]
    double y_max = 1.0;                   // sigmoid: maximal output [1]
    double bias = 0.0;                    // added to the input [1]
  };
  static double output(const params& p, double h) {  // f(h)
    switch (p.f) {
      case transfer::linear: return p.gain * h;
      case transfer::relu: return h > p.threshold ? p.gain * (h - p.threshold) : 0.0;
      case transfer::sigmoid: return sigmoid(p, h);
    }
    return 0.0;
  }
  static const std::vector<std::string>& transfer_names();  // "linear", "relu", "sigmoid" (enum order)
  static std::string validate(const params& p);

 private:
  static double sigmoid(const params& p, double h);
};

// Presents one of a list of input vectors at a time, switching every `interval`: presentation k covers
// [k·interval, (k+1)·interval) and shows pattern k mod P (order = cycle) or a pattern drawn uniformly at random
// (order = random) from the counter-based stream (seed, stimulus, population, 0) at position k — the same
// sequence for the same seed, whatever else the network contains. State: x [1].
struct rate_patterns_source {
  static constexpr const char* name = "rate_patterns";
  enum class order_kind { random, cycle };
  struct params {
    std::vector<std::vector<double>> patterns;  // patterns[p][neuron] [1]
    double interval = 100.0;                    // presentation time of each pattern [ms]
    order_kind order = order_kind::random;
  };
  // The pattern shown in presentation k by the population with network index `population`.
  static std::size_t pattern_at(const params& p, std::uint64_t seed, std::uint32_t population, std::uint64_t k);
  static const std::vector<std::string>& order_names();  // "random", "cycle" (enum order)
  static std::string validate(const params& p);
};

// Zero-mean Gaussian input with covariance C, resampled every `interval`: x = L·z with L·Lᵀ = C and z standard
// normal, drawn from the stream (seed, stimulus, population, 0) (sample k at a fixed position, so samples do not
// depend on each other). C is given as a matrix or by a generator:
//   correlated groups: consecutive groups of `sizes[g]` inputs; C_ii = sd², C_ij = sd²·correlation[g] within
//   group g and sd²·between across groups (e.g. two groups: sizes = [5, 5], correlation = [0.8, 0.4]).
// State: x [1].
struct rate_gaussian_source {
  static constexpr const char* name = "rate_gaussian";
  struct correlated_groups {
    std::vector<std::size_t> sizes;
    std::vector<double> correlation;  // one per group, in [−1, 1]
    double between = 0.0;             // correlation across groups, in [−1, 1]
    double sd = 1.0;                  // standard deviation of every input [1]
  };
  struct params {
    std::vector<std::vector<double>> covariance;  // explicit n×n matrix [1]; empty when `groups` is used
    correlated_groups groups;                     // used when `covariance` is empty
    double interval = 1.0;                        // time between samples [ms]
  };
  // Number of inputs the covariance describes (matrix rows, or the sum of the group sizes).
  static std::size_t size_of(const params& p);
  // The covariance matrix C (n = size_of(p)).
  static square_matrix covariance_of(const params& p);
  static std::string validate(const params& p);
};

}  // namespace plastix
