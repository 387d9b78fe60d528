#include "plastix/plasticity/hebbian.hpp"

#include "plastix/synapse/rule_context.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "plastix/core/clock.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

// Exponential running average over dt toward the value s: a ← s + (a − s)·e^{−dt/τ}.
inline double relax(double a, double s, double decay) { return s + (a - s) * decay; }

// The weight-change terms. Each has dw(j, i, x, y, w) for the synapse from pre j to post i, begin(x, y) before the
// weights of an update and end(x, y, dt) after them (running averages).
struct hebb_term {
  explicit hebb_term(const hebb_params&) {}
  void set(const hebb_params&) {}
  void begin(std::span<const double>, std::span<const double>) {}
  double dw(std::uint32_t, std::uint32_t, double x, double y, double) const { return x * y; }
  void end(std::span<const double>, std::span<const double>, double) {}
  hebbian_state state() const { return {}; }
  void visit_state(state_visitor&) {}
  static int state_index(std::string_view) { return -1; }
  double state_value(std::size_t, std::uint32_t, std::span<const double>, std::span<const double>) const { return 0.0; }
};

struct oja_term {
  double alpha;
  explicit oja_term(const oja_params& p) : alpha(p.alpha) {}
  void set(const oja_params& p) { alpha = p.alpha; }
  void begin(std::span<const double>, std::span<const double>) {}
  double dw(std::uint32_t, std::uint32_t, double x, double y, double w) const { return y * (x - alpha * y * w); }
  void end(std::span<const double>, std::span<const double>, double) {}
  hebbian_state state() const { return {}; }
  void visit_state(state_visitor&) {}
  static int state_index(std::string_view) { return -1; }
  double state_value(std::size_t, std::uint32_t, std::span<const double>, std::span<const double>) const { return 0.0; }
};

struct bcm_term {
  double tau_theta, y0;
  std::vector<double> theta;  // per post neuron [1]
  explicit bcm_term(const bcm_params& p) : tau_theta(p.tau_theta), y0(p.y0) {}
  void set(const bcm_params& p) {  // θ carries on: from the next update it relaxes with the new τθ toward y²/y0
    tau_theta = p.tau_theta;
    y0 = p.y0;
  }
  void begin(std::span<const double>, std::span<const double> y) {
    if (theta.empty())
      for (double yi : y) theta.push_back(yi * yi / y0);
  }
  double dw(std::uint32_t, std::uint32_t i, double x, double y, double) const { return x * y * (y - theta[i]); }
  void end(std::span<const double>, std::span<const double> y, double dt) {
    const double decay = std::exp(-dt / tau_theta);
    for (std::size_t i = 0; i < theta.size(); ++i) theta[i] = relax(theta[i], y[i] * y[i] / y0, decay);
  }
  hebbian_state state() const { return {theta, {}, {}}; }
  void visit_state(state_visitor& v) { v.resizable("theta", theta); }  // empty before the first update
  // θ of post neuron i as of the last update (before the first one: the value it starts from, y²/y0).
  static int state_index(std::string_view name) { return name == "theta" ? 0 : -1; }
  double state_value(std::size_t, std::uint32_t i, std::span<const double>, std::span<const double> y) const {
    return theta.empty() ? y[i] * y[i] / y0 : theta[i];
  }
};

struct covariance_term {
  double tau_avg;
  std::vector<double> x_avg, y_avg;  // per pre, per post neuron [1]
  explicit covariance_term(const covariance_params& p) : tau_avg(p.tau_avg) {}
  void set(const covariance_params& p) { tau_avg = p.tau_avg; }  // ⟨x⟩, ⟨y⟩ carry on
  void begin(std::span<const double> x, std::span<const double> y) {
    if (x_avg.empty()) x_avg.assign(x.begin(), x.end());
    if (y_avg.empty()) y_avg.assign(y.begin(), y.end());
  }
  double dw(std::uint32_t j, std::uint32_t i, double x, double y, double) const {
    return (x - x_avg[j]) * (y - y_avg[i]);
  }
  void end(std::span<const double> x, std::span<const double> y, double dt) {
    const double decay = std::exp(-dt / tau_avg);
    for (std::size_t j = 0; j < x_avg.size(); ++j) x_avg[j] = relax(x_avg[j], x[j], decay);
    for (std::size_t i = 0; i < y_avg.size(); ++i) y_avg[i] = relax(y_avg[i], y[i], decay);
  }
  hebbian_state state() const { return {{}, x_avg, y_avg}; }
  void visit_state(state_visitor& v) {  // empty before the first update
    v.resizable("x_avg", x_avg);
    v.resizable("y_avg", y_avg);
  }
  // ⟨x⟩ of pre neuron j (var 0) or ⟨y⟩ of post neuron i (var 1) as of the last update (before the first one: the
  // rate itself, where the averages start).
  static int state_index(std::string_view name) { return name == "x_avg" ? 0 : name == "y_avg" ? 1 : -1; }
  double state_value(std::size_t var, std::uint32_t k, std::span<const double> x, std::span<const double> y) const {
    if (var == 0) return x_avg.empty() ? x[k] : x_avg[k];
    return y_avg.empty() ? y[k] : y_avg[k];
  }
};

class hebbian_rule_base : public plasticity_rule {
 public:
  virtual hebbian_state state() const = 0;
};

template <class Params, class Term>
class hebbian_rule final : public hebbian_rule_base {
 public:
  explicit hebbian_rule(const Params& p) : learning_(p.learning), term_(p) {}
  const char* name() const override { return Params::name; }
  hebbian_state state() const override { return term_.state(); }
  // The term's running averages (bcm θ; covariance ⟨x⟩, ⟨y⟩), which change only at the rule's updates.
  int state_index(std::string_view name) const override { return Term::state_index(name); }
  double state_value(const projection& proj, std::size_t var, std::uint32_t i, const step_context&) const override {
    return term_.state_value(var, i, proj.pre().rates(), proj.post().rates());
  }
  // Every key may change (spec/param_changes.cpp): the running averages carry on; the update period is computed
  // again at the next step, on the same global grid of steps as a rule started with it.
  bool set_params(projection&, const rule_params& p, const step_context&) override {
    const Params& q = std::get<Params>(p);
    learning_ = q.learning;
    term_.set(q);
    every_ = 0;
    return true;
  }

  void on_step(projection& proj, const step_context& ctx) override {
    if (every_ == 0) every_ = learning_.interval > 0.0 ? std::max<std::int64_t>(1, clock{ctx.dt}.steps(learning_.interval)) : 1;
    if ((ctx.step + 1) % every_ != 0) return;
    const double period = static_cast<double>(every_) * ctx.dt;  // [ms]
    const double rate = learning_.tau_w > 0.0 ? period / learning_.tau_w : learning_.eta;
    const std::span<const double> x = proj.pre().rates(), y = proj.post().rates();
    term_.begin(x, y);
    auto w = proj.weights();
    const auto post = proj.post_index();
    const double lo = learning_.w_min, hi = learning_.w_max;
    const auto n_pre = static_cast<std::uint32_t>(proj.pre().size());
    // On the run's threads, a block of pre neurons' rows each (every synapse's change is its own).
    run_blocks(ctx.pool, n_pre, proj.size(), [&](std::size_t from, std::size_t to) {
      for (auto j = static_cast<std::uint32_t>(from); j < to; ++j) {
        const double xj = x[j];
        for (std::uint32_t s = proj.row_begin(j); s < proj.row_end(j); ++s) {
          const std::uint32_t i = post[s];
          w[s] = std::clamp(w[s] + rate * term_.dw(j, i, xj, y[i], w[s]), lo, hi);
        }
      }
    });
    term_.end(x, y, period);
  }

 private:

 public:
  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);
    v.scalar("every", every_);
    term_.visit_state(v);
  }

 private:
  rate_learning learning_;
  Term term_;
  std::int64_t every_ = 0;  // update period [steps], set at the first step
};

template <class Params, class Term>
std::unique_ptr<plasticity_rule> make(const Params& p, projection& proj) {
  if (!proj.pre().is_rate() || !proj.post().is_rate())
    throw error(std::string("projection '") + proj.name() + "': rule '" + Params::name +
                "' needs rate populations on both sides");
  return std::make_unique<hebbian_rule<Params, Term>>(p);
}

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const hebb_params& p, rule_context& ctx) { return make<hebb_params, hebb_term>(p, ctx.proj); }
std::unique_ptr<plasticity_rule> build_rule(const oja_params& p, rule_context& ctx) { return make<oja_params, oja_term>(p, ctx.proj); }
std::unique_ptr<plasticity_rule> build_rule(const bcm_params& p, rule_context& ctx) { return make<bcm_params, bcm_term>(p, ctx.proj); }
std::unique_ptr<plasticity_rule> build_rule(const covariance_params& p, rule_context& ctx) {
  return make<covariance_params, covariance_term>(p, ctx.proj);
}

hebbian_state inspect_hebbian(const plasticity_rule& rule) {
  const auto* r = dynamic_cast<const hebbian_rule_base*>(&rule);
  if (!r) throw error(std::string("rule '") + rule.name() + "' is not a rate-based Hebbian rule");
  return r->state();
}

}  // namespace plastix
