// Output directories: a run's files appear all at once, or not at all, and only ever replace plastix's own results.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "plastix/core/error.hpp"
#include "plastix/record/monitors.hpp"
#include "plastix/record/writer_hdf5.hpp"

namespace plastix {

// The marker file plastix writes into every directory it writes (results, staging directories). It holds one
// line, "plastix <version>". A directory is replaced or deleted by plastix only when it holds this marker (or is
// an unmarked result of an older plastix version, see replaceable_problem) and nothing plastix did not write.
inline constexpr std::string_view result_marker = ".plastix-result";

// Throws plastix::error(where, ...) unless `name` can be used as one directory name inside another directory:
// not empty, not "." or "..", no '/' or '\\', no control characters, and not starting with '.' (hidden names are
// plastix's staging and lock files). `use` says in the message what the name names, e.g. "the output directory
// results/<experiment.name>". The name is shown escaped (printable()).
void check_path_name(const std::string& name, const source_ref& where, std::string_view use);

// Why plastix must not replace (or delete) the existing directory `dir`, or "" when it may. It may when `dir` is
// a directory (not a symbolic link) that is empty, or holds only files plastix writes into a result directory
// (data.h5, summary.json, experiment.toml, figure.png, memory.png, report.html, .plastix-result and leftovers
// .report.*.html, .figure.*.png, .memory.*.png of an interrupted report writer), all regular files, and either the
// marker or, written by a plastix version before the marker, both data.h5 and a summary.json that is plastix's.
// A `dir` that does not exist gives "".
std::string replaceable_problem(const std::filesystem::path& dir);

// A directory that is filled under a hidden staging name next to its target and then moved into place:
//
//   staged_directory out("results/stdp");          // creates results/.stdp.partial-<pid>-<n>/
//   write_something(out.path() / "data.h5");
//   out.commit();                                  // results/stdp now holds exactly the new files
//
// The staging directory is in the target's parent (created if missing), so commit() is a rename on one file
// system. It holds the marker file (result_marker) from the start, so a staging directory left by a killed
// process can be recognised as plastix's (check_output_target removes such directories).
// commit() replaces an existing target only when replaceable_problem() has nothing against it (otherwise it
// throws and leaves the target alone), and only once the new contents are complete and synced:
// it swaps the two atomically (Linux renameat2 RENAME_EXCHANGE), or where the file system cannot, renames the
// old one aside, renames the new one in and restores the old one if that fails. The old contents are removed
// afterwards. Readers therefore see either the old or the new directory, never a mix.
// If commit() is never called or fails, the destructor removes the staging directory and the target is untouched.
// Errors are plastix::error naming the path concerned. A process killed mid-way (SIGKILL, power loss) can leave
// a hidden `.<name>.partial-<pid>-<n>` directory behind; it is safe to delete, and the next
// check_output_target() of the same target deletes it.
class staged_directory {
 public:
  // Creates the staging directory for `target`. Throws plastix::error if `target` has no usable name
  // ("", ".", ".."), if it exists and is not a directory, or if the staging directory cannot be created.
  explicit staged_directory(const std::filesystem::path& target);
  ~staged_directory();
  staged_directory(staged_directory&& other) noexcept;
  staged_directory& operator=(staged_directory&& other) noexcept;
  staged_directory(const staged_directory&) = delete;
  staged_directory& operator=(const staged_directory&) = delete;

  // Where to write the files now: the staging directory (the target once committed).
  const std::filesystem::path& path() const { return committed_ ? target_ : staging_; }
  const std::filesystem::path& target() const { return target_; }
  bool committed() const { return committed_; }

  // Flushes every file in the staging directory to disk and moves it into place (see above). Calling it twice
  // is an error. On failure the target is left as it was, and the staging directory is removed by the destructor.
  void commit();

 private:
  void discard() noexcept;
  std::filesystem::path target_;   // the final directory
  std::filesystem::path staging_;  // hidden sibling of target_ while filling
  bool committed_ = false;
};

// An output directory reserved for one run: checked, and locked against other plastix processes until the
// object is destroyed. Made by check_output_target(); movable.
class output_target {
 public:
  output_target(output_target&& other) noexcept;
  output_target& operator=(output_target&& other) noexcept;
  output_target(const output_target&) = delete;
  output_target& operator=(const output_target&) = delete;
  ~output_target();  // releases the lock and removes the lock file

  const std::filesystem::path& dir() const { return dir_; }
  const std::filesystem::path& lock_file() const { return lock_file_; }

 private:
  friend output_target check_output_target(const std::filesystem::path& dir, std::uint64_t expected_bytes);
  output_target(std::filesystem::path dir, std::filesystem::path lock_file, int lock_fd);
  void release() noexcept;
  std::filesystem::path dir_;        // normalised, as staged_directory uses it
  std::filesystem::path lock_file_;  // <parent>/.<name>.lock
  int lock_fd_ = -1;                 // holds flock(LOCK_EX) on lock_file_
};

// Call before a run (before simulating): checks that its results can be written to `dir`, and reserves `dir`.
// Throws plastix::error naming `dir` (and nothing is changed but missing parents created) when
//   - `dir` has no usable last component ("", ".", ".."), or exists and replaceable_problem() objects to it,
//   - its parent cannot be created, or files cannot be created in it (permissions, read-only file system),
//   - the parent's file system has less than `expected_bytes` free (statvfs; 0 skips this check),
//   - another process holds the lock <parent>/.<name>.lock (flock): another plastix run or write to the same
//     directory is under way. The lock is taken at once or not at all, never waited for.
// Then removes stale staging directories of `dir` (`.<name>.partial-<pid>-<n>`, and their `.old` copies once
// `dir` exists) whose process is gone and which hold only plastix's files (see staged_directory).
output_target check_output_target(const std::filesystem::path& dir, std::uint64_t expected_bytes);

// Writes `results` to the reserved directory `target.dir()` atomically (through a staged_directory):
//   .plastix-result  the marker (result_marker)
//   data.h5          the recorded data (write_hdf5)
//   summary.json     the summary (summary_json)
//   experiment.toml  results.file_text, the experiment file as run (only when non-empty)
// An existing directory from a previous run is replaced only when the new one is complete (and only when it is
// plastix's, see replaceable_problem); if anything fails, no staging directory remains and an existing
// directory is left untouched. Throws plastix::error naming the directory. `options`: how data.h5 is written.
void write_results(const run_results& results, const output_target& target, const hdf5_options& options = {});

// The same for a directory not reserved before: check_output_target(dir, 0), then write_results. Any directory
// name works, e.g. "<dir>.incomplete" next to a previous result.
void write_results(const run_results& results, const std::filesystem::path& dir, const hdf5_options& options = {});

namespace detail {
// The replacement step of staged_directory::commit(), exposed for tests. `exchange` = false skips the atomic
// swap and uses the rename-aside fallback. `aside` must be an unused path in the same directory.
void replace_directory(const std::filesystem::path& staging, const std::filesystem::path& target,
                       const std::filesystem::path& aside, bool exchange);
}  // namespace detail

}  // namespace plastix
