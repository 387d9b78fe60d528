// The keys of each protocol (family "protocol"; `type` chooses it): the reader (io/read_protocol.cpp), the checks of
// single values and of values against each other, `plastix list`, the docs tables and Python's keyword checks.
// The populations a protocol drives and the lists of current steps are read by the reader (extra keys); whether
// those populations suit the protocol is checked against the network (validate_protocols).
#include <algorithm>
#include <limits>
#include <string>

#include "plastix/spec/protocols.hpp"

namespace plastix {

namespace {

const bounds at_least_one{1.0, std::numeric_limits<double>::infinity(), false, false};  // >= 1

double period_of(double frequency) { return 1000.0 / frequency; }  // [Hz] → [ms]

std::string ms(double v) { return format_value(v, dimension::time); }

// tetanus, lfs and theta_burst: groups of pulses in trains (pulse_train_protocol); `frequency` and
// `pulse_frequency` are read in Hz and held as the intervals between group onsets and between pulses [ms].
template <class P>
declaration<P> pulse_train_declaration(const char* doc) {
  using T = pulse_train_protocol;
  declaration<P> d(std::string("protocol"), std::string(P::name), std::string(doc));
  d.extra("population", value_type::choice, dimension::dimensionless, bounds::any(),
          "the spike_times population it fills (required)")
      .quantity("start", &T::start, dimension::time, bounds::non_negative(), "first pulse")
      .template count<std::uint64_t>("n", &T::n, at_least_one, "groups (pulses, or bursts for theta_burst) per train")
      .extra("duration", value_type::quantity, dimension::time, bounds::non_negative(),
             "instead of n: the length of a train (n = duration × frequency)")
      .converted("frequency", &T::interval, value_type::quantity, dimension::frequency, period_of, period_of,
                 bounds::positive(), "rate of the groups")
      .template count<std::uint64_t>("pulses", &T::pulses, at_least_one, "pulses per group (a burst when > 1)")
      .converted("pulse_frequency", &T::pulse_interval, value_type::quantity, dimension::frequency, period_of,
                 period_of, bounds::positive(), "rate of the pulses inside a group")
      .template count<std::uint64_t>("trains", &T::trains, at_least_one, "trains")
      .quantity("train_interval", &T::train_interval, dimension::time, bounds::non_negative(),
                "between train onsets")
      .require([](const P& p) -> key_problem {
        // (a frequency out of its bounds is reported on its own)
        if (p.pulses <= 1 || !(p.interval > 0.0 && p.pulse_interval > 0.0) ||
            static_cast<double>(p.pulses - 1) * p.pulse_interval < p.interval)
          return {};
        return {"pulse_frequency", "the pulses of a burst must end before the next burst starts (" +
                                       std::to_string(p.pulses) + " pulses at " +
                                       format_value(1000.0 / p.pulse_interval, dimension::frequency) + ", bursts every " +
                                       ms(p.interval) + ")"};
      })
      .require([](const P& p) -> key_problem {
        if (p.trains <= 1 || p.train_interval >= static_cast<double>(p.n) * p.interval) return {};
        return {"train_interval", "train_interval (" + ms(p.train_interval) +
                                      ") must be at least the length of a train (" +
                                      ms(static_cast<double>(p.n) * p.interval) + ")"};
      });
  return d;
}

}  // namespace

const declaration<pairing_protocol>& pairing_protocol::declare() {
  using p = pairing_protocol;
  static const auto d =
      declaration<p>("protocol", p::name,
                     "n pre/post spike pairings at a frequency, post dt after pre (Markram et al. 1997; Bi & Poo 1998)")
          .extra("pre", value_type::choice, dimension::dimensionless, bounds::any(),
                 "the presynaptic population: spike_times source or neuron population (required)")
          .extra("post", value_type::choice, dimension::dimensionless, bounds::any(),
                 "the postsynaptic population: spike_times source or neuron population (required)")
          .count("n", &p::n, at_least_one, "number of pairings")
          .quantity("frequency", &p::frequency, dimension::frequency, bounds::positive(), "pairing frequency")
          .quantity("dt", &p::dt, dimension::time, bounds::any(), "t_post - t_pre (negative: post before pre)")
          .quantity("start", &p::start, dimension::time, bounds::any(), "first presynaptic spike")
          .count("post_spikes", &p::post_spikes, at_least_one, "spikes per postsynaptic burst")
          .quantity("post_frequency", &p::post_frequency, dimension::frequency, bounds::positive(),
                    "frequency inside the burst")
          .quantity("current", &p::current, dimension::current, bounds::any(),
                    "pulse amplitude that makes a neuron population fire")
          .quantity("pulse_duration", &p::pulse_duration, dimension::time, bounds::non_negative(),
                    "pulse length for a neuron population")
          .count("trains", &p::trains, at_least_one, "repetitions of the n pairings")
          .quantity("train_interval", &p::train_interval, dimension::time, bounds::non_negative(),
                    "between train onsets; at least the n pairings' length n/frequency (a longer train starts "
                    "one period after the previous one's last pairing)")
          .require([](const p& x) -> key_problem {
            if (x.start + std::min(0.0, x.dt) >= 0.0) return {};
            return {"start", "the first spike would come before t = 0: start (" + ms(x.start) +
                                 ") must be at least -dt (" + ms(-x.dt) + ")"};
          });
  return d;
}

const declaration<current_steps_protocol>& current_steps_protocol::declare() {
  using p = current_steps_protocol;
  static const auto d =
      declaration<p>("protocol", p::name, "rectangular current steps injected into a neuron population")
          .extra("population", value_type::choice, dimension::dimensionless, bounds::any(),
                 "the neuron population (required)")
          .extra("neurons", value_type::count, dimension::dimensionless, bounds::non_negative(),
                 "these neurons, e.g. [0, 1] (default: all)")
          .extra("start", value_type::quantity, dimension::time, bounds::non_negative(),
                 "list: the start of each step (required)")
          .extra("duration", value_type::quantity, dimension::time, bounds::positive(),
                 "list: the length of each step (required)")
          .extra("amplitude", value_type::quantity, dimension::current, bounds::any(),
                 "list: the current of each step (required)");
  return d;
}

const declaration<tetanus_protocol>& tetanus_protocol::declare() {
  static const auto d = pulse_train_declaration<tetanus_protocol>(
      "n pulses at a frequency, 100 at 100 Hz by default, optionally in trains (Bliss & Lømo 1973; Frey & Morris 1997)");
  return d;
}

const declaration<lfs_protocol>& lfs_protocol::declare() {
  static const auto d =
      pulse_train_declaration<lfs_protocol>("low-frequency stimulation: 900 pulses at 1 Hz by default (Dudek & Bear 1992)");
  return d;
}

const declaration<theta_burst_protocol>& theta_burst_protocol::declare() {
  static const auto d = pulse_train_declaration<theta_burst_protocol>(
      "bursts of 4 pulses at 100 Hz every 200 ms (theta), optionally in trains (Larson, Wong & Lynch 1986)");
  return d;
}

}  // namespace plastix
