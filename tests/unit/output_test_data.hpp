// Shared by the test_output_*.cpp files: a synthetic run and a scratch directory per test.
#pragma once
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "plastix/record/monitors.hpp"

namespace plastix::test {

// A small run touching every record kind, including empty records and an empty table.
inline run_results synthetic_results() {
  run_results r;
  r.experiment = "stdp_window";
  r.version = "9.8.7";
  r.file = "experiments/stdp_window.toml";
  r.file_text = "[experiment]\nname = \"stdp_window\"\n";
  r.seed = 12345678901234ull;
  r.dt = 0.1;
  r.bio_time = 2500.0;
  r.wall_time = 0.5;
  r.spike_count = 3;
  r.synapse_count = 8;
  r.neuron_count = 6;
  r.phases = {{"baseline", 1000.0}, {"induction", 1500.0}};
  r.metrics = {{"dw_percent.ee", 42.5}, {"rate_hz.exc", 3.25}};
  r.population_sizes = {{"exc", 4}, {"inp", 2}};

  r.spikes.push_back({"exc", "exc", {0.1, 1.5, 2.0}, {0, 3, 1}});
  r.spikes.push_back({"inp_silent", "inp", {}, {}});

  state_record v;
  v.name = "exc_v";
  v.population = "exc";
  v.variable = "v";
  v.unit = "mV";
  v.neurons = {0, 2};
  v.times = {0.0, 0.1, 0.2};
  v.values = {-70.0, -65.0, -69.5, -64.5, -69.0, -64.0};
  r.states.push_back(v);
  state_record never;
  never.name = "exc_w";
  never.population = "exc";
  never.variable = "w";
  never.unit = "pA";
  never.neurons = {1, 2, 3};
  r.states.push_back(never);

  weight_record w;
  w.name = "ee";
  w.projection = "exc_exc";
  w.unit = "nS";
  w.synapses = {0, 5, 7};
  w.pre = {0, 1, 2};
  w.post = {1, 1, 0};
  w.times = {0.0, 2500.0};
  w.values = {0.5, 0.5, 0.5, 0.75, 0.25, 0.5};
  r.weights.push_back(w);

  rate_record rate;
  rate.name = "exc_rate";
  rate.population = "exc";
  rate.bin = 5.0;
  rate.times = {0.0, 5.0, 10.0};
  rate.rates = {0.0, 50.0, 25.0};
  r.rates.push_back(rate);

  r.tables["window"] = table{{"dt_ms", "dw_percent"}, {{-20.0, -10.0, 10.0, 20.0}, {-15.0, -30.0, 60.0, 35.0}}};
  r.tables["nothing"] = table{{"x"}, {{}}};
  return r;
}

// A fresh empty directory for one test, removed afterwards.
class scratch_dir {
 public:
  scratch_dir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("plastix_test_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~scratch_dir() {
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace plastix::test
