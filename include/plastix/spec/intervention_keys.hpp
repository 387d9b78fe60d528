// The keys of each intervention kind (family "intervention", one model per intervention_spec::kind; `type` chooses
// it; src/spec/interventions.cpp): the reader's key list, `plastix list`, docs and Python help. The target keys
// and `stop` are read by the reader (extra keys).
#pragma once
#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/interventions.hpp"

namespace plastix {

const declaration<intervention_spec>& intervention_declaration(intervention_spec::kind k);

}  // namespace plastix
