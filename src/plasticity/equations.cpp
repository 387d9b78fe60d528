// A plasticity rule written as equations (spec/rules/equations.hpp, docs/equations.md): the host side. Its hot loops
// are generated as C++ (equations_codegen.hpp), compiled and cached (jit/compiler.hpp) when the rule is built; this
// class gathers each kernel's inputs (traces from the projection's shared trace banks, exactly as the built-in rules
// read them; the post neuron's state; signals) and calls it. Its pre and post traces are the projection's: they jump
// after all rules have seen an event, so statements read x(t−) as the built-ins do.
#include "plastix/plasticity/equations.hpp"

#include <algorithm>
#include <cmath>

#include "equations_codegen.hpp"
#include "plastix/core/random.hpp"
#include "plastix/core/thread_pool.hpp"
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
  enum class kind { value, time, signal, trace, post_state, w_min, w_max };
  kind what = kind::value;
  double value = 0.0;              // value: a constant, a decay factor or an event-driven variable's tau
  const double* signal = nullptr;  // signal; post_state: the post population's column (one value per neuron)
  std::size_t trace = 0;           // trace: handle in its side's bank
  double jump = 1.0;               // trace: the bank's trace times this
  bool pre = true;                 // trace: side
};

// What a kernel call needs for a moment: its scalars, the per-synapse inputs gathered for it and the state columns
// offset to its synapses. Every call overwrites what it uses, so nothing carries from one call to the next.
struct kernel_scratch {
  std::vector<double> scalars, gathered;
  std::vector<double*> per_k, syn_at;
  std::vector<std::uint32_t> ids;  // on_post: the synapse ids of the fan-in (decoded from the transposed index)
};

// The scratch of on_pre and on_post: one per thread, so that the parts of a projection split by target (threads
// inside a run, synapse/rule.hpp) run the rule at once without sharing it. It holds one event's synapses (a fan-out
// or a fan-in), not the projection's: the steps over every synapse (run_all) use the rule's own.
kernel_scratch& event_scratch() {
  thread_local kernel_scratch s;
  return s;
}

class equations_rule final : public plasticity_rule {
 public:
  equations_rule(const equations_params& p, rule_context& ctx) : p_(p), model_(equations_model(p)) {
    const equations::rule_spec& r = p_.rule;
    projection& proj = ctx.proj;
    for (const equations::quantity_def& q : r.synapse)
      state_.push_back(std::make_unique<per_synapse<double>>(*this, proj.size(), q.value));
    if (!r.event_driven.empty())  // the time of each synapse's last event [ms]
      state_.push_back(std::make_unique<per_synapse<double>>(*this, proj.size(), 0.0));
    draw_initial_values(proj, ctx.seed);
    for (const equations::trace_def& t : r.traces)
      handles_.push_back(t.pre ? proj.pre_traces().add(t.tau, t.mode) : proj.post_traces().add(t.tau, t.mode));

    const equations::generated_rule g = equations::generate(r);
    lib_ = jit::load(g.source, "rule '" + r.label + "'");
    pre_ = bind(g.on_pre, "plx_on_pre", r, ctx);
    post_ = bind(g.on_post, "plx_on_post", r, ctx);
    step_ = bind(g.on_step, "plx_on_step", r, ctx);
    tick_ = bind(g.on_tick, "plx_on_tick", r, ctx);
    point_at_columns();
    for (const bound_kernel* k : {&step_, &tick_})
      for (const input& in : k->per_k_inputs)
        if (in.what != input::kind::post_state)
          throw error(r.equations.where, "rule '" + r.label + "': a synapse ODE and on_tick may read the post "
                                         "neuron's state but not the traces");
  }

  const char* name() const override { return p_.rule.label.c_str(); }
  // on_pre writes the event's synapses and reads the post traces and the post neurons' state; on_post writes the
  // synapses onto its neuron and reads the pre traces; both read constants and signals only, with the scratch of
  // their thread (event_scratch): a projection may be split by target (synapse/rule.hpp).
  bool splits_by_target() const override { return true; }
  bool acts_on_step() const override { return step_.used; }  // the synapses' ODEs
  // Its declaration with its state, by name (make_rule gives it as model(): monitors record the state by name).
  const model_info& declaration() const { return model_; }
  // The per-synapse columns are rule_spec::synapse, in order.
  std::string column_name(std::size_t k) const {
    return k < p_.rule.synapse.size() ? p_.rule.synapse[k].name : k < state_.size() ? "t_last" : "";
  }

  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    if (!pre_.used) return;
    const std::size_t n = ev.end - ev.begin;
    kernel_scratch& sc = event_scratch();
    fill_scalars(sc, pre_, proj, ctx, proj.pre_trace_entry(ev.pre, ev.slot), 0);
    double* const* per_k = gather(sc, pre_, n, [&](const input& in, double* out) {
      proj.post_index().visit([&](auto post) {
        if (in.what == input::kind::post_state) {
          for (std::size_t k = 0; k < n; ++k) out[k] = in.signal[post[ev.begin + k]];
        } else {
          proj.post_traces().read(in.trace, ctx.step, ctx.dt).read_all(n, [&](std::size_t k) { return post[ev.begin + k]; }, out);
          if (in.jump != 1.0) for (std::size_t k = 0; k < n; ++k) out[k] *= in.jump;
        }
      });
    });
    sc.syn_at.resize(syn_.size());
    for (std::size_t j = 0; j < syn_.size(); ++j) sc.syn_at[j] = syn_[j] + ev.begin;
    pre_.fn(proj.weights().data() + ev.begin, sc.syn_at.data(), per_k, sc.scalars.data(), nullptr, n);
  }

  void on_post(projection& proj, std::uint32_t i, const step_context& ctx) override {
    if (!post_.used) return;
    const auto synapses = proj.incoming(i);
    const std::size_t n = synapses.size();
    kernel_scratch& sc = event_scratch();
    fill_scalars(sc, post_, proj, ctx, 0, i);
    double* const* per_k = gather(sc, post_, n, [&](const input& in, double* out) {
      const auto x = proj.pre_traces().read(in.trace, ctx.step, ctx.dt);
      const auto slots = proj.incoming_slots(i);
      synapses.visit([&](auto fan_in) {
        if (slots.empty()) x.read_all(n, [&](std::size_t k) { return fan_in.pre(k); }, out);
        else x.read_all(n, [&](std::size_t k) { return proj.pre_trace_entry(fan_in.pre(k), slots[k]); }, out);
      });
      if (in.jump != 1.0) for (std::size_t k = 0; k < n; ++k) out[k] *= in.jump;
    });
    sc.ids.resize(n);
    synapses.visit([&](auto fan_in) {
      for (std::size_t k = 0; k < n; ++k) sc.ids[k] = fan_in.synapse(k);
    });
    post_.fn(proj.weights().data(), syn_.data(), per_k, sc.scalars.data(), sc.ids.data(), n);
  }

  void on_step(projection& proj, const step_context& ctx) override { run_all(step_, proj, ctx); }

  // on_tick, every `tick` (step 7 of the time step, and in slow mode as every rule's on_slow).
  void on_slow(projection& proj, const step_context& ctx) override { run_all(tick_, proj, ctx); }
  double slow_interval() const override { return tick_.used ? p_.rule.tick : 0.0; }

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
    if (var < r.synapse.size()) {
      const std::string& n = r.synapse[var].name;
      if (std::find(r.event_driven.begin(), r.event_driven.end(), n) == r.event_driven.end()) return (*state_[var])[i];
      const auto o = std::find_if(r.odes.begin(), r.odes.end(), [&](const auto& x) { return x.target == n; });
      return (*state_[var])[i] * std::exp(-(ctx.time() - (*state_.back())[i]) / o->tau);  // as of now
    }
    const std::size_t t = var - r.synapse.size();
    const double x = r.traces[t].pre ? proj.pre_trace_at(handles_[t], i, ctx.step, ctx.dt)
                                     : proj.post_trace_at(handles_[t], i, ctx.step, ctx.dt);
    return x * r.traces[t].jump;
  }

  // The per-synapse columns move when synapses are rewired or a checkpoint is loaded: the kernels' pointers follow.
  void on_rewire(projection& proj, rewire_map old_id_of_new, const step_context& ctx) override {
    plasticity_rule::on_rewire(proj, old_id_of_new, ctx);
    if (!p_.rule.event_driven.empty())  // a new synapse's event-driven variables start now
      for (std::size_t s = 0; s < old_id_of_new.size(); ++s)
        if (old_id_of_new[s] == new_synapse) (*state_.back())[s] = ctx.time();
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
      if (equations::reads_post_neuron(r, n)) {
        in.what = input::kind::post_state;
        in.signal = post_column(ctx.proj.post(), n.substr(0, n.size() - 5), r);
      }
      if (n.rfind("decay:", 0) == 0)
        for (const auto& o : r.odes)
          if (o.target == n.substr(6)) in.value = std::exp(-ctx.dt / o.tau);
      if (n.rfind("tau:", 0) == 0)
        for (const auto& o : r.odes)
          if (o.target == n.substr(4)) in.value = o.tau;
      return in;
    };
    for (const std::string& n : layout.scalars) k.scalar_inputs.push_back(resolve(n));
    for (const std::string& n : layout.per_k) k.per_k_inputs.push_back(resolve(n));
    return k;
  }

  // The kernel's scalars; `entry` (the pre trace entry) at a pre spike, `post` at a post spike.
  static void fill_scalars(kernel_scratch& sc, const bound_kernel& k, projection& proj, const step_context& ctx,
                           std::size_t entry, std::uint32_t post) {
    sc.scalars.resize(k.scalar_inputs.size());
    for (std::size_t i = 0; i < k.scalar_inputs.size(); ++i) {
      const input& in = k.scalar_inputs[i];
      switch (in.what) {
        case input::kind::value:
        case input::kind::w_min:
        case input::kind::w_max: sc.scalars[i] = in.value; break;
        case input::kind::time: sc.scalars[i] = ctx.time(); break;
        case input::kind::signal: sc.scalars[i] = *in.signal; break;
        case input::kind::post_state: sc.scalars[i] = in.signal[post]; break;
        case input::kind::trace:
          sc.scalars[i] = (in.pre ? proj.pre_traces().value(in.trace, entry, ctx.step, ctx.dt)
                                   : proj.post_traces().value(in.trace, post, ctx.step, ctx.dt)) * in.jump;
          break;
      }
    }
  }

  // Per-synapse inputs of n synapses, each filled by fill(input, out).
  template <class Fill>
  static double* const* gather(kernel_scratch& sc, const bound_kernel& k, std::size_t n, Fill&& fill) {
    const std::size_t m = k.per_k_inputs.size();
    if (m == 0) return nullptr;
    if (sc.gathered.size() < m * n) sc.gathered.resize(m * n);
    sc.per_k.resize(m);
    for (std::size_t j = 0; j < m; ++j) {
      sc.per_k[j] = sc.gathered.data() + j * n;
      fill(k.per_k_inputs[j], sc.per_k[j]);
    }
    return sc.per_k.data();
  }

  // Every synapse at once (the step's ODEs, on_tick): the post neuron's state gathered per synapse. On the run's
  // threads (ctx.pool), a block of synapses each: a synapse's update reads and writes only its own values (and the
  // scalars), so the blocks give the bits of one pass.
  void run_all(bound_kernel& k, projection& proj, const step_context& ctx) {
    if (!k.used) return;
    const std::size_t n = proj.size(), m = k.per_k_inputs.size();
    kernel_scratch& sc = whole_;
    fill_scalars(sc, k, proj, ctx, 0, 0);
    if (sc.gathered.size() < m * n) sc.gathered.resize(m * n);
    double* const w = proj.weights().data();
    run_blocks(ctx.pool, n, n, [&](std::size_t lo, std::size_t hi) {
      std::vector<double*> per_k(m), syn(syn_.size());
      for (std::size_t j = 0; j < m; ++j) {
        double* const out = sc.gathered.data() + j * n;
        per_k[j] = out + lo;
        const input& in = k.per_k_inputs[j];
        proj.post_index().visit([&](auto post) {
          for (std::size_t s = lo; s < hi; ++s) out[s] = in.signal[post[s]];
        });
      }
      for (std::size_t i = 0; i < syn.size(); ++i) syn[i] = syn_[i] + lo;
      k.fn(w + lo, syn.data(), m ? per_k.data() : nullptr, sc.scalars.data(), nullptr, hi - lo);
    });
  }

  // The post population's column of state variable `name` (one value per neuron, in coherent internal units).
  static const double* post_column(const population& post, const std::string& name, const equations::rule_spec& r) {
    std::vector<population::state_column> columns;
    post.state_columns(columns);
    const int id = post.variable_id(name);
    for (const auto& c : columns)
      if (id >= 0 && c.variable == static_cast<std::size_t>(id)) return c.values.data();
    throw error(r.where, "rule '" + r.label + "' reads " + name + "_post, but population '" + post.name() +
                             "' has no state variable '" + name + "'");
  }

  // Per-synapse state drawn from a distribution: for the synapse from pre neuron j to post neuron i (its m-th such
  // synapse), from the stream (plasticity, projection, j) at a block of positions keyed by the variable's name, i
  // and m: the same values whatever the storage order, the threads or the other variables.
  void draw_initial_values(const projection& proj, std::uint64_t seed) {
    const equations::rule_spec& r = p_.rule;
    std::vector<std::uint64_t> slots;  // 8 bits per variable from its name, distinct in declaration order
    for (const equations::quantity_def& q : r.synapse) {
      std::uint64_t slot = stream_object(q.name) & 0xFFu;
      while (std::find(slots.begin(), slots.end(), slot) != slots.end()) slot = (slot + 1) & 0xFFu;
      slots.push_back(slot);
    }
    const auto post = proj.post_index();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> row;  // (post, synapse)
    for (std::uint32_t j = 0; j < proj.pre().size(); ++j) {
      row.clear();
      for (std::uint32_t s = proj.row_begin(j); s < proj.row_end(j); ++s) row.emplace_back(post[s], s);
      std::stable_sort(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (std::size_t v = 0; v < r.synapse.size(); ++v) {
        if (!r.synapse[v].init) continue;
        std::uint64_t m = 0;
        for (std::size_t k = 0; k < row.size(); ++k) {
          m = k > 0 && row[k].first == row[k - 1].first ? m + 1 : 0;
          // 2^61 | slot·2^53 | i·2^20 | m·2^10: 1024 blocks per value, below the positions other rules use (2^62).
          const std::uint64_t position = (std::uint64_t{1} << 61) | (slots[v] << 53) |
                                         (std::uint64_t{row[k].first} << 20) | ((m & 0x3FFu) << 10);
          random_stream rs(seed, {purpose::plasticity, proj.stream_object(), j}, position);
          (*state_[v])[row[k].second] = r.synapse[v].init->sample(rs);
        }
      }
    }
  }

  void point_at_columns() {
    syn_.clear();
    for (auto& s : state_) syn_.push_back(s->data());
  }

  equations_params p_;
  model_info model_;
  std::vector<std::unique_ptr<per_synapse<double>>> state_;
  std::vector<std::size_t> handles_;  // per trace (rule_spec::traces order)
  jit::library lib_;
  bound_kernel pre_, post_, step_, tick_;
  std::vector<double*> syn_;  // the per-synapse columns (state_ order)
  kernel_scratch whole_;      // run_all's scalars and gathered inputs (its blocks share them)
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
