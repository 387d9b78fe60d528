// The one global of plastix: the signal number that the handler records (a handler can do nothing else safely).
#include "stop_signal.hpp"

#include <atomic>
#include <csignal>

#include <signal.h>

namespace plastix::cli {

namespace {

std::atomic<int> received{0};
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler may only touch lock-free atomics");

void record_signal(int signal) { received.store(signal, std::memory_order_relaxed); }

// Catches `signal` unless it is ignored (a shell starts background jobs with SIGINT ignored, nohup SIGHUP: they
// must stay so).
void catch_unless_ignored(int signal) {
  struct sigaction now {};
  if (sigaction(signal, nullptr, &now) == 0 && now.sa_handler == SIG_IGN) return;
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  sigaction(signal, &action, nullptr);
}

void release(int signal) {
  struct sigaction now {};
  if (sigaction(signal, nullptr, &now) == 0 && now.sa_handler == record_signal) std::signal(signal, SIG_DFL);
}

}  // namespace

void catch_stop_signals() {
  catch_unless_ignored(SIGINT);
  catch_unless_ignored(SIGTERM);
}

void release_stop_signals() {
  release(SIGINT);
  release(SIGTERM);
}

int stop_signal() { return received.load(std::memory_order_relaxed); }

}  // namespace plastix::cli
