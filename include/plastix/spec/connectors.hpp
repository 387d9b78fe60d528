// The connectors' keys (family "connector", one model per connector_spec::kind; src/spec/connectors.cpp): the
// reader of [[projection]] tables, `plastix list`, docs and Python help come from them.
#pragma once
#include <string>
#include <vector>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

// "all_to_all", "one_to_one", "fixed_probability", "fixed_indegree", "list" (connector_spec::kind order).
const std::vector<std::string>& connector_kind_names();
const declaration<connector_spec>& connector_declaration(connector_spec::kind kind);

}  // namespace plastix
