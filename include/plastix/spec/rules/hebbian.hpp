// Rate-based Hebbian rules, for projections between rate populations (neuron/rate.hpp). x_j is the presynaptic
// rate, y_i the postsynaptic rate and w_ij the weight, all dimensionless. Every rule is one weight-change term F
// on the same update schedule (one rule type in hebbian.cpp, composed from a term and a schedule):
//   hebb        F = x·y                                    Hebb 1949; Dayan & Abbott 2001, eq. 8.3
//   oja         F = y·(x − α·y·w)                          Oja 1982 (α = 1): |w|² → 1/α, w → first principal component
//   bcm         F = x·y·(y − θ),  τ_θ dθ/dt = y²/y0 − θ    Bienenstock, Cooper & Munro 1982; sliding threshold as the
//                                                          temporal average of y² (Intrator & Cooper 1992, θ = E[y²];
//                                                          y0 sets its scale, Dayan & Abbott 2001, eq. 8.12)
//   covariance  F = (x − ⟨x⟩)·(y − ⟨y⟩),  τ_avg d⟨x⟩/dt = x − ⟨x⟩ (same for y)    Sejnowski 1977
// Schedule: the rule updates every step (interval = 0) or every `interval`, at the end of the step, with the rates
// of that step (step 6, after the rates of the step have been computed). With the update period Δt:
//   continuous form (tau_w > 0):  τ_w dw/dt = F, forward Euler: Δw = (Δt/τ_w)·F
//   discrete form (eta > 0):      Δw = η·F per update (the learning rate of Oja 1982's discrete algorithm)
// then w is clipped to [w_min, w_max] (default: unbounded). The running averages (θ, ⟨x⟩, ⟨y⟩) are updated after
// the weights, as exact exponential averages over Δt of the values at the update: a ← s + (a − s)·e^{−Δt/τ}; each
// starts at the value of its first sample (θ = y²/y0, ⟨x⟩ = x, ⟨y⟩ = y), so a rule does not begin with a transient.
#pragma once
#include <limits>
#include <memory>
#include <span>
#include <string>

namespace plastix {

// The learning rate and update schedule shared by the rate rules.
struct rate_learning {
  double tau_w = 1000.0;  // learning time constant [ms] (continuous form); 0 = use eta
  double eta = 0.0;       // learning rate per update [1] (discrete form); used when tau_w = 0
  double interval = 0.0;  // update period [ms]; 0 = every step
  double w_min = -std::numeric_limits<double>::infinity();  // lower bound [1]
  double w_max = std::numeric_limits<double>::infinity();   // upper bound [1]
};

struct hebb_params {
  static constexpr const char* name = "hebb";
  rate_learning learning;
};

struct oja_params {
  static constexpr const char* name = "oja";
  rate_learning learning;
  double alpha = 1.0;  // decay factor [1]; the weight norm converges to 1/√α
};

struct bcm_params {
  static constexpr const char* name = "bcm";
  rate_learning learning;
  double tau_theta = 100.0;  // time constant of the sliding threshold [ms]
  double y0 = 1.0;           // scale of the threshold: θ → ⟨y²⟩/y0 [1]
};

struct covariance_params {
  static constexpr const char* name = "covariance";
  rate_learning learning;
  double tau_avg = 100.0;  // time constant of the running averages ⟨x⟩, ⟨y⟩ [ms]
};

// "" if valid, else a message that starts with the offending parameter ("tau_theta must be > 0 ms, got 0 ms").
std::string validate_hebbian(const rate_learning& p);

}  // namespace plastix
