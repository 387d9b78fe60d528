// The population type for membrane models: one template over the model policy (lif, adex, izhikevich).
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "plastix/neuron/population.hpp"

namespace plastix {

template <class Model>
class neuron_population final : public population {
 public:
  static constexpr std::size_t n_state = Model::state_names.size();

  neuron_population(std::string name, std::size_t n, std::uint32_t index, const typename Model::params& p,
                    std::vector<receptor_params> receptors)
      : population(std::move(name), n, index), p_(p) {
    input_ = synaptic_input(std::move(receptors), n);
    i_ext_.assign(n, 0.0);
    for (auto& col : state_) col.assign(n, 0.0);
    ref_until_.assign(n, 0);
    const auto c = columns();
    for (std::size_t i = 0; i < n; ++i) Model::init(p_, c, i);
  }

  const char* model_name() const override { return Model::name; }
  const typename Model::params& params() const { return p_; }

  void update(const step_context& ctx) override {
    const auto c = columns();
    const double dt = ctx.dt;
    const typename Model::params p = p_;  // a local copy: stores to the state cannot alias it
    const std::int64_t ref_steps = std::llround(Model::refractory(p) / dt);
    const std::int64_t step = ctx.step;
    const std::size_t n = size_;
    // Synaptic drive of every neuron at the voltage at the start of the step, one receptor at a time.
    drive_g_.resize(n);
    drive_ge_.resize(n);
    drive_i_.resize(n);
    input_.drive_all(c[0], drive_g_.data(), drive_ge_.data(), drive_i_.data(), n);
    const double* g = drive_g_.data();
    const double* ge = drive_ge_.data();
    const double* gi = drive_i_.data();
    const double* i_ext = i_ext_.data();
    const std::int64_t* ref_until = ref_until_.data();
    // Pass 1, branch-free so that it vectorizes: integrate every neuron, keep the old state of refractory ones.
    for (std::size_t i = 0; i < n; ++i) {
      std::array<double, n_state> old;
      for (std::size_t k = 0; k < n_state; ++k) old[k] = c[k][i];
      Model::integrate(p, c, i, {g[i], ge[i], gi[i]}, i_ext[i], dt);
      const bool refractory = step < ref_until[i];  // state held (v clamped at reset)
      for (std::size_t k = 0; k < n_state; ++k) c[k][i] = refractory ? old[k] : c[k][i];
    }
    // Pass 2: threshold and reset.
    spikes_.clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (Model::spiked(p, c, i) && step >= ref_until_[i]) {
        Model::reset(p, c, i);
        ref_until_[i] = step + ref_steps;
        spikes_.push_back(static_cast<std::uint32_t>(i));
      }
    }
    input_.decay(dt);
  }

  double sample(int id, std::size_t i) const override {
    if (id >= 0 && static_cast<std::size_t>(id) < n_state) return state_[static_cast<std::size_t>(id)][i];
    return population::sample(id - static_cast<int>(n_state), i);
  }
  void set_state(int id, std::size_t i, double value) override {
    if (id >= 0 && static_cast<std::size_t>(id) < n_state) {
      state_[static_cast<std::size_t>(id)][i] = value;
      return;
    }
    population::set_state(id - static_cast<int>(n_state), i, value);
  }

 protected:
  std::vector<std::string> state_variables() const override {
    return {Model::state_names.begin(), Model::state_names.end()};
  }

 private:
  typename Model::columns columns() {
    typename Model::columns c{};
    for (std::size_t k = 0; k < n_state; ++k) c[k] = state_[k].data();
    return c;
  }
  typename Model::params p_;
  std::array<std::vector<double>, n_state> state_;
  std::vector<std::int64_t> ref_until_;  // first step at which the neuron integrates again
  std::vector<double> drive_g_, drive_ge_, drive_i_;  // per-step scratch: synaptic drive [nS], [pA], [pA]
};

}  // namespace plastix
