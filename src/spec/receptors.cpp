#include "plastix/spec/receptors.hpp"

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

const char* receptor_unit(receptor_kind kind) {
  switch (kind) {
    case receptor_kind::current: return "pA";
    case receptor_kind::delta: return "mV";
    case receptor_kind::conductance: break;
  }
  return "nS";
}

}  // namespace plastix
