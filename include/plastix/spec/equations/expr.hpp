// The parsed form of a rule written as equations (docs/equations.md): expressions and statements, each with its
// position in the equation text so that every error names the file, line and column of what it is about.
#pragma once
#include <string>
#include <vector>

#include "plastix/core/error.hpp"

namespace plastix::equations {

// A position inside an equation text: 1-based line and column of the text itself.
struct text_pos {
  int line = 1;
  int column = 1;
};

// The text of one key (an `on_pre` string ...) and where its value starts in the file.
struct equation_text {
  std::string text;
  source_ref where;  // the key's value (line and column of its opening quote)
  // The position of `p` in the file: a multi-line string ("""...""" starting with a line break) begins on the line
  // after its quotes; a one-line string at the column after its quote.
  source_ref at(text_pos p) const;
  // An error at `p`: its source_ref is at(p) and the message starts with "column N: " (error::format writes the
  // file and line only).
  error error_at(text_pos p, const std::string& message) const;
};

struct expr {
  enum class kind { number, name, negate, add, sub, mul, div, pow, call, less, greater, less_eq, greater_eq };
  kind type = kind::number;
  double value = 0.0;     // number
  std::string name;       // name, call (the function)
  std::vector<expr> args;  // operands
  text_pos pos;
};

struct statement {
  enum class op { assign, add, sub, mul, ode };  // x = e, x += e, x -= e, x *= e, dx/dt = e
  std::string target;
  op what = op::assign;
  expr value;
  text_pos pos;  // of the target
};

// Statements of a text, one a line or separated by ';'; '#' starts a comment. Throws plastix::error at the file
// position of the first syntax error. ODEs (dx/dt = ...) only where `odes` (the `equations` key), and only there.
std::vector<statement> parse_statements(const equation_text& text, bool odes);

// The whole text as one expression (e.g. a neuron's threshold `v > v_th`); throws at the first syntax error.
expr parse_expression(const equation_text& text);

// The functions an expression may call, with their number of arguments.
struct function_info {
  const char* name;
  int arity;
};
const std::vector<function_info>& functions();

}  // namespace plastix::equations
