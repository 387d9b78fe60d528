// The published parameter sets of the rules (calcium, triplet, stp: spec/rules/*.hpp).
#include "plastix/core/error.hpp"
#include "plastix/spec/rules/calcium.hpp"
#include "plastix/spec/rules/stp.hpp"
#include "plastix/spec/rules/triplet.hpp"

namespace plastix {

namespace {

calcium_params make_set(double c_pre, double c_post, double theta_p, double gamma_d, double gamma_p, double sigma,
                        double delay) {
  calcium_params p;
  p.c_pre = c_pre;
  p.c_post = c_post;
  p.theta_p = theta_p;
  p.gamma_d = gamma_d;
  p.gamma_p = gamma_p;
  p.sigma = sigma;
  p.delay = delay;
  return p;
}

}  // namespace

const std::vector<std::string>& calcium_params::preset_names() {
  static const std::vector<std::string> names{"DP", "DPD", "DPD'", "P", "D", "D'"};
  return names;
}

calcium_params calcium_params::preset(const std::string& name) {
  if (name == "DP") return make_set(1.0, 2.0, 1.3, 200.0, 321.808, 2.8284, 13.7);
  if (name == "DPD") return make_set(0.9, 0.9, 1.3, 250.0, 550.0, 2.8284, 4.6);
  if (name == "DPD'") return make_set(1.0, 2.0, 2.5, 50.0, 600.0, 2.8284, 2.2);
  if (name == "P") return make_set(2.0, 2.0, 1.3, 160.0, 257.447, 2.8284, 0.0);
  if (name == "D") return make_set(0.6, 0.6, 1.3, 500.0, 550.0, 5.6568, 0.0);
  if (name == "D'") return make_set(1.0, 2.0, 3.5, 60.0, 600.0, 2.8284, 0.0);
  std::string list;
  for (const auto& n : preset_names()) list += (list.empty() ? "" : ", ") + n;
  throw error("unknown calcium preset '" + name + "'; expected one of: " + list);
}

const std::vector<std::string>& triplet_params::preset_names() {
  static const std::vector<std::string> names{"visual_cortex_all_to_all", "visual_cortex_nearest"};
  return names;
}

triplet_params triplet_params::preset(const std::string& name) {
  triplet_params p;  // τ+ = 16.8 ms, τ− = 33.7 ms in both sets
  if (name == "visual_cortex_all_to_all") {
    p.a2_plus = 5e-10;
    p.a3_plus = 6.2e-3;
    p.a2_minus = 7e-3;
    p.a3_minus = 2.3e-4;
    p.tau_x = 101.0;
    p.tau_y = 125.0;
    p.scheme = pairing::all_to_all;
    return p;
  }
  if (name == "visual_cortex_nearest") {
    p.a2_plus = 8.8e-11;
    p.a3_plus = 5.3e-2;
    p.a2_minus = 6.6e-3;
    p.a3_minus = 3.1e-3;
    p.tau_x = 714.0;
    p.tau_y = 40.0;
    p.scheme = pairing::nearest;
    return p;
  }
  std::string list;
  for (const auto& n : preset_names()) list += (list.empty() ? "" : ", ") + n;
  throw error("unknown triplet preset '" + name + "'; expected one of: " + list);
}

const std::vector<std::string>& stp_params::preset_names() {
  static const std::vector<std::string> names{"depressing", "facilitating", "mongillo"};
  return names;
}

stp_params stp_params::preset(const std::string& name) {
  if (name == "depressing") return stp_params{0.5, 800.0, 0.0};
  if (name == "facilitating") return stp_params{0.03, 130.0, 530.0};
  if (name == "mongillo") return stp_params{0.19, 200.0, 1500.0, 0.19};
  std::string list;
  for (const auto& n : preset_names()) list += (list.empty() ? "" : ", ") + n;
  throw error("unknown stp preset '" + name + "'; expected one of: " + list);
}

}  // namespace plastix
