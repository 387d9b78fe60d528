// C++ text of an expression (spec/equations/cxx.hpp).
#include "plastix/spec/equations/cxx.hpp"

#include <cstdio>

#include "plastix/core/dims.hpp"

namespace plastix::equations {

std::string cxx_literal(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", v);
  return buf;
}

std::string cxx_expression(const expr& e, const std::function<std::string(const std::string&)>& name_code,
                           const std::string& exp_function) {
  using k = expr::kind;
  const auto a = [&](std::size_t i) { return cxx_expression(e.args[i], name_code, exp_function); };
  switch (e.type) {
    case k::number: return cxx_literal(e.value);
    case k::name: {
      const std::string local = name_code(e.name);
      if (!local.empty()) return local;
      if (const auto u = unit_named(e.name)) return cxx_literal(u->scale);
      return "v_" + e.name;
    }
    case k::negate: return "(-" + a(0) + ")";
    case k::add: return "(" + a(0) + " + " + a(1) + ")";
    case k::sub: return "(" + a(0) + " - " + a(1) + ")";
    case k::mul: return "(" + a(0) + " * " + a(1) + ")";
    case k::div: return "(" + a(0) + " / " + a(1) + ")";
    case k::pow: return "std::pow(" + a(0) + ", " + a(1) + ")";
    case k::less: return "(" + a(0) + " < " + a(1) + " ? 1.0 : 0.0)";
    case k::greater: return "(" + a(0) + " > " + a(1) + " ? 1.0 : 0.0)";
    case k::less_eq: return "(" + a(0) + " <= " + a(1) + " ? 1.0 : 0.0)";
    case k::greater_eq: return "(" + a(0) + " >= " + a(1) + " ? 1.0 : 0.0)";
    case k::call:
      if (e.name == "clip") return "plx_clip(" + a(0) + ", " + a(1) + ", " + a(2) + ")";
      if (e.name == "min") return "plx_min(" + a(0) + ", " + a(1) + ")";
      if (e.name == "max") return "plx_max(" + a(0) + ", " + a(1) + ")";
      if (e.name == "heaviside") return "(" + a(0) + " > 0.0 ? 1.0 : 0.0)";
      if (e.name == "abs") return "std::fabs(" + a(0) + ")";
      if (e.name == "exp") return exp_function + "(" + a(0) + ")";
      return "std::" + e.name + "(" + a(0) + ")";
  }
  return "0.0";
}

}  // namespace plastix::equations
