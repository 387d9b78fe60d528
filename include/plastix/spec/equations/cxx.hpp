// C++ text of an expression of the equation language, for the code plastix compiles at run time (rules:
// plasticity/equations_codegen.cpp; neuron models: neuron/equations_codegen.cpp). Every operation is parenthesized,
// so the generated code keeps the order of operations as written (no reassociation; plastix compiles it with
// -ffp-contract=off), and numbers are written exactly (hexadecimal floating point).
#pragma once
#include <functional>
#include <string>

#include "plastix/spec/equations/expr.hpp"

namespace plastix::equations {

// A double as an exact C++ literal ("0x1.8p+1").
std::string cxx_literal(double v);

// `name_code` gives the C++ of a name that is not a unit (a local variable); units become their factor. exp() is
// written as `exp_function` ("std::exp", or "plastix::fast_exp" in code that carries fast_math.hpp).
std::string cxx_expression(const expr& e, const std::function<std::string(const std::string&)>& name_code,
                           const std::string& exp_function = "std::exp");

}  // namespace plastix::equations
