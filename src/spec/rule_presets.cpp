// The published parameter sets of the rules (calcium, triplet, stp: spec/rules/*.hpp).
#include <string>
#include <utility>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/spec/rules/calcium.hpp"
#include "plastix/spec/rules/stp.hpp"
#include "plastix/spec/rules/triplet.hpp"

namespace plastix {

namespace {

// A rule's named parameter sets, in the order `plastix list` shows them.
template <class P>
using preset_table = std::vector<std::pair<std::string, P>>;

template <class P>
std::vector<std::string> names_of(const preset_table<P>& sets) {
  std::vector<std::string> names;
  for (const auto& [name, p] : sets) names.push_back(name);
  return names;
}

template <class P>
P find_preset(const preset_table<P>& sets, const std::string& name) {
  for (const auto& [n, p] : sets)
    if (n == name) return p;
  std::string list;
  for (const auto& [n, p] : sets) list += (list.empty() ? "" : ", ") + n;
  throw error("unknown " + std::string(P::name) + " preset '" + name + "'; expected one of: " + list);
}

// Graupner & Brunel 2012 (the other keys keep their defaults).
const preset_table<calcium_params>& calcium_sets() {
  static const preset_table<calcium_params> sets{
      {"DP", {.c_pre = 1.0, .c_post = 2.0, .delay = 13.7, .theta_p = 1.3, .gamma_d = 200.0, .gamma_p = 321.808, .sigma = 2.8284}},
      {"DPD", {.c_pre = 0.9, .c_post = 0.9, .delay = 4.6, .theta_p = 1.3, .gamma_d = 250.0, .gamma_p = 550.0, .sigma = 2.8284}},
      {"DPD'", {.c_pre = 1.0, .c_post = 2.0, .delay = 2.2, .theta_p = 2.5, .gamma_d = 50.0, .gamma_p = 600.0, .sigma = 2.8284}},
      {"P", {.c_pre = 2.0, .c_post = 2.0, .delay = 0.0, .theta_p = 1.3, .gamma_d = 160.0, .gamma_p = 257.447, .sigma = 2.8284}},
      {"D", {.c_pre = 0.6, .c_post = 0.6, .delay = 0.0, .theta_p = 1.3, .gamma_d = 500.0, .gamma_p = 550.0, .sigma = 5.6568}},
      {"D'", {.c_pre = 1.0, .c_post = 2.0, .delay = 0.0, .theta_p = 3.5, .gamma_d = 60.0, .gamma_p = 600.0, .sigma = 2.8284}}};
  return sets;
}

// Pfister & Gerstner 2006, visual cortex; τ+ = 16.8 ms, τ− = 33.7 ms (the defaults) in both sets.
const preset_table<triplet_params>& triplet_sets() {
  static const preset_table<triplet_params> sets{
      {"visual_cortex_all_to_all", {.tau_x = 101.0, .tau_y = 125.0, .a2_plus = 5e-10, .a3_plus = 6.2e-3, .a2_minus = 7e-3,
                                    .a3_minus = 2.3e-4, .scheme = pairing::all_to_all}},
      {"visual_cortex_nearest", {.tau_x = 714.0, .tau_y = 40.0, .a2_plus = 8.8e-11, .a3_plus = 5.3e-2, .a2_minus = 6.6e-3,
                                 .a3_minus = 3.1e-3, .scheme = pairing::nearest}}};
  return sets;
}

const preset_table<stp_params>& stp_sets() {
  static const preset_table<stp_params> sets{{"depressing", stp_params{0.5, 800.0, 0.0}},
                                             {"facilitating", stp_params{0.03, 130.0, 530.0}},
                                             {"mongillo", stp_params{0.19, 200.0, 1500.0, 0.19}}};
  return sets;
}

}  // namespace

const std::vector<std::string>& calcium_params::preset_names() {
  static const std::vector<std::string> names = names_of(calcium_sets());
  return names;
}
calcium_params calcium_params::preset(const std::string& name) { return find_preset(calcium_sets(), name); }

const std::vector<std::string>& triplet_params::preset_names() {
  static const std::vector<std::string> names = names_of(triplet_sets());
  return names;
}
triplet_params triplet_params::preset(const std::string& name) { return find_preset(triplet_sets(), name); }

const std::vector<std::string>& stp_params::preset_names() {
  static const std::vector<std::string> names = names_of(stp_sets());
  return names;
}
stp_params stp_params::preset(const std::string& name) { return find_preset(stp_sets(), name); }

}  // namespace plastix
