// What this machine allows threads in lockstep (bench/host_lockstep.py, docs/performance.md "Threads: what the
// host allows"): a time step of `work` µs split between two threads, which meet at its end (a fork and a join per
// step, as plastix's thread pool does: core/thread_pool.cpp), against the whole step on one thread. No plastix code:
// a leaky-integrator update over arrays of neurons, the shape of the neuron loop.
//   host_lockstep THREADS NEURONS STEPS  → prints "µs per step" and each thread's busy µs per step
#include <atomic>
#include <chrono>
#include <new>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {

// Columns on cache-line boundaries, and the threads' halves split at a multiple of 8 neurons: no cache line is
// written by both threads (as plastix's columns and 64-neuron parts).
template <class T>
struct line_aligned {
  using value_type = T;
  line_aligned() = default;
  template <class U>
  line_aligned(const line_aligned<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64))); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t(64)); }
  bool operator==(const line_aligned&) const { return true; }
};
using column = std::vector<double, line_aligned<double>>;

struct columns {
  column v, g_e, g_i, input;  // membrane voltage [mV], conductances [nS], input per step [nS]
  explicit columns(std::size_t n) : v(n, -60.0), g_e(n, 1.0), g_i(n, 1.0), input(n, 0.5) {}
};
struct alignas(64) busy_time {
  double s = 0.0;  // [s] a thread's time inside update()
};

// One step of neurons [begin, end): integrate, threshold and reset, decay, input.
void update(columns& c, std::size_t begin, std::size_t end) {
  double* v = c.v.data();
  double* g_e = c.g_e.data();
  double* g_i = c.g_i.data();
  const double* input = c.input.data();
  for (std::size_t i = begin; i < end; ++i) {
    const double next = v[i] + 0.005 * (-(v[i] + 60.0) + g_e[i] * (0.0 - v[i]) + g_i[i] * (-80.0 - v[i]));
    v[i] = next > -50.0 ? -60.0 : next;
    g_e[i] = g_e[i] * 0.98 + 1e-3 * input[i];
    g_i[i] *= 0.99;
  }
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: host_lockstep THREADS(1|2) NEURONS STEPS\n");
    return 2;
  }
  const int threads = std::atoi(argv[1]);
  const std::size_t n = std::strtoul(argv[2], nullptr, 10);
  const long steps = std::atol(argv[3]);
  columns c(n);
  busy_time busy[2];
  const std::size_t half = n / 16 * 8;
  const auto t0 = std::chrono::steady_clock::now();
  if (threads == 1) {
    for (long s = 0; s < steps; ++s) {
      const auto a = std::chrono::steady_clock::now();
      update(c, 0, n);
      busy[0].s += seconds_since(a);
    }
  } else {
    alignas(64) std::atomic<long> start{0};
    alignas(64) std::atomic<long> done{0};
    std::thread worker([&] {
      for (long s = 1; s <= steps; ++s) {
        while (start.load(std::memory_order_acquire) < s) {
        }
        const auto a = std::chrono::steady_clock::now();
        update(c, half, n);
        busy[1].s += seconds_since(a);
        done.store(s, std::memory_order_release);
      }
    });
    for (long s = 1; s <= steps; ++s) {
      start.store(s, std::memory_order_release);
      const auto a = std::chrono::steady_clock::now();
      update(c, 0, half);
      busy[0].s += seconds_since(a);
      while (done.load(std::memory_order_acquire) < s) {
      }
    }
    worker.join();
  }
  const double total = seconds_since(t0);
  std::printf("%.4f %.4f %.4f %.6f\n", total / steps * 1e6, busy[0].s / steps * 1e6, busy[1].s / steps * 1e6, c.v[n / 3]);
  return 0;
}
