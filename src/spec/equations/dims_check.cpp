// Dimensional analysis of expressions against a table of names (spec/equations/dims_check.hpp).
#include "plastix/spec/equations/dims_check.hpp"

#include <cmath>

#include "plastix/core/suggest.hpp"

namespace plastix::equations {

namespace {

bool is_binary(expr::kind t) {
  using k = expr::kind;
  return t == k::add || t == k::sub || t == k::mul || t == k::div || t == k::pow || t == k::less ||
         t == k::greater || t == k::less_eq || t == k::greater_eq;
}

class checker {
 public:
  checker(const equation_text& t, const name_scope& s) : t_(t), s_(s) {}

  [[noreturn]] void fail(text_pos p, const std::string& m) const { throw t_.error_at(p, m); }

  typed_dims infer(const expr& e) const {
    using k = expr::kind;
    switch (e.type) {
      case k::number: return {dims{}, e.value == 0.0};
      case k::name: {
        if (auto d = s_.dim_of(e.name)) return {*d};
        if (auto u = unit_named(e.name)) return {u->dim};
        fail(e.pos, "unknown name '" + e.name + "';" + suggestion(e.name, s_.names));
      }
      case k::negate: return infer(e.args[0]);
      case k::add:
      case k::sub:
      case k::less:
      case k::greater:
      case k::less_eq:
      case k::greater_eq: {
        const typed_dims a = infer(e.args[0]), b = infer(e.args[1]);
        const typed_dims same =
            agree(a, b, e.pos, e.type == k::add ? "added" : e.type == k::sub ? "subtracted" : "compared");
        if (e.type == k::add || e.type == k::sub) return same;
        return {dims{}};
      }
      case k::mul: {
        const typed_dims a = infer(e.args[0]), b = infer(e.args[1]);
        return {a.dim * b.dim, a.zero || b.zero};
      }
      case k::div: {
        const typed_dims a = infer(e.args[0]), b = infer(e.args[1]);
        return {a.dim / b.dim, a.zero};
      }
      case k::pow: {
        const typed_dims a = infer(e.args[0]), b = infer(e.args[1]);
        if (!b.dim.dimensionless())
          fail(e.args[1].pos, "an exponent must be dimensionless, this one is in " + to_string(b.dim));
        if (a.dim.dimensionless()) return {dims{}};
        const std::optional<double> n = constant_value(e.args[1], s_);
        if (!n || *n != std::round(*n))
          fail(e.args[1].pos, "a quantity in " + to_string(a.dim) + " can be raised to a whole constant power only");
        return {a.dim.pow(static_cast<int>(*n))};
      }
      case k::call: {
        std::vector<typed_dims> a;
        for (const expr& x : e.args) a.push_back(infer(x));
        if (e.name == "min" || e.name == "max") return agree(a[0], a[1], e.pos, "compared by " + e.name + "()");
        if (e.name == "clip") {
          agree(a[0], a[1], e.args[1].pos, "clipped (the value and its lower bound)");
          return agree(a[0], a[2], e.args[2].pos, "clipped (the value and its upper bound)");
        }
        if (e.name == "abs") return a[0];
        if (e.name == "heaviside") return {dims{}};
        if (e.name == "sqrt") {
          for (int x : a[0].dim.e)
            if (x % 2 != 0) fail(e.args[0].pos, "sqrt() of a quantity in " + to_string(a[0].dim) + " has no unit");
          dims h = a[0].dim;
          for (int& x : h.e) x /= 2;
          return {h};
        }
        if (!a[0].dim.dimensionless())  // exp, log
          fail(e.args[0].pos, e.name + "() takes a dimensionless argument, this one is in " + to_string(a[0].dim));
        return {dims{}};
      }
    }
    return {dims{}};
  }

  typed_dims agree(const typed_dims& a, const typed_dims& b, text_pos p, const std::string& what) const {
    if (a.zero) return b;
    if (b.zero || a.dim == b.dim) return a;
    fail(p, "dimensions disagree: " + to_string(a.dim) + " and " + to_string(b.dim) + " cannot be " + what);
  }

 private:
  const equation_text& t_;
  const name_scope& s_;
};

}  // namespace

text_pos expr_start(const expr& e) { return is_binary(e.type) ? expr_start(e.args[0]) : e.pos; }

typed_dims infer_dims(const equation_text& text, const expr& e, const name_scope& scope) {
  return checker(text, scope).infer(e);
}

void check_statement_dims(const equation_text& text, const statement& s, const dims& d, const name_scope& scope) {
  const typed_dims v = infer_dims(text, s.value, scope);
  const text_pos p = expr_start(s.value);
  if (s.what == statement::op::ode) {
    if (!v.zero && v.dim != d / dims::time())
      throw text.error_at(p, "dimensions disagree: d" + s.target + "/dt is in " + to_string(d / dims::time()) +
                                 ", its right-hand side in " + to_string(v.dim));
  } else if (s.what == statement::op::mul) {
    if (!v.dim.dimensionless())
      throw text.error_at(p, s.target + " *= takes a dimensionless factor, this one is in " + to_string(v.dim));
  } else if (!v.zero && v.dim != d) {
    throw text.error_at(p, "dimensions disagree: " + s.target + " is in " + to_string(d) +
                               ", the value given to it in " + to_string(v.dim));
  }
}

std::optional<double> constant_value(const expr& e, const name_scope& scope) {
  using k = expr::kind;
  std::vector<double> a;
  for (const expr& x : e.args) {
    auto v = constant_value(x, scope);
    if (!v) return std::nullopt;
    a.push_back(*v);
  }
  switch (e.type) {
    case k::number: return e.value;
    case k::name:
      if (auto c = scope.constant_of(e.name)) return c;
      if (auto u = unit_named(e.name)) return u->scale;  // no declared name is a unit's (check_names)
      return std::nullopt;                               // a variable
    case k::negate: return -a[0];
    case k::add: return a[0] + a[1];
    case k::sub: return a[0] - a[1];
    case k::mul: return a[0] * a[1];
    case k::div: return a[0] / a[1];
    case k::pow: return std::pow(a[0], a[1]);
    default: return std::nullopt;
  }
}

}  // namespace plastix::equations
