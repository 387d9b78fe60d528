#include "plastix/neuron/population.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "plastix/core/error.hpp"

namespace plastix {

population::population(std::string name, std::size_t size, std::uint32_t index)
    : name_(std::move(name)), size_(size), index_(index) {}

// Variable ids: model state first, then one per receptor ("g_<name>"), then "i_ext" (neurons only).
std::vector<std::string> population::variables() const {
  std::vector<std::string> names = state_variables();
  for (const auto& r : input_.receptors()) names.push_back("g_" + r.name);
  if (!is_source()) names.push_back("i_ext");
  return names;
}

int population::variable_id(const std::string& name) const {
  const auto names = variables();
  for (std::size_t k = 0; k < names.size(); ++k)
    if (names[k] == name) return static_cast<int>(k);
  return -1;
}

std::string population::unit_of(const std::string& name) const {
  if (name == "v") return "mV";
  if (name == "w" || name == "z" || name == "i_ext") return "pA";
  if (name == "v_t") return "mV";
  if (name == "clamp") return "ms";
  if (name == "u") return "mV";
  if (name.rfind("g_", 0) == 0) {
    const int r = input_.find(name.substr(2));
    if (r >= 0) return receptor_unit(input_.receptor(static_cast<std::size_t>(r)).kind);
  }
  return "1";
}

// Base part: ids relative to the end of the model state.
double population::sample(int id, std::size_t neuron) const {
  const int n_receptors = static_cast<int>(input_.size());
  if (id >= 0 && id < n_receptors) return input_.value(static_cast<std::size_t>(id), neuron);
  if (id == n_receptors && !is_source()) return i_ext_[neuron];
  throw error("population '" + name_ + "': no variable with id " + std::to_string(id));
}

void population::input_columns(std::size_t first, std::vector<state_column>& out) const {
  for (std::size_t r = 0; r < input_.size(); ++r)
    for (std::span<const double> column : input_.columns(r))
      if (!column.empty()) out.push_back({first + r, column});
  if (!is_source()) out.push_back({first + input_.size(), i_ext_});
}

void population::set_state(int id, std::size_t neuron, double value) {
  if (id >= 0 && id < static_cast<int>(input_.size())) {
    input_.set_value(static_cast<std::size_t>(id), neuron, value);
    return;
  }
  if (id == static_cast<int>(input_.size()) && !is_source()) {
    i_ext_[neuron] = value;
    return;
  }
  throw error("population '" + name_ + "': this variable cannot be initialised");
}

void population::set_rate(std::span<const std::uint32_t>, double, const step_context&) {
  throw error("population '" + name_ + "' (" + model_name() + ") is not a spike source; a rate cannot be set");
}

void population::clear_rate(const step_context&) {}

void population::silence(std::uint32_t neuron, int delta) {
  if (silenced_.empty()) silenced_.assign(size_, 0);
  const int before = silenced_[neuron];
  silenced_[neuron] = std::max(0, before + delta);
  overrides_ += (silenced_[neuron] > 0) - (before > 0);
}

void population::set_clamp(std::uint32_t neuron, double v) {
  if (clamp_.empty()) {
    v_id_ = variable_id("v");
    if (v_id_ < 0) throw error("population '" + name_ + "' (" + model_name() + ") has no voltage v to clamp");
    clamp_.assign(size_, std::numeric_limits<double>::quiet_NaN());
  }
  const bool was = !std::isnan(clamp_[neuron]), is = !std::isnan(v);
  clamp_[neuron] = v;
  if (was == is) return;
  overrides_ += is ? 1 : -1;
  const auto at = std::lower_bound(clamped_.begin(), clamped_.end(), neuron);
  if (is) clamped_.insert(at, neuron);
  else clamped_.erase(at);
}

double population::clamp(std::uint32_t neuron) const {
  return clamp_.empty() ? std::numeric_limits<double>::quiet_NaN() : clamp_[neuron];
}

void population::apply_overrides() {
  if (!spikes_.empty()) {
    std::erase_if(spikes_, [&](std::uint32_t i) { return spikes_blocked(i); });
  }
  if (is_rate() && !silenced_.empty())
    for (std::uint32_t i = 0; i < size_; ++i)
      if (silenced_[i] > 0) silence_rate(i);
  for (std::uint32_t i : clamped_) set_state(v_id_, i, clamp_[i]);
}

}  // namespace plastix

namespace plastix {

void population::visit_state(state_visitor& v) {
  v.resizable("spikes", spikes_);
  v.fixed("i_ext", i_ext_);
  v.resizable("silenced", silenced_);  // empty until an intervention silences a neuron
  v.resizable("clamp", clamp_);
  v.resizable("clamped", clamped_);
  std::int32_t overrides = overrides_, v_id = v_id_;
  v.scalar("overrides", overrides);
  v.scalar("v_id", v_id);
  overrides_ = overrides;
  v_id_ = v_id;
  {
    const auto receptors = v.scope("receptors");
    input_.visit_state(v);
  }
  const auto model = v.scope("model");
  visit_model_state(v);
}

}  // namespace plastix
