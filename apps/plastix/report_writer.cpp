#include "report_writer.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <vector>

#include "plastix/core/printable.hpp"

extern char** environ;

namespace plastix::cli {

namespace {

// The environment of the writer: ours, with plastix's package first on PYTHONPATH (empty entries dropped: they
// would mean the current directory) and PYTHONSAFEPATH set.
std::vector<std::string> writer_environment() {
  std::string path = PLASTIX_PYTHONPATH;
  if (const char* old = std::getenv("PYTHONPATH")) {
    std::stringstream entries(old);
    for (std::string entry; std::getline(entries, entry, ':');)
      if (!entry.empty()) path += ":" + entry;
  }
  std::vector<std::string> env{"PYTHONPATH=" + path, "PYTHONSAFEPATH=1"};
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    if (!entry.starts_with("PYTHONPATH=") && !entry.starts_with("PYTHONSAFEPATH=")) env.push_back(entry);
  }
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& items) {
  std::vector<char*> out;
  for (auto& s : items) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

int write_report(const report_request& request) {
  std::vector<std::string> args{PLASTIX_PYTHON, "-P", "-m", "plastix.report"};
  if (request.with_figures) args.push_back("--all");
  if (request.quiet) args.push_back("-q");
  args.push_back(request.dir);
  std::vector<std::string> env = writer_environment();
  std::vector<char*> argv = pointers(args), envp = pointers(env);
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = 0;
  const int failed = posix_spawn(&pid, PLASTIX_PYTHON, nullptr, nullptr, argv.data(), envp.data());
  if (failed != 0) {
    std::fprintf(stderr, "plastix: cannot run %s for the figures and report: %s\n", PLASTIX_PYTHON,
                 std::strerror(failed));
    return 1;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      std::fprintf(stderr, "plastix: lost the figure and report writer: %s\n", std::strerror(errno));
      return 1;
    }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  std::fprintf(stderr, "plastix: the figure and report writer was killed by signal %d\n",
               WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return 1;
}

}  // namespace plastix::cli
