// Postsynaptic receptors: the input channels of a neuron population.
// A conductance receptor contributes g·B(V)·(E − V) to the membrane current, a current receptor contributes its
// state directly as a current. Each receptor decays exponentially (tau_decay) or, with tau_rise > 0, as a
// normalized difference of exponentials whose peak equals the weight of one spike.
// A delta receptor (NEST iaf_psc_delta, aeif_psc_delta_clopath; Brian2 on_pre: v_post += w) is no current at all:
// the weights [mV] of the spikes arriving on it add up in its state, which at the neuron's next integration step
// is added to the membrane voltage v before the step is integrated and then cleared (neuron_population.hpp).
#pragma once
#include "plastix/core/state_visitor.hpp"
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "plastix/core/fast_math.hpp"
#include "plastix/spec/receptors.hpp"

namespace plastix {

// Jahr & Stevens 1990: fraction of NMDA conductance not blocked by Mg2+ at membrane voltage v [mV], [Mg2+] mg [mM].
inline double mg_block(double v, double mg) { return 1.0 / (1.0 + mg / 3.57 * std::exp(-0.062 * v)); }

// Summed synaptic drive on one neuron at voltage v, for integrators:
// membrane current = g_e − g·v + i   [pA]
struct synaptic_drive {
  double g = 0.0;    // total conductance [nS] (Mg block applied)
  double g_e = 0.0;  // Σ g_k·E_k [pA]
  double i = 0.0;    // current-based input [pA]
};

// The receptor state of a population, one column per receptor (two with a rise time).
class synaptic_input {
 public:
  synaptic_input() = default;
  synaptic_input(std::vector<receptor_params> receptors, std::size_t n);

  std::size_t size() const { return receptors_.size(); }
  const receptor_params& receptor(std::size_t r) const { return receptors_[r]; }
  const std::vector<receptor_params>& receptors() const { return receptors_; }
  // Checkpoints: each receptor's open conductances and block.
  void visit_state(state_visitor& v);
  // Index of a receptor by name, or -1.
  int find(const std::string& name) const;

  // One spike of weight w (nS, pA or mV) arriving at neuron i on receptor r (scaled by 1 − the receptor's block).
  void add(std::size_t r, std::size_t i, double w) {
    channel& c = channels_[r];
    c.decay_part[i] += w * c.gain;
    if (c.has_rise) c.rise_part[i] += w * c.gain;
  }

  // Pharmacological block of receptor r (spec/interventions.hpp: AP5 on "nmda", bicuculline on "gaba_a"):
  // spikes arriving while a fraction f [0, 1] is blocked add (1 − f) of their weight; what is already open decays
  // as before.
  double block(std::size_t r) const { return channels_[r].block; }
  void set_block(std::size_t r, double fraction) {
    channel& c = channels_[r];
    c.block = fraction;
    c.gain = c.norm * (1.0 - fraction);
  }

  // Spikes of weight factor·w[s] at neuron post[s] on receptor r, for the synapses s in [begin, end): one event's
  // delivery (synapse/projection.cpp), the same arithmetic as add() per synapse.
  template <class Index>
  void add_all(std::size_t r, Index post, const double* w, double factor, std::uint32_t begin, std::uint32_t end) {
    channel& c = channels_[r];
    double* decay_part = c.decay_part.data();
    const double gain = c.gain;  // norm × (1 − block)
    for (std::uint32_t s = begin; s < end; ++s) decay_part[post[s]] += factor * w[s] * gain;
    if (c.has_rise) {
      double* rise_part = c.rise_part.data();
      for (std::uint32_t s = begin; s < end; ++s) rise_part[post[s]] += factor * w[s] * gain;
    }
  }

  synaptic_drive drive(std::size_t i, double v) const {
    synaptic_drive d;
    for (const channel& c : channels_) {
      if (c.is_delta) continue;  // no current: a jump of v (jump_all)
      double s = c.decay_part[i];
      if (c.has_rise) s -= c.rise_part[i];
      if (c.is_current) {
        if (weighted_) s = c.decay_part[i] * c.decay_weight - (c.has_rise ? c.rise_part[i] * c.rise_weight : 0.0);
        d.i += s;
      } else {
        if (c.mg_block) s *= mg_block(v, c.mg);
        d.g += s;
        d.g_e += s * c.e_rev;
      }
    }
    return d;
  }

  // Drive of all n neurons at once, channel by channel (vectorizable): g, g_e, i as in synaptic_drive.
  void drive_all(const double* v, double* g, double* g_e, double* i, std::size_t n) const {
    for (std::size_t k = 0; k < n; ++k) g[k] = g_e[k] = i[k] = 0.0;
    for (const channel& c : channels_) {
      if (c.is_delta) continue;  // no current: a jump of v (jump_all)
      const double* a = c.decay_part.data();
      const double* b = c.has_rise ? c.rise_part.data() : zeros(n);
      const double e = c.e_rev, mg_factor = c.mg / 3.57;
      if (c.is_current && weighted_) {
        const double wa = c.decay_weight, wb = c.rise_weight;
        for (std::size_t k = 0; k < n; ++k) i[k] += a[k] * wa - b[k] * wb;
      } else if (c.is_current) {
        for (std::size_t k = 0; k < n; ++k) i[k] += a[k] - b[k];
      } else if (c.mg_block) {
        for (std::size_t k = 0; k < n; ++k) {
          const double s = (a[k] - b[k]) / (1.0 + mg_factor * fast_exp(-0.062 * v[k]));
          g[k] += s;
          g_e[k] += s * e;
        }
      } else {
        for (std::size_t k = 0; k < n; ++k) {
          const double s = a[k] - b[k];
          g[k] += s;
          g_e[k] += s * e;
        }
      }
    }
  }

  // Weights of the current receptors' parts in the drive: weight(τ) for the part decaying with time constant τ
  // [ms] (tau_decay, and tau_rise for the rising part), until cleared. A neuron model whose integration is exact
  // for currents decaying within the step sets them before each step (neuron/lif.hpp, method exact).
  template <class Weight>
  void set_current_weights(Weight&& weight) {
    for (std::size_t r = 0; r < channels_.size(); ++r) {
      channel& c = channels_[r];
      if (!c.is_current) continue;
      c.decay_weight = weight(receptors_[r].tau_decay);
      c.rise_weight = c.has_rise ? weight(receptors_[r].tau_rise) : 0.0;
    }
    weighted_ = true;
  }
  void clear_current_weights() { weighted_ = false; }

  // Whether a receptor is of kind delta, and the summed pending voltage jump [mV] of the delta receptors of all n
  // neurons: the weights of the spikes that arrived since the neurons' last integration step.
  bool has_delta() const { return has_delta_; }
  void jump_all(double* jump, std::size_t n) const {
    for (std::size_t k = 0; k < n; ++k) jump[k] = 0.0;
    for (const channel& c : channels_) {
      if (!c.is_delta) continue;
      const double* a = c.decay_part.data();
      for (std::size_t k = 0; k < n; ++k) jump[k] += a[k];
    }
  }

  // Current value of receptor r at neuron i (conductance before Mg block [nS], current [pA], or pending jump
  // [mV]).
  double value(std::size_t r, std::size_t i) const {
    const channel& c = channels_[r];
    return c.decay_part[i] - (c.has_rise ? c.rise_part[i] : 0.0);
  }

  // The state columns of receptor r, one value per neuron: its decaying part and its rising part (empty without a
  // rise time); value() is their difference. For the finite guard (sim/finite_guard.hpp).
  std::array<std::span<const double>, 2> columns(std::size_t r) const {
    const channel& c = channels_[r];
    return {std::span<const double>(c.decay_part), c.has_rise ? std::span<const double>(c.rise_part) : std::span<const double>()};
  }

  // Sets receptor r of neuron i to a value (initial conditions); with a rise time, as if the value were the
  // decaying part alone (no rising part pending).
  void set_value(std::size_t r, std::size_t i, double value) {
    channel& c = channels_[r];
    c.decay_part[i] = value;
    if (c.has_rise) c.rise_part[i] = 0.0;
  }

  // Exact exponential decay over one step of dt [ms]; call once per step after integration. Delta receptors are
  // cleared (their jump was applied in the step).
  void decay(double dt);
  void resize(std::size_t n);

  // The receptor side of a population's one pass over its neurons (neuron/neuron_population.hpp): calls
  // f(drive) once, where drive.at(k, v) is the synaptic_drive of neuron k at voltage v (the same arithmetic as
  // drive_all), drive.jump(k) the pending voltage jump of neuron k from its delta receptors [mV] (jump_all; used
  // only if the compile-time drive.has_jump) and drive.decay(k) advances neuron k's receptors by one step of dt
  // [ms] (as decay(dt)). f must call at(k, ·) and jump(k) before decay(k), for each of the n neurons once. With
  // one to three conductance receptors without rise time or Mg block (COBA), both read and write the receptor
  // columns inside f's loop (one pass over the memory, vectorizable: the receptor count is a template argument;
  // no jump); otherwise the drive of all n neurons is computed first (drive_all, and jump_all if there are delta
  // receptors, into scratch columns) and the decay runs after f.
  // with_drive on parts of the neurons, on several threads (neuron_population::update_part): ready_for_parts (one
  // thread, before the parts) sets the step's decay factors and says whether the receptors allow it — one to three
  // conductance receptors without rise time or Mg block, whose drive reads and decays each neuron's own columns
  // inside f's loop; with_drive_part(f) then calls f(drive) as with_drive does, for any range of neurons.
  bool ready_for_parts(double dt) {
    set_decay_factors(dt);
    return plain_conductances() > 0;
  }
  template <class F>
  void with_drive_part(F&& f) {
    switch (plain_conductances()) {
      case 1: return f(conductance_drive<1>(channels_));
      case 2: return f(conductance_drive<2>(channels_));
      case 3: return f(conductance_drive<3>(channels_));
      default: return;
    }
  }
  template <class F>
  void with_drive(const double* v, std::size_t n, double dt, F&& f) {
    set_decay_factors(dt);
    switch (plain_conductances()) {
      case 1: return f(conductance_drive<1>(channels_));
      case 2: return f(conductance_drive<2>(channels_));
      case 3: return f(conductance_drive<3>(channels_));
      default: break;
    }
    scratch_g_.resize(n);
    scratch_ge_.resize(n);
    scratch_i_.resize(n);
    drive_all(v, scratch_g_.data(), scratch_ge_.data(), scratch_i_.data(), n);
    if (has_delta_) {
      scratch_jump_.resize(n);
      jump_all(scratch_jump_.data(), n);
      f(buffered_drive<true>{scratch_g_.data(), scratch_ge_.data(), scratch_i_.data(), scratch_jump_.data()});
    } else {
      f(buffered_drive<false>{scratch_g_.data(), scratch_ge_.data(), scratch_i_.data(), nullptr});
    }
    decay(dt);
  }

 private:
  struct channel {
    std::vector<double> decay_part, rise_part;
    double norm = 1.0, gain = 1.0, block = 0.0, decay_factor = 1.0, rise_factor = 1.0, e_rev = 0.0, mg = 1.0;
    double decay_weight = 1.0, rise_weight = 1.0;  // current receptors' weights in the drive when weighted_
    bool has_rise = false, is_current = false, is_delta = false, mg_block = false;
    double dt_cached = -1.0;
  };
  // The drive of with_drive from N conductance channels without rise time or Mg block.
  template <std::size_t N>
  struct conductance_drive {
    std::array<double*, N> x;                 // the channels' state (decay_part) [nS]
    std::array<double, N> e_rev, factor;      // [mV], decay factor per step
    static constexpr bool has_jump = false;   // no delta receptors
    static constexpr double jump(std::size_t) { return 0.0; }
    explicit conductance_drive(std::vector<channel>& channels) {
      for (std::size_t r = 0; r < N; ++r) {
        x[r] = channels[r].decay_part.data();
        e_rev[r] = channels[r].e_rev;
        factor[r] = channels[r].decay_factor;
      }
    }
    synaptic_drive at(std::size_t k, double) const {
      synaptic_drive d;
      for (std::size_t r = 0; r < N; ++r) {
        const double s = x[r][k];
        d.g += s;
        d.g_e += s * e_rev[r];
      }
      return d;
    }
    void decay(std::size_t k) const {
      for (std::size_t r = 0; r < N; ++r) x[r][k] *= factor[r];
    }
  };
  // The drive of with_drive precomputed by drive_all (and jump_all if Jumps); the decay is done after the pass.
  template <bool Jumps>
  struct buffered_drive {
    const double *g, *g_e, *i, *v_jump;  // [nS], [pA], [pA], [mV] (null without Jumps)
    static constexpr bool has_jump = Jumps;
    synaptic_drive at(std::size_t k, double) const { return {g[k], g_e[k], i[k]}; }
    double jump(std::size_t k) const { return v_jump[k]; }
    void decay(std::size_t) const {}
  };
  // Number of channels if all are conductances without rise time and Mg block, else 0.
  std::size_t plain_conductances() const {
    for (const channel& c : channels_)
      if (c.is_current || c.is_delta || c.has_rise || c.mg_block) return 0;
    return channels_.size();
  }
  void set_decay_factors(double dt);
  const double* zeros(std::size_t n) const {
    if (zeros_.size() < n) zeros_.assign(n, 0.0);
    return zeros_.data();
  }
  mutable std::vector<double> zeros_;  // stands in for the rise part of channels without one
  std::vector<double> scratch_g_, scratch_ge_, scratch_i_;  // with_drive's drive columns [nS], [pA], [pA]
  std::vector<double> scratch_jump_;                         // with_drive's jump column [mV]
  bool has_delta_ = false;                                   // a receptor is of kind delta
  bool weighted_ = false;                                    // current receptors' parts weighted in the drive
  std::vector<receptor_params> receptors_;
  std::vector<channel> channels_;
};

}  // namespace plastix
