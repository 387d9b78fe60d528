#include "plastix/plasticity/rules.hpp"

#include <sstream>

#include "plastix/core/overloaded.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

std::string positive(const char* key, double value, const char* unit) {
  if (value > 0.0) return "";
  std::ostringstream os;
  os << key << " must be > 0" << unit << ", got " << value << unit;
  return os.str();
}

std::string non_negative(const char* key, double value) {
  if (value >= 0.0) return "";
  std::ostringstream os;
  os << key << " must be >= 0, got " << value;
  return os.str();
}

std::string fraction(const char* key, double value) {
  if (value >= 0.0 && value <= 1.0) return "";
  std::ostringstream os;
  os << key << " must be in [0, 1], got " << value;
  return os.str();
}

std::string check_bounds(double w_min, double w_max) {
  if (w_min < w_max) return "";
  std::ostringstream os;
  os << "w_min must be below w_max, got w_min = " << w_min << " and w_max = " << w_max;
  return os.str();
}

std::string check_dependence(const weight_dependence& d) {
  if (auto m = check_bounds(d.w_min, d.w_max); !m.empty()) return m;
  if (d.type == weight_dependence::kind::gutig || d.type == weight_dependence::kind::power_law) {
    if (auto m = non_negative("mu", d.mu); !m.empty()) return m;
  }
  if (d.type == weight_dependence::kind::power_law) return positive("w_ref", d.w_ref, "");
  return "";
}

std::string first_error(std::initializer_list<std::string> messages) {
  for (const auto& m : messages)
    if (!m.empty()) return m;
  return "";
}

std::string validate_calcium_control(const calcium_control_params& r) {
  std::string fractions;
  for (const auto& [key, value] : {std::pair{"p0", r.p0}, std::pair{"nmda_fast_fraction", r.nmda_fast_fraction},
                                   std::pair{"bpap_fast_fraction", r.bpap_fast_fraction},
                                   std::pair{"nmda_block", r.nmda_block}})
    if (fractions.empty()) fractions = fraction(key, value);
  std::ostringstream alphas;
  if (!(r.alpha1 < r.alpha2))
    alphas << "alpha1 must be below alpha2 (LTD below LTP threshold), got alpha1 = " << r.alpha1
           << " uM and alpha2 = " << r.alpha2 << " uM";
  return first_error({positive("tau_ca", r.tau_ca, " ms"), positive("tau_nmda_fast", r.tau_nmda_fast, " ms"),
                      positive("tau_nmda_slow", r.tau_nmda_slow, " ms"), positive("bpap_tau_fast", r.bpap_tau_fast, " ms"),
                      positive("bpap_tau_slow", r.bpap_tau_slow, " ms"), non_negative("bpap_delay", r.bpap_delay),
                      non_negative("mg", r.mg), fractions, alphas.str(), non_negative("beta1", r.beta1),
                      non_negative("beta2", r.beta2), positive("p1", r.p1, " s"), non_negative("p2", r.p2),
                      positive("p3", r.p3, ""), non_negative("p4", r.p4), non_negative("lambda", r.lambda)});
}

}  // namespace

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

std::unique_ptr<plasticity_rule> make_rule(const rule_params& p, projection& proj) {
  return std::visit(overloaded{
                        [&](const stdp_params& r) { return make_stdp(r, proj); },
                        [&](const triplet_params& r) { return make_triplet(r, proj); },
                        [&](const stp_params& r) { return make_stp(r, proj); },
                        [&](const hebb_params& r) { return make_hebbian(r, proj); },
                        [&](const oja_params& r) { return make_hebbian(r, proj); },
                        [&](const bcm_params& r) { return make_hebbian(r, proj); },
                        [&](const covariance_params& r) { return make_hebbian(r, proj); },
                        [&](const tag_trigger_params& r) { return make_tag_trigger(r, proj); },
                        [&](const clopath_params& r) { return make_clopath(r, proj); },
                        [&](const calcium_params& r) { return make_calcium(r, proj); },
                        [&](const calcium_control_params& r) { return make_calcium_control(r, proj); },
                        [&](const structural_params& r) { return make_structural(r, proj); },
                        [&](const istdp_params& r) { return make_istdp(r, proj); },
                        [&](const scaling_params& r) { return make_scaling(r, proj); },
                    },
                    p);
}

std::string validate_rule(const rule_params& p) {
  return std::visit(
      overloaded{
          [](const stdp_params& r) {
            return first_error({positive("tau_plus", r.tau_plus, " ms"), positive("tau_minus", r.tau_minus, " ms"),
                                non_negative("a_plus", r.a_plus), non_negative("a_minus", r.a_minus),
                                check_dependence(r.dependence)});
          },
          [](const triplet_params& r) {
            return first_error({positive("tau_plus", r.tau_plus, " ms"), positive("tau_minus", r.tau_minus, " ms"),
                                positive("tau_x", r.tau_x, " ms"), positive("tau_y", r.tau_y, " ms"),
                                non_negative("a2_plus", r.a2_plus), non_negative("a3_plus", r.a3_plus),
                                non_negative("a2_minus", r.a2_minus), non_negative("a3_minus", r.a3_minus),
                                check_dependence(r.dependence)});
          },
          [](const stp_params& r) {
            std::ostringstream u, fac, rest;
            if (!(r.u > 0.0 && r.u <= 1.0)) u << "u must be in (0, 1] (the utilisation U), got " << r.u;
            if (!(r.tau_fac >= 0.0)) fac << "tau_fac must be >= 0 ms (0 = no facilitation), got " << r.tau_fac << " ms";
            if (!(r.u_rest >= 0.0 && r.u_rest < 1.0))
              rest << "u_rest must be in [0, 1) (the value u relaxes to between spikes), got " << r.u_rest;
            return first_error({u.str(), positive("tau_rec", r.tau_rec, " ms"), fac.str(), rest.str()});
          },
          [](const hebb_params& r) { return validate_hebbian(r.learning); },
          [](const oja_params& r) { return first_error({validate_hebbian(r.learning), positive("alpha", r.alpha, "")}); },
          [](const bcm_params& r) {
            return first_error({validate_hebbian(r.learning), positive("tau_theta", r.tau_theta, " ms"),
                                positive("y0", r.y0, "")});
          },
          [](const covariance_params& r) {
            return first_error({validate_hebbian(r.learning), positive("tau_avg", r.tau_avg, " ms")});
          },
          [](const tag_trigger_params& r) {
            std::ostringstream prob;
            if (!(r.p_ltp >= 0.0 && r.p_ltd >= 0.0 && r.p_ltd <= 1.0))
              prob << "p_ltp must be >= 0 and p_ltd in [0, 1], got p_ltp = " << r.p_ltp << " and p_ltd = " << r.p_ltd;
            return first_error({positive("tau_x", r.tau_x, " ms"), prob.str(), non_negative("a_ltd", r.a_ltd),
                                non_negative("a_ltp", r.a_ltp), positive("tau_ltp", r.tau_ltp, " ms"),
                                positive("tau_ltd", r.tau_ltd, " ms"), non_negative("delay", r.delay),
                                fraction("z_up_fraction", r.z_up_fraction), non_negative("k_h", r.k_h),
                                non_negative("k_l", r.k_l), non_negative("theta_p", r.theta_p),
                                positive("tau_pm", r.tau_pm, " ms"), positive("tau_pd", r.tau_pd, " ms"),
                                non_negative("gamma", r.gamma), positive("tau_z", r.tau_z, " ms"),
                                positive("slow_step", r.slow_step, " ms"),
                                non_negative("labile_window", r.labile_window), non_negative("labile_rate", r.labile_rate)});
          },
          [](const clopath_params& r) {
            return first_error({non_negative("a_ltd", r.a_ltd), non_negative("a_ltp", r.a_ltp),
                                positive("tau_minus", r.tau_minus, " ms"), positive("tau_plus", r.tau_plus, " ms"),
                                positive("tau_x", r.tau_x, " ms"), non_negative("delay", r.delay), check_bounds(r.w_min, r.w_max)});
          },
          [](const calcium_params& r) { return validate_calcium(r); },
          [](const calcium_control_params& r) { return validate_calcium_control(r); },
          [](const structural_params& r) {
            std::ostringstream fluct;
            if (r.tau_fluct > 0.0 && !(r.w_median > 0.0))
              fluct << "w_median must be > 0 when tau_fluct > 0 (spine sizes fluctuate around it), got " << r.w_median;
            return first_error({positive("interval", r.interval, " ms"), positive("tau_prune", r.tau_prune, " ms"),
                                non_negative("w_width", r.w_width), non_negative("target", r.target),
                                positive("tau_create", r.tau_create, " ms"), non_negative("tau_fluct", r.tau_fluct),
                                non_negative("sigma_fluct", r.sigma_fluct), fluct.str(),
                                positive("report_interval", r.report_interval, " ms")});
          },
          [](const istdp_params& r) {
            return first_error({positive("tau", r.tau, " ms"), non_negative("eta", r.eta),
                                non_negative("target_rate", r.target_rate), check_bounds(r.w_min, r.w_max)});
          },
          [](const scaling_params& r) {
            return first_error({non_negative("target_rate", r.target_rate), non_negative("beta", r.beta),
                                positive("tau_avg", r.tau_avg, " ms"), positive("interval", r.interval, " ms"),
                                check_bounds(r.w_min, r.w_max)});
          },
      },
      p);
}

}  // namespace plastix
