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

enum class kernel { pre, post, step };

// One kernel: loads what its statements read, runs them, stores what they write.
std::string emit(const rule_spec& r, kernel which, kernel_layout& layout) {
  const char* fname = which == kernel::pre ? "plx_on_pre" : which == kernel::post ? "plx_on_post" : "plx_on_step";
  std::set<std::string> read, written;
  std::string body;
  if (which == kernel::step) {
    for (const ode_def& o : r.odes) {
      names_in(o.rhs, read);
      read.insert(o.target);
      written.insert(o.target);
    }
    // Every derivative from the values before the step, then every update.
    for (const ode_def& o : r.odes)
      if (!o.exact_decay) body += "      const double d_" + o.target + " = " + code(r, o.rhs) + ";\n";
    for (const ode_def& o : r.odes) {
      if (o.exact_decay) {
        layout.scalars.push_back("decay:" + o.target);
        body += "      v_" + o.target + " = v_" + o.target + " * v_decay_" + o.target + ";\n";
      } else {
        read.insert("dt");
        body += "      v_" + o.target + " = v_" + o.target + " + v_dt * d_" + o.target + ";\n";
      }
    }
  } else {
    const auto& statements = which == kernel::pre ? r.pre_statements : r.post_statements;
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
  layout.used = !body.empty();
  std::string head, load, store;
  // Scalars: constants, t, dt, signals, own-side traces, v_post at a post spike.
  std::vector<std::string> scalars = layout.scalars;
  layout.scalars.clear();
  for (const std::string& n : read) {
    bool pre = false;
    const bool trace = is_trace(r, n, &pre);
    const bool scalar = is_constant(r, n) || n == "t" || n == "dt" ||
                        std::find(r.signals.begin(), r.signals.end(), n) != r.signals.end() ||
                        (trace && pre == (which == kernel::pre)) || (n == "v_post" && which == kernel::post);
    // v_post per synapse at a pre spike and in the step's ODEs (the host gathers it for both).
    const bool per_k = (trace && pre != (which == kernel::pre)) || (n == "v_post" && which != kernel::post);
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
  for (const std::string& n : scalars) {  // decay factors
    head += "  const double v_" + n.substr(6) .insert(0, "decay_") + " = sc[" + std::to_string(layout.scalars.size()) + "];\n";
    layout.scalars.push_back(n);
  }
  std::string loop = load + body + store;
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
  g.source += emit(r, kernel::step, g.on_step);
  return g;
}

}  // namespace plastix::equations
