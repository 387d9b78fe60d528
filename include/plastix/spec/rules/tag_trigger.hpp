// Tag–trigger–consolidation (Clopath, Ziegler, Vasilaki, Büsing & Gerstner 2008, PLoS Comput Biol 4:e1000248;
// the experiments of Frey & Morris 1997). Each synapse has two binary early-phase tags, h ∈ {0, 1} (LTP) and
// l ∈ {0, −1} (LTD), and a late-phase variable z; each postsynaptic neuron has a plasticity-related protein level p:
//   dp/dt   = −p/τpd + (1 − p)/τpm · Θ[Σ(h − l) − θp]          (Σ over the synapses of every tag_trigger
//                                                              projection onto the neuron)
// Protein pool: p belongs to the post neuron and is shared by every tag_trigger projection onto its population
// (synapse/shared_state.hpp, owned by the simulation), so pathways from different input populations capture each
// other's proteins; those projections must agree on θp, τpm, τpd and slow_step (validate), and the strongest
// protein-synthesis block among them applies.
//   τz dz/dt = z(1 − z)(z − 0.5) + γ(h + l)p
//   w       = w0 + gh·h + gl·l + gz·z                          (written to the projection's weights)
// Reconsolidation extension (labile_window > 0): a synapse with z > 0.5 whose h is set by an arriving spike is labile
// for labile_window, and while labile  τz dz/dt = z(1 − z)(z − 0.5) − δ(1 − p)z + γ(h + l)p  (δ = labile_rate).
// Tags decay stochastically: per slow step Δ an h = 1 resets with probability 1 − e^{−k_h Δ}, an l = −1 with
// 1 − e^{−k_l Δ}. Protein-synthesis inhibition (anisomycin: the block_protein_synthesis intervention,
// spec/interventions.hpp, with blocked fraction f) scales the production term by 1 − f. p, z and tag decay run in on_slow every slow_step; tags are set at dt (on_pre).
//
// Induction: tags are set at dt, by one of two rules (`induction`):
// - "voltage" (the default, as published: the voltage-triplet rule of Clopath et al. 2008, source ModelDB 118199
//   tagtric.py). ū_LTD and ū_LTP low-pass filter the post neuron's membrane potential v (τ_LTD, τ_LTP;
//   plasticity/voltage_filter.hpp); x̄ is the presynaptic trace (decays with τx, jumps by 1/τx per spike). An
//   untagged synapse (h = 0 and l = 0)
//     gets an LTD tag (l = −1) at each arriving pre spike with probability  A_LTD·[ū_LTD − θ_LTD]+        (on_pre)
//     gets an LTP tag (h = 1) in each step with probability  dt·A_LTP·x̄·[v − θ_LTP]+·[ū_LTP − θ_LTD]+   (on_step)
//   θ_LTD is the resting potential. ū and x̄ are read as they were `delay` (1 ms, rounded to whole steps, at least
//   one) earlier (ū after that step, x̄ at its start): the reference code reads them from its previous 1 ms step,
//   in which a volley and the postsynaptic spike it evokes fall together, so neither the volley nor the spike's own
//   voltage counts for the spike's LTP (trace_bank::delayed_value: at most one presynaptic spike per delay). The
//   post population must have a membrane potential v; a spike clamped at a high v (adex_clopath) drives the LTP
//   term. Within a step LTD (at the pre spike) is tried before LTP.
// - "presynaptic" (a plastix SIMPLIFICATION for a post population without voltage): tags from presynaptic
//   activity alone, assuming that the tetanus depolarizes the postsynaptic neuron (as it does in the slice). With x
//   the presynaptic trace (τx, +1 per spike, read before the spike's own increment), each arriving spike sets
//     h: 0 → 1 with probability min(1, p_ltp · x)        (high-frequency trains: x ≈ 10 at 100 Hz, τx = 100 ms)
//     l: 0 → −1 with probability p_ltd · e^{−x}           (isolated spikes: low-frequency stimulation)
//   so a weak tetanus (21 pulses at 100 Hz) tags ~40 % of its synapses (Σ(h − l) < θp: no proteins), a strong one
//   (3 × 100 pulses) nearly all of them (proteins are made).
// Initial state: untagged, z = 0, except round(z_up_fraction·k) of the k synapses onto each post neuron at z = 1,
// drawn in on_share (a partial shuffle from the stream (seed, plasticity, projection name hash, post neuron) at
// positions from 2^62, which the per-synapse streams never reach); a rule outside a simulation keeps z = 0.
// Random numbers: counter-based streams keyed by (seed, purpose::plasticity, projection name hash, synapse),
// position = 4·step + use (0: LTP tag, 1: LTD tag, 2 and 3: their decay), so results are reproducible.
// The late phase z integrates with explicit Euler at the slow step (Δ ≪ τz); p integrates exactly over each step
// (the production switch is held over the step).
#pragma once
#include <cstdint>
#include <memory>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rules/fixed_reasons.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/weight_bounds.hpp"

namespace plastix {

struct tag_trigger_params {
  static constexpr const char* name = "tag_trigger";
  enum class induction_rule { voltage, presynaptic };
  induction_rule induction = induction_rule::voltage;
  double tau_x = 100.0;    // presynaptic trace [ms] (both induction rules)
  // Voltage-triplet induction (Clopath et al. 2008)
  double a_ltd = 1e-2;        // A_LTD: LTD tag probability per pre spike per mV of ū_LTD above θ_LTD [1/mV]
  double a_ltp = 1e-3;        // A_LTP: LTP tag rate per mV² (x̄ in 1/ms) [1/mV²]
  double theta_ltp = -50.0;   // θ_LTP: threshold on v [mV]
  double theta_ltd = -70.6;   // θ_LTD: threshold on ū_LTD and ū_LTP, the resting potential [mV]
  double tau_ltp = 100.0;     // τ_LTP: filter of ū_LTP [ms]
  double tau_ltd = 1000.0;    // τ_LTD: filter of ū_LTD [ms]
  double delay = 1.0;         // ū and x̄ are read this long late (the reference code's 1 ms step) [ms]
  // Presynaptic induction (plastix simplification)
  double p_ltp = 0.004;    // LTP tag probability per pre spike per unit trace [1]
  double p_ltd = 0.001;    // LTD tag probability per isolated pre spike [1]
  // Tags
  double k_h = 1.0 / 3600.0e3;  // LTP tag decay rate [1/ms] (1/3600 s⁻¹)
  double k_l = 1.0 / 5400.0e3;  // LTD tag decay rate [1/ms] (1/5400 s⁻¹)
  // Proteins (per postsynaptic neuron)
  double theta_p = 60.0;      // trigger threshold on Σ(h − l) [synapses]
  double tau_pm = 360.0e3;    // synthesis time constant [ms]
  double tau_pd = 3600.0e3;   // degradation time constant [ms]
  // Late phase
  double gamma = 0.1;         // [1]
  double tau_z = 360.0e3;     // [ms]
  // Weight w = w0 + gh·h + gl·l + gz·z  [units of the projection's weight]
  double w0 = 1.0, gh = 1.0, gl = 0.5, gz = 2.0;
  // Initial late phase: this fraction of each post neuron's synapses (rounded, chosen at random per seed) starts in
  // the up state z = 1, the others at z = 0 (the reference code starts 30 % up, so that late LTD can show) [1]
  double z_up_fraction = 0.0;
  double slow_step = 1000.0;  // interval of on_slow [ms]
  // Reconsolidation (a plastix extension; docs/models/consolidation.md#reconsolidation): a consolidated synapse
  // (z > 0.5) whose LTP tag is set by an arriving spike (reactivation, recall) is labile for labile_window; while
  // labile, τz dz/dt gets the term −labile_rate·(1 − p)·z: without proteins its late phase decays.
  double labile_window = 0.0;  // [ms]; 0 = off (the rule of Clopath et al. 2008 unchanged)
  double labile_rate = 0.1;    // δ [1]

  static const declaration<tag_trigger_params>& declare();
};

inline const declaration<tag_trigger_params>& tag_trigger_params::declare() {
  using p = tag_trigger_params;
  const auto t = dimension::time, v = dimension::voltage;
  static const auto d =
      declaration<p>("rule", "tag_trigger", "tag–trigger–consolidation (Clopath, Ziegler, Vasilaki, Büsing & Gerstner 2008)")
          .choice("induction", &p::induction, {"voltage", "presynaptic"},
                  "how tags are set: `voltage` (Clopath et al. 2008, needs a post population with a membrane "
                  "potential, e.g. `adex_clopath`) or `presynaptic` (plastix simplification: presynaptic activity "
                  "alone). The keys of the other rule are an error")
          .quantity("tau_x", &p::tau_x, t, bounds::positive(), "presynaptic trace of the induction (both rules)")
          .number("a_ltd", &p::a_ltd, bounds::non_negative(),
                  "voltage: LTD-tag probability per pre spike per mV of ū_LTD above θ_LTD [1/mV]")
          .number("a_ltp", &p::a_ltp, bounds::non_negative(), "voltage: LTP-tag rate per mV² (× x̄ [1/ms] × dt) [1/mV²]")
          .quantity("theta_ltp", &p::theta_ltp, v, bounds::any(), "voltage: LTP threshold on v")
          .quantity("theta_ltd", &p::theta_ltd, v, bounds::any(),
                    "voltage: threshold on ū_LTD and ū_LTP (the resting potential)")
          .quantity("tau_ltp", &p::tau_ltp, t, bounds::positive(), "voltage: filter of ū_LTP")
          .quantity("tau_ltd", &p::tau_ltd, t, bounds::positive(), "voltage: filter of ū_LTD")
          .quantity("delay", &p::delay, t, bounds::non_negative(),
                    "voltage: ū and x̄ are read this long late (the reference code's 1 ms step; at least one step)")
          .number("p_ltp", &p::p_ltp, bounds::non_negative(), "presynaptic: LTP-tag probability per pre spike per unit trace")
          .number("p_ltd", &p::p_ltd, bounds::fraction(), "presynaptic: LTD-tag probability per isolated pre spike (× e^{−x})")
          .converted("k_h", &p::k_h, value_type::quantity, dimension::frequency, [](double x) { return x * 1e-3; },
                     [](double m) { return m * 1e3; }, bounds::non_negative(),
                     "decay rate of the LTP tags (write it in Hz: `\"0.000277778 Hz\"`)")
          .converted("k_l", &p::k_l, value_type::quantity, dimension::frequency, [](double x) { return x * 1e-3; },
                     [](double m) { return m * 1e3; }, bounds::non_negative(), "decay rate of the LTD tags")
          .number("theta_p", &p::theta_p, bounds::non_negative(),
                  "protein trigger: Σ(h − l) over the post neuron's synapses above it")
          .quantity("tau_pm", &p::tau_pm, t, bounds::positive(), "protein synthesis time constant")
          .quantity("tau_pd", &p::tau_pd, t, bounds::positive(), "protein degradation time constant")
          .number("gamma", &p::gamma, bounds::non_negative(), "γ: rate of the late phase")
          .quantity("tau_z", &p::tau_z, t, bounds::positive(), "τz: time constant of the late phase")
          .number("w0", &p::w0, bounds::any(), "weight = w0 + gh·h + gl·l + gz·z: its base")
          .number("gh", &p::gh, bounds::any(), "weight of the LTP tag h")
          .number("gl", &p::gl, bounds::any(), "weight of the LTD tag l")
          .number("gz", &p::gz, bounds::any(), "weight of the late phase z")
          .quantity("slow_step", &p::slow_step, t, bounds::positive(), "interval of the slow update (on_slow)")
          .quantity("labile_window", &p::labile_window, t, bounds::non_negative(),
                    "reconsolidation: a consolidated synapse (z > 0.5) whose LTP tag is set by an arriving spike "
                    "stays labile this long (0 = off)")
          .number("labile_rate", &p::labile_rate, bounds::non_negative(), "δ: while labile, τz dz/dt gets −δ·(1 − p)·z")
          .number("z_up_fraction", &p::z_up_fraction, bounds::fraction(),
                  "this fraction of each post neuron's synapses (rounded) starts in the late-phase up state z = 1, "
                  "chosen at random per seed")
          .state("h", state_scope::per_synapse, dimension::dimensionless, "h: the early-phase LTP tag, 0 or 1")
          .state("l", state_scope::per_synapse, dimension::dimensionless, "l: the early-phase LTD tag, 0 or −1")
          .state("z", state_scope::per_synapse, dimension::dimensionless, "z: the late phase, 0 (down) to 1 (up)")
          .state("p", state_scope::per_neuron, dimension::dimensionless,
                 "p: the plasticity-related proteins of each post neuron, 0 to 1")
          .fixed_during_run({"induction"}, "the rule reads either the post neurons' v or a presynaptic trace, chosen when it is built")
          .fixed_during_run({"tau_x"}, fixed_reason::trace)
          .fixed_during_run({"tau_ltp", "tau_ltd", "delay"}, fixed_reason::filter)
          .fixed_during_run({"theta_p", "tau_pm", "tau_pd", "slow_step"}, fixed_reason::pool)
          .fixed_during_run({"z_up_fraction"}, fixed_reason::start_state);
  return d;
}

struct rule_site;
// Checked against the whole experiment (src/spec/rule_checks.cpp): tag_trigger rules onto one population share
// one protein pool per neuron and agree on its parameters.
void check_in(const tag_trigger_params& p, const rule_site& site);

// The rule' factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const tag_trigger_params& p, rule_context& ctx);

}  // namespace plastix
