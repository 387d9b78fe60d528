// The declarations of the neuron models and spike sources (spec/catalogue.hpp): each key once, with its unit,
// bounds and one line of documentation, the constraints between keys, and the recordable state. Their checks
// (validate_params) are the declaration's problems: a message that starts with the name of the offending
// parameter ("tau_w must be > 0 ms, got -3 ms"), so that callers can point at it.
#include <fmt/format.h>

#include <cmath>
#include <initializer_list>
#include <string>
#include <utility>

#include "plastix/spec/neurons/adex.hpp"
#include "plastix/spec/neurons/adex_clopath.hpp"
#include "plastix/spec/neurons/equations.hpp"
#include "plastix/spec/neurons/izhikevich.hpp"
#include "plastix/spec/neurons/lif.hpp"
#include "plastix/spec/neurons/sources.hpp"

namespace plastix {

namespace {

// "v_reset must be < v_th (-50 mV), got -40 mV" at `key` when value >= bound.
key_problem below(const char* key, double value, const char* bound_name, double bound) {
  if (value < bound) return {};
  return {key, fmt::format("{} must be < {} ({} mV), got {} mV", key, bound_name, bound, value)};
}

// The first problem's message, "" when there is none.
template <class P>
std::string first_problem(const P& p) {
  const auto problems = P::declare().problems(p);
  return problems.empty() ? "" : problems.front().message;
}

// The keys the integrate-and-fire models share, each declared once here.
template <class P>
declaration<P>& membrane(declaration<P>& d) {  // c_m, g_l
  return d.quantity("c_m", &P::c_m, dimension::capacitance, bounds::positive(), "membrane capacitance")
      .quantity("g_l", &P::g_l, dimension::conductance, bounds::positive(), "leak conductance");
}
template <class P>
declaration<P>& leak(declaration<P>& d) {  // e_l
  return d.quantity("e_l", &P::e_l, dimension::voltage, bounds::any(), "leak reversal potential");
}
template <class P>
declaration<P>& slope(declaration<P>& d) {  // delta_t
  return d.quantity("delta_t", &P::delta_t, dimension::voltage, bounds::positive(), "slope factor Δ_T");
}
template <class P>
declaration<P>& adaptation(declaration<P>& d) {  // tau_w, a, b
  return d.quantity("tau_w", &P::tau_w, dimension::time, bounds::positive(), "adaptation time constant")
      .quantity("a", &P::a, dimension::conductance, bounds::any(), "subthreshold adaptation")
      .quantity("b", &P::b, dimension::current, bounds::any(), "spike-triggered adaptation");
}
template <class P>
declaration<P>& refractory(declaration<P>& d) {  // t_ref
  return d.quantity("t_ref", &P::t_ref, dimension::time, bounds::non_negative(), "absolute refractory period");
}
template <class P>
declaration<P>& bias(declaration<P>& d) {  // i_e
  return d.quantity("i_e", &P::i_e, dimension::current, bounds::any(), "constant bias current");
}
template <class P>
declaration<P>& voltage_state(declaration<P>& d) {  // v
  return d.state("v", state_scope::per_neuron, dimension::voltage, "membrane voltage");
}
template <class P>
declaration<P>& adaptation_state(declaration<P>& d) {  // w
  return d.state("w", state_scope::per_neuron, dimension::current, "adaptation current");
}
// "X must be < v_peak" for each key of `keys`.
template <class P>
declaration<P>& below_peak(declaration<P>& d, std::initializer_list<std::pair<const char*, double P::*>> keys) {
  for (const auto& k : keys)  // (no structured binding: clang 14 cannot capture one)
    d.require([key = k.first, member = k.second](const P& p) { return below(key, p.*member, "v_peak", p.v_peak); });
  return d;
}

}  // namespace

const declaration<lif_params>& lif_params::declare() {
  using P = lif_params;
  static const auto d = [] {
    declaration<P> d("neuron model", "lif", "leaky integrate-and-fire neuron with an absolute refractory period");
    membrane(d).extra("tau_m", value_type::quantity, dimension::time, bounds::positive(),
                      "membrane time constant c_m / g_l instead of one of them: sets g_l (c_m when g_l is given); "
                      "at most two of c_m, g_l, tau_m");
    leak(d).quantity("v_th", &P::v_th, dimension::voltage, bounds::any(), "spike threshold")
        .quantity("v_reset", &P::v_reset, dimension::voltage, bounds::any(), "reset potential; below v_th");
    bias(refractory(d)).require([](const P& p) { return below("v_reset", p.v_reset, "v_th", p.v_th); });
    d.choice("method", &P::method, {"exponential_euler", "euler", "exact"},
             "integration of v over a step: exponential_euler, exact for input held over the step; euler, forward "
             "Euler (Brian2's euler, Auryn); exact, also exact for current receptors decaying within the step (NEST "
             "iaf_psc_exp; not with conductance receptors)");
    return voltage_state(d);
  }();
  return d;
}

const declaration<adex_params>& adex_params::declare() {
  using P = adex_params;
  static const auto d = [] {
    declaration<P> d("neuron model", "adex", "adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005)");
    slope(leak(membrane(d)))
        .quantity("v_t", &P::v_t, dimension::voltage, bounds::any(), "exponential threshold; below v_peak")
        .quantity("v_peak", &P::v_peak, dimension::voltage, bounds::any(), "spike detection voltage")
        .quantity("v_reset", &P::v_reset, dimension::voltage, bounds::any(), "reset potential; below v_peak");
    bias(refractory(adaptation(d)));
    below_peak(d, {{"v_t", &P::v_t}, {"v_reset", &P::v_reset}});
    return adaptation_state(voltage_state(d));
  }();
  return d;
}

const declaration<adex_clopath_params>& adex_clopath_params::declare() {
  using P = adex_clopath_params;
  static const auto d = [] {
    declaration<P> d("neuron model", "adex_clopath",
                     "AdEx with adaptive threshold, spike clamp and after-potential (Clopath et al. 2010)");
    slope(leak(membrane(d)))
        .quantity("v_t_rest", &P::v_t_rest, dimension::voltage, bounds::any(),
                  "resting value of the adaptive threshold; below v_peak")
        .quantity("v_t_max", &P::v_t_max, dimension::voltage, bounds::any(), "threshold right after a spike; below v_peak")
        .quantity("tau_vt", &P::tau_vt, dimension::time, bounds::positive(), "threshold relaxation time constant")
        .quantity("v_peak", &P::v_peak, dimension::voltage, bounds::any(), "spike detection voltage")
        .quantity("v_spike", &P::v_spike, dimension::voltage, bounds::any(), "clamped spike voltage")
        .quantity("t_spike", &P::t_spike, dimension::time, bounds::positive(), "duration of the clamp")
        .quantity("v_reset", &P::v_reset, dimension::voltage, bounds::any(), "voltage after the clamp; below v_peak");
    adaptation(d)
        .quantity("i_sp", &P::i_sp, dimension::current, bounds::any(), "after-potential current right after a spike")
        .quantity("tau_z", &P::tau_z, dimension::time, bounds::positive(), "decay of the after-potential current");
    bias(d);
    below_peak(d, {{"v_t_rest", &P::v_t_rest}, {"v_t_max", &P::v_t_max}, {"v_reset", &P::v_reset}});
    adaptation_state(voltage_state(d))
        .state("z", state_scope::per_neuron, dimension::current, "after-potential current")
        .state("v_t", state_scope::per_neuron, dimension::voltage, "adaptive threshold")
        .state("clamp", state_scope::per_neuron, dimension::time, "time left in the spike clamp");
    return d;
  }();
  return d;
}

// a [1/ms], b [1] and d [mV/ms] are plain numbers, as in Izhikevich (2003).
const declaration<izhikevich_params>& izhikevich_params::declare() {
  using P = izhikevich_params;
  static const auto d = [] {
    declaration<P> d("neuron model", "izhikevich", "Izhikevich (2003) simple model");
    d.number("a", &P::a, bounds::positive(), "recovery rate [1/ms]")
        .number("b", &P::b, bounds::any(), "recovery sensitivity [1]")
        .quantity("c", &P::c, dimension::voltage, bounds::any(), "reset voltage; below v_peak")
        .number("d", &P::d, bounds::any(), "recovery jump [mV/ms]")
        .quantity("v_peak", &P::v_peak, dimension::voltage, bounds::any(), "spike cut-off")
        .quantity("c_m", &P::c_m, dimension::capacitance, bounds::positive(), "input scaling: dv/dt gets I / c_m");
    bias(refractory(d));
    below_peak(d, {{"c", &P::c}});
    return voltage_state(d).state("u", state_scope::per_neuron, dimension::voltage, "recovery variable");
  }();
  return d;
}

const declaration<poisson_source_params>& poisson_source_params::declare() {
  using P = poisson_source_params;
  static const auto d =
      declaration<P>("source", "poisson", "independent Poisson spike trains")
          .quantity("rate", &P::rate, dimension::frequency, bounds::non_negative(), "firing rate of each neuron")
          .extra("profile", value_type::quantity, dimension::frequency, bounds::non_negative(),
                 "rate steps instead of a constant rate: a list of [time, rate] pairs, e.g. "
                 "[[\"0 s\", \"5 Hz\"], [\"1 s\", \"20 Hz\"]]");
  return d;
}

const declaration<spike_times_source_params>& spike_times_source_params::declare() {
  using P = spike_times_source_params;
  static const auto d = declaration<P>("source", "spike_times", "given spike times, one list per neuron")
                            .extra("times", value_type::quantity, dimension::time, bounds::non_negative(),
                                   "one ascending list of spike times per neuron, e.g. [[\"10 ms\", \"20 ms\"], "
                                   "[\"15 ms\"]]; sets the size");
  return d;
}

const declaration<regular_source_params>& regular_source_params::declare() {
  using P = regular_source_params;
  static const auto d =
      declaration<P>("source", "regular", "regular spike trains at a fixed rate")
          .quantity("rate", &P::rate, dimension::frequency, bounds::non_negative(),
                    "firing rate (0 Hz: silent until a stimulus sets a rate)")
          .quantity("start", &P::start, dimension::time, bounds::non_negative(), "first spike")
          .extra("stop", value_type::quantity, dimension::time, bounds::any(),
                 "no spikes at or after this time (default: never); above start")
          .quantity("phase_step", &P::phase_step, dimension::time, bounds::non_negative(),
                    "offset between consecutive neurons")
          .require([](const P& p) -> key_problem {
            if (p.stop > p.start) return {};
            return {"stop", fmt::format("stop must be > start ({} ms), got {} ms", p.start, p.stop)};
          });
  return d;
}

const declaration<equations_neuron_params>& equations_neuron_params::declare() {
  using P = equations_neuron_params;
  static const auto d = [] {
    declaration<P> d("neuron model", "equations",
                     "a neuron model written as equations: state, constants, ODEs, threshold and reset (docs/equations.md)");
    refractory(d).choice("method", &P::method, {"exponential_euler", "euler"},
                         "exponential_euler: ODEs linear in their variable exactly for input held over the step, "
                         "the others by forward Euler; euler: forward Euler for all");
    d.fixed_during_run({"method"}, "its equations are compiled with the population when the network is built; "
                                   "the values of its constants and t_ref may change");
    return voltage_state(d);
  }();
  return d;
}

std::string validate_params(const lif_params& p) { return first_problem(p); }

std::string method_problem(const lif_params& p, const std::vector<receptor_params>& receptors) {
  if (p.method != lif_method::exact) return "";
  for (const receptor_params& r : receptors)
    if (r.kind == receptor_kind::conductance)
      return "method \"exact\" needs current or delta receptors: receptor '" + r.name +
             "' is a conductance, whose input to v has no closed form over a step; use exponential_euler or euler";
  return "";
}
std::string validate_params(const equations_neuron_params& p) { return first_problem(p); }
std::string validate_params(const adex_params& p) { return first_problem(p); }
std::string validate_params(const adex_clopath_params& p) { return first_problem(p); }
std::string validate_params(const izhikevich_params& p) { return first_problem(p); }
std::string validate_params(const regular_source_params& p) { return first_problem(p); }

std::string validate_params(const poisson_source_params& p) {
  if (std::string e = first_problem(p); !e.empty()) return e;
  for (std::size_t i = 0; i < p.profile.size(); ++i) {
    const auto [t, rate] = p.profile[i];
    if (!(t >= 0.0) || !std::isfinite(t)) {
      return fmt::format("profile step {} starts at {} ms; expected a time >= 0 ms", i, t);
    }
    if (i > 0 && !(t > p.profile[i - 1].first)) {
      return fmt::format("profile times must be ascending: step {} at {} ms follows step {} at {} ms", i, t, i - 1,
                         p.profile[i - 1].first);
    }
    if (!(rate >= 0.0) || !std::isfinite(rate)) {
      return fmt::format("profile step {} has rate {} Hz; expected a rate >= 0 Hz", i, rate);
    }
  }
  return "";
}

std::string validate_params(const spike_times_source_params& p) {
  for (std::size_t n = 0; n < p.times.size(); ++n) {
    const std::vector<double>& t = p.times[n];
    for (std::size_t k = 0; k < t.size(); ++k) {
      if (!(t[k] >= 0.0) || !std::isfinite(t[k])) {
        return fmt::format("times of neuron {} must be >= 0 ms, got {} ms", n, t[k]);
      }
      if (k > 0 && !(t[k] > t[k - 1])) {
        return fmt::format("times of neuron {} must be ascending: {} ms follows {} ms", n, t[k], t[k - 1]);
      }
    }
  }
  return "";
}

}  // namespace plastix
