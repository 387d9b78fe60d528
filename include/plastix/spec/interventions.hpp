// Interventions: pharmacology, clamps and lesions applied during one phase ([[phase.intervention]]).
// One mechanism for every kind: simulation::run_phase applies an intervention when its window [start, stop) inside
// the phase begins (by default the whole phase) and undoes it when the window ends (the previous state comes back,
// so nested, overlapping or repeated interventions compose). Kinds:
//   block_receptor          a fraction (default 1) of a receptor ("nmda" by default: AP5; "gaba_a": bicuculline) is
//                           blocked: transmission through that receptor of the post population(s) is scaled by
//                           1 − fraction (synaptic_input::set_block), and rules that model the receptor read the
//                           block on their projection (projection::block_at; calcium_control: NMDA calcium influx).
//   block_protein_synthesis anisomycin: the fraction (default 1) of protein synthesis blocked in the post neurons of
//                           the targeted projections (tag_trigger: production × (1 − fraction)).
//   voltage_clamp           the voltage v of a population (or listed neurons) is held at `voltage`; no spikes; rules
//                           that read v see the clamped value (population::set_clamp).
//   block_spikes            TTX: the population (or listed neurons) emits no spikes (population::silence); a rate
//                           population's silenced neurons output 0 (a closed eye: ocular_dominance.toml).
//   lesion                  the population is removed from the network from the window's start on, for the rest of
//                           the run (not undone): no spikes (rate populations: output 0), so it transmits nothing
//                           and triggers no plasticity.
//   block_plasticity        learning is switched off on the targeted projections (a test that must not re-train
//                           what it measures): their rules' on_pre, on_post, on_step and on_slow are not called
//                           (projection::plasticity_blocked; simulation.cpp advance(), slow_hooks()), so weights and
//                           the rules' own state (tags, late phase, calcium, filters, rate estimates) are held.
//                           Transmission goes on, short-term plasticity included (on_transmit), and so do the
//                           projection's pre/post traces (activity, shared by its rules). tag_trigger: the protein
//                           pool of a post population still runs while one of its projections is not blocked, and
//                           the blocked ones' tags count in its trigger, but their late phase is held.
// Targets: block_receptor, block_protein_synthesis and block_plasticity act on every projection onto `population`,
// or on `projection` (and its post population's receptor), or — with neither — on the whole network (bath
// application).
// The neuron kinds need a `population`. Everything is resolved to pointers and indices when applied: nothing is
// looked up by name while the network steps.
// To add a kind: an enumerator, its name in intervention_names(), its reader keys in src/io/read_phase.cpp, its
// checks in validate_interventions and its apply/undo in apply_intervention (stimulus/apply_interventions.hpp,
// interventions.cpp).
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "plastix/core/error.hpp"

namespace plastix {

struct experiment_spec;

struct intervention_spec {
  enum class kind { block_receptor, block_protein_synthesis, voltage_clamp, block_spikes, lesion, block_plasticity };
  kind type = kind::block_receptor;
  // Target
  std::string population;              // a population (every projection onto it, for the blocks) ...
  std::string projection;              // ... or a projection (blocks only); neither = whole network (blocks only)
                                       // (the blocks: block_receptor, block_protein_synthesis, block_plasticity)
  std::vector<std::uint32_t> neurons;  // voltage_clamp, block_spikes: these neurons of the population (empty: all)
  // Per kind
  std::string receptor = "nmda";  // block_receptor
  double fraction = 1.0;          // block_receptor, block_protein_synthesis: blocked fraction [0, 1]
  double voltage = 0.0;           // voltage_clamp [mV]
  // Window inside the phase, from the phase's start
  double start = 0.0;                                     // [ms]
  double stop = std::numeric_limits<double>::infinity();  // [ms]; past the phase's end = to its end
  source_ref where;
};

// The type names experiment files accept, in enum order, then aliases: "block" and "block_nmda" (= block_receptor;
// block_nmda fixes receptor "nmda"), "anisomycin" (= block_protein_synthesis), "ttx" (= block_spikes).
const std::vector<std::string>& intervention_names();
intervention_spec::kind intervention_kind(const std::string& name);  // from one of intervention_names()
const char* intervention_name(intervention_spec::kind k);

// Checks targets, values and windows against the network; throws plastix::error naming the intervention's key.
void validate_interventions(const experiment_spec& spec);

}  // namespace plastix
