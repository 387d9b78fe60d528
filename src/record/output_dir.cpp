// Atomic output directories (POSIX: mkdir, rename/renameat2, fsync).
#include "plastix/record/output_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>  // renameat2, RENAME_EXCHANGE (glibc >= 2.28)
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "plastix/core/error.hpp"
#include "plastix/core/names.hpp"
#include "plastix/core/printable.hpp"
#include "plastix/record/summary.hpp"
#include "plastix/record/writer_hdf5.hpp"
#include "plastix/version.hpp"

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
  // Gives up ownership: the descriptor stays open.
  int release() { return std::exchange(fd_, -1); }
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

// The first `max_bytes` of the file `p` (less when it is shorter; "" when it cannot be read or is a link).
std::string read_head(const fs::path& p, std::size_t max_bytes) {
  std::string text(max_bytes, '\0');
  unique_fd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) return {};
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::read(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  text.resize(done);
  return text;
}

// The files plastix writes into a result directory (and its staging directory): write_results, and after the
// data plastix.report (figure.png, memory.png, report.html), each through a temporary .<stem>.*<suffix> renamed
// into place (a leftover of an interrupted writer is plastix's too).
bool plastix_file_name(const std::string& name) {
  static constexpr std::array<std::string_view, 7> names = {
      result_marker, "data.h5", "summary.json", "experiment.toml", "figure.png", "memory.png", "report.html"};
  for (std::string_view n : names)
    if (name == n) return true;
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> temporaries = {
      {{".report.", ".html"}, {".figure.", ".png"}, {".memory.", ".png"}}};
  for (const auto& [prefix, suffix] : temporaries)
    if (name.size() > prefix.size() + suffix.size() && name.starts_with(prefix) && name.ends_with(suffix))
      return true;
  return false;
}

bool is_marker(const fs::path& file) {
  std::error_code ec;
  return fs::is_regular_file(fs::symlink_status(file, ec)) && read_head(file, 64).starts_with("plastix ");
}

// A summary.json as summary_json() writes it: an object with the experiment, version, seed and times.
bool is_plastix_summary(const fs::path& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec || size > (std::uintmax_t{64} << 20)) return false;
  const nlohmann::json j = nlohmann::json::parse(read_head(file, static_cast<std::size_t>(size)), nullptr, false);
  return j.is_object() && j.contains("experiment") && j["experiment"].is_string() && j.contains("version") &&
         j["version"].is_string() && j.contains("seed") && j["seed"].is_number_unsigned() &&
         j.contains("dt_ms") && j.contains("bio_time_s") && j.contains("metrics") && j["metrics"].is_object();
}

// Entries of `dir` that plastix did not write (names not plastix's, or not regular files), at most `limit`.
std::vector<std::string> foreign_entries(const fs::path& dir, std::size_t limit, std::error_code& ec) {
  std::vector<std::string> foreign;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code status_ec;
    if (!plastix_file_name(name) || !fs::is_regular_file(it->symlink_status(status_ec))) {
      foreign.push_back(name);
      if (foreign.size() >= limit) break;
    }
  }
  return foreign;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "'" : ", '") + printable(n) + "'";
  return out;
}

std::string marker_text() { return fmt::format("plastix {}\n", plastix::version); }

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

void check_path_name(const std::string& name, const source_ref& where, std::string_view use) {
  const std::string problem = path_name_problem(name);
  if (problem.empty()) return;
  throw error(where, fmt::format("\"{}\" cannot be used here: {}; it names {}. Use a plain name such as "
                                 "\"stdp_run1\"",
                                 printable(name), problem, use));
}

std::string replaceable_problem(const fs::path& dir) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dir, ec);
  if (!fs::exists(st)) return {};
  if (fs::is_symlink(st)) return "it is a symbolic link";
  if (!fs::is_directory(st)) return "it exists and is not a directory";
  const std::vector<std::string> foreign = foreign_entries(dir, 3, ec);
  if (ec) return fmt::format("its contents cannot be listed: {}", ec.message());
  if (!foreign.empty())
    return fmt::format("it holds {}{}, which plastix did not write", quoted_list(foreign),
                       foreign.size() >= 3 ? " and maybe more" : "");
  if (fs::is_empty(dir, ec) || is_marker(dir / result_marker)) return {};
  if (exists_no_follow(dir / "data.h5") && is_plastix_summary(dir / "summary.json")) return {};  // before markers
  return fmt::format("it has no {} file, and no data.h5 and summary.json written by plastix", result_marker);
}

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
      try {
        write_text(staging_ / result_marker, marker_text());
      } catch (const error& e) {
        discard();
        throw error(fmt::format("cannot write output directory '{}': {}", target_.string(), e.what()));
      }
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
  // Checked again here: the target may have changed since the run began.
  if (const std::string problem = replaceable_problem(target_); !problem.empty())
    throw error(fmt::format("will not replace '{}': {}; plastix replaces only directories it wrote itself",
                            target_.string(), problem));
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

namespace {

// "<parent>/.<name>.lock" for a normalised target.
fs::path lock_path(const fs::path& target) {
  return target.parent_path() / fmt::format(".{}.lock", target.filename().string());
}

// Takes the lock on `file` at once, or returns -1 (errno EWOULDBLOCK when another process holds it). Lock files
// are removed by their holder; a descriptor whose file was removed or replaced meanwhile is not the lock, so
// locking is retried on the file now at that path.
int take_lock(const fs::path& file) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    unique_fd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666));
    if (fd.get() < 0) return -1;
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) return -1;
    struct stat held {}, now {};
    if (::fstat(fd.get(), &held) == 0 && ::stat(file.c_str(), &now) == 0 && held.st_dev == now.st_dev &&
        held.st_ino == now.st_ino) {
      // The pid, for the message another process gives; information only, so failures do not matter.
      const std::string pid = fmt::format("{}\n", ::getpid());
      if (::ftruncate(fd.get(), 0) == 0) {
        [[maybe_unused]] const ssize_t written = ::pwrite(fd.get(), pid.data(), pid.size(), 0);
      }
      return fd.release();
    }
  }
  errno = EAGAIN;
  return -1;
}

// The pid in digits at the start of `text`, if any.
std::optional<long> leading_pid(std::string_view text) {
  long pid = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (ec != std::errc() || end == text.data() || pid <= 0) return std::nullopt;
  return pid;
}

bool process_is_gone(long pid) {
  return pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

// For `name` = ".<target>.partial-<pid>-<n>" or that + ".old": the pid, and whether it is an ".old" copy.
std::optional<std::pair<long, bool>> staging_name_pid(std::string_view name, std::string_view target) {
  const std::string prefix = fmt::format(".{}.partial-", target);
  if (!name.starts_with(prefix)) return std::nullopt;
  name.remove_prefix(prefix.size());
  const bool old = name.ends_with(".old");
  if (old) name.remove_suffix(4);
  const auto dash = name.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == name.size()) return std::nullopt;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (i != dash && (name[i] < '0' || name[i] > '9')) return std::nullopt;
  const auto pid = leading_pid(name.substr(0, dash));
  if (!pid) return std::nullopt;
  return std::pair{*pid, old};
}

// Removes what killed runs left next to `target` (the caller holds its lock): staging directories of processes
// that are gone, holding only plastix's files; their ".old" copies (a previous result moved aside) are removed
// once `target` exists, and otherwise moved back to `target` (they are then the only copy of that result).
void remove_stale_stagings(const fs::path& target) {
  const fs::path parent = target.parent_path();
  const std::string name = target.filename().string();
  std::error_code ec;
  std::vector<fs::path> stale, old_copies;
  for (fs::directory_iterator it(parent.empty() ? fs::path(".") : parent, ec), end; !ec && it != end;
       it.increment(ec)) {
    const auto parsed = staging_name_pid(it->path().filename().string(), name);
    std::error_code status_ec;
    if (!parsed || !fs::is_directory(it->symlink_status(status_ec)) || !process_is_gone(parsed->first)) continue;
    std::error_code list_ec;
    if (parsed->second) {
      if (replaceable_problem(it->path()).empty()) old_copies.push_back(it->path());
    } else if (foreign_entries(it->path(), 1, list_ec).empty() && !list_ec) {
      stale.push_back(it->path());
    }
  }
  for (const auto& p : stale) fs::remove_all(p, ec);
  for (const auto& p : old_copies) {
    if (!exists_no_follow(target)) {
      if (::rename(p.c_str(), target.c_str()) == 0) continue;
    }
    fs::remove_all(p, ec);
  }
}

std::string megabytes(std::uint64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

}  // namespace

output_target::output_target(fs::path dir, fs::path lock_file, int lock_fd)
    : dir_(std::move(dir)), lock_file_(std::move(lock_file)), lock_fd_(lock_fd) {}

output_target::output_target(output_target&& other) noexcept
    : dir_(std::move(other.dir_)),
      lock_file_(std::move(other.lock_file_)),
      lock_fd_(std::exchange(other.lock_fd_, -1)) {}

output_target& output_target::operator=(output_target&& other) noexcept {
  if (this != &other) {
    release();
    dir_ = std::move(other.dir_);
    lock_file_ = std::move(other.lock_file_);
    lock_fd_ = std::exchange(other.lock_fd_, -1);
  }
  return *this;
}

output_target::~output_target() { release(); }

void output_target::release() noexcept {
  if (lock_fd_ < 0) return;
  ::unlink(lock_file_.c_str());  // while still holding the lock: see take_lock
  ::close(std::exchange(lock_fd_, -1));
}

output_target check_output_target(const fs::path& dir, std::uint64_t expected_bytes) {
  const fs::path target = normalized_target(dir);
  const auto fail = [&](const std::string& why) {
    return error(fmt::format("cannot write results to '{}': {}", target.string(), why));
  };
  if (const std::string problem = replaceable_problem(target); !problem.empty())
    throw fail(problem + "; plastix replaces only directories it wrote itself. Choose another output directory, "
                         "or move this one away");
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw fail(fmt::format("cannot create its parent '{}': {}", parent.string(), ec.message()));
  if (::access(parent.c_str(), W_OK | X_OK) != 0)
    throw fail(fmt::format("cannot create files in '{}': {}", parent.string(), errno_text(errno)));

  const fs::path lock_file = lock_path(target);
  const int fd = take_lock(lock_file);
  if (fd < 0) {
    if (errno != EWOULDBLOCK && errno != EAGAIN)
      throw fail(fmt::format("cannot create the lock file '{}': {}", lock_file.string(), errno_text(errno)));
    const auto pid = leading_pid(read_head(lock_file, 32));
    throw fail(fmt::format("another plastix process{} is writing it (it holds the lock '{}'); wait until it is "
                           "done, or choose another output directory",
                           pid ? fmt::format(" (pid {})", *pid) : "", lock_file.string()));
  }
  output_target reserved(target, lock_file, fd);

  if (expected_bytes > 0) {
    struct statvfs fs_info {};
    if (::statvfs(parent.c_str(), &fs_info) == 0) {
      const std::uint64_t free_bytes = std::uint64_t{fs_info.f_bavail} * fs_info.f_frsize;
      if (free_bytes < expected_bytes)
        throw fail(fmt::format("the results need about {}, but only {} are free on the file system of '{}'",
                               megabytes(expected_bytes), megabytes(free_bytes), parent.string()));
    }
  }
  remove_stale_stagings(target);
  return reserved;
}

void write_results(const run_results& results, const fs::path& dir, const hdf5_options& options) {
  write_results(results, check_output_target(dir, 0), options);
}

void write_results(const run_results& results, const output_target& target, const hdf5_options& options) {
  staged_directory out(target.dir());
  try {
    write_hdf5(results, out.path() / "data.h5", options);
    write_text(out.path() / "summary.json", summary_json(results));
    if (!results.file_text.empty()) write_text(out.path() / "experiment.toml", results.file_text);
    out.commit();
  } catch (const error& e) {
    // The staging path in `e` means little to a user; say which output directory failed.
    throw error(fmt::format("cannot write results to '{}': {}", out.target().string(), e.what()));
  }
}

}  // namespace plastix
