// The one global of plastix: the signal number that the handler records (a handler can do nothing else safely).
#include "stop_signal.hpp"

#include <atomic>
#include <csignal>

namespace plastix::cli {

namespace {

std::atomic<int> received{0};
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler may only touch lock-free atomics");

void record_signal(int signal) { received.store(signal, std::memory_order_relaxed); }

}  // namespace

void catch_stop_signals() {
  std::signal(SIGINT, record_signal);
  std::signal(SIGTERM, record_signal);
}

void release_stop_signals() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

int stop_signal() { return received.load(std::memory_order_relaxed); }

}  // namespace plastix::cli
