#include "plastix/core/names.hpp"

#include <fmt/format.h>

#include "plastix/core/printable.hpp"

namespace plastix {

namespace {

bool is_name_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

std::string shown(unsigned char c) {
  if (c < 0x20 || c == 0x7f) return fmt::format("the control character {:#04x}", c);
  if (c >= 0x80) return "a non-ASCII character";
  if (c == ' ') return "a space";
  return fmt::format("'{}'", static_cast<char>(c));
}

}  // namespace

std::string name_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > max_name_length) return fmt::format("it is longer than {} characters", max_name_length);
  for (unsigned char c : name)
    if (!is_name_char(c)) return "it contains " + shown(c);
  if (name.front() == '.' || name.front() == '-') return fmt::format("it starts with '{}'", name.front());
  if (name.find("..") != std::string_view::npos) return "it contains '..'";
  return "";
}

std::string label_problem(std::string_view label) {
  if (label.empty()) return "it is empty";
  if (label.size() > max_label_length) return fmt::format("it is longer than {} characters", max_label_length);
  for (unsigned char c : label)
    if (c < 0x20 || c == 0x7f) return "it contains " + shown(c);
  return "";
}

std::string path_name_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name == "." || name == "..") return "it names a directory itself";
  if (name.find_first_of("/\\") != std::string_view::npos) return "it contains a path separator";
  if (name.front() == '.') return "it starts with '.' (hidden names are kept for plastix's own files)";
  if (printable(name) != name || name.find_first_of("\n\t") != std::string_view::npos)
    return "it contains control characters or bytes that are not UTF-8";
  return "";
}

}  // namespace plastix
