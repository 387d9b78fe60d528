// Short-term plasticity (Tsodyks–Markram): the rule's factory. Its model and parameters: plastix/spec/rules/stp.hpp.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "plastix/spec/rules/stp.hpp"

namespace plastix {

class plasticity_rule;
class projection;

std::unique_ptr<plasticity_rule> make_stp(const stp_params& p, projection& proj);

}  // namespace plastix
