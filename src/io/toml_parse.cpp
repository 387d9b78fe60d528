// The scan for inputs that toml++ 3.3.0 does not handle safely (see toml_parse.hpp), and parse_toml.
//
// What reaches undefined behaviour or a failed assertion in toml++ 3.3.0, and the rule here that refuses it first:
//  - parse_key() assumes (TOML_ASSERT_ASSUME) that a key starts at the cursor; parse_table_header() calls it
//    without checking: "[&", "[[[a]]]", "[[=" (upstream 294, 301). Rule: the first character after the '[' or '[['
//    of a table header (and any spaces) must start a key, or be ']' (which toml++ reports itself).
//  - is_non_ascii_horizontal_whitespace() reaches TOML_UNREACHABLE (__builtin_unreachable) for most code points in
//    U+00A1..U+0499 and U+2D8E..U+3187 (upstream 295), and the parser asks it about characters outside strings and
//    comments, and inside """ strings after a backslash (upstream 190: toml-test's valid/string/start-mb).
//    Rules: outside strings and comments, only ASCII (as TOML itself requires); in a """ string, no non-ASCII
//    character after a backslash and the whitespace that follows it.
//  - parse_value() assumes that it does not start at a value terminator; parse_array() calls it on a '}': "x = [}".
//    Rule: no '}' directly inside an array.
//  - Numbers, dates and booleans are read up to a value terminator, quotes and all ("x = 9\"µ\"" asks about the
//    'µ' as in the second case): the scan reads them the same way.
//  - Invalid UTF-8 is refused here as well, so toml++'s decoder only ever sees valid UTF-8.
// The scan follows TOML's structure (strings, comments, arrays and inline tables over several lines) only as far as
// it must to tell a table header from an array and a string from the rest. Where it loses track, toml++ has
// already met an error earlier in the text, and stops there.
#include "toml_parse.hpp"

#include <fmt/format.h>

#include "toml_reader.hpp"

#include <cstdio>
#include <vector>

namespace plastix::io_detail {

namespace {

// A position in the text, counting lines and characters as toml++ does.
struct cursor {
  std::string_view text;
  std::size_t at = 0;  // byte offset
  std::size_t line = 1;
  std::size_t column = 1;

  bool done() const { return at >= text.size(); }
  unsigned char peek(std::size_t ahead = 0) const {
    return at + ahead < text.size() ? static_cast<unsigned char>(text[at + ahead]) : 0;
  }
  void step() {
    const auto c = static_cast<unsigned char>(text[at++]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {  // a UTF-8 continuation byte is part of the character before
      ++column;
    }
  }
  void step(std::size_t bytes) {
    for (std::size_t k = 0; k < bytes && !done(); ++k) step();
  }
};

toml_hazard hazard_at(const cursor& c, std::string message) { return {c.line, c.column, std::move(message)}; }

// Length of the valid UTF-8 sequence at the cursor (1 for ASCII), or 0: no overlong forms, no surrogates, nothing
// above U+10FFFF, no truncated sequence.
std::size_t utf8_length(const cursor& c) {
  const unsigned char b = c.peek();
  auto continuation = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return c.at + k < c.text.size() && c.peek(k) >= lo && c.peek(k) <= hi;
  };
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return continuation(1) ? 2 : 0;
  if (b >= 0xE0 && b <= 0xEF) {
    const unsigned char lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
    return continuation(1, lo, hi) && continuation(2) ? 3 : 0;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    const unsigned char lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
    return continuation(1, lo, hi) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

// "U+00B5" for the (valid) character at the cursor.
std::string code_point_name(const cursor& c) {
  const std::size_t n = utf8_length(c);
  char32_t cp = n == 1 ? c.peek() : c.peek() & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (c.peek(k) & 0x3F);
  char name[16];
  std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(cp));
  return name;
}

std::string describe_ascii(unsigned char ch) {
  if (ch >= 0x20 && ch < 0x7F) return std::string("'") + static_cast<char>(ch) + "'";
  char name[16];
  std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(ch));
  return name;
}

// Steps over one character that may be non-ASCII; invalid UTF-8 is a hazard.
std::optional<toml_hazard> step_character(cursor& c) {
  const std::size_t n = utf8_length(c);
  if (n == 0) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(c.peek()));
    return hazard_at(c, std::string("invalid UTF-8 (byte ") + byte + "); an experiment file must be UTF-8 text");
  }
  c.step(n);
  return std::nullopt;
}

bool is_space(unsigned char ch) { return ch == ' ' || ch == '\t'; }

bool starts_key(unsigned char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
         ch == '-' || ch == '"' || ch == '\'';
}

// A comment, up to (not including) the end of its line.
std::optional<toml_hazard> skip_comment(cursor& c) {
  while (!c.done() && c.peek() != '\n')
    if (auto h = step_character(c)) return h;
  return std::nullopt;
}

// After a backslash in a """ string: the escaped character, or the whitespace and line breaks of a line-ending
// backslash; a non-ASCII character there is a hazard (toml++ asks whether it is whitespace).
std::optional<toml_hazard> skip_multi_line_escape(cursor& c) {
  c.step();  // the backslash
  const auto whitespace = [](unsigned char ch) { return ch == ' ' || ch == '\t' || (ch >= '\n' && ch <= '\r'); };
  const bool line_ending = whitespace(c.peek());
  while (!c.done() && whitespace(c.peek())) c.step();
  if (c.peek() >= 0x80) {
    if (utf8_length(c) == 0) return step_character(c);
    return hazard_at(c, "the character " + code_point_name(c) +
                            " right after a backslash (and the whitespace after it) in a \"\"\" string is not "
                            "supported (a defect of the TOML library); write it elsewhere or escape it as \\u");
  }
  if (!line_ending && !c.done()) c.step();  // the escaped character; after a line ending, the text goes on
  return std::nullopt;
}

// A string of any of TOML's four kinds, the cursor on its opening quote.
std::optional<toml_hazard> skip_string(cursor& c) {
  const unsigned char quote = c.peek();
  const bool basic = quote == '"';
  const bool multi_line = c.peek(1) == quote && c.peek(2) == quote;
  c.step(multi_line ? 3 : 1);
  while (!c.done()) {
    const unsigned char ch = c.peek();
    if (ch == quote) {
      if (!multi_line) {
        c.step();
        return std::nullopt;
      }
      std::size_t run = 0;  // toml++ reads up to five quotes: one or two are text, three to five end the string
      while (run < 5 && c.peek(run) == quote) ++run;
      c.step(run);
      if (run >= 3) return std::nullopt;
      continue;
    }
    if (ch == '\n' && !multi_line) return std::nullopt;  // unterminated: toml++ reports it
    if (ch == '\\' && basic) {
      if (multi_line) {
        if (auto h = skip_multi_line_escape(c)) return h;
        continue;
      }
      c.step();
      if (c.done() || c.peek() == '\n') continue;
    }
    if (auto h = step_character(c)) return h;
  }
  return std::nullopt;
}

// A table header, the cursor on its '[': the first character of its key.
std::optional<toml_hazard> check_table_header(const cursor& header) {
  cursor c = header;
  c.step();
  bool spaces = false;
  while (is_space(c.peek())) {
    c.step();
    spaces = true;
  }
  if (c.peek() == '[') {
    if (spaces) return std::nullopt;  // "[ [": toml++ reports it
    c.step();
    while (is_space(c.peek())) c.step();
  }
  const unsigned char ch = c.peek();
  if (c.done() || ch == ']' || ch >= 0x80 || starts_key(ch)) return std::nullopt;  // non-ASCII: the main scan
  return hazard_at(c, "expected the name of a table after '[', saw " + describe_ascii(ch));
}

// What the scan expects next: a key (at the start of a line, in an inline table), a value (after '=', in an
// array), or the rest after either.
enum class expecting { key, value, rest };

std::optional<toml_hazard> non_ascii_hazard(cursor& c) {
  if (utf8_length(c) == 0) return step_character(c);
  return hazard_at(c, "the character " + code_point_name(c) +
                          " outside a string or comment; TOML allows non-ASCII characters only in strings and "
                          "comments");
}

// toml++'s value terminators (is_value_terminator), ASCII ones: whitespace, line breaks, ']', '}', ',', '#'.
bool ends_value(unsigned char ch) {
  return ch == ' ' || ch == '\t' || (ch >= '\n' && ch <= '\r') || ch == ']' || ch == '}' || ch == ',' || ch == '#';
}

// The first character of a value that is no string, array or inline table.
bool starts_bare_value(unsigned char ch) {
  return !ends_value(ch) && ch != '"' && ch != '\'' && ch != '[' && ch != '{';
}

// Characters of numbers, dates and booleans (and bare keys).
bool is_bare_value_character(unsigned char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
         ch == '-' || ch == '+' || ch == '.' || ch == ':';
}

// A number, date or boolean: everything up to a value terminator, as toml++ reads it.
std::optional<toml_hazard> skip_bare_value(cursor& c) {
  while (!c.done() && !ends_value(c.peek())) {
    if (c.peek() >= 0x80) return non_ascii_hazard(c);
    c.step();
  }
  return std::nullopt;
}

}  // namespace

std::optional<toml_hazard> find_toml_hazard(std::string_view text) {
  cursor c{text};
  if (text.substr(0, 3) == "\xEF\xBB\xBF") c.at = 3;  // a byte order mark, which toml++ skips
  std::vector<unsigned char> open;  // the arrays ('[') and inline tables ('{') the scan is inside
  expecting next = expecting::key;
  bool line_start = true;  // at the top level with only whitespace before on this line
  bool in_header = false;  // in a [table] or [[array]] header line
  while (!c.done()) {
    const unsigned char ch = c.peek();
    if (ch >= 0x80) return non_ascii_hazard(c);
    // A number, date, boolean (or a mistake): toml++ reads it up to a value terminator, quotes included.
    const bool quote_in_token = (ch == '"' || ch == '\'') && next == expecting::rest && c.at > 0 &&
                                is_bare_value_character(static_cast<unsigned char>(text[c.at - 1]));
    if ((next == expecting::value && starts_bare_value(ch)) || quote_in_token) {
      if (auto h = skip_bare_value(c)) return h;
      next = expecting::rest;
      line_start = false;
      continue;
    }
    switch (ch) {
      case '\n':
        c.step();
        if (open.empty()) {
          line_start = true;
          in_header = false;
          next = expecting::key;
        }
        continue;
      case ' ':
      case '\t':
      case '\r':
        c.step();
        continue;
      case '#':
        if (auto h = skip_comment(c)) return h;
        continue;
      case '"':
      case '\'':
        if (auto h = skip_string(c)) return h;
        if (next == expecting::value) next = expecting::rest;
        line_start = false;
        continue;
      case '=':
        next = expecting::value;
        break;
      case ',':
        next = !open.empty() && open.back() == '{' ? expecting::key : expecting::value;
        break;
      case '[':
        if (open.empty() && line_start) {
          if (auto h = check_table_header(c)) return h;
          in_header = true;
        } else if (!in_header) {
          open.push_back('[');
          next = expecting::value;
        }
        break;
      case '{':
        if (!in_header) {
          open.push_back('{');
          next = expecting::key;
        }
        break;
      case '}':
        // Directly inside an array a '}' is never valid; where a value is due, parse_array() hands it to
        // parse_value(), which assumes it is no value terminator.
        if (!open.empty() && open.back() == '[') return hazard_at(c, "expected a value or ']' in the array, saw '}'");
        if (!open.empty()) open.pop_back();
        next = expecting::rest;
        break;
      case ']':
        if (!open.empty() && open.back() == '[') open.pop_back();
        next = expecting::rest;
        break;
      default:
        break;
    }
    line_start = false;
    c.step();
  }
  return std::nullopt;
}

toml::table parse_toml(std::string_view text, std::string_view source) {
  // toml++ recurses once per level of nesting (300 000 levels overflowed the stack): deep texts are refused first.
  if (const auto at = too_deep_key(text)) {
    const toml::source_position where{static_cast<toml::source_index>(at->first),
                                      static_cast<toml::source_index>(at->second)};
    const std::string message = fmt::format(
        "tables and arrays are nested more than {} levels deep here (counting the parts of [table] headers and dotted "
        "keys, inline tables and arrays); expected a flatter file",
        max_nesting);
    throw toml::parse_error(message.c_str(), where, std::make_shared<const std::string>(source));
  }
  if (const std::optional<toml_hazard> h = find_toml_hazard(text)) {
    const toml::source_position where{static_cast<toml::source_index>(h->line),
                                      static_cast<toml::source_index>(h->column)};
    throw toml::parse_error(h->message.c_str(), where, std::make_shared<const std::string>(source));
  }
  return toml::parse(text, source);
}

}  // namespace plastix::io_detail
