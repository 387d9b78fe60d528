#include "plastix/neuron/population.hpp"

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
    if (r >= 0) return input_.receptor(static_cast<std::size_t>(r)).kind == receptor_kind::current ? "pA" : "nS";
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

}  // namespace plastix
