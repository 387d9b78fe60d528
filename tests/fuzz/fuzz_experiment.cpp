// libFuzzer target for the experiment reader. The input is the text of an experiment file; it goes through what
// `plastix check` runs: parse_experiment (TOML, --set machinery, the readers, validate) and check_sweep (every
// sweep condition and axis value re-read and checked). A plastix::error is the expected answer to a bad file.
// Anything else is a finding: a crash, a sanitizer report, a failed assertion (in toml++ too), an exception of
// another type (it escapes and aborts), an input slower than the -timeout given to the fuzzer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string file = "fuzz.toml";
  try {
    const plastix::experiment_spec spec = plastix::parse_experiment(text, file);
    plastix::check_sweep(spec, [&](const std::vector<std::string>& overrides) {
      return plastix::parse_experiment(text, file, overrides);
    });
  } catch (const plastix::error&) {
  }
  return 0;
}
