// The catalogue (spec/models.hpp) as plain text for a terminal: `plastix list` and Python's plastix.models() and
// plastix.help() print the same text.
#pragma once
#include <string>
#include <string_view>

namespace plastix {

// Every family with its models, one line each: name, doc and declared state ("v [mV]").
std::string catalogue_overview();

// The keys (type, default, bounds, doc), presets and state of every model named `name` (a name may be a model of
// two families, e.g. a rule and a protocol). Throws plastix::error naming the closest model when there is none.
std::string model_help(std::string_view name);

}  // namespace plastix
