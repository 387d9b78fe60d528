// Parameter checks of the neuron models and spike sources: "" when valid, else a message that starts with the
// name of the offending parameter ("tau_w must be > 0 ms, got -3 ms"), so that callers can point at it.
#include <fmt/format.h>

#include <cmath>
#include <initializer_list>
#include <string>

#include "plastix/spec/neurons/adex.hpp"
#include "plastix/spec/neurons/adex_clopath.hpp"
#include "plastix/spec/neurons/izhikevich.hpp"
#include "plastix/spec/neurons/lif.hpp"
#include "plastix/spec/neurons/sources.hpp"

namespace plastix {

namespace {

std::string with_unit(double v, const char* unit) {
  return *unit ? fmt::format("{} {}", v, unit) : fmt::format("{}", v);
}

std::string positive(const char* name, double v, const char* unit) {
  if (v > 0.0 && std::isfinite(v)) return "";
  return fmt::format("{} must be > {}, got {}", name, with_unit(0.0, unit), with_unit(v, unit));
}

std::string non_negative(const char* name, double v, const char* unit) {
  if (v >= 0.0 && std::isfinite(v)) return "";
  return fmt::format("{} must be >= {}, got {}", name, with_unit(0.0, unit), with_unit(v, unit));
}

std::string finite(const char* name, double v, const char* unit) {
  if (std::isfinite(v)) return "";
  return fmt::format("{} must be a finite number, got {}", name, with_unit(v, unit));
}

// "v_reset must be < v_th (-50 mV), got -40 mV"
std::string below(const char* name, double v, const char* bound_name, double bound, const char* unit) {
  if (v < bound) return "";
  return fmt::format("{} must be < {} ({}), got {}", name, bound_name, with_unit(bound, unit), with_unit(v, unit));
}

std::string first_of(std::initializer_list<std::string> checks) {
  for (const std::string& s : checks) {
    if (!s.empty()) return s;
  }
  return "";
}

}  // namespace

std::string validate_params(const lif_params& p) {
  return first_of({
      positive("c_m", p.c_m, "pF"),
      positive("g_l", p.g_l, "nS"),
      finite("e_l", p.e_l, "mV"),
      finite("v_th", p.v_th, "mV"),
      finite("v_reset", p.v_reset, "mV"),
      below("v_reset", p.v_reset, "v_th", p.v_th, "mV"),
      non_negative("t_ref", p.t_ref, "ms"),
      finite("i_e", p.i_e, "pA"),
  });
}

std::string validate_params(const adex_params& p) {
  return first_of({
      positive("c_m", p.c_m, "pF"),
      positive("g_l", p.g_l, "nS"),
      finite("e_l", p.e_l, "mV"),
      positive("delta_t", p.delta_t, "mV"),
      finite("v_t", p.v_t, "mV"),
      finite("v_peak", p.v_peak, "mV"),
      below("v_t", p.v_t, "v_peak", p.v_peak, "mV"),
      finite("v_reset", p.v_reset, "mV"),
      below("v_reset", p.v_reset, "v_peak", p.v_peak, "mV"),
      positive("tau_w", p.tau_w, "ms"),
      finite("a", p.a, "nS"),
      finite("b", p.b, "pA"),
      non_negative("t_ref", p.t_ref, "ms"),
      finite("i_e", p.i_e, "pA"),
  });
}

std::string validate_params(const adex_clopath_params& p) {
  return first_of({
      positive("c_m", p.c_m, "pF"),
      positive("g_l", p.g_l, "nS"),
      finite("e_l", p.e_l, "mV"),
      positive("delta_t", p.delta_t, "mV"),
      finite("v_t_rest", p.v_t_rest, "mV"),
      finite("v_t_max", p.v_t_max, "mV"),
      below("v_t_rest", p.v_t_rest, "v_peak", p.v_peak, "mV"),
      below("v_t_max", p.v_t_max, "v_peak", p.v_peak, "mV"),
      positive("tau_vt", p.tau_vt, "ms"),
      finite("v_peak", p.v_peak, "mV"),
      finite("v_spike", p.v_spike, "mV"),
      positive("t_spike", p.t_spike, "ms"),
      finite("v_reset", p.v_reset, "mV"),
      below("v_reset", p.v_reset, "v_peak", p.v_peak, "mV"),
      positive("tau_w", p.tau_w, "ms"),
      finite("a", p.a, "nS"),
      finite("b", p.b, "pA"),
      finite("i_sp", p.i_sp, "pA"),
      positive("tau_z", p.tau_z, "ms"),
      finite("i_e", p.i_e, "pA"),
  });
}

std::string validate_params(const izhikevich_params& p) {
  return first_of({
      positive("a", p.a, "/ms"),
      finite("b", p.b, ""),
      finite("c", p.c, "mV"),
      finite("d", p.d, ""),
      finite("v_peak", p.v_peak, "mV"),
      below("c", p.c, "v_peak", p.v_peak, "mV"),
      positive("c_m", p.c_m, "pF"),
      non_negative("t_ref", p.t_ref, "ms"),
      finite("i_e", p.i_e, "pA"),
  });
}

std::string validate_params(const poisson_source_params& p) {
  if (std::string e = non_negative("rate", p.rate, "Hz"); !e.empty()) return e;
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

std::string validate_params(const regular_source_params& p) {
  return first_of({
      non_negative("rate", p.rate, "Hz"),  // 0 Hz: silent until a stimulus sets a rate
      non_negative("start", p.start, "ms"),
      p.stop > p.start ? "" : fmt::format("stop must be > start ({} ms), got {} ms", p.start, p.stop),
      non_negative("phase_step", p.phase_step, "ms"),
  });
}

}  // namespace plastix
