#include "plastix/spec/receptors.hpp"

#include <utility>

#include "plastix/core/error.hpp"

namespace plastix {

const std::vector<std::string>& receptor_preset_names() {
  static const std::vector<std::string> names{"ampa", "nmda", "gaba_a", "gaba_b"};
  return names;
}

receptor_params receptor_preset(const std::string& name) {
  // Time constants: Dayan & Abbott 2001 (ch. 5.8), Destexhe, Mainen & Sejnowski 1998; E_rev: common values.
  if (name == "ampa") return {"ampa", receptor_kind::conductance, 5.0, 0.0, 0.0, false, 1.0};
  if (name == "nmda") return {"nmda", receptor_kind::conductance, 100.0, 2.0, 0.0, true, 1.0};
  if (name == "gaba_a") return {"gaba_a", receptor_kind::conductance, 10.0, 0.0, -80.0, false, 1.0};
  if (name == "gaba_b") return {"gaba_b", receptor_kind::conductance, 150.0, 50.0, -95.0, false, 1.0};
  std::string list;
  for (const auto& n : receptor_preset_names()) list += (list.empty() ? "" : ", ") + n;
  throw error("unknown receptor preset '" + name + "'; expected one of: " + list);
}

const declaration<receptor_params>& receptor_params::declare(receptor_kind kind) {
  using P = receptor_params;
  const auto name = [](declaration<P> d) {
    return std::move(d.extra("name", value_type::choice, dimension::dimensionless, bounds::any(),
                             "the receptor's name, which projections target (default: the preset's name)"));
  };
  const auto time_course = [](declaration<P> d) {
    return std::move(d.quantity("tau_decay", &P::tau_decay, dimension::time, bounds::positive(), "decay time constant")
                         .quantity("tau_rise", &P::tau_rise, dimension::time, bounds::non_negative(),
                                   "rise time constant; 0 = instantaneous rise"));
  };
  static const auto conductance =
      time_course(name(declaration<P>("receptor", "conductance",
                                      "conductance-based synapse (kind = \"conductance\", the default): weights in nS")))
          .quantity("e_rev", &P::e_rev, dimension::voltage, bounds::any(), "reversal potential")
          .flag("mg_block", &P::mg_block, "apply the Jahr–Stevens Mg2+ block (NMDA)")
          .extra("mg", value_type::quantity, dimension::concentration, bounds::any(),
                 "extracellular [Mg2+] for the block (default 1 mM)")
          .presets(receptor_preset_names(), receptor_preset)
          .state("g", state_scope::per_neuron, dimension::conductance, "conductance, recorded as g_<name>");
  static const auto current =
      time_course(name(declaration<P>("receptor", "current", "current-based synapse (kind = \"current\"): weights in pA")))
          .presets(receptor_preset_names(), receptor_preset)  // their time constants
          .state("g", state_scope::per_neuron, dimension::current, "current, recorded as g_<name>");
  static const auto delta = name(declaration<P>(
      "receptor", "delta", "a spike moves v at once by its weight (kind = \"delta\"): weights in mV"));
  switch (kind) {
    case receptor_kind::current: return current;
    case receptor_kind::delta: return delta;
    case receptor_kind::conductance: break;
  }
  return conductance;
}

const char* receptor_unit(receptor_kind kind) {
  switch (kind) {
    case receptor_kind::current: return "pA";
    case receptor_kind::delta: return "mV";
    case receptor_kind::conductance: break;
  }
  return "nS";
}

}  // namespace plastix
