// The ready experiment adex_firing_patterns (docs/equations.md, "A neuron model written as equations"): AdEx
// written as equations in the file, with the eight parameter sets of Naud, Marcille, Clopath & Gerstner 2008
// (Biol Cybern 99:335, Table 1 and Fig. 4) under an 800 ms current step. Each pattern is classified as the paper
// names it (sim/firing_pattern.hpp), and the built-in adex with the same values gives the same spikes bitwise:
// the written model is integrated by forward Euler with the built-in's exponential cap, the same operations in
// the same order (tolerance 0). The experiment is small as it stands (16 neurons, 0.9 s: well under a second).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

TEST(adex_firing_patterns, written_adex_gives_each_published_pattern_and_the_built_in_adex_s_spikes_bitwise) {
  namespace fs = std::filesystem;
  const fs::path cache = fs::temp_directory_path() / ("plastix-adex-patterns-cache-" + std::to_string(::getpid()));
  ::setenv("PLASTIX_CACHE_DIR", cache.c_str(), 1);  // the compiled model, removed below
  const run_results r = run_ready("adex_firing_patterns");
  fs::remove_all(cache);
  const std::map<std::string, std::string> published{
      {"tonic", "tonic"},
      {"adapting", "adapting"},
      {"initial_burst", "initial burst"},
      {"bursting", "regular bursting"},
      {"delayed_accelerating", "delayed accelerating"},
      {"delayed_bursting", "delayed regular bursting"},
      {"transient", "transient"},
      {"irregular", "irregular"}};
  const table& t = r.tables.at("firing_patterns");
  const std::vector<std::string>& names = t.labels.at("condition");
  const std::vector<std::string>& classes = t.labels.at("pattern");
  ASSERT_EQ(names.size(), 2 * published.size());
  std::map<std::string, const spike_record*> spikes;
  for (const spike_record& s : r.spikes) spikes[s.name] = &s;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const bool builtin = names[k].ends_with("_adex");
    const std::string pattern = builtin ? names[k].substr(0, names[k].size() - 5) : names[k];
    std::cout << "  " << names[k] << ": " << classes[k] << ", " << column(t, "spikes")[k] << " spikes, first at "
              << column(t, "latency_ms")[k] << " ms\n";
    EXPECT_EQ(classes[k], published.at(pattern)) << names[k];
    if (!builtin) continue;
    const spike_record &written = *spikes.at(pattern), &adex = *spikes.at(names[k]);
    EXPECT_GT(written.times.size(), 0u) << pattern;
    EXPECT_EQ(written.times, adex.times) << pattern << ": the written model's spikes are the built-in's, bitwise";
  }
}
