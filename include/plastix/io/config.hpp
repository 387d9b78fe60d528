// Experiment files: TOML with units, turned into an experiment_spec (spec/experiment.hpp) in internal units.
// The format is documented key by key in docs/experiment-files.md.
//
// Every mistake in a file is reported as plastix::error naming the file, the line, the dotted key
// (arrays of tables are addressed by their element's name: "population.exc.tau_m") and what was expected:
// TOML syntax errors, unknown keys (with the closest valid key), missing or wrong units, values of the wrong
// type, and everything validate(experiment_spec) checks (unknown populations, sizes, time constants ...).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "plastix/spec/experiment.hpp"
#include "plastix/spec/resources.hpp"

namespace plastix {

// Reads and interprets the experiment file at `path`. `overrides` are "--set" strings "dotted.key=value",
// applied to the TOML document before it is interpreted, in order:
//   "experiment.seed=3", "population.exc.size=100", "projection.ee.weight=0.5 nS", "phase.baseline.duration=2 s".
// Arrays of tables are addressed by the element's name (a projection without a name by "<pre>_<post>", an
// unnamed monitor by its default name, any element by its position: "phase.baseline.stimulus[0].rate=5 Hz").
// The value is read as a TOML value when it is one (3, true, "0.5 nS", [1, 2], { uniform = [...] }) and as a
// plain string otherwise (so 0.5 nS needs no quotes). A new key may be set only where it is a valid key; a path
// through a missing element of an array of tables is an error.
// Throws plastix::error if the file cannot be read or is invalid: plastix::problems (core/error.hpp) when it finds
// several problems, which it reports all in one pass (docs/experiment-files.md, "Every problem at once"); the
// result has passed validate(), its memory checks for `share` (spec/resources.hpp: processes, sweep jobs).
experiment_spec load_experiment(const std::string& path, const std::vector<std::string>& overrides = {},
                                const machine_share& share = {});

// As load_experiment, from the text of a file; `file_name` is used in messages, as experiment_spec::file and
// for the default experiment name (its stem).
experiment_spec parse_experiment(std::string_view text, const std::string& file_name,
                                 const std::vector<std::string>& overrides = {}, const machine_share& share = {});

}  // namespace plastix
