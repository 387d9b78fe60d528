// Warm starts (docs/checkpoints.md, sim/warm_start.hpp): an experiment started from the checkpoint of a trained
// network begins with its weights (bitwise), with everything else as its own file says; a network that differs (a
// population's size, a projection missing) is refused naming what differs.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/record/checkpoint_file.hpp"
#include "plastix/sim/experiment.hpp"

using namespace plastix;

namespace {

// Oja's rule on rate units (experiments/oja_pca.toml), shortened to 2 s: the weights move from their start.
const std::string oja = std::string(PLASTIX_SOURCE_DIR) + "/experiments/oja_pca.toml";
const std::string short_run = "experiment.duration=2 s";

std::filesystem::path trained_checkpoint() {
  const auto dir = std::filesystem::temp_directory_path() / ("plastix_test_warm_start_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "trained.h5";
  if (!std::filesystem::exists(file)) {
    checkpoint_options o;
    o.file = file;
    o.at_end = true;
    run_experiment(load_experiment(oja, {short_run}), {}, {}, o);
  }
  return file;
}

std::string error_of(std::vector<std::string> overrides) {
  overrides.push_back(short_run);
  try {
    run_experiment(load_experiment(oja, overrides));
  } catch (const error& e) {
    return e.what();
  }
  return "";
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST(warm_start, an_experiment_started_from_a_trained_network_begins_with_its_weights) {
  const auto file = trained_checkpoint();
  const run_results trained = run_experiment(load_experiment(oja, {short_run}));
  const run_results warm =
      run_experiment(load_experiment(oja, {short_run, "experiment.start_from=" + file.string()}));
  const std::string proj = "input_neuron";
  ASSERT_TRUE(warm.metrics.count("w_start." + proj));
  EXPECT_TRUE(same_bits(warm.metrics.at("w_start." + proj), trained.metrics.at("w_end." + proj)));
  EXPECT_FALSE(same_bits(warm.metrics.at("w_start." + proj), trained.metrics.at("w_start." + proj)));
  EXPECT_EQ(warm.bio_time, trained.bio_time);  // the clock starts at 0: the run is the file's
}

TEST(warm_start, a_network_of_another_size_is_refused_naming_the_population) {
  const auto file = trained_checkpoint();
  const std::string e = error_of({"experiment.start_from=" + file.string(), "population.neuron.size=2"});
  EXPECT_NE(e.find("population 'neuron' has 1 neurons in the trained network, 2 here"), std::string::npos) << e;
  EXPECT_NE(e.find("start_from"), std::string::npos) << e;
}

TEST(warm_start, a_missing_checkpoint_is_an_error_naming_the_key) {
  const std::string e = error_of({"experiment.start_from=/nonexistent/trained.h5"});
  EXPECT_NE(e.find("experiment.start_from"), std::string::npos) << e;
  EXPECT_NE(e.find("/nonexistent/trained.h5"), std::string::npos) << e;
}
