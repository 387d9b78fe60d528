// Internal to io/: the one way plastix hands text to toml++. Debian 12's toml++ 3.3.0 has inputs that reach a
// failed assertion in debug builds and undefined behaviour in release builds (upstream issues 190, 294, 295, 301:
// a table header without a key, "[&" or "[[[a]]]"; a non-ASCII character where the parser looks for whitespace; a
// '}' where an array expects a value, "x = [}"). The text is scanned for them first and refused with a syntax error
// at their line and column, so the parser never sees them.
#pragma once
#include <toml++/toml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace plastix::io_detail {

// Where and why the text cannot be given to toml++ 3.3.0. Line and column count from 1; columns in characters.
struct toml_hazard {
  std::size_t line = 1;
  std::size_t column = 1;
  std::string message;
};

// The first place in `text` that toml++ 3.3.0 does not handle safely, or nullopt. Everything reported here is
// invalid TOML, or (a non-ASCII character after a line-ending backslash in a """ string) valid TOML that plastix
// refuses; invalid UTF-8 is reported too.
std::optional<toml_hazard> find_toml_hazard(std::string_view text);

// toml::parse(text, source) after the checks: a text nested deeper than max_nesting (too_deep_key) or a hazard
// (find_toml_hazard) is thrown as toml::parse_error at its place.
toml::table parse_toml(std::string_view text, std::string_view source);

}  // namespace plastix::io_detail
