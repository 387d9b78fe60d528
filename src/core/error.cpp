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

}  // namespace plastix
