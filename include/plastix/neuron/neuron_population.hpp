// The population type for membrane models: one template over the model policy (lif, adex, izhikevich).
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "plastix/core/wide_vectors.hpp"
#include "plastix/neuron/population.hpp"

namespace plastix {

template <class Model>
class neuron_population final : public population {
 public:
  static constexpr std::size_t n_state = Model::state_names.size();
  static_assert(std::string_view(Model::state_names[0]) == "v", "pass() adds delta jumps to state column 0, v");

  neuron_population(std::string name, std::size_t n, std::uint32_t index, const typename Model::params& p,
                    std::vector<receptor_params> receptors)
      : population(std::move(name), n, index), p_(p), wide_(cpu_has_avx512()) {
    input_ = synaptic_input(std::move(receptors), n);
    i_ext_.assign(n, 0.0);
    for (auto& col : state_) col.assign(n, 0.0);
    ref_until_.assign(n, 0);
    const auto c = columns();
    for (std::size_t i = 0; i < n; ++i) Model::init(p_, c, i);
  }

  const char* model_name() const override { return Model::name; }
  const typename Model::params& params() const { return p_; }
  // New parameters from this step on (a [[phase]] set, sim/param_changes.hpp): nothing is derived from them
  // beforehand (pass() reads them each step), so the population runs on exactly as if it had started with them.
  void set_params(const typename Model::params& p) { p_ = p; }
  // Whether the pass over the neurons runs in its AVX-512 form (core/wide_vectors.hpp): by default where the CPU
  // has it. Both forms give bitwise the same results; set_wide(false) forces the default form, set_wide(true) the
  // wide one where the CPU has it (returns whether it now runs wide).
  bool wide() const { return wide_; }
  bool set_wide(bool on) { return wide_ = on && cpu_has_avx512(); }

  // Steps 1–2 of simulation.cpp advance(): integrate, threshold, reset; the receptors decay over the step.
  void update(const step_context& ctx) override {
    spikes_.clear();
    if constexpr (requires(const typename Model::params& q, synaptic_input& in) { Model::prepare_input(q, in, 0.0); })
      Model::prepare_input(p_, input_, ctx.dt);
    if constexpr (has_methods) {
      update_by_method(ctx);
    } else {
      input_.with_drive(state_[0].data(), size_, ctx.dt,
                        [&](const auto& drive) { run_pass<0>(ctx, drive, 0, size_, spikes_); });
    }
  }
  // In parts (population.hpp): with plain conductance receptors (COBA), whose drive is per neuron.
  bool begin_update(const step_context& ctx) override {
    spikes_.clear();
    if constexpr (requires(const typename Model::params& q, synaptic_input& in) { Model::prepare_input(q, in, 0.0); })
      Model::prepare_input(p_, input_, ctx.dt);
    return input_.ready_for_parts(ctx.dt);
  }
  void update_part(const step_context& ctx, std::size_t begin, std::size_t end,
                   std::vector<std::uint32_t>& spikes) override {
    if constexpr (has_methods) {
      update_part_by_method(ctx, begin, end, spikes);
    } else {
      input_.with_drive_part([&](const auto& drive) { run_pass<0>(ctx, drive, begin, end, spikes); });
    }
  }

  double sample(int id, std::size_t i) const override {
    if (id >= 0 && static_cast<std::size_t>(id) < n_state) return state_[static_cast<std::size_t>(id)][i];
    return population::sample(id - static_cast<int>(n_state), i);
  }
  void state_columns(std::vector<state_column>& out) const override {
    for (std::size_t k = 0; k < n_state; ++k) out.push_back({k, state_[k]});
    input_columns(n_state, out);
  }
  void set_state(int id, std::size_t i, double value) override {
    if (id >= 0 && static_cast<std::size_t>(id) < n_state) {
      state_[static_cast<std::size_t>(id)][i] = value;
      return;
    }
    population::set_state(id - static_cast<int>(n_state), i, value);
  }

 protected:
  void visit_model_state(state_visitor& v) override {
    for (std::size_t k = 0; k < n_state; ++k) v.fixed(Model::state_names[k], state_[k]);
    v.fixed("ref_until", ref_until_);
  }
  std::vector<std::string> state_variables() const override {
    return {Model::state_names.begin(), Model::state_names.end()};
  }

 private:
  // A model with several integration methods lists them (Model::methods) and has integrate<method>; the
  // population compiles one pass per method and runs the one its parameters name.
  static constexpr bool has_methods = requires { Model::methods; };
  template <std::size_t K = 0>
  void update_by_method(const step_context& ctx) {
    constexpr auto method = Model::methods[K];
    if constexpr (K + 1 < Model::methods.size()) {
      if (p_.method != method) return update_by_method<K + 1>(ctx);
    }
    input_.with_drive(state_[0].data(), size_, ctx.dt,
                      [&](const auto& drive) { run_pass<method>(ctx, drive, 0, size_, spikes_); });
  }
  template <std::size_t K = 0>
  void update_part_by_method(const step_context& ctx, std::size_t begin, std::size_t end,
                             std::vector<std::uint32_t>& spikes) {
    constexpr auto method = Model::methods[K];
    if constexpr (K + 1 < Model::methods.size()) {
      if (p_.method != method) return update_part_by_method<K + 1>(ctx, begin, end, spikes);
    }
    input_.with_drive_part([&](const auto& drive) { run_pass<method>(ctx, drive, begin, end, spikes); });
  }
  template <auto Method>
  static void integrate(const typename Model::params& p, const typename Model::columns& c, std::size_t i,
                        const synaptic_drive& d, double i_ext, double dt) {
    if constexpr (has_methods) {
      Model::template integrate<Method>(p, c, i, d, i_ext, dt);
    } else {
      Model::integrate(p, c, i, d, i_ext, dt);
    }
  }

  // pass() is compiled twice (core/wide_vectors.hpp): pass_default with the project's flags, pass_wide with
  // AVX-512; run_pass runs the population's form.
  template <auto Method, class Drive>
  void run_pass(const step_context& ctx, const Drive& drive, std::size_t first, std::size_t last,
                std::vector<std::uint32_t>& spikes) {
    if (wide_) return pass_wide<Method>(ctx, drive, first, last, spikes);
    pass_default<Method>(ctx, drive, first, last, spikes);
  }
  template <auto Method, class Drive>
  [[gnu::noinline]] void pass_default(const step_context& ctx, const Drive& drive, std::size_t first,
                                      std::size_t last, std::vector<std::uint32_t>& spikes) {
    pass<Method>(ctx, drive, first, last, spikes);
  }
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  template <auto Method, class Drive>
  [[gnu::noinline, gnu::target("avx512f,avx512cd,avx512bw,avx512dq,avx512vl,prefer-vector-width=512")]]
  void pass_wide(const step_context& ctx, const Drive& drive, std::size_t first, std::size_t last,
                 std::vector<std::uint32_t>& spikes) {
    pass<Method>(ctx, drive, first, last, spikes);
  }
#else
  template <auto Method, class Drive>  // never run: wide_ stays false (cpu_has_avx512)
  void pass_wide(const step_context& ctx, const Drive& drive, std::size_t first, std::size_t last,
                 std::vector<std::uint32_t>& spikes) {
    pass<Method>(ctx, drive, first, last, spikes);
  }
#endif
  // One pass over the neurons, block by block, so that every array is streamed once: for each neuron the
  // synaptic drive at the voltage at the start of the step, the voltage jump of its delta receptors (added to v,
  // state column 0 of every model, before the integration, which then starts from v + jump; Drive::has_jump is
  // false when the population has no delta receptor, so that nothing is done for it), the integration (a
  // refractory neuron keeps its old state: v clamped at reset, and a jump during refractoriness is lost, as in
  // NEST), the threshold test and the decay of its receptors over the step. This part is
  // branch-free so that it vectorizes; the reset of a neuron that crossed the threshold runs after its block,
  // which is rare (a block of 64 neurons has a spike in ~10 % of the steps of COBA at 18 Hz). Neurons are
  // independent within a step, so this is the same as integrating all, then testing all, then decaying all.
  // Neurons [first, last) (all of them, or a thread's part), their spikes appended to `spikes`.
  template <auto Method, class Drive>
  [[gnu::always_inline]] void pass(const step_context& ctx, const Drive& drive_columns, std::size_t first,
                                   std::size_t last, std::vector<std::uint32_t>& spikes) {
    // Local copies, which stores to the state cannot alias (so they stay in registers).
    const Drive drive = drive_columns;
    const auto c = columns();
    const typename Model::params p = p_;
    const double dt = ctx.dt;
    const std::int64_t ref_steps = std::llround(Model::refractory(p) / dt);
    const std::int64_t step = ctx.step;
    const std::size_t n = last;
    const double* i_ext = i_ext_.data();
    std::int64_t* ref_until = ref_until_.data();
    constexpr std::size_t block = 64;
    for (std::size_t begin = first; begin < n; begin += block) {
      const std::size_t end = std::min(n, begin + block);
      std::size_t crossed = 0;  // neurons of the block that crossed the threshold outside refractoriness
#pragma GCC ivdep  // the state, receptor and input columns are distinct arrays
      for (std::size_t i = begin; i < end; ++i) {
        std::array<double, n_state> old;
        for (std::size_t k = 0; k < n_state; ++k) old[k] = c[k][i];
        if constexpr (Drive::has_jump) c[0][i] += drive.jump(i);  // delta receptors [mV]
        integrate<Method>(p, c, i, drive.at(i, old[0]), i_ext[i], dt);
        const bool refractory = step < ref_until[i];
        for (std::size_t k = 0; k < n_state; ++k) c[k][i] = refractory ? old[k] : c[k][i];
        crossed += Model::spiked(p, c, i) & !refractory;
        drive.decay(i);
      }
      if (crossed == 0) continue;
      for (std::size_t i = begin; i < end; ++i) {
        if (Model::spiked(p, c, i) && step >= ref_until[i]) {
          Model::reset(p, c, i);
          ref_until[i] = step + ref_steps;
          spikes.push_back(static_cast<std::uint32_t>(i));
        }
      }
    }
  }
  typename Model::columns columns() {
    typename Model::columns c{};
    for (std::size_t k = 0; k < n_state; ++k) c[k] = state_[k].data();
    return c;
  }
  typename Model::params p_;
  std::array<std::vector<double>, n_state> state_;
  std::vector<std::int64_t> ref_until_;  // first step at which the neuron integrates again
  bool wide_ = false;                     // the pass runs in its AVX-512 form
};

}  // namespace plastix
