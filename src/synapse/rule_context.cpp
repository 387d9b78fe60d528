#include "plastix/synapse/rule_context.hpp"

#include <string>

#include "plastix/core/error.hpp"

namespace plastix {

population& rule_context::population_named(std::string_view name) const {
  for (const auto& p : populations)
    if (p->name() == name) return *p;
  throw error("no population named '" + std::string(name) + "'");
}

}  // namespace plastix
