#include "toml_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>

namespace plastix::io_detail {
namespace {

constexpr std::size_t line_limit = 120;  // an array longer than this is written one element per line [characters]

bool is_bare_key(std::string_view key) {
  if (key.empty()) return false;
  for (const char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

// A TOML basic string: quotes, backslashes and control characters escaped; other UTF-8 kept as it is.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char code[8];
          std::snprintf(code, sizeof code, "\\u%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += code;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Whether a multi-line literal string ('''...''') can hold text as it is: no ''' and no control character but
// newline and tab.
bool fits_literal(std::string_view text) {
  if (text.find("'''") != std::string_view::npos) return false;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return false;
  return true;
}

std::string key_text(std::string_view key) { return is_bare_key(key) ? std::string(key) : quoted(key); }

// The shortest text that reads back as x, always a TOML float (never an integer: "100" becomes "100.0").
std::string float_text(double x) {
  if (std::isnan(x)) return std::signbit(x) ? "-nan" : "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  std::string text(buffer, ec == std::errc() ? end : buffer);
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

bool is_table_array(const toml::node& node) {
  const toml::array* a = node.as_array();
  if (a == nullptr || a->empty()) return false;
  for (const toml::node& element : *a) {
    const toml::table* t = element.as_table();
    if (t == nullptr || t->is_inline()) return false;
  }
  return true;
}

bool is_section(const toml::node& node) {
  const toml::table* t = node.as_table();
  return t != nullptr && !t->is_inline();
}

std::string inline_text(const toml::node& node);

std::string array_text(const toml::array& a) {
  if (a.empty()) return "[]";
  std::string one_line = "[ ";
  for (std::size_t k = 0; k < a.size(); ++k) one_line += (k ? ", " : "") + inline_text(*a.get(k));
  one_line += " ]";
  if (one_line.size() <= line_limit && one_line.find('\n') == std::string::npos) return one_line;
  std::string lines = "[\n";
  for (const toml::node& element : a) lines += "    " + inline_text(element) + ",\n";
  return lines + "]";
}

std::string table_text(const toml::table& t) {
  if (t.empty()) return "{}";
  std::string out = "{ ";
  bool first = true;
  for (const auto& [key, value] : t) {
    out += (first ? "" : ", ") + key_text(key.str()) + " = " + inline_text(value);
    first = false;
  }
  return out + " }";
}

// A value as it stands after `key = `: scalars, arrays and tables inline.
std::string inline_text(const toml::node& node) {
  if (const auto* t = node.as_table()) return table_text(*t);
  if (const auto* a = node.as_array()) return array_text(*a);
  if (const auto* s = node.as_string()) {
    const std::string& text = s->get();
    // multi-line text (equations) keeps its lines: a literal ''' string when it can hold the text
    if (text.find('\n') != std::string::npos && fits_literal(text)) return "'''\n" + text + "'''";
    return quoted(text);
  }
  if (const auto* f = node.as_floating_point()) return float_text(f->get());
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* b = node.as_boolean()) return b->get() ? "true" : "false";
  std::ostringstream other;  // dates and times: toml++ writes these without measuring anything
  node.visit([&](const auto& value) { other << toml::toml_formatter{value}; });
  return other.str();
}

void write_section(std::ostream& out, const toml::table& table, const std::string& path, bool& anything_written) {
  for (const auto& [key, value] : table) {
    if (is_section(value) || is_table_array(value)) continue;
    out << key_text(key.str()) << " = " << inline_text(value) << "\n";
    anything_written = true;
  }
  for (const auto& [key, value] : table) {
    const std::string name = (path.empty() ? "" : path + ".") + key_text(key.str());
    if (is_section(value)) {
      out << (anything_written ? "\n" : "") << "[" << name << "]\n";
      anything_written = true;
      write_section(out, *value.as_table(), name, anything_written);
    } else if (is_table_array(value)) {
      for (const toml::node& element : *value.as_array()) {
        out << (anything_written ? "\n" : "") << "[[" << name << "]]\n";
        anything_written = true;
        write_section(out, *element.as_table(), name, anything_written);
      }
    }
  }
}

}  // namespace

void write_toml(std::ostream& out, const toml::table& root) {
  bool anything_written = false;
  write_section(out, root, "", anything_written);
}

}  // namespace plastix::io_detail
