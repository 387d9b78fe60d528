// Continual learning of the 8×8 digits (experiments/continual_digits.toml; Diehl & Cook 2015's network learning five
// tasks of two classes in sequence, class-incremental as in Allred & Roy 2020), reduced: 50 excitatory neurons,
// each task trained on its ~200 images once, labelled and tested on prefixes of the images of the classes seen so
// far. Plain STDP learns the first task (chance 0.5 on two classes) and forgets it as new classes recruit its
// neurons; the consolidation condition (each neuron's STDP rates divided by 1 + c/c0, c its spikes while learning)
// keeps more of it after three or more tasks. Skipped when python3-sklearn (which ships digits.csv.gz) is missing.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

using namespace plastix;

namespace {

// Accuracy on task 1 after each of the five tasks.
std::vector<double> first_task(const std::string& c0) {
  std::vector<std::string> overrides{"population.exc.size=50", "population.inh.size=50",
                                     "projection.input_exc.plasticity[0].constants.c0=" + c0};
  for (int k = 1; k <= 5; ++k) {
    const std::string n = std::to_string(k);
    overrides.push_back("phase.train_" + n + ".duration=100 s");
    overrides.push_back("phase.label_" + n + ".duration=" + std::to_string(25 * k) + " s");
    overrides.push_back("phase.test_" + n + ".duration=" + std::to_string(40 * k) + " s");
  }
  const std::string file = std::string(PLASTIX_SOURCE_DIR) + "/experiments/continual_digits.toml";
  const run_results r = run_experiment(load_experiment(file, overrides));
  const table& t = r.tables.at("continual");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"learned", "task", "accuracy", "tested"}));
  std::vector<double> out;
  for (std::size_t row = 0; row < t.data[0].size(); ++row)
    if (t.data[1][row] == 1.0) out.push_back(t.data[2][row]);
  EXPECT_EQ(t.data[0].size(), 15u);  // tasks 1..k after task k
  return out;
}

double mean_from_third(const std::vector<double>& a) { return (a.at(2) + a.at(3) + a.at(4)) / 3.0; }

}  // namespace

TEST(continual_learning, plain_stdp_forgets_the_first_task_and_consolidation_keeps_more_of_it) {
  if (!std::filesystem::exists("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"))
    GTEST_SKIP() << "python3-sklearn is not installed";
  const std::vector<double> plain = first_task("1e30"), kept = first_task("500");
  std::printf("task 1 after tasks 1..5: plain %.3f %.3f %.3f %.3f %.3f; consolidation %.3f %.3f %.3f %.3f %.3f\n",
              plain[0], plain[1], plain[2], plain[3], plain[4], kept[0], kept[1], kept[2], kept[3], kept[4]);
  EXPECT_GT(plain[0], 0.9);                     // learned (chance 0.5)
  EXPECT_GT(kept[0], 0.9);
  EXPECT_LT(mean_from_third(plain), plain[0] - 0.3);  // forgotten
  EXPECT_GT(mean_from_third(kept), mean_from_third(plain) + 0.05);
}
