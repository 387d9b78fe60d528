// Weight normalisation, Diehl & Cook 2015 (spec/rules/normalization.hpp).
#include "plastix/spec/rules/normalization.hpp"

#include "plastix/spec/experiment.hpp"
#include "plastix/synapse/projection.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/rule_context.hpp"

namespace plastix {

namespace {

class normalization_rule final : public plasticity_rule {
 public:
  normalization_rule(const normalization_params& p, projection& proj) : p_(p) { normalize(proj); }

  const char* name() const override { return normalization_params::name; }
  bool set_params(projection&, const rule_params& p, const step_context&) override {
    p_ = std::get<normalization_params>(p);
    return true;
  }
  double slow_interval() const override { return p_.interval; }
  // No event hooks: its projection splits by target among threads, and among MPI processes (each normalizes the
  // synapses onto its neurons; tests/parallel/mpi.py coba_stdp_normalization).
  bool splits_by_target() const override { return true; }
  bool acts_on_step() const override { return false; }
  void on_slow(projection& proj, const step_context& ctx) override { normalize(proj, ctx.pool); }
  void visit_state(state_visitor& v) override { visit_columns(v); }  // no state besides the weights

 private:
  // On the run's threads, a block of post neurons each: each neuron's sum is over the synapses onto it, in their
  // order, whichever thread adds them.
  void normalize(projection& proj, thread_pool* pool = nullptr) const {
    auto w = proj.weights();
    run_blocks(pool, proj.post().size(), proj.size(), [&](std::size_t from, std::size_t to) {
      for (auto i = static_cast<std::uint32_t>(from); i < to; ++i) {
        double sum = 0.0;
        for (std::uint32_t s : proj.incoming(i)) sum += w[s];
        if (!(sum > 0.0)) continue;
        const double factor = p_.total / sum;
        for (std::uint32_t s : proj.incoming(i)) w[s] *= factor;
      }
    });
  }
  normalization_params p_;
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const normalization_params& p, rule_context& ctx) {
  return std::make_unique<normalization_rule>(p, ctx.proj);
}

}  // namespace plastix
