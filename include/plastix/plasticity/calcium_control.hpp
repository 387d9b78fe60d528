// Calcium control hypothesis (Shouval et al. 2002): the rule's factory and its calcium functions. Its model and
// parameters: plastix/spec/rules/calcium_control.hpp.
#pragma once
#include <algorithm>
#include <cmath>
#include <memory>
#include <span>

#include "plastix/spec/rules/calcium_control.hpp"

namespace plastix {

class plasticity_rule;
class projection;

// Ω([Ca]) and η([Ca]) of Shouval et al. 2002; c in µM, η in 1/ms.
inline double calcium_omega(const calcium_control_params& p, double c) {
  auto sig = [](double x, double beta) { return 1.0 / (1.0 + std::exp(-beta * x)); };
  return 0.25 + sig(c - p.alpha2, p.beta2) - 0.25 * sig(c - p.alpha1, p.beta1);
}
inline double calcium_eta(const calcium_control_params& p, double c) {
  const double tau_s = p.p1 / (p.p2 + std::pow(std::max(c, 0.0), p.p3)) + p.p4;
  return 1e-3 / tau_s;
}

// Exact response over a time t [ms] of y' = a·e^{−s/τ_in} − y/τ_out with y(0) = 0 (a in units/ms).
inline double exp_filter_response(double a, double tau_in, double tau_out, double t) {
  const double k = 1.0 / tau_out - 1.0 / tau_in;
  if (std::abs(k) * t < 1e-9) return a * t * std::exp(-t / tau_out);
  return a * (std::exp(-t / tau_in) - std::exp(-t / tau_out)) / k;
}


// State of a calcium_control rule, per synapse (for tests and analyses); empty spans if `rule` is another rule.
std::span<const double> calcium_control_calcium(const plasticity_rule& rule);       // current [Ca] [µM]
std::span<const double> calcium_control_peak_calcium(const plasticity_rule& rule);  // peak [Ca] so far [µM]

}  // namespace plastix
