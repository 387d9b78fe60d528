// The figures and the report of a run's output directory, written by the Python package (python/plastix/report.py)
// under Debian's interpreter: `plastix run` and `plastix resume` after the data, `plastix report DIR` on request.
#pragma once
#include <string>

namespace plastix::cli {

// What to write into the output directory.
struct report_request {
  std::string dir;          // the run's output directory
  bool with_figures = true; // figure.png and memory.png (recall runs) besides report.html
  bool quiet = false;       // print nothing but errors
};

// Runs `python3 -P -m plastix.report [--all] [-q] DIR` and waits for it. Only plastix's package and the user's
// PYTHONPATH are searched before the installed modules, never the current directory (-P; PYTHONSAFEPATH): a
// base64.py where the user happens to be must not run. Returns the writer's exit status (0: written); a writer
// that cannot be started or is killed is reported on stderr and gives a non-zero status.
int write_report(const report_request& request);

}  // namespace plastix::cli
