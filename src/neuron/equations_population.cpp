#include "plastix/neuron/equations_population.hpp"

#include <cmath>
#include <type_traits>

#include "equations_codegen.hpp"
#include "plastix/core/error.hpp"

namespace plastix {

equations_population::equations_population(std::string name, std::size_t n, std::uint32_t index,
                                           const equations_neuron_params& p, std::vector<receptor_params> receptors)
    : population(std::move(name), n, index), p_(p) {
  input_ = synaptic_input(std::move(receptors), n);
  i_ext_.assign(n, 0.0);
  const equations::neuron_spec& m = p_.model;
  for (const equations::quantity_def& q : m.state) state_.emplace_back(n, q.value);
  ref_until_.assign(n, 0);
  for (std::vector<double>* column : {&g_, &g_e_, &i_, &jump_}) column->assign(n, 0.0);
  fired_.resize(n);
  for (const equations::quantity_def& c : m.constants) scalars_.push_back(c.value);
  scalars_.resize(scalars_.size() + 2);  // t, dt: set at each step
  for (const receptor_params& r : input_.receptors())
    for (const equations::quantity_def& q : m.state)
      if (q.name == "g_" + r.name)
        throw error(m.where, "population '" + name_ + "': the state variable '" + q.name +
                                 "' has the name of the receptor '" + r.name + "''s conductance; rename it");
  lib_ = jit::load(equations::generate_neuron(m), "neuron model '" + m.label + "' of population '" + name_ + "'");
  step_ = reinterpret_cast<kernel>(lib_.symbol("plx_neuron_step"));
}

void equations_population::set_params(const equations_neuron_params& p) {
  for (std::size_t k = 0; k < p_.model.constants.size() && k < p.model.constants.size(); ++k)
    scalars_[k] = p.model.constants[k].value;
  p_ = p;
}

void equations_population::update(const step_context& ctx) {
  spikes_.clear();
  const std::size_t n = size_;
  // The receptors' drive at the voltage at the start of the step, and their decay over the step.
  input_.with_drive(state_[0].data(), n, ctx.dt, [&](const auto& drive) {
    using drive_type = std::decay_t<decltype(drive)>;
    const double* v = state_[0].data();
    double *g = g_.data(), *g_e = g_e_.data(), *i_syn = i_.data(), *jump = jump_.data();
    for (std::size_t i = 0; i < n; ++i) {
      const synaptic_drive d = drive.at(i, v[i]);
      g[i] = d.g;
      g_e[i] = d.g_e;
      i_syn[i] = d.i;
      if constexpr (drive_type::has_jump) jump[i] = drive.jump(i);
      drive.decay(i);
    }
  });
  scalars_[scalars_.size() - 2] = ctx.time();
  scalars_[scalars_.size() - 1] = ctx.dt;
  std::vector<double*> x;
  x.reserve(state_.size());
  for (std::vector<double>& column : state_) x.push_back(column.data());
  const double* in[] = {g_.data(), g_e_.data(), i_.data(), jump_.data(), i_ext_.data()};
  const std::int64_t ref_steps = std::llround(p_.t_ref / ctx.dt);
  const std::size_t count =
      step_(x.data(), in, ref_until_.data(), scalars_.data(), ctx.step, ref_steps, fired_.data(), n);
  spikes_.assign(fired_.begin(), fired_.begin() + static_cast<std::ptrdiff_t>(count));
}

double equations_population::sample(int id, std::size_t i) const {
  const int n_state = static_cast<int>(state_.size());
  if (id >= 0 && id < n_state) return state_[static_cast<std::size_t>(id)][i];
  return population::sample(id - n_state, i);
}

void equations_population::set_state(int id, std::size_t i, double value) {
  const int n_state = static_cast<int>(state_.size());
  if (id >= 0 && id < n_state) {
    state_[static_cast<std::size_t>(id)][i] = value;
    return;
  }
  population::set_state(id - n_state, i, value);
}

void equations_population::state_columns(std::vector<state_column>& out) const {
  for (std::size_t k = 0; k < state_.size(); ++k) out.push_back({k, state_[k]});
  input_columns(state_.size(), out);
}

std::string equations_population::unit_of(const std::string& name) const {
  for (const equations::quantity_def& q : p_.model.state)
    if (q.name == name) return to_string(q.dim);
  return population::unit_of(name);
}

void equations_population::visit_model_state(state_visitor& v) {
  for (std::size_t k = 0; k < state_.size(); ++k) v.fixed(p_.model.state[k].name, state_[k]);
  v.fixed("ref_until", ref_until_);
}

std::vector<std::string> equations_population::state_variables() const {
  std::vector<std::string> names;
  for (const equations::quantity_def& q : p_.model.state) names.push_back(q.name);
  return names;
}

}  // namespace plastix
