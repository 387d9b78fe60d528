// Checks of a rule written as equations (spec/equations/rule_spec.hpp): names, dimensions, what may be written
// where, and the form of trace dynamics. Every error names the file, line and column of the expression.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "plastix/core/suggest.hpp"
#include "plastix/spec/equations/dims_check.hpp"
#include "plastix/spec/equations/rule_spec.hpp"

namespace plastix::equations {

namespace {

const dims time_dim = dims::time();
// Names every rule may read beyond its own.
const char* const weight_name = "w";
const char* const time_name = "t";
const char* const post_voltage = "v_post";

// A named expression (`A = e` in `equations`, as Brian2's sub-expressions): checked where it is written, then put in
// place of its name in every ODE and statement that uses it (substitute), so that it is evaluated where it is used, as
// if its text were written there; the compiled code sees only the result. `value` has the named expressions it uses
// put in already.
struct named_expr {
  std::string name;
  expr value;
  dims dim;
};
using named_exprs = std::vector<named_expr>;

const named_expr* find_named(const named_exprs* named, const std::string& name) {
  if (named)
    for (const named_expr& x : *named)
      if (x.name == name) return &x;
  return nullptr;
}

// Every name of `named` in e replaced by its value.
void substitute(expr& e, const named_exprs& named) {
  if (e.type == expr::kind::name) {
    if (const named_expr* x = find_named(&named, e.name)) e = x->value;
    return;
  }
  for (expr& a : e.args) substitute(a, named);
}

std::vector<std::string> readable_names(const rule_spec& r, const named_exprs* named = nullptr) {
  std::vector<std::string> n = {weight_name, time_name, post_voltage};
  for (const auto* list : {&r.constants, &r.synapse, &r.pre, &r.post})
    for (const quantity_def& q : *list) n.push_back(q.name);
  for (const std::string& s : r.signals) n.push_back(s);
  for (const quantity_def& q : r.post_neuron)
    if (q.name != "v") n.push_back(q.name + "_post");
  if (named)
    for (const named_expr& x : *named) n.push_back(x.name);
  for (std::string_view u : unit_names()) n.emplace_back(u);
  return n;
}

text_pos start_of(const expr& e) { return expr_start(e); }

// The post neuron's state read as <name>_post (not v_post, always readable), or nullptr.
const quantity_def* post_neuron_state(const rule_spec& r, const std::string& name) {
  const std::string suffix = "_post";
  if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return nullptr;
  const std::string base = name.substr(0, name.size() - suffix.size());
  for (const quantity_def& q : r.post_neuron)
    if (q.name == base) return &q;
  return nullptr;
}

// The rule's names, and the named expressions known so far (nullptr: none) before them.
name_scope scope_of(const rule_spec& r, const named_exprs* named = nullptr) {
  name_scope s;
  s.dim_of = [&r, named](const std::string& n) -> std::optional<dims> {
    if (const named_expr* x = find_named(named, n)) return x->dim;
    return dims_of_name(r, n);
  };
  s.constant_of = [&r, named](const std::string& n) -> std::optional<double> {
    if (const named_expr* x = find_named(named, n)) return constant_value(x->value, scope_of(r));
    for (const quantity_def& q : r.constants)
      if (q.name == n) return q.value;
    return std::nullopt;
  };
  s.names = readable_names(r, named);
  return s;
}

// The dimension checks (spec/equations/dims_check.hpp) over the rule's names.
class checker {
 public:
  // named: the named expressions known so far (nullptr: none).
  checker(const rule_spec& r, const equation_text& t, const named_exprs* named = nullptr)
      : t_(t), scope_(scope_of(r, named)) {}

  [[noreturn]] void fail(text_pos p, const std::string& m) const { throw t_.error_at(p, m); }
  typed_dims infer(const expr& e) const { return infer_dims(t_, e, scope_); }
  // target (of dimension d) op value.
  void check_assignment(const statement& s, const dims& d) const { check_statement_dims(t_, s, d, scope_); }

 private:
  const equation_text& t_;
  name_scope scope_;
};

// The first name in e for which `pick` holds, or nullptr.
template <class Pick>
const expr* first_name_in(const expr& e, Pick&& pick) {
  if (e.type == expr::kind::name && pick(e.name)) return &e;
  for (const expr& a : e.args)
    if (const expr* f = first_name_in(a, pick)) return f;
  return nullptr;
}

// τ of −X/τ (or −(X/τ), (−X)/τ) with τ a constant; nullopt otherwise.
std::optional<double> decay_tau(const rule_spec& r, const expr& e, const std::string& x) {
  using k = expr::kind;
  const expr* div = nullptr;
  bool negated = false;
  if (e.type == k::negate && e.args[0].type == k::div) {
    div = &e.args[0];
    negated = true;
  } else if (e.type == k::div && e.args[0].type == k::negate) {
    div = &e;
  }
  if (!div) return std::nullopt;
  const expr& num = negated ? div->args[0] : div->args[0].args[0];
  if (num.type != k::name || num.name != x) return std::nullopt;
  const std::optional<double> tau = constant_value(r, div->args[1]);
  if (!tau || !(*tau > 0)) return std::nullopt;
  return tau;
}

// Every name node of e.
void name_nodes(const expr& e, std::vector<const expr*>& out) {
  if (e.type == expr::kind::name) out.push_back(&e);
  for (const expr& a : e.args) name_nodes(a, out);
}

// The named expressions among `lines` (x = e in `equations`), each checked and with those it uses put in, in an
// order where each comes after those it uses (one may be used on a line above its own). Their names must be new; a
// cycle is an error at the use that closes it, naming the whole cycle.
named_exprs resolve_named(const rule_spec& r, const std::vector<statement>& lines) {
  std::vector<const statement*> defs;
  const checker plain(r, r.equations);
  for (const statement& s : lines) {
    if (s.what != statement::op::assign) continue;
    bool function = s.target == "dt";
    for (const function_info& f : functions()) function = function || s.target == f.name;
    if (function || dims_of_name(r, s.target))
      plain.fail(s.pos, "'" + s.target + "' is already a name (a constant, a variable, a signal, w, t, v_post, dt, a "
                        "unit or a function); give the named expression a name of its own");
    for (const statement* d : defs)
      if (d->target == s.target) plain.fail(s.pos, "the named expression '" + s.target + "' is defined twice");
    defs.push_back(&s);
  }
  named_exprs named;
  const checker c(r, r.equations, &named);
  enum class mark { unseen, open, done };
  std::vector<mark> marks(defs.size(), mark::unseen);
  std::vector<std::size_t> path;
  const auto visit = [&](const auto& self, std::size_t i) -> void {
    marks[i] = mark::open;
    path.push_back(i);
    std::vector<const expr*> uses;
    name_nodes(defs[i]->value, uses);
    for (const expr* u : uses)
      for (std::size_t j = 0; j < defs.size(); ++j) {
        if (defs[j]->target != u->name) continue;
        if (marks[j] == mark::open) {
          std::string cycle;
          for (auto k = static_cast<std::size_t>(std::find(path.begin(), path.end(), j) - path.begin()); k < path.size(); ++k)
            cycle += defs[path[k]]->target + " → ";
          c.fail(u->pos, "the named expressions form a cycle: " + cycle + u->name +
                             "; each may use only others that do not use it");
        }
        if (marks[j] == mark::unseen) self(self, j);
      }
    path.pop_back();
    marks[i] = mark::done;
    named_expr x{defs[i]->target, defs[i]->value, c.infer(defs[i]->value).dim};
    substitute(x.value, named);
    named.push_back(std::move(x));
  };
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (marks[i] == mark::unseen) visit(visit, i);
  return named;
}

void check_names(const rule_spec& r) {
  std::vector<std::string> seen;
  const auto claim = [&](const std::string& n, const source_ref& where) {
    const bool reserved =
        n == weight_name || n == time_name || n == post_voltage || n == "dt" || unit_named(n).has_value();
    bool function = false;
    for (const function_info& f : functions()) function = function || n == f.name;
    if (reserved || function)
      throw error(where, "'" + n + "' is " + (function ? "a function" : "a name plastix keeps (w, t, dt, v_post, units)") +
                             "; give the variable another name");
    for (const std::string& s : seen)
      if (s == n) throw error(where, "'" + n + "' is declared twice (constants, synapse, pre, post and signals share one namespace)");
    seen.push_back(n);
  };
  for (const auto* list : {&r.constants, &r.synapse, &r.pre, &r.post})
    for (const quantity_def& q : *list) claim(q.name, q.where);
  for (const std::string& s : r.signals) claim(s, r.where);
  for (const auto* list : {&r.pre, &r.post})
    for (const quantity_def& q : *list)
      if (q.value != 0.0) throw error(q.where, "trace '" + q.name + "' starts at 0 (it is a per-neuron trace); give \"0\" with its unit");
}

}  // namespace

std::optional<dims> dims_of_name(const rule_spec& r, const std::string& name) {
  if (name == weight_name) return r.weight;
  if (name == time_name) return time_dim;
  if (name == post_voltage) return dims::voltage();
  for (const auto* list : {&r.constants, &r.synapse, &r.pre, &r.post})
    for (const quantity_def& q : *list)
      if (q.name == name) return q.dim;
  for (const std::string& s : r.signals)
    if (s == name) return dims::concentration();
  if (auto u = unit_named(name)) return u->dim;
  if (const quantity_def* q = post_neuron_state(r, name)) return q->dim;
  return std::nullopt;
}

bool reads_post_neuron(const rule_spec& r, const std::string& name) {
  if (name == post_voltage) return true;
  for (const auto* list : {&r.constants, &r.synapse, &r.pre, &r.post})
    for (const quantity_def& q : *list)
      if (q.name == name) return false;
  for (const std::string& s : r.signals)
    if (s == name) return false;
  return post_neuron_state(r, name) != nullptr;
}

std::optional<double> constant_value(const rule_spec& r, const expr& e) { return constant_value(e, scope_of(r)); }

quantity_def parse_value(const std::string& name, const std::string& text, const source_ref& where) {
  quantity_def q;
  q.name = name;
  q.where = where;
  const char* begin = text.c_str();
  char* end = nullptr;
  q.value = std::strtod(begin, &end);
  if (end == begin)
    throw error(where, "'" + name + "' must be a value with its unit, e.g. \"16.8 ms\" or \"0.5 uM\" or \"0\"; got \"" + text + "\"");
  std::string unit(end);
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  if (unit.empty() || unit == "1") return q;
  // The unit as an expression of unit names ("mV/ms", "1/ms", "pA*ms").
  rule_spec none;
  equation_text t{"_ = " + unit, where};
  std::vector<statement> s;
  try {
    s = parse_statements(t, false);
  } catch (const error&) {
    throw error(where, "'" + name + "': \"" + unit + "\" is not a unit (units: " + join_names(std::vector<std::string>(unit_names().begin(), unit_names().end())) + ")");
  }
  checker c(none, t);
  try {
    q.dim = c.infer(s.at(0).value).dim;
  } catch (const error&) {
    throw error(where, "'" + name + "': \"" + unit + "\" is not a unit;" +
                           suggestion(unit, std::vector<std::string>(unit_names().begin(), unit_names().end())));
  }
  const std::optional<double> scale = constant_value(none, s.at(0).value);
  if (!scale) throw error(where, "'" + name + "': \"" + unit + "\" is not a unit");
  q.value *= *scale;
  if (*scale == 1.0) q.unit = unit;
  return q;
}

void analyse(rule_spec& r) {
  check_names(r);
  r.traces.clear();
  r.odes.clear();
  r.pre_statements.clear();
  r.post_statements.clear();
  r.tick_statements.clear();
  const auto trace_of = [&](const std::string& n) -> trace_def* {
    for (trace_def& t : r.traces)
      if (t.name == n) return &t;
    return nullptr;
  };
  for (bool pre : {true, false})
    for (const quantity_def& q : pre ? r.pre : r.post) r.traces.push_back({q.name, pre, q.dim});
  const auto is_synapse = [&](const std::string& n) {
    for (const quantity_def& q : r.synapse)
      if (q.name == n) return true;
    return false;
  };

  // Named expressions, then ODEs.
  const std::vector<statement> lines = parse_statements(r.equations, true);
  const named_exprs named = resolve_named(r, lines);
  {
    const checker c(r, r.equations, &named);
    std::vector<std::string> done;
    for (const statement& written : lines) {
      if (written.what == statement::op::assign) continue;  // a named expression
      statement s = written;  // checked as written (errors where the text is), then with the named expressions in
      substitute(s.value, named);
      for (const std::string& d : done)
        if (d == s.target) c.fail(s.pos, "d" + s.target + "/dt is given twice");
      done.push_back(s.target);
      const std::optional<dims> d = dims_of_name(r, s.target);
      if (trace_def* t = trace_of(s.target)) {
        c.check_assignment(written, *d);
        const std::optional<double> tau = decay_tau(r, s.value, s.target);
        if (!tau)
          c.fail(start_of(s.value), "'" + s.target + "' is a per-neuron trace: its ODE must be d" + s.target + "/dt = -" +
                                  s.target + "/tau with tau a positive constant (it is kept event-driven and shared "
                                  "between synapses); make it a synapse variable for other dynamics");
        t->tau = *tau;
      } else if (is_synapse(s.target)) {
        c.check_assignment(written, *d);
        if (const expr* t = first_name_in(s.value, [&](const std::string& n) { return trace_of(n) != nullptr; }))
          c.fail(t->pos, "d" + s.target + "/dt reads the trace '" + t->name + "': a synapse ODE may read constants, "
                         "synapse state, w, t, the post neuron's state (v_post, ...) and signals; read traces in "
                         "on_pre and on_post");
        ode_def o{s.target, s.value};
        if (auto tau = decay_tau(r, s.value, s.target)) {
          o.exact_decay = true;
          o.tau = *tau;
        }
        r.odes.push_back(std::move(o));
      } else if (d) {
        c.fail(s.pos, "d" + s.target + "/dt: '" + s.target + "' is not a state variable (declare it under synapse, pre or post)");
      } else {
        std::vector<std::string> state;
        for (const auto* list : {&r.synapse, &r.pre, &r.post})
          for (const quantity_def& q : *list) state.push_back(q.name);
        c.fail(s.pos, "d" + s.target + "/dt: '" + s.target + "' is not declared;" + suggestion(s.target, state));
      }
    }
  }
  // Event-driven ODEs (Brian2's "(event-driven)"): a decay with nothing to drive it between the synapse's events.
  {
    const checker c(r, r.equations, &named);
    for (const std::string& n : r.event_driven) {
      if (!is_synapse(n)) {
        std::vector<std::string> vars;
        for (const quantity_def& q : r.synapse) vars.push_back(q.name);
        throw error(r.where, "event_driven: '" + n + "' is not a synapse variable (only per-synapse ODEs can be "
                             "event-driven; traces always are);" + suggestion(n, vars));
      }
      const auto o = std::find_if(r.odes.begin(), r.odes.end(), [&](const ode_def& x) { return x.target == n; });
      if (o == r.odes.end())
        throw error(r.where, "event_driven: '" + n + "' has no ODE; add d" + n + "/dt = -" + n + "/tau to `equations`");
      if (!o->exact_decay) {
        const expr* moving = first_name_in(o->rhs, [&](const std::string& x) {
          return reads_post_neuron(r, x) || x == time_name || x == weight_name || (x != n && is_synapse(x)) ||
                 std::find(r.signals.begin(), r.signals.end(), x) != r.signals.end();
        });
        const std::string why = moving ? "it reads '" + moving->name + "', which changes between the synapse's events"
                                       : "it is not a decay";
        c.fail(moving ? moving->pos : start_of(o->rhs),
               "d" + n + "/dt cannot be event-driven: " + why + "; an event-driven ODE is d" + n + "/dt = -" + n +
                   "/tau with tau a constant, integrated in closed form at the synapse's next event (remove '" + n +
                   "' from event_driven to integrate it every step)");
      }
      o->event_driven = true;
    }
    for (const ode_def& o : r.odes)
      if (!o.event_driven)
        if (const expr* e = first_name_in(o.rhs, [&](const std::string& x) {
              return std::find(r.event_driven.begin(), r.event_driven.end(), x) != r.event_driven.end();
            }))
          c.fail(e->pos, "d" + o.target + "/dt reads the event-driven variable '" + e->name +
                             "', which is brought up to date only at the synapse's events; read it in on_pre, "
                             "on_post or on_tick, or remove it from event_driven");
  }

  for (const trace_def& t : r.traces)
    if (t.tau == 0.0)
      throw error(r.equations.where.line ? r.equations.where : r.where,
                  "trace '" + t.name + "' has no dynamics: add d" + t.name + "/dt = -" + t.name + "/tau to `equations`");

  std::vector<std::string> all_updated;
  // Event statements: per synapse (w, synapse state) or the side's trace updates (X += c, X = c).
  for (bool pre : {true, false}) {
    const equation_text& text = pre ? r.on_pre : r.on_post;
    const checker c(r, text, &named);
    std::vector<statement>& out = pre ? r.pre_statements : r.post_statements;
    std::vector<std::string> updated;
    for (statement& s : parse_statements(text, false)) {
      const std::optional<dims> d = dims_of_name(r, s.target);
      if (find_named(&named, s.target))
        c.fail(s.pos, "'" + s.target + "' is a named expression (in `equations`): it is computed, not set");
      if (!d) c.fail(s.pos, "unknown name '" + s.target + "';" + suggestion(s.target, readable_names(r, &named)));
      c.check_assignment(s, *d);
      substitute(s.value, named);
      if (trace_def* t = trace_of(s.target)) {
        const char* side = t->pre ? "pre" : "post";
        if (t->pre != pre)
          c.fail(s.pos, "'" + s.target + "' is a " + side + " trace: it changes at a " + side + "synaptic spike only (on_" + side + ")");
        const std::optional<double> jump = constant_value(r, s.value);
        if (!jump || (s.what != statement::op::add && s.what != statement::op::assign))
          c.fail(s.pos, "a trace's update is " + s.target + " += c (all-to-all) or " + s.target +
                            " = c (nearest spike) with c a constant");
        for (const std::string& u : updated)
          if (u == s.target) c.fail(s.pos, "'" + s.target + "' is updated twice at one spike");
        updated.push_back(s.target);
        all_updated.push_back(s.target);
        t->mode = s.what == statement::op::add ? pairing::all_to_all : pairing::nearest;
        t->jump = *jump;
      } else if (s.target == weight_name || is_synapse(s.target)) {
        out.push_back(std::move(s));
      } else {
        c.fail(s.pos, "'" + s.target + "' cannot be set: an event's statements set w, synapse variables and the " +
                          std::string(pre ? "pre" : "post") + " traces");
      }
    }
  }
  // on_tick: per synapse, every `tick`; w and synapse variables, reading no trace.
  if (r.tick > 0.0) {
    const checker c(r, r.on_tick, &named);
    for (statement& s : parse_statements(r.on_tick, false)) {
      const std::optional<dims> d = dims_of_name(r, s.target);
      if (find_named(&named, s.target))
        c.fail(s.pos, "'" + s.target + "' is a named expression (in `equations`): it is computed, not set");
      if (!d) c.fail(s.pos, "unknown name '" + s.target + "';" + suggestion(s.target, readable_names(r, &named)));
      if (s.target != weight_name && !is_synapse(s.target))
        c.fail(s.pos, "'" + s.target + "' cannot be set in on_tick: it sets w and synapse variables");
      c.check_assignment(s, *d);
      substitute(s.value, named);
      if (const expr* t = first_name_in(s.value, [&](const std::string& n) { return trace_of(n) != nullptr; }))
        c.fail(t->pos, "on_tick reads the trace '" + t->name + "': the statements of on_tick may read constants, "
                       "synapse state, w, t, the post neuron's state and signals; read traces in on_pre and on_post");
      r.tick_statements.push_back(std::move(s));
    }
  }
  for (const trace_def& t : r.traces)
    if (std::find(all_updated.begin(), all_updated.end(), t.name) == all_updated.end()) {
      const equation_text& text = t.pre ? r.on_pre : r.on_post;
      throw error(text.where.line ? text.where : r.where, "trace '" + t.name + "' never changes: add " + t.name +
                                                          " += 1 (or " + t.name + " = 1) to on_" + (t.pre ? "pre" : "post"));
    }
}

}  // namespace plastix::equations
