// A small fixed pool of worker threads that runs one task on every worker at once (threads inside a run,
// docs/parallel.md): run(f) calls f(k) for k = 0 .. size() − 1, f(0) on the calling thread and the others on the
// pool's threads, and returns when all are done. Between tasks the workers spin briefly (a task usually follows
// within microseconds: the next part of the same time step), then sleep (std::atomic wait: a futex), so that an idle
// pool takes no core from other processes. The first exception a worker throws is rethrown by run(). A worker runs
// each task under the caller's floating-point mode (core/float_mode.hpp: subnormals flushed or not), so that the
// same arithmetic gives the same bits on every thread.
// A pool of size 1 has no threads: run(f) is f(0).
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <thread>
#include <type_traits>
#include <vector>

#include "plastix/core/partition.hpp"

namespace plastix {

class thread_pool {
 public:
  explicit thread_pool(std::size_t size);
  ~thread_pool();
  thread_pool(const thread_pool&) = delete;
  thread_pool& operator=(const thread_pool&) = delete;

  std::size_t size() const { return workers_.size() + 1; }
  std::uint64_t tasks() const { return tasks_; }  // tasks run on the workers so far (each a fork and a join)

  template <class F>
  void run(F&& f) {
    if (workers_.empty()) return f(std::size_t{0});
    ++tasks_;
    auto call = [](void* fn, std::size_t k) { (*static_cast<std::remove_reference_t<F>*>(fn))(k); };
    dispatch(call, static_cast<void*>(&f));
  }

 private:
  using task_fn = void (*)(void*, std::size_t);
  void dispatch(task_fn fn, void* arg);
  void work(std::size_t k);

  std::vector<std::thread> workers_;
  std::uint64_t tasks_ = 0;
  std::vector<std::exception_ptr> errors_;  // per worker, of the current task
  // The task's fields on one cache line (a worker reads them together when the generation changes), the join's
  // counter on another: the caller spinning on pending_ is not disturbed by the next task's fields, nor a worker
  // spinning on generation_ by another's join.
  alignas(64) std::atomic<std::uint64_t> generation_{0};  // +1 for every task; workers wait for it to change
  task_fn fn_ = nullptr;
  void* arg_ = nullptr;
  unsigned float_control_ = 0;  // the caller's floating-point control word (core/float_mode.hpp)
  bool stopping_ = false;
  alignas(64) std::atomic<std::size_t> pending_{0};  // workers still running the current task
};

// Items of work (synapses, or neurons weighted by their synapses) below which a loop is not worth a fork and join.
inline constexpr std::size_t worth_splitting = std::size_t{1} << 14;

// How many blocks run_blocks cuts a loop with `work` items of work into: the pool's threads, or 1.
inline std::size_t blocks_for(const thread_pool* pool, std::size_t work) {
  return pool && pool->size() > 1 && work >= worth_splitting ? pool->size() : 1;
}

// Runs f(lo, hi) over [0, n) cut into blocks_for(pool, work) blocks (split_range: contiguous, balanced, multiples of
// `align`), each block on its own thread of the pool; one block is f(0, n) on the calling thread. f may also take
// the block's number, f(lo, hi, b), to keep what each block finds apart (b < blocks_for). For loops whose items are
// independent (each writes only its own values): the blocks then give the bits of one pass. Not from inside a part
// already running on the pool.
template <class F>
void run_blocks(thread_pool* pool, std::size_t n, std::size_t work, F&& f, std::size_t align = 64) {
  auto call = [&](std::size_t lo, std::size_t hi, std::size_t b) {
    if constexpr (std::is_invocable_v<F&, std::size_t, std::size_t, std::size_t>) f(lo, hi, b);
    else f(lo, hi);
  };
  const std::size_t blocks = blocks_for(pool, work);
  if (blocks == 1) return call(0, n, 0);
  const std::vector<std::uint32_t> b = split_range(n, blocks, align);
  pool->run([&](std::size_t t) {
    if (b[t] < b[t + 1]) call(b[t], b[t + 1], t);
  });
}

}  // namespace plastix
