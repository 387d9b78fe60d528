// A plasticity rule written as equations in the experiment file (docs/equations.md): per-synapse state, pre and
// post traces, ODEs and the statements run at a pre and a post spike, checked for names and dimensions when the file
// is read (spec/equations/rule_spec.hpp) and compiled to native code when the network is built
// (plasticity/equations.cpp). Written in the manner of Brian2's Synapses (Stimberg, Brette & Goodman 2019, eLife
// 8:e47314) and NESTML (Plotnikov et al. 2016).
#pragma once
#include <limits>
#include <memory>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/equations/rule_spec.hpp"
#include "plastix/spec/rule_factory.hpp"

namespace plastix {

struct equations_params {
  static constexpr const char* name = "equations";
  double w_min = -std::numeric_limits<double>::infinity();  // [weight unit]
  double w_max = std::numeric_limits<double>::infinity();   // [weight unit]
  equations::rule_spec rule;  // the rest of the table, read by the rule's own reader (io/read_plasticity.cpp)

  static const declaration<equations_params>& declare();
};

inline const declaration<equations_params>& equations_params::declare() {
  using p = equations_params;
  static const auto d =
      declaration<p>("rule", "equations",
                     "a rule written as equations: state, traces, ODEs and on_pre/on_post statements (docs/equations.md)")
          .weight("w_min", &p::w_min, bounds::any(), "lower hard bound, applied after each event's statements")
          .weight("w_max", &p::w_max, bounds::any(), "upper hard bound, applied after each event's statements")
          .require([](const p& x) {
            return x.w_min <= x.w_max ? key_problem{} : key_problem{"w_max", "w_max must be >= w_min"};
          })
          .no_changes_during_run("its equations are compiled with the rule when the network is built");
  return d;
}

// The keys of the table beyond the declared ones (read by io/read_plasticity.cpp).
inline std::vector<std::string> equations_keys() {
  return {"label", "constants", "synapse", "pre", "post", "signals", "equations", "on_pre", "on_post",
          "on_tick", "tick", "event_driven"};
}

std::unique_ptr<plasticity_rule> build_rule(const equations_params& p, rule_context& ctx);

}  // namespace plastix
