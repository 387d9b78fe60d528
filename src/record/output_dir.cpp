// Atomic output directories (POSIX: mkdir, rename/renameat2, fsync).
#include "plastix/record/output_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>  // renameat2, RENAME_EXCHANGE (glibc >= 2.28)
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "plastix/core/error.hpp"
#include "plastix/record/summary.hpp"
#include "plastix/record/writer_hdf5.hpp"

namespace plastix {
namespace fs = std::filesystem;
namespace {

std::string errno_text(int code) { return std::generic_category().message(code); }

// Owns a POSIX file descriptor.
class unique_fd {
 public:
  explicit unique_fd(int fd) : fd_(fd) {}
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  ~unique_fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now; returns 0 or the errno of a failed close (which can report a delayed write error).
  int close() {
    const int rc = ::close(std::exchange(fd_, -1));
    return rc == 0 ? 0 : errno;
  }

 private:
  int fd_ = -1;
};

// Flushes a file or directory to disk; throws plastix::error naming it.
void sync_path(const fs::path& p, bool directory) {
  unique_fd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0)));
  if (fd.get() < 0) throw error(fmt::format("cannot open '{}' to flush it to disk: {}", p.string(), errno_text(errno)));
  if (::fsync(fd.get()) != 0)
    throw error(fmt::format("cannot flush '{}' to disk: {}", p.string(), errno_text(errno)));
}

// Flushes every file and directory below `root` (and `root` itself), so a rename publishes complete data.
void sync_tree(const fs::path& root) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::file_status st = it->symlink_status();
    if (fs::is_regular_file(st)) sync_path(it->path(), false);
    else if (fs::is_directory(st)) sync_path(it->path(), true);
  }
  if (ec) throw error(fmt::format("cannot list '{}' to flush it to disk: {}", root.string(), ec.message()));
  sync_path(root, true);
}

// Writes `text` to a new file `p`; throws plastix::error naming it (e.g. on a full disk).
void write_text(const fs::path& p, std::string_view text) {
  unique_fd fd(::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
  if (fd.get() < 0) throw error(fmt::format("cannot create '{}': {}", p.string(), errno_text(errno)));
  while (!text.empty()) {
    const ssize_t n = ::write(fd.get(), text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw error(fmt::format("cannot write '{}': {}", p.string(), errno_text(errno)));
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  if (const int code = fd.close(); code != 0)
    throw error(fmt::format("cannot write '{}': {}", p.string(), errno_text(code)));
}

bool exists_no_follow(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

// The target without trailing separators; throws when it has no usable last component.
fs::path normalized_target(const fs::path& target) {
  fs::path p = target.lexically_normal();
  if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();  // "out/" -> "out"
  const std::string name = p.filename().string();
  if (name.empty() || name == "." || name == "..")
    throw error(fmt::format("cannot use '{}' as an output directory: it must end in a directory name",
                            target.string()));
  return p;
}

}  // namespace

namespace detail {

void replace_directory(const fs::path& staging, const fs::path& target, const fs::path& aside, bool exchange) {
  if (!exists_no_follow(target)) {
    if (::rename(staging.c_str(), target.c_str()) != 0)
      throw error(fmt::format("cannot move the new output into '{}': {}", target.string(), errno_text(errno)));
    return;
  }
  std::error_code ignored;  // removing the old contents is cleanup: the new output is in place either way
  if (exchange) {
    // One atomic step: target gets the new contents, staging the old ones.
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
      fs::remove_all(staging, ignored);
      return;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
      throw error(fmt::format("cannot replace '{}' with the new output: {}", target.string(), errno_text(errno)));
    // The file system cannot exchange: fall through to rename aside, rename in.
  }
  if (::rename(target.c_str(), aside.c_str()) != 0)
    throw error(fmt::format("cannot move the previous output '{}' aside to '{}': {}", target.string(),
                            aside.string(), errno_text(errno)));
  if (::rename(staging.c_str(), target.c_str()) != 0) {
    const int code = errno;
    if (::rename(aside.c_str(), target.c_str()) != 0)
      throw error(fmt::format("cannot move the new output into '{}': {}; the previous output could not be restored "
                              "either and is in '{}'",
                              target.string(), errno_text(code), aside.string()));
    throw error(fmt::format("cannot move the new output into '{}': {}", target.string(), errno_text(code)));
  }
  fs::remove_all(aside, ignored);
}

}  // namespace detail

staged_directory::staged_directory(const fs::path& target) : target_(normalized_target(target)) {
  std::error_code ec;
  const fs::file_status st = fs::status(target_, ec);
  if (fs::exists(st) && !fs::is_directory(st))
    throw error(fmt::format("cannot write output directory '{}': it exists and is not a directory", target_.string()));

  const fs::path parent = target_.parent_path();
  if (!parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec)
      throw error(fmt::format("cannot write output directory '{}': cannot create its parent '{}': {}",
                              target_.string(), parent.string(), ec.message()));
  }
  // mkdir is atomic, so the first name we manage to create is ours alone (even across threads and processes).
  const std::string prefix = fmt::format(".{}.partial-{}-", target_.filename().string(), ::getpid());
  for (int n = 0; n < 10000; ++n) {
    const fs::path candidate = parent / (prefix + std::to_string(n));
    if (::mkdir(candidate.c_str(), 0777) == 0) {
      staging_ = candidate;
      return;
    }
    if (errno != EEXIST)
      throw error(fmt::format("cannot write output directory '{}': cannot create '{}': {}", target_.string(),
                              candidate.string(), errno_text(errno)));
  }
  throw error(fmt::format("cannot write output directory '{}': too many staging directories '{}*' exist in '{}'",
                          target_.string(), prefix, parent.string()));
}

staged_directory::~staged_directory() { discard(); }

staged_directory::staged_directory(staged_directory&& other) noexcept
    : target_(std::move(other.target_)),
      staging_(std::exchange(other.staging_, fs::path())),
      committed_(std::exchange(other.committed_, false)) {}

staged_directory& staged_directory::operator=(staged_directory&& other) noexcept {
  if (this != &other) {
    discard();
    target_ = std::move(other.target_);
    staging_ = std::exchange(other.staging_, fs::path());
    committed_ = std::exchange(other.committed_, false);
  }
  return *this;
}

void staged_directory::discard() noexcept {
  if (committed_ || staging_.empty()) return;
  std::error_code ignored;
  fs::remove_all(staging_, ignored);
  staging_.clear();
}

void staged_directory::commit() {
  if (committed_) throw error(fmt::format("output directory '{}' was already committed", target_.string()));
  if (staging_.empty()) throw error("commit() on a moved-from staged_directory");
  sync_tree(staging_);
  // "<staging>.old" is as unique as the staging name itself.
  detail::replace_directory(staging_, target_, fs::path(staging_.string() + ".old"), true);
  committed_ = true;
  const fs::path parent = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  try {
    sync_path(parent, true);  // make the rename itself durable
  } catch (const error&) {
    // The new output is in place and complete; only its durability across a power loss is not guaranteed.
  }
}

void write_results(const run_results& results, const fs::path& dir) {
  staged_directory out(dir);
  try {
    write_hdf5(results, out.path() / "data.h5");
    write_text(out.path() / "summary.json", summary_json(results));
    if (!results.file_text.empty()) write_text(out.path() / "experiment.toml", results.file_text);
    out.commit();
  } catch (const error& e) {
    // The staging path in `e` means little to a user; say which output directory failed.
    throw error(fmt::format("cannot write results to '{}': {}", out.target().string(), e.what()));
  }
}

}  // namespace plastix
