// Builds one visitor for std::visit out of several lambdas: std::visit(overloaded{[](const a&) {}, ...}, v).
#pragma once

namespace plastix {

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace plastix
