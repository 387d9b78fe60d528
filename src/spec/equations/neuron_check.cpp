// Checks of a neuron model written as equations (spec/equations/neuron_spec.hpp): names, dimensions, the place of v,
// the threshold and the resets, and the linear split of each ODE that exponential Euler integrates. Every error
// names the file, line and column of the expression.
#include <algorithm>

#include "plastix/core/suggest.hpp"
#include "plastix/spec/equations/neuron_spec.hpp"

namespace plastix::equations {

namespace {

const char* const time_name = "t";
// Inside the linear split only: I_syn at v = 0 (g_e + i), so that I_syn = _I_syn_0 − g_syn·v.
const char* const synaptic_current_at_zero = "_I_syn_0";

const quantity_def* find(const std::vector<quantity_def>& list, const std::string& n) {
  for (const quantity_def& q : list)
    if (q.name == n) return &q;
  return nullptr;
}

name_scope scope_of(const neuron_spec& n) {
  name_scope s;
  s.dim_of = [&n](const std::string& name) { return dims_of_name(n, name); };
  s.constant_of = [&n](const std::string& name) -> std::optional<double> {
    if (const quantity_def* q = find(n.constants, name)) return q->value;
    return std::nullopt;
  };
  s.names = {time_name, neuron_synaptic_current, neuron_synaptic_conductance, neuron_external_current};
  for (const auto* list : {&n.constants, &n.state})
    for (const quantity_def& q : *list) s.names.push_back(q.name);
  for (std::string_view u : unit_names()) s.names.emplace_back(u);
  return s;
}

void check_names(neuron_spec& n) {
  std::vector<std::string> seen;
  for (const auto* list : {&n.constants, &n.state})
    for (const quantity_def& q : *list) {
      const bool reserved = q.name == time_name || q.name == "dt" || q.name == neuron_synaptic_current ||
                            q.name == neuron_synaptic_conductance || q.name == neuron_external_current ||
                            q.name == "i_ext" || q.name == "ref_until" || unit_named(q.name).has_value();
      bool function = false;
      for (const function_info& f : functions()) function = function || q.name == f.name;
      if (reserved || function)
        throw error(q.where, "'" + q.name + "' is " +
                                 (function ? std::string("a function")
                                           : "a name plastix keeps (t, dt, I_syn, g_syn, I_ext, i_ext, ref_until, units)") +
                                 "; give the variable another name");
      if (std::find(seen.begin(), seen.end(), q.name) != seen.end())
        throw error(q.where, "'" + q.name + "' is declared twice (constants and state share one namespace)");
      seen.push_back(q.name);
    }
  const auto v = std::find_if(n.state.begin(), n.state.end(), [](const quantity_def& q) { return q.name == "v"; });
  if (v == n.state.end())
    throw error(n.where, "a neuron model written as equations needs the membrane voltage v among its state, e.g. "
                         "state = { v = \"-70 mV\" } (receptors, delta jumps, clamps and rules read it)");
  if (v->dim != dims::voltage())
    throw error(v->where, "v is the membrane voltage: give it in mV (e.g. \"-70 mV\"), not in " + to_string(v->dim));
  std::rotate(n.state.begin(), v, v + 1);  // v is state column 0, as in every built-in model
}

// Helpers that build expressions for the linear split.
expr node(expr::kind k, std::vector<expr> args, text_pos p) {
  expr e;
  e.type = k;
  e.args = std::move(args);
  e.pos = p;
  return e;
}
expr name_node(const std::string& n, text_pos p) {
  expr e;
  e.type = expr::kind::name;
  e.name = n;
  e.pos = p;
  return e;
}
expr number_node(double v, text_pos p) {
  expr e;
  e.value = v;
  e.pos = p;
  return e;
}

bool depends_on(const expr& e, const std::string& x) {
  if (e.type == expr::kind::name && (e.name == x || (x == "v" && e.name == neuron_synaptic_current))) return true;
  return std::any_of(e.args.begin(), e.args.end(), [&](const expr& a) { return depends_on(a, x); });
}

// e = rest + coef·x, each nullopt when zero; nullopt when e is not linear in x.
struct linear_parts {
  std::optional<expr> coef, rest;
};
std::optional<linear_parts> split(const expr& e, const std::string& x) {
  using k = expr::kind;
  if (!depends_on(e, x)) return linear_parts{std::nullopt, e};
  const text_pos p = e.pos;
  const auto both = [&](const linear_parts& a, auto&& f) {
    linear_parts out;
    if (a.coef) out.coef = f(*a.coef);
    if (a.rest) out.rest = f(*a.rest);
    return out;
  };
  switch (e.type) {
    case k::name:
      if (e.name == x) return linear_parts{number_node(1.0, p), std::nullopt};
      // I_syn = _I_syn_0 − g_syn·v
      return linear_parts{node(k::negate, {name_node(neuron_synaptic_conductance, p)}, p),
                          name_node(synaptic_current_at_zero, p)};
    case k::negate: {
      auto a = split(e.args[0], x);
      if (!a) return std::nullopt;
      return both(*a, [&](const expr& y) { return node(k::negate, {y}, p); });
    }
    case k::add:
    case k::sub: {
      auto a = split(e.args[0], x), b = split(e.args[1], x);
      if (!a || !b) return std::nullopt;
      const auto combine = [&](const std::optional<expr>& l, const std::optional<expr>& r) -> std::optional<expr> {
        if (!r) return l;
        if (!l) return e.type == k::add ? *r : node(k::negate, {*r}, p);
        return node(e.type, {*l, *r}, p);
      };
      return linear_parts{combine(a->coef, b->coef), combine(a->rest, b->rest)};
    }
    case k::mul: {
      if (!depends_on(e.args[0], x)) {
        auto b = split(e.args[1], x);
        if (!b) return std::nullopt;
        return both(*b, [&](const expr& y) { return node(k::mul, {e.args[0], y}, p); });
      }
      if (!depends_on(e.args[1], x)) {
        auto a = split(e.args[0], x);
        if (!a) return std::nullopt;
        return both(*a, [&](const expr& y) { return node(k::mul, {y, e.args[1]}, p); });
      }
      return std::nullopt;
    }
    case k::div: {
      if (depends_on(e.args[1], x)) return std::nullopt;
      auto a = split(e.args[0], x);
      if (!a) return std::nullopt;
      return both(*a, [&](const expr& y) { return node(k::div, {y, e.args[1]}, p); });
    }
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<dims> dims_of_name(const neuron_spec& n, const std::string& name) {
  if (name == time_name) return dims::time();
  if (name == neuron_synaptic_current || name == neuron_external_current) return dims::current();
  if (name == neuron_synaptic_conductance) return dims::current() / dims::voltage();
  for (const auto* list : {&n.constants, &n.state})
    if (const quantity_def* q = find(*list, name)) return q->dim;
  return std::nullopt;
}

void analyse(neuron_spec& n) {
  check_names(n);
  n.odes.clear();
  n.resets.clear();
  const name_scope scope = scope_of(n);
  std::vector<std::string> state_names;
  for (const quantity_def& q : n.state) state_names.push_back(q.name);

  if (n.equations.text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw error(n.equations.where.line ? n.equations.where : n.where,
                "a neuron model written as equations needs its ODEs in `equations`, e.g. dv/dt = (e_l - v)/tau_m");
  for (const statement& s : parse_statements(n.equations, true)) {
    for (const neuron_ode& o : n.odes)
      if (o.target == s.target) throw n.equations.error_at(s.pos, "d" + s.target + "/dt is given twice");
    if (!find(n.state, s.target)) {
      if (dims_of_name(n, s.target))
        throw n.equations.error_at(s.pos, "d" + s.target + "/dt: '" + s.target +
                                              "' is not a state variable (declare it under state)");
      throw n.equations.error_at(s.pos, "d" + s.target + "/dt: '" + s.target + "' is not declared;" +
                                            suggestion(s.target, state_names));
    }
    check_statement_dims(n.equations, s, *dims_of_name(n, s.target), scope);
    neuron_ode o;
    o.target = s.target;
    o.rhs = s.value;
    if (n.method == neuron_method::exponential_euler)
      if (auto parts = split(s.value, s.target); parts && parts->coef) {
        o.linear = true;
        o.coef = *parts->coef;
        o.rest = parts->rest ? *parts->rest : number_node(0.0, s.value.pos);
      }
    n.odes.push_back(std::move(o));
  }

  if (n.threshold.text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw error(n.threshold.where.line ? n.threshold.where : n.where,
                "a neuron model written as equations needs a threshold condition, e.g. threshold = \"v > v_th\"");
  n.condition = parse_expression(n.threshold);
  using k = expr::kind;
  if (n.condition.type != k::less && n.condition.type != k::greater && n.condition.type != k::less_eq &&
      n.condition.type != k::greater_eq)
    throw n.threshold.error_at(expr_start(n.condition),
                               "the threshold is a comparison (<, >, <=, >=), e.g. v > v_th; a spike when it holds");
  infer_dims(n.threshold, n.condition, scope);

  for (statement& s : parse_statements(n.reset, false)) {
    if (!find(n.state, s.target)) {
      if (dims_of_name(n, s.target))
        throw n.reset.error_at(s.pos, "'" + s.target + "' cannot be set: a reset sets state variables (" +
                                          join_names(state_names) + ")");
      throw n.reset.error_at(s.pos, "unknown name '" + s.target + "';" + suggestion(s.target, state_names));
    }
    check_statement_dims(n.reset, s, *dims_of_name(n, s.target), scope);
    n.resets.push_back(std::move(s));
  }
}

}  // namespace plastix::equations
