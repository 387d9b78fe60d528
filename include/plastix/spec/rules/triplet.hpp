// Triplet spike-timing-dependent plasticity, Pfister & Gerstner 2006 (J Neurosci 26:9673).
// Pre traces r1 (τ+), r2 (τx); post traces o1 (τ−), o2 (τy).
//   pre spike:  w −= f−(w) · o1 · [A2− + A3− · r2(t−)]
//   post spike: w += f+(w) · r1 · [A2+ + A3+ · o2(t−)]
// (the slow trace is read before its own increment). Traces jump by 1 (all-to-all) or reset to 1 (nearest).
// With the additive weight dependence (the default) the amplitudes are the paper's, in weight units.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "plastix/spec/rules/pairing.hpp"
#include "plastix/spec/rules/weight_dependence.hpp"

namespace plastix {

struct triplet_params {
  static constexpr const char* name = "triplet";
  double tau_plus = 16.8;   // r1 [ms]
  double tau_minus = 33.7;  // o1 [ms]
  double tau_x = 101.0;     // r2 [ms]
  double tau_y = 125.0;     // o2 [ms]
  double a2_plus = 5e-10, a3_plus = 6.2e-3, a2_minus = 7e-3, a3_minus = 2.3e-4;  // [1]
  pairing scheme = pairing::all_to_all;
  weight_dependence dependence;

  // Published parameter sets (Pfister & Gerstner 2006, Table 4, "full" models fitted to visual cortex data of
  // Sjöström et al. 2001): "visual_cortex_all_to_all", "visual_cortex_nearest". Throws plastix::error if unknown.
  static triplet_params preset(const std::string& name);
  static const std::vector<std::string>& preset_names();
};

}  // namespace plastix
