// Calcium-based plasticity (Graupner & Brunel 2012): the rule's factory and readout. Its model and parameters:
// plastix/spec/rules/calcium.hpp.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "plastix/spec/rules/calcium.hpp"

namespace plastix {

class plasticity_rule;
class projection;


// The readout of Graupner & Brunel: with U (DOWN→UP) and D (UP→DOWN) the fractions of synapses whose ρ crossed
// ρ* between `before` and `after`, and β the fraction that started DOWN, the mean strength after over before,
// counting DOWN as w0 and UP as w1:  Δs = [w0((1−U)β + Dβ') + w1(Uβ + (1−D)β')]/(w0β + w1β'), β' = 1 − β
// (the paper's formula with b = w1/w0). Returns {U, D, Δs}; U (D) is 0 when no synapse started DOWN (UP).
struct calcium_change {
  double up = 0.0, down = 0.0, ratio = 1.0;
};
calcium_change calcium_readout(std::span<const double> before, std::span<const double> after, double rho_star,
                               double w0, double w1);

}  // namespace plastix
