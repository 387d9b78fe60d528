#include "plastix/core/thread_pool.hpp"

#include "plastix/core/float_mode.hpp"

namespace plastix {

namespace {

// How long a thread spins on an atomic before it sleeps on it: 2000 pauses, about 20–100 µs — longer than the gap
// between two parts of a time step (a busy pool rarely sleeps), short enough that an idle one soon gives its core
// back.
constexpr int spin_iterations = 2000;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Waits until `a` no longer holds `old`: spins, then sleeps.
template <class T>
void wait_change(const std::atomic<T>& a, T old) {
  for (int i = 0; i < spin_iterations; ++i) {
    if (a.load(std::memory_order_acquire) != old) return;
    cpu_relax();
  }
  while (a.load(std::memory_order_acquire) == old) a.wait(old, std::memory_order_acquire);
}

}  // namespace

thread_pool::thread_pool(std::size_t size) {
  const std::size_t extra = size > 1 ? size - 1 : 0;
  errors_.resize(extra + 1);
  workers_.reserve(extra);
  for (std::size_t k = 1; k <= extra; ++k) workers_.emplace_back([this, k] { work(k); });
}

thread_pool::~thread_pool() {
  if (workers_.empty()) return;
  stopping_ = true;
  generation_.fetch_add(1, std::memory_order_release);
  generation_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void thread_pool::dispatch(task_fn fn, void* arg) {
  fn_ = fn;
  arg_ = arg;
  float_control_ = float_control();
  pending_.store(workers_.size(), std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_release);  // publishes fn_, arg_
  generation_.notify_all();
  try {
    fn(arg, 0);
  } catch (...) {
    errors_[0] = std::current_exception();
  }
  for (std::size_t left = pending_.load(std::memory_order_acquire); left != 0;
       left = pending_.load(std::memory_order_acquire))
    wait_change(pending_, left);
  for (std::exception_ptr& e : errors_) {
    if (!e) continue;
    std::exception_ptr first = e;
    for (std::exception_ptr& x : errors_) x = nullptr;
    std::rethrow_exception(first);
  }
}

void thread_pool::work(std::size_t k) {
  std::uint64_t seen = 0;
  unsigned control = float_control();
  for (;;) {
    wait_change(generation_, seen);
    seen = generation_.load(std::memory_order_acquire);
    if (stopping_) return;
    if (float_control_ != control) set_float_control(control = float_control_);
    try {
      fn_(arg_, k);
    } catch (...) {
      errors_[k] = std::current_exception();
    }
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) pending_.notify_one();
  }
}

}  // namespace plastix
