#include "plastix/core/error.hpp"

namespace plastix {

std::string error::format(const source_ref& where, const std::string& message) {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) out += ":" + std::to_string(where.line);
    out += ": ";
  }
  if (!where.key.empty()) out += "key '" + where.key + "': ";
  return out + message;
}

std::string error::message() const {
  std::string text = what();
  const std::string place = format(where_, "");
  if (text.rfind(place, 0) == 0) text.erase(0, place.size());
  return text;
}

}  // namespace plastix
