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
// populations (spec/validate.cpp rejects the rest).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "plastix/core/linalg.hpp"
#include "plastix/spec/neurons/rate.hpp"

namespace plastix {

// A rate unit (Dayan & Abbott 2001, ch. 7): h = Σ_j w_ij x_j + bias;
//   τ = 0: y = f(h) (instantaneous);   τ > 0: τ dy/dt = −y + f(h), integrated exactly with h held over the step.
// f is linear f(h) = gain·h (the setting of Hebb's and Oja's analyses), rectified linear
// f(h) = gain·max(0, h − threshold), or sigmoid f(h) = y_max / (1 + e^{−gain·(h − threshold)}).
// State: y (output) [1] and h (total input of the last step, bias included) [1].
struct rate_unit {
  static constexpr const char* name = rate_unit_params::name;
  using transfer = rate_transfer;
  using params = rate_unit_params;
  static double output(const params& p, double h) {  // f(h)
    switch (p.f) {
      case transfer::linear: return p.gain * h;
      case transfer::relu: return h > p.threshold ? p.gain * (h - p.threshold) : 0.0;
      case transfer::sigmoid: return sigmoid(p, h);
    }
    return 0.0;
  }
  static const std::vector<std::string>& transfer_names();  // "linear", "relu", "sigmoid" (enum order)
  static std::string validate(const params& p) { return validate_params(p); }  // spec/neurons

 private:
  static double sigmoid(const params& p, double h);
};

// Presents one of a list of input vectors at a time, switching every `interval`: presentation k covers
// [k·interval, (k+1)·interval) and shows pattern k mod P (order = cycle) or a pattern drawn uniformly at random
// (order = random) from the counter-based stream (seed, stimulus, population, 0) at position k — the same
// sequence for the same seed, whatever else the network contains. State: x [1].
struct rate_patterns_source {
  static constexpr const char* name = rate_patterns_source_params::name;
  using order_kind = rate_patterns_order;
  using params = rate_patterns_source_params;
  // The pattern shown in presentation k by the population with network index `population`.
  static std::size_t pattern_at(const params& p, std::uint64_t seed, std::uint32_t population, std::uint64_t k);
  static const std::vector<std::string>& order_names();  // "random", "cycle" (enum order)
  static std::string validate(const params& p) { return validate_params(p); }  // spec/neurons
};

// Zero-mean Gaussian input with covariance C, resampled every `interval`: x = L·z with L·Lᵀ = C and z standard
// normal, drawn from the stream (seed, stimulus, population, 0) (sample k at a fixed position, so samples do not
// depend on each other). C is given as a matrix or by a generator:
//   correlated groups: consecutive groups of `sizes[g]` inputs; C_ii = sd², C_ij = sd²·correlation[g] within
//   group g and sd²·between across groups (e.g. two groups: sizes = [5, 5], correlation = [0.8, 0.4]).
// State: x [1].
struct rate_gaussian_source {
  static constexpr const char* name = rate_gaussian_source_params::name;
  using correlated_groups = rate_correlated_groups;
  using params = rate_gaussian_source_params;
  // Number of inputs the covariance describes (matrix rows, or the sum of the group sizes).
  static std::size_t size_of(const params& p) { return rate_gaussian_size(p); }
  // The covariance matrix C (n = size_of(p)).
  static square_matrix covariance_of(const params& p) { return rate_gaussian_covariance(p); }
  static std::string validate(const params& p) { return validate_params(p); }  // spec/neurons
};

}  // namespace plastix
