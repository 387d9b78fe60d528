// experiments/distal_reward_depletion.toml is experiments/distal_reward.toml with three [[sweep.condition]]s: the
// two files must describe the same network, plasticity and reward, so that the depletion's control is the
// published experiment (a change to one file must be made to the other).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "plastix/io/config.hpp"

namespace {

// The lines from `[experiment]` up to `[sweep]` (the file's own comments before it left out), without the line
// `name = ...` of [experiment] and the dopamine monitor's `interval`, which the files may set differently.
std::string experiment_body(const std::string& file) {
  std::ifstream in(std::string(PLASTIX_SOURCE_DIR) + "/experiments/" + file);
  std::string line, out;
  bool started = false;
  while (std::getline(in, line)) {
    if (line == "[experiment]") started = true;
    if (!started) continue;
    if (line == "[sweep]") break;
    if (line.rfind("name = \"distal_reward", 0) == 0 || line.rfind("interval = \"", 0) == 0) continue;
    out += line + "\n";
  }
  while (out.size() > 1 && out.ends_with("\n\n")) out.pop_back();  // blank lines before [sweep]
  return out;
}

}  // namespace

TEST(distal_reward_depletion, describes_the_network_of_distal_reward_with_three_conditions) {
  const std::string published = experiment_body("distal_reward.toml");
  ASSERT_GT(published.size(), 2000u);
  EXPECT_EQ(experiment_body("distal_reward_depletion.toml"), published);
  const plastix::experiment_spec e =
      plastix::load_experiment(std::string(PLASTIX_SOURCE_DIR) + "/experiments/distal_reward_depletion.toml");
  ASSERT_EQ(e.sweep->conditions.size(), 3u);
  EXPECT_EQ(e.sweep->conditions[0].name, "control");
  EXPECT_EQ(e.sweep->conditions[1].name, "depleted_30");
  EXPECT_EQ(e.sweep->conditions[2].name, "depleted_10");
}
