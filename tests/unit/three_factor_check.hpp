// One check shared by the three-factor rules' tests (dopamine_stdp, reward_stdp): a random plastic network with
// rewards at random steps — one in the same step as a post spike, one as a pre spike arrives — run with and without
// a dendritic delay, each synapse's weight and eligibility compared with a reference written out in the test.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "plastix/core/random.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastic_network.hpp"

namespace plastix::test {

// reference(p, w0, events, jumps, tau_d, d_b, end) returns {w, eligibility} at step `end` for one synapse.
template <class Params, class Reference>
void expect_rule_matches_reference(const Params& p, Reference reference) {
  const double tau_d = 200.0, d_b = 0.01;  // the modulator's decay [ms] and baseline [uM]
  for (std::int64_t dendritic : {0, 5}) {
    plastic_network net = make_network(p, dendritic, 11 + static_cast<std::uint64_t>(dendritic));
    std::vector<jump> jumps;
    random_stream rs(5, {purpose::user, 1, 0});
    for (int k = 0; k < 12; ++k) jumps.push_back({static_cast<std::int64_t>(rs.below(net.steps)), rs.uniform(0.1, 0.8)});
    jumps.push_back({net.post[1][3] + 2 * dendritic, 0.6});
    jumps.push_back({net.pre[2][4] + net.synapses[2 * 4].delay, 0.4});
    std::sort(jumps.begin(), jumps.end(), [](const jump& a, const jump& b) { return a.step < b.step; });
    net.spec.modulators.push_back(modulator_with_jumps(jumps, tau_d, d_b));
    simulation sim(net.spec);
    sim.run(static_cast<double>(net.steps) * dt);
    // The last update (every update_interval = 10 ms, at the last step of each interval) is at step steps − 1.
    const std::int64_t end = net.steps - 1;
    const projection& proj = sim.projection_named("syn");
    std::size_t changed = 0;
    for (const synapse_case& c : net.synapses) {
      std::uint32_t s = 0;
      for (std::uint32_t k = proj.row_begin(c.pre); k < proj.row_end(c.pre); ++k)
        if (proj.post_index()[k] == c.post) s = k;
      auto events = synapse_events(net.pre[c.pre], net.post[c.post], c.delay, dendritic);
      std::erase_if(events, [&](const auto& ev) { return ev.first > end; });
      const auto [w, eligibility] = reference(p, c.w0, events, jumps, tau_d, d_b, end);
      EXPECT_NEAR(proj.weights()[s], w, 1e-10) << "synapse " << c.pre << "->" << c.post << " dendritic " << dendritic;
      const double now = proj.rules()[0]->state_value(proj, 0, s, {end, dt, 1});
      EXPECT_NEAR(now, eligibility, 1e-12) << "synapse " << c.pre << "->" << c.post;
      if (std::fabs(w - c.w0) > 1e-4) ++changed;
    }
    EXPECT_GT(changed, net.synapses.size() / 2) << "the test must exercise plasticity";
  }
}

// An experiment file: two Poisson populations "pre" and "post", a [[modulator]] "dopamine" (tau 200 ms) and a
// projection pre → post whose one plasticity rule has `rule_keys` (its first key on line 27, the next on 28).
inline std::string two_sources_with_dopamine(const std::string& rule_keys) {
  return R"(
[experiment]
duration = "1 s"

[[population]]
name = "pre"
model = "poisson"
size = 2
rate = "5 Hz"

[[population]]
name = "post"
model = "poisson"
size = 2
rate = "5 Hz"

[[modulator]]
name = "dopamine"
tau = "200 ms"

[[projection]]
pre = "pre"
post = "post"
weight = "1 nS"

[[projection.plasticity]]
)" + rule_keys;
}

}  // namespace plastix::test
