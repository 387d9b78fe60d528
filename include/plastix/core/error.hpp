// plastix error type: one exception type for everything a user can get wrong.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

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

 protected:
  struct formatted {};  // what() is given as is
  error(formatted, const source_ref& where, const std::string& text) : std::runtime_error(text), where_(where) {}

 private:
  source_ref where_;
};

// An error that every process of an MPI run meets at the same point of the program — a sweep point's outcome,
// exchanged among the processes (sim/point_outcome.cpp) — so that the command prints it once, from rank 0, rather
// than guessing whether the other processes met it too (apps/plastix/main.cpp). what() is the original's.
class shared_error : public error {
 public:
  explicit shared_error(const error& e) : error(formatted{}, e.where(), e.what()) {}
};

// Several problems found in one pass over an experiment (`plastix check` reports every problem, not only the
// first). what() lists them one per line in file order (by line; problems without a line last), at most
// `shown_at_most` of them and then "... and N more problems"; where() is the first one's.
class problems : public error {
 public:
  static constexpr std::size_t shown_at_most = 50;
  explicit problems(std::vector<error> list);

  const std::vector<error>& list() const { return list_; }  // the problems shown, in file order
  std::size_t left_out() const { return left_out_; }        // problems found beyond shown_at_most

 private:
  struct sorted {
    std::vector<error> shown;
    std::size_t left_out = 0;
  };
  static sorted in_file_order(std::vector<error> list);
  static std::string text(const sorted& s);
  explicit problems(sorted s);

  std::vector<error> list_;
  std::size_t left_out_ = 0;
};

// Throws what `list` found: nothing when it is empty, the problem itself when there is one (its message as
// always), else plastix::problems. Repeated problems (the same message) count once.
void throw_problems(std::vector<error> list);

}  // namespace plastix
