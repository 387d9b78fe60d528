#include "plastix/plasticity/rules.hpp"

#include <sstream>

#include "plastix/core/overloaded.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

std::unique_ptr<plasticity_rule> make_rule(const rule_params& p, projection& proj) {
  return std::visit(overloaded{
                        [&](const stdp_params& r) { return make_stdp(r, proj); },
                        [&](const triplet_params& r) { return make_triplet(r, proj); },
                        [&](const stp_params& r) { return make_stp(r, proj); },
                        [&](const hebb_params& r) { return make_hebbian(r, proj); },
                        [&](const oja_params& r) { return make_hebbian(r, proj); },
                        [&](const bcm_params& r) { return make_hebbian(r, proj); },
                        [&](const covariance_params& r) { return make_hebbian(r, proj); },
                        [&](const tag_trigger_params& r) { return make_tag_trigger(r, proj); },
                        [&](const clopath_params& r) { return make_clopath(r, proj); },
                        [&](const calcium_params& r) { return make_calcium(r, proj); },
                        [&](const calcium_control_params& r) { return make_calcium_control(r, proj); },
                        [&](const structural_params& r) { return make_structural(r, proj); },
                        [&](const istdp_params& r) { return make_istdp(r, proj); },
                        [&](const scaling_params& r) { return make_scaling(r, proj); },
                    },
                    p);
}

}  // namespace plastix
