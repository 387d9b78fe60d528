// A population of a neuron model written as equations (spec/neurons/equations.hpp, docs/equations.md): its state
// columns named by the model, its step compiled to native code at construction (neuron/equations_codegen.hpp,
// jit/compiler.hpp) and run in the built-in models' pass: the receptors' drive at the start of the step, the delta
// receptors' jump added to v, integration, refractoriness, threshold and reset, then the receptors' decay.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "plastix/jit/compiler.hpp"
#include "plastix/neuron/population.hpp"
#include "plastix/spec/neurons/equations.hpp"

namespace plastix {

class equations_population final : public population {
 public:
  // Compiles the model (or loads it from the cache); throws plastix::error in plain words when that fails.
  equations_population(std::string name, std::size_t n, std::uint32_t index, const equations_neuron_params& p,
                       std::vector<receptor_params> receptors);

  const char* model_name() const override { return equations_neuron_params::name; }
  const equations_neuron_params& params() const { return p_; }
  // New values of the constants and of t_ref from the next step on (a [[phase]] set; the same model otherwise,
  // checked by neuron_change_problem in spec/param_changes.hpp): the compiled step reads them at run time.
  void set_params(const equations_neuron_params& p);
  const jit::library& library() const { return lib_; }

  void update(const step_context& ctx) override;
  double sample(int id, std::size_t i) const override;
  void set_state(int id, std::size_t i, double value) override;
  void state_columns(std::vector<state_column>& out) const override;
  std::string unit_of(const std::string& name) const override;

 protected:
  void visit_model_state(state_visitor& v) override;
  std::vector<std::string> state_variables() const override;

 private:
  using kernel = std::size_t (*)(double* const*, const double* const*, std::int64_t*, const double*, std::int64_t,
                                 std::int64_t, std::uint32_t*, std::size_t);
  equations_neuron_params p_;
  std::vector<std::vector<double>> state_;  // one column per state variable, neuron_spec::state order (v first)
  std::vector<std::int64_t> ref_until_;     // first step at which the neuron integrates again
  std::vector<double> g_, g_e_, i_, jump_;  // this step's drive [nS], [pA], [pA] and delta jumps [mV]
  std::vector<double> scalars_;             // constants, t, dt
  std::vector<std::uint32_t> fired_;        // the kernel's spikes
  jit::library lib_;
  kernel step_ = nullptr;
};

}  // namespace plastix
