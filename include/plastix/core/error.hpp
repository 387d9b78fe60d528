// plastix error type: one exception type for everything a user can get wrong.
#pragma once
#include <stdexcept>
#include <string>

namespace plastix {

// Where in an experiment file a value came from; empty file means "not from a file".
struct source_ref {
  std::string file;
  int line = 0;     // 1-based, 0 = unknown
  int column = 0;   // 1-based, 0 = unknown
  std::string key;  // dotted key path, e.g. "population.exc.tau_m"
};

// The project's single exception type. Messages are meant to be read by users and should say what was
// expected. `where` names the file, line and key when the error concerns an experiment file.
class error : public std::runtime_error {
 public:
  explicit error(const std::string& message) : std::runtime_error(message) {}
  error(const source_ref& where, const std::string& message)
      : std::runtime_error(format(where, message)), where_(where) {}

  const source_ref& where() const { return where_; }
  // The message without the "file:line: key 'k': " that what() starts with.
  std::string message() const;

  // "file:line: key 'k': message" (parts that are unknown are left out)
  static std::string format(const source_ref& where, const std::string& message);

 private:
  source_ref where_;
};

}  // namespace plastix
