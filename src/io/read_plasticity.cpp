// [[projection.plasticity]] tables: one plasticity rule each.
#include <algorithm>

#include "plastix/plasticity/rules.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

const std::vector<std::string> dependence_keys{"weight_dependence", "w_min", "w_max", "mu", "w_ref"};

pairing read_pairing(const table_reader& t, pairing fallback) {
  const std::string p = t.choice("pairing", {"all_to_all", "nearest"},
                                 fallback == pairing::all_to_all ? "all_to_all" : "nearest");
  return p == "nearest" ? pairing::nearest : pairing::all_to_all;
}

weight_dependence read_dependence(const table_reader& t, const quantity_kind& weight, weight_dependence d) {
  const auto& names = weight_dependence_names();
  const std::string kind = t.choice("weight_dependence", names, names[static_cast<std::size_t>(d.type)]);
  d.type = static_cast<weight_dependence::kind>(std::find(names.begin(), names.end(), kind) - names.begin());
  d.w_min = t.quantity_or("w_min", weight, d.w_min);
  d.w_max = t.quantity_or("w_max", weight, d.w_max);
  if (t.has("mu")) d.mu = t.number("mu");
  d.w_ref = t.quantity_or("w_ref", weight, d.w_ref);
  return d;
}

double number_or(const table_reader& t, const char* key, double fallback) { return t.has(key) ? t.number(key) : fallback; }

std::vector<std::string> with_dependence(std::vector<std::string> keys) {
  keys.insert(keys.end(), dependence_keys.begin(), dependence_keys.end());
  return keys;
}

stdp_params read_stdp(const table_reader& t, const quantity_kind& weight) {
  t.check_keys(with_dependence({"rule", "tau_plus", "tau_minus", "a_plus", "a_minus", "pairing"}), "for an stdp rule");
  stdp_params p;
  p.tau_plus = t.quantity_or("tau_plus", dimension::time, p.tau_plus);
  p.tau_minus = t.quantity_or("tau_minus", dimension::time, p.tau_minus);
  p.a_plus = number_or(t, "a_plus", p.a_plus);
  p.a_minus = number_or(t, "a_minus", p.a_minus);
  p.scheme = read_pairing(t, p.scheme);
  p.dependence = read_dependence(t, weight, p.dependence);
  return p;
}

triplet_params read_triplet(const table_reader& t, const quantity_kind& weight) {
  t.check_keys(with_dependence({"rule", "preset", "tau_plus", "tau_minus", "tau_x", "tau_y", "a2_plus", "a3_plus",
                                "a2_minus", "a3_minus", "pairing"}),
               "for a triplet rule");
  triplet_params p;
  if (t.has("preset")) {
    const std::string name = t.choice("preset", triplet_params::preset_names());
    p = triplet_params::preset(name);
  }
  p.tau_plus = t.quantity_or("tau_plus", dimension::time, p.tau_plus);
  p.tau_minus = t.quantity_or("tau_minus", dimension::time, p.tau_minus);
  p.tau_x = t.quantity_or("tau_x", dimension::time, p.tau_x);
  p.tau_y = t.quantity_or("tau_y", dimension::time, p.tau_y);
  p.a2_plus = number_or(t, "a2_plus", p.a2_plus);
  p.a3_plus = number_or(t, "a3_plus", p.a3_plus);
  p.a2_minus = number_or(t, "a2_minus", p.a2_minus);
  p.a3_minus = number_or(t, "a3_minus", p.a3_minus);
  p.scheme = read_pairing(t, p.scheme);
  p.dependence = read_dependence(t, weight, p.dependence);
  return p;
}

// Tsodyks–Markram short-term plasticity: a preset, then the keys that override it.
stp_params read_stp(const table_reader& t) {
  t.check_keys({"rule", "preset", "u", "tau_rec", "tau_fac", "u_rest"}, "for an stp rule");
  stp_params p;
  if (t.has("preset")) p = stp_params::preset(t.choice("preset", stp_params::preset_names()));
  p.u = number_or(t, "u", p.u);
  p.tau_rec = t.quantity_or("tau_rec", dimension::time, p.tau_rec);
  p.tau_fac = t.quantity_or("tau_fac", dimension::time, p.tau_fac);
  p.u_rest = number_or(t, "u_rest", p.u_rest);
  return p;
}

// Graupner & Brunel 2012: a preset (DP by default), then the keys that override it.
calcium_params read_calcium(const table_reader& t, const quantity_kind& weight) {
  t.check_keys({"rule", "preset", "c_pre", "c_post", "tau_ca", "delay", "theta_d", "theta_p", "gamma_d", "gamma_p",
                "sigma", "tau", "rho_star", "w0", "w1", "rho_init", "up_fraction", "substep"},
               "for a calcium rule");
  calcium_params p;
  if (t.has("preset")) p = calcium_params::preset(t.choice("preset", calcium_params::preset_names()));
  p.c_pre = number_or(t, "c_pre", p.c_pre);
  p.c_post = number_or(t, "c_post", p.c_post);
  p.tau_ca = t.quantity_or("tau_ca", dimension::time, p.tau_ca);
  p.delay = t.quantity_or("delay", dimension::time, p.delay);
  p.theta_d = number_or(t, "theta_d", p.theta_d);
  p.theta_p = number_or(t, "theta_p", p.theta_p);
  p.gamma_d = number_or(t, "gamma_d", p.gamma_d);
  p.gamma_p = number_or(t, "gamma_p", p.gamma_p);
  p.sigma = number_or(t, "sigma", p.sigma);
  p.tau = t.quantity_or("tau", dimension::time, p.tau);
  p.rho_star = number_or(t, "rho_star", p.rho_star);
  p.w0 = t.quantity_or("w0", weight, p.w0);
  p.w1 = t.quantity_or("w1", weight, p.w1);
  p.rho_init = number_or(t, "rho_init", p.rho_init);
  p.up_fraction = number_or(t, "up_fraction", p.up_fraction);
  p.substep = t.quantity_or("substep", dimension::time, p.substep);
  return p;
}

// Voltage-based rule of Clopath et al. 2010 (plasticity/clopath.hpp): amplitudes as plain numbers in weight units
// per mV (a_ltd) and per mV² (a_ltp), thresholds, time constants, delay and bounds with units.
clopath_params read_clopath(const table_reader& t, const quantity_kind& weight) {
  t.check_keys({"rule", "a_ltd", "a_ltp", "theta_minus", "theta_plus", "tau_minus", "tau_plus", "tau_x", "delay",
                "w_min", "w_max"},
               "for a clopath rule");
  clopath_params p;
  p.a_ltd = number_or(t, "a_ltd", p.a_ltd);
  p.a_ltp = number_or(t, "a_ltp", p.a_ltp);
  p.theta_minus = t.quantity_or("theta_minus", dimension::voltage, p.theta_minus);
  p.theta_plus = t.quantity_or("theta_plus", dimension::voltage, p.theta_plus);
  p.tau_minus = t.quantity_or("tau_minus", dimension::time, p.tau_minus);
  p.tau_plus = t.quantity_or("tau_plus", dimension::time, p.tau_plus);
  p.tau_x = t.quantity_or("tau_x", dimension::time, p.tau_x);
  p.delay = t.quantity_or("delay", dimension::time, p.delay);
  p.w_min = t.quantity_or("w_min", weight, p.w_min);
  p.w_max = t.quantity_or("w_max", weight, p.w_max);
  return p;
}

// Calcium control (plasticity/calcium_control.hpp): every parameter optional, with its unit.
calcium_control_params read_calcium_control(const table_reader& t) {
  t.check_keys({"rule", "tau_ca", "p0", "g_nmda", "e_ca", "tau_nmda_fast", "tau_nmda_slow", "nmda_fast_fraction", "mg",
                "nmda_block", "v_rest", "bpap_amplitude", "bpap_tau_fast", "bpap_tau_slow", "bpap_fast_fraction",
                "bpap_delay", "alpha1", "alpha2", "beta1", "beta2", "p1", "p2", "p3", "p4", "lambda"},
               "for a calcium_control rule");
  calcium_control_params p;
  p.tau_ca = t.quantity_or("tau_ca", dimension::time, p.tau_ca);
  p.p0 = number_or(t, "p0", p.p0);
  p.g_nmda = number_or(t, "g_nmda", p.g_nmda);  // [uM/(ms mV)]
  p.e_ca = t.quantity_or("e_ca", dimension::voltage, p.e_ca);
  p.tau_nmda_fast = t.quantity_or("tau_nmda_fast", dimension::time, p.tau_nmda_fast);
  p.tau_nmda_slow = t.quantity_or("tau_nmda_slow", dimension::time, p.tau_nmda_slow);
  p.nmda_fast_fraction = number_or(t, "nmda_fast_fraction", p.nmda_fast_fraction);
  p.mg = t.quantity_or("mg", dimension::concentration, p.mg * units::mM) / units::mM;
  p.nmda_block = number_or(t, "nmda_block", p.nmda_block);
  p.v_rest = t.quantity_or("v_rest", dimension::voltage, p.v_rest);
  p.bpap_amplitude = t.quantity_or("bpap_amplitude", dimension::voltage, p.bpap_amplitude);
  p.bpap_tau_fast = t.quantity_or("bpap_tau_fast", dimension::time, p.bpap_tau_fast);
  p.bpap_tau_slow = t.quantity_or("bpap_tau_slow", dimension::time, p.bpap_tau_slow);
  p.bpap_fast_fraction = number_or(t, "bpap_fast_fraction", p.bpap_fast_fraction);
  p.bpap_delay = t.quantity_or("bpap_delay", dimension::time, p.bpap_delay);
  p.alpha1 = t.quantity_or("alpha1", dimension::concentration, p.alpha1);
  p.alpha2 = t.quantity_or("alpha2", dimension::concentration, p.alpha2);
  p.beta1 = number_or(t, "beta1", p.beta1);  // [1/uM]
  p.beta2 = number_or(t, "beta2", p.beta2);
  p.p1 = t.quantity_or("p1", dimension::time, p.p1 * 1e3) * 1e-3;  // the paper's P1, P4 are in s
  p.p2 = number_or(t, "p2", p.p2);
  p.p3 = number_or(t, "p3", p.p3);
  p.p4 = t.quantity_or("p4", dimension::time, p.p4 * 1e3) * 1e-3;
  p.lambda = number_or(t, "lambda", p.lambda);
  return p;
}

// Tag–trigger–consolidation (plasticity/consolidation.hpp); rates are given with a unit ("1/3600 s" is not
// accepted: write k_h = "0.000277778 Hz"), time constants and thresholds with units. The keys of one induction
// rule are an error with the other.
tag_trigger_params read_tag_trigger(const table_reader& t) {
  t.check_keys({"rule", "induction", "tau_x", "a_ltd", "a_ltp", "theta_ltp", "theta_ltd", "tau_ltp", "tau_ltd", "delay", "p_ltp",
                "p_ltd", "k_h", "k_l", "theta_p", "tau_pm", "tau_pd", "gamma", "tau_z", "w0", "gh", "gl", "gz",
                "slow_step", "labile_window", "labile_rate", "z_up_fraction"},
               "for a tag_trigger rule");
  tag_trigger_params p;
  using induction = tag_trigger_params::induction_rule;
  const bool voltage = t.choice("induction", {"voltage", "presynaptic"}, "voltage") == "voltage";
  p.induction = voltage ? induction::voltage : induction::presynaptic;
  for (const char* key : voltage ? std::vector<const char*>{"p_ltp", "p_ltd"}
                                 : std::vector<const char*>{"a_ltd", "a_ltp", "theta_ltp", "theta_ltd", "tau_ltp",
                                                            "tau_ltd", "delay"})
    if (t.has(key))
      t.fail(key, std::string("applies to induction = \"") + (voltage ? "presynaptic" : "voltage") +
                      "\" only; this rule has induction = \"" + (voltage ? "voltage" : "presynaptic") + "\"");
  p.tau_x = t.quantity_or("tau_x", dimension::time, p.tau_x);
  p.a_ltd = number_or(t, "a_ltd", p.a_ltd);
  p.a_ltp = number_or(t, "a_ltp", p.a_ltp);
  p.theta_ltp = t.quantity_or("theta_ltp", dimension::voltage, p.theta_ltp);
  p.theta_ltd = t.quantity_or("theta_ltd", dimension::voltage, p.theta_ltd);
  p.tau_ltp = t.quantity_or("tau_ltp", dimension::time, p.tau_ltp);
  p.tau_ltd = t.quantity_or("tau_ltd", dimension::time, p.tau_ltd);
  p.delay = t.quantity_or("delay", dimension::time, p.delay);
  p.p_ltp = number_or(t, "p_ltp", p.p_ltp);
  p.p_ltd = number_or(t, "p_ltd", p.p_ltd);
  p.k_h = t.quantity_or("k_h", dimension::frequency, p.k_h * 1e3) * 1e-3;  // Hz → 1/ms
  p.k_l = t.quantity_or("k_l", dimension::frequency, p.k_l * 1e3) * 1e-3;
  p.theta_p = number_or(t, "theta_p", p.theta_p);
  p.tau_pm = t.quantity_or("tau_pm", dimension::time, p.tau_pm);
  p.tau_pd = t.quantity_or("tau_pd", dimension::time, p.tau_pd);
  p.gamma = number_or(t, "gamma", p.gamma);
  p.tau_z = t.quantity_or("tau_z", dimension::time, p.tau_z);
  p.w0 = number_or(t, "w0", p.w0);
  p.gh = number_or(t, "gh", p.gh);
  p.gl = number_or(t, "gl", p.gl);
  p.gz = number_or(t, "gz", p.gz);
  p.slow_step = t.quantity_or("slow_step", dimension::time, p.slow_step);
  p.labile_window = t.quantity_or("labile_window", dimension::time, p.labile_window);
  p.labile_rate = number_or(t, "labile_rate", p.labile_rate);
  p.z_up_fraction = number_or(t, "z_up_fraction", p.z_up_fraction);
  return p;
}

// Structural plasticity (plasticity/structural.hpp): times with units, weights in the projection's unit,
// distributions for new synapses like the projection's weight and delay.
structural_params read_structural(const table_reader& t, const quantity_kind& weight) {
  t.check_keys({"rule", "interval", "tau_prune", "w_prune", "w_width", "target", "tau_create", "weight", "delay",
                "autapses", "tau_fluct", "sigma_fluct", "w_median", "report_interval", "table"},
               "for a structural rule");
  structural_params p;
  p.interval = t.quantity_or("interval", dimension::time, p.interval);
  p.tau_prune = t.quantity_or("tau_prune", dimension::time, p.tau_prune);
  p.w_prune = t.quantity_or("w_prune", weight, p.w_prune);
  p.w_width = t.quantity_or("w_width", weight, p.w_width);
  p.target = number_or(t, "target", p.target);
  p.tau_create = t.quantity_or("tau_create", dimension::time, p.tau_create);
  p.weight = t.distribution_opt("weight", weight);
  p.delay = t.distribution_opt("delay", dimension::time);
  p.autapses = t.boolean_or("autapses", p.autapses);
  p.tau_fluct = t.quantity_or("tau_fluct", dimension::time, p.tau_fluct);
  p.sigma_fluct = number_or(t, "sigma_fluct", p.sigma_fluct);
  p.w_median = t.quantity_or("w_median", weight, p.w_median);
  p.report_interval = t.quantity_or("report_interval", dimension::time, p.report_interval);
  p.table = t.string_or("table", p.table);
  return p;
}

// Inhibitory STDP of Vogels et al. 2011 (plasticity/istdp.hpp).
istdp_params read_istdp(const table_reader& t, const quantity_kind& weight) {
  t.check_keys({"rule", "tau", "eta", "target_rate", "w_min", "w_max"}, "for an istdp rule");
  istdp_params p;
  p.tau = t.quantity_or("tau", dimension::time, p.tau);
  p.eta = t.quantity_or("eta", weight, p.eta);
  p.target_rate = t.quantity_or("target_rate", dimension::frequency, p.target_rate);
  p.w_min = t.quantity_or("w_min", weight, p.w_min);
  p.w_max = t.quantity_or("w_max", weight, p.w_max);
  return p;
}

// Synaptic scaling (plasticity/scaling.hpp); beta is a plain number in 1/(Hz·s).
scaling_params read_scaling(const table_reader& t, const quantity_kind& weight) {
  t.check_keys({"rule", "target_rate", "beta", "tau_avg", "interval", "w_min", "w_max"}, "for a scaling rule");
  scaling_params p;
  p.target_rate = t.quantity_or("target_rate", dimension::frequency, p.target_rate);
  p.beta = number_or(t, "beta", p.beta * 1e3) * 1e-3;  // 1/(Hz·s) → 1/(Hz·ms)
  p.tau_avg = t.quantity_or("tau_avg", dimension::time, p.tau_avg);
  p.interval = t.quantity_or("interval", dimension::time, p.interval);
  p.w_min = t.quantity_or("w_min", weight, p.w_min);
  p.w_max = t.quantity_or("w_max", weight, p.w_max);
  return p;
}

}  // namespace

rule_spec read_rule(const table_reader& t, const quantity_kind& weight) {
  const std::string rule = t.choice("rule", rule_names());
  rule_spec r;
  r.where = t.where();
  if (rule == stdp_params::name) r.params = read_stdp(t, weight);
  else if (rule == triplet_params::name) r.params = read_triplet(t, weight);
  else if (rule == stp_params::name) r.params = read_stp(t);
  else if (rule == tag_trigger_params::name) r.params = read_tag_trigger(t);
  else if (rule == calcium_control_params::name) r.params = read_calcium_control(t);
  else if (rule == clopath_params::name) r.params = read_clopath(t, weight);
  else if (rule == calcium_params::name) r.params = read_calcium(t, weight);
  else if (rule == structural_params::name) r.params = read_structural(t, weight);
  else if (rule == istdp_params::name) r.params = read_istdp(t, weight);
  else if (rule == scaling_params::name) r.params = read_scaling(t, weight);
  else if (auto rate = read_rate_rule(t, rule)) r.params = *rate;
  return r;
}

}  // namespace plastix::io_detail
