// Neuromodulators ([[modulator]], docs/models/neuromodulation.md): a named, global level (dopamine,
// acetylcholine, ... any name) that rules read as a signal (synapse/signals.hpp). Its level is
//   L(t) = baseline + e(t),   de/dt = −e/tau,   e jumps by `amount` at each event:
//   - each spike of population `population` (volume transmission; every neuron, or only `neurons`);
//   - each time of a schedule (times[k], amounts[k]);
//   - each reward of a [[modulator.reward]] condition: "neuron post_neuron of `post` fires within `window` after
//     neuron pre_neuron of `pre`" gives a reward `amount` after a delay drawn uniformly from [delay_min, delay_max]
//     (Izhikevich 2007's distal reward), from the run's counter-based random streams (core/random.hpp);
//   - each reward of a group condition ([[modulator.reward]] with `trigger`; Izhikevich 2007's classical and
//     instrumental conditioning): a spike of `trigger` (or of its `trigger_neurons`) opens a trial of `window`;
//     the spikes of `group` (its `group_neurons`) and of `versus` (its `versus_neurons`) in the window's steps are
//     counted, and at its end a reward `amount` is given after a delay drawn from [delay_min, delay_max] when
//     count(group) − count(versus) >= at_least (count(versus) = 0 without `versus`). Only in the phases `phases`.
// Between events the decay is integrated exactly (sim/modulators.cpp). The level is in uM (concentration).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/spec/catalogue.hpp"

namespace plastix {

struct experiment_spec;

// A reward given when a spike of one neuron follows a spike of another within a window ([[modulator.reward]]),
// or, with a `trigger`, when a group fires enough (more than another group) in a window after the trigger.
struct reward_condition {
  // pairing form (Izhikevich 2007's distal reward)
  std::string pre, post;           // populations (read as strings by the reader)
  std::uint32_t pre_neuron = 0;    // the neuron that fires first
  std::uint32_t post_neuron = 0;   // the neuron that fires after it
  // group form (Izhikevich 2007's conditioning experiments): given when `trigger` is not empty
  std::string trigger;                        // population whose spike opens a trial
  std::vector<std::uint32_t> trigger_neurons; // only these neurons of `trigger` (empty: all)
  std::string group;                          // population whose spikes are counted ...
  std::vector<std::uint32_t> group_neurons;   // ... only these neurons (empty: all)
  std::string versus;                         // optional: population whose spikes count against (empty: none) ...
  std::vector<std::uint32_t> versus_neurons;  // ... only these neurons (empty: all)
  std::uint32_t at_least = 1;                 // reward when count(group) − count(versus) >= at_least
  std::vector<std::string> phases;            // trials open only in these phases (empty: all)
  // both forms
  double window = 20.0;            // pairing: post fires at t_pre <= t_post < t_pre + window; group: the trial's
                                   // window [t_trigger, t_trigger + window) [ms]
  double delay_min = 1000.0;       // the reward follows the post spike (group: the window's end) after a delay
                                   // uniform in ... [ms]
  double delay_max = 3000.0;       // ... [delay_min, delay_max] [ms]
  double amount = 0.5;             // added to the level at the reward [uM]
  source_ref where;

  bool by_groups() const { return !trigger.empty(); }
  static const declaration<reward_condition>& declare();
};

struct modulator_spec {
  static constexpr const char* name_of_kind = "modulator";
  std::string name;                   // the signal's name ("dopamine")
  double tau = 200.0;                 // decay time constant of the excess over the baseline [ms]
  double baseline = 0.0;              // level without events [uM]
  double initial = 0.0;               // excess over the baseline at t = 0 [uM]
  std::string population;             // volume transmission: its spikes release (empty: none)
  std::vector<std::uint32_t> neurons; // only these neurons of `population` release (empty: all)
  double amount = 0.0;                // added per spike of `population` [uM]
  std::vector<double> times;          // schedule: event times from the start of the run [ms] ...
  std::vector<double> amounts;        // ... and what each adds [uM]
  std::vector<reward_condition> rewards;
  source_ref where;

  static const declaration<modulator_spec>& declare();
};

inline const declaration<reward_condition>& reward_condition::declare() {
  using r = reward_condition;
  static const auto d =
      declaration<r>("modulator", "modulator.reward",
                     "a reward when a spike of one neuron follows a spike of another, or when a group fires (more than "
                     "another) after a trigger (Izhikevich 2007)")
          .extra("pre", value_type::choice, dimension::dimensionless, bounds::any(),
                 "pairing: population of the first neuron")
          .count("pre_neuron", &r::pre_neuron, bounds::non_negative(), "pairing: the neuron of `pre` that fires first")
          .extra("post", value_type::choice, dimension::dimensionless, bounds::any(),
                 "pairing: population of the second neuron")
          .count("post_neuron", &r::post_neuron, bounds::non_negative(),
                 "pairing: the neuron of `post` that fires after it")
          .extra("trigger", value_type::choice, dimension::dimensionless, bounds::any(),
                 "group condition: the population whose spike opens a trial (instead of pre/post)")
          .extra("trigger_neurons", value_type::count, dimension::dimensionless, bounds::any(),
                 "only these neurons of `trigger` (a list; default all)")
          .extra("group", value_type::choice, dimension::dimensionless, bounds::any(),
                 "group condition: the population whose spikes in the window are counted (required with trigger)")
          .extra("group_neurons", value_type::count, dimension::dimensionless, bounds::any(),
                 "only these neurons of `group` (a list; default all)")
          .extra("versus", value_type::choice, dimension::dimensionless, bounds::any(),
                 "group condition: a population whose spikes in the window count against (default none)")
          .extra("versus_neurons", value_type::count, dimension::dimensionless, bounds::any(),
                 "only these neurons of `versus` (a list; default all)")
          .count("at_least", &r::at_least, bounds::non_negative(),
                 "group condition: reward when count(group) − count(versus) is at least this")
          .extra("phases", value_type::choice, dimension::dimensionless, bounds::any(),
                 "group condition: trials open only in these phases (a list; default all)")
          .quantity("window", &r::window, dimension::time, bounds::positive(),
                    "pairing: the second spike counts at t_pre <= t_post < t_pre + window; group: the trial lasts this "
                    "long from the trigger's step")
          .quantity("delay_min", &r::delay_min, dimension::time, bounds::non_negative(),
                    "shortest delay from the second spike (group: the window's end) to the reward")
          .quantity("delay_max", &r::delay_max, dimension::time, bounds::non_negative(),
                    "longest delay (drawn uniformly in [delay_min, delay_max])")
          .quantity("amount", &r::amount, dimension::concentration, bounds::any(), "added to the level at the reward")
          .require([](const r& p) -> key_problem {
            if (p.delay_min <= p.delay_max) return {};
            return {"delay_max", "delay_max must be >= delay_min (" + format_value(p.delay_min, dimension::time) +
                                     "), got " + format_value(p.delay_max, dimension::time)};
          });
  return d;
}

inline const declaration<modulator_spec>& modulator_spec::declare() {
  using m = modulator_spec;
  static const auto d =
      declaration<m>("modulator", "modulator",
                     "a neuromodulator's level, released by spikes, a schedule or rewards, read by rules by name")
          .extra("name", value_type::choice, dimension::dimensionless, bounds::any(),
                 "the signal's name, read by rules (`modulator = \"dopamine\"`)")
          .quantity("tau", &m::tau, dimension::time, bounds::positive(), "decay time constant of the level")
          .quantity("baseline", &m::baseline, dimension::concentration, bounds::any(), "level without events")
          .quantity("initial", &m::initial, dimension::concentration, bounds::any(),
                    "excess over the baseline at the start")
          .extra("population", value_type::choice, dimension::dimensionless, bounds::any(),
                 "volume transmission: the population whose spikes release the modulator")
          .extra("neurons", value_type::count, dimension::dimensionless, bounds::any(),
                 "only these neurons of `population` release (a list; default all)")
          .quantity("amount", &m::amount, dimension::concentration, bounds::any(), "added per spike of `population`")
          .extra("times", value_type::quantity, dimension::time, bounds::non_negative(),
                 "schedule: times from the start of the run (a list)")
          .extra("amounts", value_type::quantity, dimension::concentration, bounds::any(),
                 "schedule: what each time adds (a list, as long as `times`)");
  return d;
}

// The names of the modulators of an experiment, in file order: the signals it produces (spec/rule_site.hpp
// require_signal).
std::vector<std::string> produced_signals(const experiment_spec& spec);

}  // namespace plastix
