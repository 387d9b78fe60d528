#include "plastix/neuron/receptors.hpp"

#include <algorithm>

#include "plastix/core/error.hpp"

namespace plastix {

synaptic_input::synaptic_input(std::vector<receptor_params> receptors, std::size_t n) : receptors_(std::move(receptors)) {
  channels_.resize(receptors_.size());
  for (std::size_t r = 0; r < receptors_.size(); ++r) {
    const receptor_params& p = receptors_[r];
    channel& c = channels_[r];
    c.is_current = p.kind == receptor_kind::current;
    c.is_delta = p.kind == receptor_kind::delta;
    has_delta_ = has_delta_ || c.is_delta;
    c.mg_block = p.mg_block;
    c.mg = p.mg;
    c.e_rev = p.e_rev;
    c.has_rise = !c.is_delta && p.tau_rise > 0.0;
    if (c.has_rise) {
      // Difference of exponentials e^{-t/τd} − e^{-t/τr}, scaled so its peak is 1.
      const double td = p.tau_decay, tr = p.tau_rise;
      const double t_peak = td * tr / (td - tr) * std::log(td / tr);
      c.norm = 1.0 / (std::exp(-t_peak / td) - std::exp(-t_peak / tr));
    }
    c.gain = c.norm;
  }
  resize(n);
}

int synaptic_input::find(const std::string& name) const {
  for (std::size_t r = 0; r < receptors_.size(); ++r)
    if (receptors_[r].name == name) return static_cast<int>(r);
  return -1;
}

void synaptic_input::resize(std::size_t n) {
  for (channel& c : channels_) {
    c.decay_part.resize(n, 0.0);
    if (c.has_rise) c.rise_part.resize(n, 0.0);
  }
}

void synaptic_input::set_decay_factors(double dt) {
  for (std::size_t r = 0; r < channels_.size(); ++r) {
    channel& c = channels_[r];
    if (c.dt_cached != dt) {
      c.decay_factor = c.is_delta ? 0.0 : std::exp(-dt / receptors_[r].tau_decay);  // a delta lasts one step
      c.rise_factor = c.has_rise ? std::exp(-dt / receptors_[r].tau_rise) : 0.0;
      c.dt_cached = dt;
    }
  }
}

void synaptic_input::decay(double dt) {
  set_decay_factors(dt);
  for (channel& c : channels_) {
    if (c.is_delta) {
      std::fill(c.decay_part.begin(), c.decay_part.end(), 0.0);  // the jump was applied in this step
      continue;
    }
    const double fd = c.decay_factor;
    for (double& x : c.decay_part) x *= fd;
    if (c.has_rise) {
      const double fr = c.rise_factor;
      for (double& x : c.rise_part) x *= fr;
    }
  }
}

}  // namespace plastix

namespace plastix {

void synaptic_input::visit_state(state_visitor& v) {
  for (std::size_t r = 0; r < channels_.size(); ++r) {
    channel& c = channels_[r];
    const auto s = v.scope(receptors_[r].name);
    v.fixed("decay_part", c.decay_part);
    v.fixed("rise_part", c.rise_part);
    double block = c.block;
    v.scalar("block", block);
    if (v.loading()) set_block(r, block);
  }
}

}  // namespace plastix
