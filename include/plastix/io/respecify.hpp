// The description of one point of a sweep: the experiment file read again with the run's overrides and the point's
// (its condition's and its axes' values, appended), as run_sweep asks for it (sim/experiment.hpp, respecify_fn).
#pragma once
#include <string>
#include <vector>

#include "plastix/sim/experiment.hpp"

namespace plastix {

// Reads the file at `path` again for each point: load_experiment(path, base + the point's overrides).
respecify_fn respecify_file(std::string path, std::vector<std::string> base = {});

// The same from the text of a file (`file_name` for messages): parse_experiment(text, file_name, base + point's).
respecify_fn respecify_text(std::string text, std::string file_name, std::vector<std::string> base = {});

}  // namespace plastix
