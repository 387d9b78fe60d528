// Ctrl-C and SIGTERM during `plastix run`: the signal handler only records the signal; the run polls it (the
// simulation's stop check, sim/simulation.hpp) and stops within about a second, leaving the previous results intact.
#pragma once

namespace plastix::cli {

// Installs the handler for SIGINT and SIGTERM (not for one that is ignored, as a shell's background jobs ignore SIGINT).
void catch_stop_signals();
// Restores the default action (a second Ctrl-C while partial results are written ends the process at once).
// A signal that was ignored stays ignored.
void release_stop_signals();
// The signal received since catch_stop_signals() (SIGINT or SIGTERM), or 0.
int stop_signal();

}  // namespace plastix::cli
