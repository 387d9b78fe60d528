// The one rule for names given in an experiment: populations, receptors, projections, monitors, phases, pattern sets,
// tables and their columns, metrics, sweep columns. Names become group and dataset names in the output file, parts
// of dotted keys (--set population.NAME.size=...) and of series and metric names ("rate.NAME", "dw_rel.NAME"), so
// they are plain identifiers: ASCII letters, digits, '_', '-' and '.', not starting with '.' or '-', no "..", at most
// max_name_length characters; no '/', spaces or control characters. (A name with a '.' cannot be addressed by name
// in a --set key; address it by position: population[0].size=...)
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace plastix {

inline constexpr std::size_t max_name_length = 128;
inline constexpr std::size_t max_label_length = 200;

// "" when `name` follows the rule; else what is wrong with it ("contains '/'"), for a message.
std::string name_problem(std::string_view name);

// Labels (sweep condition names: row labels of a table, never paths or keys) are freer: any printable text of 1 to
// max_label_length bytes, no control characters (no line breaks, tabs or terminal escapes). "" when `label` is fine.
std::string label_problem(std::string_view label);

// Names that become one component of a path (experiment.name: results/<name>): not empty, not "." or "..", no '/'
// or '\\', no control characters or bytes that are not UTF-8, and not starting with '.' (hidden names are plastix's
// staging and lock files). Spaces and non-ASCII letters are allowed. "" when `name` is fine, else what is wrong.
std::string path_name_problem(std::string_view name);

}  // namespace plastix
