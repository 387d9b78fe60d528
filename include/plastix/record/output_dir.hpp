// Atomic output directories: a run's files appear all at once, or not at all.
#pragma once
#include <filesystem>

#include "plastix/record/monitors.hpp"

namespace plastix {

// A directory that is filled under a hidden staging name next to its target and then moved into place:
//
//   staged_directory out("results/stdp");          // creates results/.stdp.partial-<pid>-<n>/
//   write_something(out.path() / "data.h5");
//   out.commit();                                  // results/stdp now holds exactly the new files
//
// The staging directory is in the target's parent (created if missing), so commit() is a rename on one file
// system. commit() replaces an existing target directory only once the new contents are complete and synced:
// it swaps the two atomically (Linux renameat2 RENAME_EXCHANGE), or where the file system cannot, renames the
// old one aside, renames the new one in and restores the old one if that fails. The old contents are removed
// afterwards. Readers therefore see either the old or the new directory, never a mix.
// If commit() is never called or fails, the destructor removes the staging directory and the target is untouched.
// Errors are plastix::error naming the path concerned. A process killed mid-way (SIGKILL, power loss) can leave
// a hidden `.<name>.partial-*` directory behind; it is safe to delete.
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

// Writes `results` to the directory `dir` atomically (through a staged_directory):
//   data.h5          the recorded data (write_hdf5)
//   summary.json     the summary (summary_json)
//   experiment.toml  results.file_text, the experiment file as run (only when non-empty)
// An existing `dir` from a previous run is replaced only when the new one is complete; if anything fails, no
// staging directory remains and an existing `dir` is left untouched. Throws plastix::error naming the path.
void write_results(const run_results& results, const std::filesystem::path& dir);

namespace detail {
// The replacement step of staged_directory::commit(), exposed for tests. `exchange` = false skips the atomic
// swap and uses the rename-aside fallback. `aside` must be an unused path in the same directory.
void replace_directory(const std::filesystem::path& staging, const std::filesystem::path& target,
                       const std::filesystem::path& aside, bool exchange);
}  // namespace detail

}  // namespace plastix
