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
    const std::int64_t ref_steps = std::llround(Model::refractory(p_) / dt);
    spikes_.clear();
    // Synaptic drive of every neuron at the voltage at the start of the step, one receptor at a time.
    drive_g_.resize(size_);
    drive_ge_.resize(size_);
    drive_i_.resize(size_);
    input_.drive_all(c[0], drive_g_.data(), drive_ge_.data(), drive_i_.data(), size_);
    for (std::size_t i = 0; i < size_; ++i) {
      if (ctx.step < ref_until_[i]) continue;  // refractory: state held (v clamped at reset)
      Model::integrate(p_, c, i, {drive_g_[i], drive_ge_[i], drive_i_[i]}, i_ext_[i], dt);
      if (Model::spiked(p_, c, i)) {
        Model::reset(p_, c, i);
        ref_until_[i] = ctx.step + ref_steps;
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
