// The value checks of the rules' parameters (spec/rule_kinds.hpp validate_rule and the checks it shares).
#include <fmt/format.h>

#include <cmath>
#include <sstream>

#include "plastix/core/overloaded.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "plastix/spec/rules/intrinsic.hpp"

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

std::string validate_calcium(const calcium_params& p) {
  std::ostringstream os;
  const auto positive = [&](const char* key, double v, const char* unit) {
    if (!(v > 0.0) && os.tellp() == 0) os << key << " must be > 0" << unit << ", got " << v << unit;
  };
  const auto non_negative = [&](const char* key, double v, const char* unit) {
    if (!(v >= 0.0) && os.tellp() == 0) os << key << " must be >= 0" << unit << ", got " << v << unit;
  };
  non_negative("c_pre", p.c_pre, "");
  non_negative("c_post", p.c_post, "");
  positive("tau_ca", p.tau_ca, " ms");
  non_negative("delay", p.delay, " ms");
  positive("theta_d", p.theta_d, "");
  positive("theta_p", p.theta_p, "");
  non_negative("gamma_d", p.gamma_d, "");
  non_negative("gamma_p", p.gamma_p, "");
  non_negative("sigma", p.sigma, "");
  positive("tau", p.tau, " ms");
  positive("substep", p.substep, " ms");
  if (os.tellp() == 0 && !(p.rho_star > 0.0 && p.rho_star < 1.0)) os << "rho_star must be in (0, 1), got " << p.rho_star;
  if (os.tellp() == 0 && !(p.up_fraction <= 1.0))
    os << "up_fraction must be in [0, 1], got " << p.up_fraction;
  if (os.tellp() == 0 && p.w0 == p.w1) os << "w0 and w1 must differ (weights of the DOWN and UP states), got " << p.w0;
  return os.str();
}

std::string validate_hebbian(const rate_learning& p) {
  if (p.tau_w > 0.0 && p.eta > 0.0)
    return fmt::format("tau_w ({} ms) and eta ({}) both set; give one: tau_w for dw/dt = F/tau_w, eta for Δw = eta·F "
                       "per update", p.tau_w, p.eta);
  if (!(p.tau_w >= 0.0) || !std::isfinite(p.tau_w)) return fmt::format("tau_w must be > 0 ms, got {} ms", p.tau_w);
  if (!(p.eta >= 0.0) || !std::isfinite(p.eta)) return fmt::format("eta must be > 0, got {}", p.eta);
  if (p.tau_w == 0.0 && p.eta == 0.0) return "tau_w must be > 0 ms (or give a learning rate eta > 0 instead)";
  if (!(p.interval >= 0.0) || !std::isfinite(p.interval))
    return fmt::format("interval must be >= 0 ms (0 = every step), got {} ms", p.interval);
  if (std::isnan(p.w_min) || std::isnan(p.w_max) || !(p.w_min < p.w_max))
    return fmt::format("w_min must be below w_max, got w_min = {} and w_max = {}", p.w_min, p.w_max);
  return "";
}

std::string validate_intrinsic(const intrinsic_params& p) {
  std::ostringstream os;
  if (!(p.target_rate >= 0.0)) os << "target_rate must be >= 0 Hz, got " << p.target_rate << " Hz";
  else if (!(p.eta >= 0.0)) os << "eta must be >= 0, got " << p.eta * 1e3 << " pA/(Hz s)";
  else if (!(p.tau_avg > 0.0)) os << "tau_avg must be > 0 ms, got " << p.tau_avg << " ms";
  else if (!(p.interval > 0.0)) os << "interval must be > 0 ms, got " << p.interval << " ms";
  else if (!(p.i_min <= 0.0 && 0.0 <= p.i_max))
    os << "the bounds must satisfy i_min <= 0 pA <= i_max, got i_min = " << p.i_min << " pA and i_max = " << p.i_max
       << " pA";
  return os.str();
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
