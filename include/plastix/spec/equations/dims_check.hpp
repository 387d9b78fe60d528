// Dimensional analysis of expressions against a table of names (spec/equations/): the checks every model written as
// equations shares — added, subtracted, compared and clipped values agree, exp/log take dimensionless arguments, a
// power of a quantity is a whole constant, a statement's value has its target's dimension (an ODE's right-hand side
// the target's per ms). Each error names the file, line and column of the expression and the two dimensions.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "plastix/core/dims.hpp"
#include "plastix/spec/equations/expr.hpp"

namespace plastix::equations {

// The names an expression may read: their dimension, the value of those that are constants, and the list offered
// as suggestions for an unknown name. Units (ms, mV, ...) are known without being listed.
struct name_scope {
  std::function<std::optional<dims>(const std::string&)> dim_of;
  std::function<std::optional<double>(const std::string&)> constant_of;  // nullopt: not a constant
  std::vector<std::string> names;
};

// An expression's dimension; a literal 0 fits any dimension (zero: true).
struct typed_dims {
  dims dim;
  bool zero = false;
};

// Where an expression starts in its text (a binary operation's position is its operator's).
text_pos expr_start(const expr& e);

// The dimension of `e`; throws plastix::error at its position in `text` when it has none.
typed_dims infer_dims(const equation_text& text, const expr& e, const name_scope& scope);

// Checks that `s` (x = e, x += e, x -= e, x *= e, dx/dt = e) fits its target's dimension `target`.
void check_statement_dims(const equation_text& text, const statement& s, const dims& target, const name_scope& scope);

// The value of an expression of numbers, units and the scope's constants only (nullopt if it reads anything else).
std::optional<double> constant_value(const expr& e, const name_scope& scope);

}  // namespace plastix::equations
