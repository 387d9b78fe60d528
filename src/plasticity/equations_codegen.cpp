#include "equations_codegen.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "plastix/spec/equations/cxx.hpp"

namespace plastix::equations {

namespace {

void names_in(const expr& e, std::set<std::string>& out) {
  if (e.type == expr::kind::name) out.insert(e.name);
  for (const expr& a : e.args) names_in(a, out);
}

bool is_trace(const rule_spec& r, const std::string& n, bool* pre = nullptr) {
  for (const trace_def& t : r.traces)
    if (t.name == n) {
      if (pre) *pre = t.pre;
      return true;
    }
  return false;
}
bool is_constant(const rule_spec& r, const std::string& n) {
  return std::any_of(r.constants.begin(), r.constants.end(), [&](const quantity_def& q) { return q.name == n; });
}
int synapse_index(const rule_spec& r, const std::string& n) {
  for (std::size_t i = 0; i < r.synapse.size(); ++i)
    if (r.synapse[i].name == n) return static_cast<int>(i);
  return -1;
}

// C++ of an expression; names are the kernel's locals v_<name>, units their factor (spec/equations/cxx.hpp).
std::string code(const rule_spec& r, const expr& e) {
  return cxx_expression(e, [&](const std::string& n) {
    return dims_of_name(r, n) && !unit_named(n) ? "v_" + n : std::string();
  });
}

enum class kernel { pre, post, step, tick };

// One kernel: loads what its statements read, runs them, stores what they write.
std::string emit(const rule_spec& r, kernel which, kernel_layout& layout) {
  const char* fname = which == kernel::pre    ? "plx_on_pre"
                      : which == kernel::post ? "plx_on_post"
                      : which == kernel::step ? "plx_on_step"
                                              : "plx_on_tick";
  std::set<std::string> read, written;
  std::string body;
  std::vector<std::string> decays;
  if (which == kernel::step) {
    for (const ode_def& o : r.odes) {
      if (o.event_driven) continue;
      names_in(o.rhs, read);
      read.insert(o.target);
      written.insert(o.target);
    }
    // Every derivative from the values before the step, then every update.
    for (const ode_def& o : r.odes)
      if (!o.exact_decay && !o.event_driven)
        body += "      const double d_" + o.target + " = " + code(r, o.rhs) + ";\n";
    for (const ode_def& o : r.odes) {
      if (o.event_driven) continue;
      if (o.exact_decay) {
        decays.push_back("decay:" + o.target);
        body += "      v_" + o.target + " = v_" + o.target + " * v_decay_" + o.target + ";\n";
      } else {
        read.insert("dt");
        body += "      v_" + o.target + " = v_" + o.target + " + v_dt * d_" + o.target + ";\n";
      }
    }
  } else {
    const auto& statements = which == kernel::pre    ? r.pre_statements
                             : which == kernel::post ? r.post_statements
                                                     : r.tick_statements;
    for (const statement& s : statements) {
      names_in(s.value, read);
      read.insert(s.target);
      written.insert(s.target);
      const std::string x = "v_" + s.target, v = code(r, s.value);
      switch (s.what) {
        case statement::op::assign: body += "      " + x + " = " + v + ";\n"; break;
        case statement::op::add: body += "      " + x + " = " + x + " + " + v + ";\n"; break;
        case statement::op::sub: body += "      " + x + " = " + x + " - " + v + ";\n"; break;
        case statement::op::mul: body += "      " + x + " = " + x + " * " + v + ";\n"; break;
        case statement::op::ode: break;
      }
    }
    if (written.count("w") && (r.w_min || r.w_max)) {
      read.insert("w_min:");
      body += "      v_w = plx_clip(v_w, v_w_min_, v_w_max_);\n";
    }
  }
  // Event-driven variables: all brought from the synapse's last event to t before the statements, when any is used.
  std::string catch_up;
  const bool event_driven =
      which != kernel::step && std::any_of(r.event_driven.begin(), r.event_driven.end(),
                                           [&](const std::string& n) { return read.count(n) > 0; });
  if (event_driven) {
    read.insert("t");
    catch_up += "      const double elapsed_ = v_t - s_t_last_[s];\n";
    for (const std::string& n : r.event_driven) {
      read.insert(n);
      written.insert(n);
      catch_up += "      v_" + n + " = v_" + n + " * std::exp(-elapsed_ / v_tau_" + n + ");\n";
    }
    catch_up += "      s_t_last_[s] = v_t;\n";
  }
  layout.used = !body.empty();
  std::string head, load, store;
  layout.scalars.clear();
  for (const std::string& n : read) {
    bool pre = false;
    const bool trace = is_trace(r, n, &pre);
    const bool post_state = reads_post_neuron(r, n);
    const bool scalar = is_constant(r, n) || n == "t" || n == "dt" ||
                        std::find(r.signals.begin(), r.signals.end(), n) != r.signals.end() ||
                        (trace && pre == (which == kernel::pre)) || (post_state && which == kernel::post);
    // The post neuron's state per synapse at a pre spike, in the step's ODEs and at a tick (the host gathers it).
    const bool per_k = (trace && pre != (which == kernel::pre)) || (post_state && which != kernel::post);
    if (scalar) {
      head += "  const double v_" + n + " = sc[" + std::to_string(layout.scalars.size()) + "];\n";
      layout.scalars.push_back(n);
    } else if (per_k) {
      head += "  const double* __restrict k_" + n + " = per_k[" + std::to_string(layout.per_k.size()) + "];\n";
      load += "      const double v_" + n + " = k_" + n + "[k];\n";
      layout.per_k.push_back(n);
    } else if (n == "w_min:") {
      head += "  const double v_w_min_ = sc[" + std::to_string(layout.scalars.size()) + "];\n";
      layout.scalars.push_back("w_min:");
      head += "  const double v_w_max_ = sc[" + std::to_string(layout.scalars.size()) + "];\n";
      layout.scalars.push_back("w_max:");
    } else if (n == "w") {
      load += "      double v_w = w[s];\n";
      if (written.count(n)) store += "      w[s] = v_w;\n";
    } else if (int i = synapse_index(r, n); i >= 0) {
      head += "  double* __restrict s_" + n + " = syn[" + std::to_string(i) + "];\n";
      load += "      double v_" + n + " = s_" + n + "[s];\n";
      if (written.count(n)) store += "      s_" + n + "[s] = v_" + n + ";\n";
    }
  }
  for (const std::string& n : decays) {  // decay factors
    head += "  const double v_decay_" + n.substr(6) + " = sc[" + std::to_string(layout.scalars.size()) + "];\n";
    layout.scalars.push_back(n);
  }
  if (event_driven) {
    head += "  double* __restrict s_t_last_ = syn[" + std::to_string(r.synapse.size()) + "];\n";
    for (const std::string& n : r.event_driven) {
      head += "  const double v_tau_" + n + " = sc[" + std::to_string(layout.scalars.size()) + "];\n";
      layout.scalars.push_back("tau:" + n);
    }
  }
  std::string loop = load + catch_up + body + store;
  std::string out = std::string("extern \"C\" void ") + fname +
                    "(double* __restrict w, double* const* syn, const double* const* per_k, const double* sc, "
                    "const std::uint32_t* ids, std::size_t n) {\n" + head;
  out += "  if (ids) {\n    for (std::size_t k = 0; k < n; ++k) {\n      const std::size_t s = ids[k];\n" + loop +
         "    }\n  } else {\n    for (std::size_t k = 0; k < n; ++k) {\n      const std::size_t s = k;\n" + loop +
         "    }\n  }\n}\n";
  return out;
}

}  // namespace

generated_rule generate(const rule_spec& r) {
  generated_rule g;
  g.source =
      "// Generated by plastix from the rule '" + r.label +
      "' (docs/equations.md). Do not edit: it is compiled and cached by the hash of this text.\n"
      "#include <cmath>\n#include <cstddef>\n#include <cstdint>\n\n"
      "static inline double plx_clip(double x, double lo, double hi) { return x < lo ? lo : (hi < x ? hi : x); }\n"
      "static inline double plx_min(double a, double b) { return b < a ? b : a; }\n"
      "static inline double plx_max(double a, double b) { return a < b ? b : a; }\n\n";
  g.source += emit(r, kernel::pre, g.on_pre) + "\n";
  g.source += emit(r, kernel::post, g.on_post) + "\n";
  g.source += emit(r, kernel::step, g.on_step) + "\n";
  g.source += emit(r, kernel::tick, g.on_tick);
  return g;
}

}  // namespace plastix::equations
