// Running a ready experiment (experiments/NAME.toml) in a validation test, and reading its tables by column name.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plastix/io/config.hpp"
#include "plastix/io/respecify.hpp"
#include "plastix/sim/experiment.hpp"

namespace plastix::validation {

// The path of the ready experiment `name` (with or without ".toml") in the source tree.
inline std::string ready_path(const std::string& name) {
  const bool has_ext = name.size() > 5 && name.compare(name.size() - 5, 5, ".toml") == 0;
  return std::string(PLASTIX_SOURCE_DIR) + "/experiments/" + name + (has_ext ? "" : ".toml");
}

// Runs the ready experiment `name` with `overrides` (for every point of its sweep, when it has one, as
// `plastix run --set` does).
inline run_results run_ready(const std::string& name, const std::vector<std::string>& overrides = {}) {
  const std::string path = ready_path(name);
  const experiment_spec spec = load_experiment(path, overrides);
  return spec.sweep ? run_sweep(spec, respecify_file(path, overrides)) : run_experiment(spec);
}

// The values of the column `name` of table `t` (a test failure and an empty column when there is none).
inline const std::vector<double>& column(const table& t, const std::string& name) {
  static const std::vector<double> none;
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (t.columns[c] == name) return t.data[c];
  ADD_FAILURE() << "no column " << name;
  return none;
}

}  // namespace plastix::validation
