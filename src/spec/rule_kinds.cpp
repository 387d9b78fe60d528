#include "plastix/spec/rule_kinds.hpp"

namespace plastix {

const std::vector<std::string>& rule_names() {
  static const std::vector<std::string> names{stdp_params::name, triplet_params::name, stp_params::name,
                                              hebb_params::name, oja_params::name,     bcm_params::name,
                                              covariance_params::name, calcium_params::name,
                                              clopath_params::name,
                                              calcium_control_params::name, tag_trigger_params::name,
                                              structural_params::name,
                                              istdp_params::name, scaling_params::name};
  return names;
}

std::string rule_name(const rule_params& p) {
  return std::visit([](const auto& r) { return std::string(std::decay_t<decltype(r)>::name); }, p);
}

bool is_rate_rule(const rule_params& p) {
  return std::holds_alternative<hebb_params>(p) || std::holds_alternative<oja_params>(p) ||
         std::holds_alternative<bcm_params>(p) || std::holds_alternative<covariance_params>(p);
}

std::vector<std::string> rule_pre_state_names(const rule_params& p) {
  if (std::holds_alternative<stp_params>(p)) return stp_params::state_names();
  return {};
}

const std::vector<std::string>& weight_dependence_names() {
  static const std::vector<std::string> names{"additive", "multiplicative", "gutig", "power_law", "van_rossum"};
  return names;
}

const std::vector<std::string>& stp_params::state_names() {
  static const std::vector<std::string> names{"u", "x"};
  return names;
}

}  // namespace plastix
