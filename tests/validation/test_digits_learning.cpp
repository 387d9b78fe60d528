// Unsupervised learning of the 8×8 digits with STDP (experiments/digits_stdp.toml; Diehl & Cook 2015), reduced: 30
// excitatory neurons trained on 300 images, labelled on the same 300 (plasticity blocked), tested on 200 held-out
// images. Chance is 10 %; a network with the same random weights and no learning (A+ = A− = 0; the normalisation
// still runs) already classifies above chance through its random receptive fields (~38 %), so learning must add to
// that: the trained network classifies more than 45 % correctly and at least 10 points more than the untrained one.
// Skipped when python3-sklearn (which ships digits.csv.gz) is not installed.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

using namespace plastix;

namespace {

double test_accuracy(const std::vector<std::string>& extra) {
  std::vector<std::string> overrides{"population.exc.size=30", "population.inh.size=30",
                                     "phase.train.duration=150 s", "phase.train.stimulus[0].range=[0, 300]",
                                     "phase.label.duration=150 s", "phase.label.stimulus[0].range=[0, 300]",
                                     "phase.test.duration=100 s", "phase.test.stimulus[0].range=[1000, 1200]"};
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  const run_results r =
      run_experiment(load_experiment(std::string(PLASTIX_SOURCE_DIR) + "/experiments/digits_stdp.toml", overrides));
  const table& t = r.tables.at("accuracy");
  EXPECT_EQ(t.columns[2], "accuracy");
  EXPECT_EQ(t.data[3].at(0), 200.0);  // tested images
  EXPECT_EQ(t.data[0].at(0), 300.0);  // trained images
  return t.data[2].at(0);
}

}  // namespace

TEST(digits_learning, stdp_with_lateral_inhibition_learns_the_digits_above_chance_and_above_no_learning) {
  if (!std::filesystem::exists("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"))
    GTEST_SKIP() << "python3-sklearn is not installed";
  const double trained = test_accuracy({});
  const double untrained =
      test_accuracy({"projection.input_exc.plasticity[0].a_plus=0", "projection.input_exc.plasticity[0].a_minus=0"});
  std::printf("test accuracy: trained %.3f, without learning %.3f (chance 0.1)\n", trained, untrained);
  EXPECT_GT(trained, 0.45);
  EXPECT_GT(trained, untrained + 0.1);
}
