// A plasticity rule written as equations (spec/rules/equations.hpp, docs/equations.md): the host side. Its hot loops
// are generated as C++ (equations_codegen.hpp), compiled and cached (jit/compiler.hpp) when the rule is built; this
// class gathers each kernel's inputs (traces from the projection's shared trace banks, exactly as the built-in rules
// read them; v_post; signals) and calls it. Its pre and post traces are the projection's: they jump after all rules
// have seen an event, so statements read x(t−) as the built-ins do.
#include "plastix/plasticity/equations.hpp"

#include <cmath>

#include "equations_codegen.hpp"
#include "plastix/jit/compiler.hpp"
#include "plastix/spec/rule_state.hpp"
#include "plastix/synapse/projection.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/rule_context.hpp"

namespace plastix {

namespace {

using kernel_fn = void (*)(double*, double* const*, const double* const*, const double*, const std::uint32_t*,
                           std::size_t);

// Where a kernel input comes from.
struct input {
  enum class kind { value, time, signal, trace, v_post, w_min, w_max };
  kind what = kind::value;
  double value = 0.0;              // value: a constant or a decay factor
  const double* signal = nullptr;  // signal
  std::size_t trace = 0;           // trace: handle in its side's bank
  double jump = 1.0;               // trace: the bank's trace times this
  bool pre = true;                 // trace: side
};

class equations_rule final : public plasticity_rule {
 public:
  equations_rule(const equations_params& p, rule_context& ctx) : p_(p), model_(equations_model(p)) {
    const equations::rule_spec& r = p_.rule;
    projection& proj = ctx.proj;
    for (const equations::quantity_def& q : r.synapse)
      state_.push_back(std::make_unique<per_synapse<double>>(*this, proj.size(), q.value));
    for (const equations::trace_def& t : r.traces)
      handles_.push_back(t.pre ? proj.pre_traces().add(t.tau, t.mode) : proj.post_traces().add(t.tau, t.mode));
    // v_post: the post population's "v" column.
    std::vector<population::state_column> columns;
    proj.post().state_columns(columns);
    const int v = proj.post().variable_id("v");
    for (const auto& c : columns)
      if (v >= 0 && c.variable == static_cast<std::size_t>(v)) v_post_ = c.values.data();

    const equations::generated_rule g = equations::generate(r);
    lib_ = jit::load(g.source, "rule '" + r.label + "'");
    pre_ = bind(g.on_pre, "plx_on_pre", r, ctx);
    post_ = bind(g.on_post, "plx_on_post", r, ctx);
    step_ = bind(g.on_step, "plx_on_step", r, ctx);
    point_at_columns();
    if (step_.used && !step_.per_k_inputs.empty() &&
        (step_.per_k_inputs.size() > 1 || step_.per_k_inputs[0].what != input::kind::v_post))
      throw error(r.equations.where, "rule '" + r.label + "': a synapse ODE may read v_post but not the traces");
  }

  const char* name() const override { return p_.rule.label.c_str(); }
  // Its declaration with its state, by name (make_rule gives it as model(): monitors record the state by name).
  const model_info& declaration() const { return model_; }
  // The per-synapse columns are rule_spec::synapse, in order.
  std::string column_name(std::size_t k) const { return k < p_.rule.synapse.size() ? p_.rule.synapse[k].name : ""; }

  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    if (!pre_.used) return;
    const std::size_t n = ev.end - ev.begin;
    fill_scalars(pre_, proj, ctx, proj.pre_trace_entry(ev.pre, ev.slot), 0);
    double* const* per_k = gather(pre_, n, [&](const input& in, double* out) {
      proj.post_index().visit([&](auto post) {
        if (in.what == input::kind::v_post) {
          for (std::size_t k = 0; k < n; ++k) out[k] = v_post_[post[ev.begin + k]];
        } else {
          proj.post_traces().read(in.trace, ctx.step, ctx.dt).read_all(n, [&](std::size_t k) { return post[ev.begin + k]; }, out);
          if (in.jump != 1.0) for (std::size_t k = 0; k < n; ++k) out[k] *= in.jump;
        }
      });
    });
    offset_syn(ev.begin);
    pre_.fn(proj.weights().data() + ev.begin, syn_at_.data(), per_k, scalars_.data(), nullptr, n);
  }

  void on_post(projection& proj, std::uint32_t i, const step_context& ctx) override {
    if (!post_.used) return;
    const auto synapses = proj.incoming(i);
    const std::size_t n = synapses.size();
    fill_scalars(post_, proj, ctx, 0, i);
    double* const* per_k = gather(post_, n, [&](const input& in, double* out) {
      const auto x = proj.pre_traces().read(in.trace, ctx.step, ctx.dt);
      const auto slots = proj.incoming_slots(i);
      proj.incoming_pre(i).visit([&](auto pres) {
        if (slots.empty()) x.read_all(n, [&](std::size_t k) { return pres[k]; }, out);
        else x.read_all(n, [&](std::size_t k) { return proj.pre_trace_entry(pres[k], slots[k]); }, out);
      });
      if (in.jump != 1.0) for (std::size_t k = 0; k < n; ++k) out[k] *= in.jump;
    });
    post_.fn(proj.weights().data(), syn_.data(), per_k, scalars_.data(), synapses.data(), n);
  }

  void on_step(projection& proj, const step_context& ctx) override {
    if (!step_.used) return;
    const std::size_t n = proj.size();
    fill_scalars(step_, proj, ctx, 0, 0);
    double* const* per_k = gather(step_, n, [&](const input&, double* out) {
      proj.post_index().visit([&](auto post) {
        for (std::size_t k = 0; k < n; ++k) out[k] = v_post_[post[k]];
      });
    });
    step_.fn(proj.weights().data(), syn_.data(), per_k, scalars_.data(), nullptr, n);
  }

  // State: the per-synapse variables, then the traces, by name.
  int state_index(std::string_view name) const override {
    const equations::rule_spec& r = p_.rule;
    for (std::size_t i = 0; i < r.synapse.size(); ++i)
      if (r.synapse[i].name == name) return static_cast<int>(i);
    for (std::size_t i = 0; i < r.traces.size(); ++i)
      if (r.traces[i].name == name) return static_cast<int>(r.synapse.size() + i);
    return -1;
  }
  double state_value(const projection& proj, std::size_t var, std::uint32_t i, const step_context& ctx) const override {
    const equations::rule_spec& r = p_.rule;
    if (var < r.synapse.size()) return (*state_[var])[i];
    const std::size_t t = var - r.synapse.size();
    const double x = r.traces[t].pre ? proj.pre_trace_at(handles_[t], i, ctx.step, ctx.dt)
                                     : proj.post_trace_at(handles_[t], i, ctx.step, ctx.dt);
    return x * r.traces[t].jump;
  }

  // The per-synapse columns move when synapses are rewired or a checkpoint is loaded: the kernels' pointers follow.
  void on_rewire(projection& proj, rewire_map old_id_of_new, const step_context& ctx) override {
    plasticity_rule::on_rewire(proj, old_id_of_new, ctx);
    point_at_columns();
  }
  // Checkpoints (rule.hpp): the per-synapse variables (the traces are the projection's banks).
  void visit_state(state_visitor& v) override {
    visit_columns(v);
    point_at_columns();
  }

 private:
  struct bound_kernel {
    kernel_fn fn = nullptr;
    bool used = false;
    std::vector<input> scalar_inputs, per_k_inputs;
  };

  bound_kernel bind(const equations::kernel_layout& layout, const char* symbol, const equations::rule_spec& r,
                    rule_context& ctx) {
    bound_kernel k;
    k.used = layout.used;
    k.fn = reinterpret_cast<kernel_fn>(lib_.symbol(symbol));
    const auto resolve = [&](const std::string& n) {
      input in;
      for (const auto& c : r.constants)
        if (c.name == n) in.value = c.value;
      for (std::size_t t = 0; t < r.traces.size(); ++t)
        if (r.traces[t].name == n) {
          in.what = input::kind::trace;
          in.trace = handles_[t];
          in.jump = r.traces[t].jump;
          in.pre = r.traces[t].pre;
        }
      for (const std::string& s : r.signals)
        if (s == n) {
          in.what = input::kind::signal;
          in.signal = ctx.sig.read(s);
        }
      if (n == "t") in.what = input::kind::time;
      if (n == "dt") in.value = ctx.dt;
      if (n == "w_min:") in = {input::kind::w_min, r.w_min.value_or(-INFINITY)};
      if (n == "w_max:") in = {input::kind::w_max, r.w_max.value_or(INFINITY)};
      if (n == "v_post") {
        in.what = input::kind::v_post;
        if (!v_post_)
          throw error(r.where, "rule '" + r.label + "' reads v_post, but population '" + ctx.proj.post().name() +
                                   "' has no membrane voltage v");
      }
      if (n.rfind("decay:", 0) == 0)
        for (const auto& o : r.odes)
          if (o.target == n.substr(6)) in.value = std::exp(-ctx.dt / o.tau);
      return in;
    };
    for (const std::string& n : layout.scalars) k.scalar_inputs.push_back(resolve(n));
    for (const std::string& n : layout.per_k) k.per_k_inputs.push_back(resolve(n));
    return k;
  }

  // The kernel's scalars; `entry` (the pre trace entry) at a pre spike, `post` at a post spike.
  void fill_scalars(const bound_kernel& k, projection& proj, const step_context& ctx, std::size_t entry,
                    std::uint32_t post) {
    scalars_.resize(k.scalar_inputs.size());
    for (std::size_t i = 0; i < k.scalar_inputs.size(); ++i) {
      const input& in = k.scalar_inputs[i];
      switch (in.what) {
        case input::kind::value:
        case input::kind::w_min:
        case input::kind::w_max: scalars_[i] = in.value; break;
        case input::kind::time: scalars_[i] = ctx.time(); break;
        case input::kind::signal: scalars_[i] = *in.signal; break;
        case input::kind::v_post: scalars_[i] = v_post_[post]; break;
        case input::kind::trace:
          scalars_[i] = (in.pre ? proj.pre_traces().value(in.trace, entry, ctx.step, ctx.dt)
                                : proj.post_traces().value(in.trace, post, ctx.step, ctx.dt)) * in.jump;
          break;
      }
    }
  }

  // Per-synapse inputs of n synapses, each filled by fill(input, out).
  template <class Fill>
  double* const* gather(const bound_kernel& k, std::size_t n, Fill&& fill) {
    const std::size_t m = k.per_k_inputs.size();
    if (m == 0) return nullptr;
    if (gathered_.size() < m * n) gathered_.resize(m * n);
    per_k_.resize(m);
    for (std::size_t j = 0; j < m; ++j) {
      per_k_[j] = gathered_.data() + j * n;
      fill(k.per_k_inputs[j], per_k_[j]);
    }
    return per_k_.data();
  }

  void point_at_columns() {
    syn_.clear();
    for (auto& s : state_) syn_.push_back(s->data());
  }

  void offset_syn(std::size_t begin) {
    syn_at_.resize(syn_.size());
    for (std::size_t j = 0; j < syn_.size(); ++j) syn_at_[j] = syn_[j] + begin;
  }

  equations_params p_;
  model_info model_;
  std::vector<std::unique_ptr<per_synapse<double>>> state_;
  std::vector<std::size_t> handles_;  // per trace (rule_spec::traces order)
  const double* v_post_ = nullptr;
  jit::library lib_;
  bound_kernel pre_, post_, step_;
  std::vector<double*> syn_, syn_at_;
  std::vector<double*> per_k_;
  std::vector<double> scalars_, gathered_;
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const equations_params& p, rule_context& ctx) {
  return std::make_unique<equations_rule>(p, ctx);
}

const model_info* equations_declaration(const plasticity_rule& rule) {
  const auto* e = dynamic_cast<const equations_rule*>(&rule);
  return e ? &e->declaration() : nullptr;
}

std::string equations_column_name(const plasticity_rule& rule, std::size_t k) {
  const auto* e = dynamic_cast<const equations_rule*>(&rule);
  return e ? e->column_name(k) : "";
}

}  // namespace plastix
