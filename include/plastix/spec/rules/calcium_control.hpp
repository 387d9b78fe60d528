// Calcium control hypothesis — Shouval, Bear & Cooper 2002 (PNAS 99:10831); source folmez/CaDP-MatLab.
// Each synapse has NMDA-driven spine calcium [Ca] and a weight w:
//   d[Ca]/dt = I_NMDA − [Ca]/τCa
//   I_NMDA   = (1 − nmda_block)·P0·G_NMDA·(f·n_f + (1 − f)·n_s)·B(V)·(V − E_Ca)        [µM/ms]
//              n_f, n_s: per synapse Σ over presynaptic spikes of a_k·e^{−t/τf}, a_k·e^{−t/τs}; the open fraction of
//              the NMDA receptors is O = P0·(f·n_f + (1 − f)·n_s). nmda_gating "linear": a_k = 1 (the gating of the
//              spikes adds up; O is unbounded); "saturating" (the paper: P0 is the fraction of the *closed* receptors
//              that a presynaptic spike opens): a_k = 1 − O(t_k−), so O → O + P0·(1 − O) at each spike and O ≤ 1
//   V        = V_post + BPAP, BPAP = A·(g·e^{−t/τb1} + (1 − g)·e^{−t/τb2}) summed over post spikes, each starting
//              bpap_delay after the post spike reaches the synapses; B(V) the Jahr–Stevens Mg2+ block.
//   V_post   = the post population's membrane voltage "v" when it has one (neuron populations), else v_rest
//              (spike sources: a silent or spike-clamped cell at a fixed dendritic voltage).
//   dw/dt    = η([Ca])·(Ω([Ca]) − λ·w)
//   Ω(c) = 0.25 + sig(c − α2, β2) − 0.25·sig(c − α1, β1), sig(x, β) = e^{βx}/(1 + e^{βx})
//   η(c) = 1/τ(c), τ(c) = P1/(P2 + c^P3) + P4   (τ in s; plastix works in ms: η/1000 per ms)
// The calcium influx does not depend on w (the NMDA conductance is not scaled by the weight, as in the paper).
// Integration (on_step, once per step dt, after the step's pre/post events): V is held over the step; n_f, n_s and
// the BPAP decay exactly; [Ca] is integrated exactly for that V (so a clamped voltage gives the closed form);
// then w relaxes exactly toward Ω/λ with rate η·λ at the new [Ca]. The weight is written to the projection's
// weights (w in the weight's unit, λ in 1/that unit).
// An NMDA block (AP5) scales I_NMDA by (1 − fraction): the rule's own `nmda_block` plus any intervention
// (spec/interventions.hpp) on the projection, whichever is larger.
#pragma once
#include <algorithm>
#include <cmath>
#include <memory>
#include <span>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/weight_bounds.hpp"

namespace plastix {

struct calcium_control_params {
  static constexpr const char* name = "calcium_control";
  enum class gating { linear, saturating };
  // Calcium
  gating nmda_gating = gating::linear;  // how a pre spike opens NMDA receptors (the header's comment)
  double tau_ca = 50.0;          // calcium decay [ms]
  double p0 = 0.5;               // fraction of the closed NMDA receptors a pre spike opens (Shouval et al. 2002) [1]
  double g_nmda = -1.0 / 500.0;  // G_NMDA [µM/(ms·mV)] (negative: inward current raises [Ca])
  double e_ca = 130.0;           // reversal potential of the calcium current [mV]
  double tau_nmda_fast = 50.0;   // [ms]
  double tau_nmda_slow = 200.0;  // [ms]
  double nmda_fast_fraction = 0.5;  // [1]
  double mg = 1.0;               // extracellular [Mg2+] [mM]
  double nmda_block = 0.0;       // fraction of NMDA current blocked (AP5), 0..1 [1]
  // Voltage
  double v_rest = -65.0;         // dendritic voltage when the post population has no "v" [mV]
  double bpap_amplitude = 100.0; // [mV]
  double bpap_tau_fast = 3.0;    // [ms]
  double bpap_tau_slow = 25.0;   // [ms]
  double bpap_fast_fraction = 0.75;  // [1]
  double bpap_delay = 2.0;       // [ms]
  // Learning
  double alpha1 = 0.35;          // LTD threshold [µM]
  double alpha2 = 0.55;          // LTP threshold [µM]
  double beta1 = 80.0;           // [1/µM]
  double beta2 = 80.0;           // [1/µM]
  double p1 = 0.1;               // [s]
  double p2 = 0.1e-4;            // [µM^P3]
  double p3 = 3.0;               // [1]
  double p4 = 1.0;               // [s]
  double lambda = 1.0;           // weight decay [1/weight unit]

  static const declaration<calcium_control_params>& declare();
};

inline const declaration<calcium_control_params>& calcium_control_params::declare() {
  using p = calcium_control_params;
  const auto t = dimension::time, v = dimension::voltage, c = dimension::concentration;
  static const auto d =
      declaration<p>("rule", "calcium_control", "calcium control hypothesis: NMDA calcium sets the weight (Shouval, Bear & Cooper 2002)")
          .quantity("tau_ca", &p::tau_ca, t, bounds::positive(), "calcium decay τCa")
          .number("p0", &p::p0, bounds::fraction(), "fraction of the closed NMDA receptors a presynaptic spike opens")
          .number("g_nmda", &p::g_nmda, bounds::any(), "G_NMDA [µM/(ms·mV)]")
          .quantity("e_ca", &p::e_ca, v, bounds::any(), "reversal potential of the calcium current")
          .quantity("tau_nmda_fast", &p::tau_nmda_fast, t, bounds::positive(), "fast NMDA component")
          .quantity("tau_nmda_slow", &p::tau_nmda_slow, t, bounds::positive(), "slow NMDA component")
          .number("nmda_fast_fraction", &p::nmda_fast_fraction, bounds::fraction(), "weight of the fast NMDA component")
          .choice("nmda_gating", &p::nmda_gating, {"linear", "saturating"},
                  "`linear`: each pre spike adds the same NMDA gating (the open fraction may exceed 1); `saturating`: "
                  "each pre spike opens the fraction P0 of the closed receptors (Shouval et al. 2002), so the open "
                  "fraction stays <= 1")
          .converted("mg", &p::mg, value_type::quantity, c, [](double x) { return x / units::mM; },
                     [](double m) { return m * units::mM; }, bounds::non_negative(), "[Mg2+] of the Jahr–Stevens block")
          .number("nmda_block", &p::nmda_block, bounds::fraction(),
                  "fraction of the NMDA calcium current blocked (AP5); see also `[[phase.intervention]]`")
          .quantity("v_rest", &p::v_rest, v, bounds::any(), "dendritic voltage when the post population is a spike source")
          .quantity("bpap_amplitude", &p::bpap_amplitude, v, bounds::any(), "back-propagating AP amplitude")
          .quantity("bpap_tau_fast", &p::bpap_tau_fast, t, bounds::positive(), "fast BPAP component")
          .quantity("bpap_tau_slow", &p::bpap_tau_slow, t, bounds::positive(), "slow BPAP component")
          .number("bpap_fast_fraction", &p::bpap_fast_fraction, bounds::fraction(), "weight of the fast BPAP component")
          .quantity("bpap_delay", &p::bpap_delay, t, bounds::non_negative(),
                    "delay of the BPAP after the post spike reaches the synapse")
          .quantity("alpha1", &p::alpha1, c, bounds::any(), "LTD threshold of Ω")
          .quantity("alpha2", &p::alpha2, c, bounds::any(), "LTP threshold of Ω")
          .number("beta1", &p::beta1, bounds::non_negative(), "slope of the LTD sigmoid of Ω [1/µM]")
          .number("beta2", &p::beta2, bounds::non_negative(), "slope of the LTP sigmoid of Ω [1/µM]")
          .converted("p1", &p::p1, value_type::quantity, t, [](double x) { return x * 1e-3; },
                     [](double s) { return s * 1e3; }, bounds::positive(), "P1 of η = 1/τ, τ = P1/(P2 + [Ca]^P3) + P4")
          .number("p2", &p::p2, bounds::non_negative(), "P2 [µM^P3]")
          .number("p3", &p::p3, bounds::positive(), "P3, the exponent")
          .converted("p4", &p::p4, value_type::quantity, t, [](double x) { return x * 1e-3; },
                     [](double s) { return s * 1e3; }, bounds::non_negative(), "P4, the slowest time constant of learning")
          .number("lambda", &p::lambda, bounds::non_negative(), "weight decay λ [1/weight unit]")
          .require([](const p& r) -> key_problem {
            if (r.alpha1 < r.alpha2) return {};
            return {"alpha1", "alpha1 must be below alpha2 (LTD below LTP threshold), got alpha1 = " +
                                  format_value(r.alpha1, dimension::concentration) + " and alpha2 = " +
                                  format_value(r.alpha2, dimension::concentration)};
          })
          .state("ca", state_scope::per_synapse, dimension::concentration, "[Ca]: the spine calcium concentration")
          .fixed_during_run({"bpap_delay"}, "back-propagating action potentials already under way keep their delay");
  return d;
}

struct rule_site;
// Checked against the whole experiment (src/spec/rule_checks.cpp): the ring of delayed bAPs fits.
void check_in(const calcium_control_params& p, const rule_site& site);

// The rule' factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const calcium_control_params& p, rule_context& ctx);

}  // namespace plastix
