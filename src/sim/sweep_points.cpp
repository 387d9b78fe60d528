#include "sweep_points.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "plastix/sim/point_schedule.hpp"

namespace plastix {

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

namespace {

// The state the calling thread and the workers share, under `lock`.
struct schedule_state {
  enum class point_state { waiting, running, done, failed };
  std::vector<point_state> state;         // per point of the range (index k - first)
  std::vector<std::exception_ptr> error;  // per point: what its work threw
  std::size_t next_start = 0;             // the next point a worker takes
  std::size_t next_merge = 0;             // the next point the calling thread merges
  std::size_t window = 0;                 // points started at most this far beyond next_merge
  std::mutex lock;
  std::condition_variable changed;
  // Read by the points' stop checks without the lock.
  std::atomic<bool> stop_all{false};           // the user asked to stop, or merge threw: every point stops
  std::atomic<std::size_t> first_failed{0};  // the first point that failed (the range's size: none); later ones stop

  explicit schedule_state(std::size_t n, unsigned jobs)
      : state(n, point_state::waiting), error(n), window(2 * static_cast<std::size_t>(jobs)), first_failed(n) {}
};

// The workers: each takes the next point, in order, while no point before it failed and nothing asked to stop.
void work_points(schedule_state& s, std::size_t first, const point_work& work) {
  for (;;) {
    std::size_t k = 0;
    {
      std::unique_lock<std::mutex> l(s.lock);
      s.changed.wait(l, [&] {
        return s.stop_all || s.next_start >= s.first_failed || s.next_start < s.next_merge + s.window;
      });
      if (s.stop_all || s.next_start >= s.first_failed) return;
      k = s.next_start++;
      s.state[k] = schedule_state::point_state::running;
    }
    const stop_fn point_stop = [&s, k] { return s.stop_all.load() || k > s.first_failed.load(); };
    std::exception_ptr failure;
    try {
      work(first + k, point_stop);
    } catch (...) {
      failure = std::current_exception();
    }
    {
      const std::lock_guard<std::mutex> l(s.lock);
      if (failure) {
        s.state[k] = schedule_state::point_state::failed;
        s.error[k] = failure;
        if (k < s.first_failed) s.first_failed = k;
      } else {
        s.state[k] = schedule_state::point_state::done;
      }
    }
    s.changed.notify_all();
  }
}

// The worker threads; whichever way the calling thread leaves, every point still running is asked to stop and
// every thread is joined before the schedule's state goes away.
class workers {
 public:
  workers(schedule_state& s, unsigned n, std::size_t first, const point_work& work) : s_(s) {
    for (unsigned j = 0; j < n; ++j) threads_.emplace_back([&s, first, &work] { work_points(s, first, work); });
  }
  ~workers() {
    s_.stop_all = true;
    {
      const std::lock_guard<std::mutex> l(s_.lock);  // a worker between its check and its wait sees the flag
    }
    s_.changed.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  workers(const workers&) = delete;
  workers& operator=(const workers&) = delete;

 private:
  schedule_state& s_;
  std::vector<std::thread> threads_;
};

}  // namespace

std::size_t run_points(const point_range& range, const point_work& work, const point_merge& merge,
                       const stop_fn& stop) {
  if (range.first >= range.end) return range.end;
  if (range.jobs <= 1) {
    for (std::size_t k = range.first; k < range.end; ++k) {
      work(k, stop);
      merge(k);
    }
    return range.end;
  }
  const std::size_t n = range.end - range.first;
  schedule_state s(n, range.jobs);
  const workers threads(s, static_cast<unsigned>(std::min<std::size_t>(range.jobs, n)), range.first, work);
  using point_state = schedule_state::point_state;
  while (s.next_merge < n) {
    std::unique_lock<std::mutex> l(s.lock);
    const std::size_t k = s.next_merge;
    while (s.state[k] == point_state::running || (s.state[k] == point_state::waiting && !s.stop_all)) {
      s.changed.wait_for(l, std::chrono::milliseconds(100));
      if (!stop || s.stop_all) continue;
      l.unlock();
      const bool asked = stop();  // may throw (Python: KeyboardInterrupt): ~workers stops the points
      l.lock();
      if (asked) {
        s.stop_all = true;
        s.changed.notify_all();
      }
    }
    if (s.state[k] == point_state::waiting) return range.first + k;  // stopped before the point started
    if (s.state[k] == point_state::failed) std::rethrow_exception(s.error[k]);
    l.unlock();
    merge(range.first + k);
    l.lock();
    ++s.next_merge;
    l.unlock();
    s.changed.notify_all();
  }
  return range.end;
}

std::size_t run_points_on_ranks(communicator& comm, const point_range& range, const point_compute& compute,
                                const point_take& take, const stop_fn& stop) {
  const auto ranks = static_cast<std::size_t>(comm.size());
  std::size_t merged = range.first;
  for (std::size_t round = range.first; round < range.end; round += ranks) {
    if (comm.any(stop && stop() ? 1 : 0)) return merged;
    const std::size_t mine = round + static_cast<std::size_t>(comm.rank());
    const std::vector<char> outcome = mine < range.end ? compute(mine) : std::vector<char>{};
    std::vector<std::size_t> counts;
    const std::vector<char> all = comm.allgather(outcome, counts);
    const std::span<const char> bytes(all);
    std::size_t at = 0;
    for (std::size_t r = 0; r < counts.size() && round + r < range.end; at += counts[r], ++r) {
      take(round + r, bytes.subspan(at, counts[r]));
      merged = round + r + 1;
    }
  }
  return merged;
}

void grid_position(std::size_t k, const std::vector<std::size_t>& sizes, std::size_t& condition,
                   std::vector<std::size_t>& index) {
  std::size_t per_condition = 1;
  for (const std::size_t n : sizes) per_condition *= n;
  condition = k / per_condition;
  std::size_t rest = k % per_condition;
  index.assign(sizes.size(), 0);
  for (std::size_t a = sizes.size(); a-- > 0;) {
    index[a] = rest % sizes[a];
    rest /= sizes[a];
  }
}

std::string sweep_progress_text(std::size_t done, std::size_t points, std::size_t done_here, double wall) {
  std::string text = fmt::format("{}/{} points done", done, points);
  if (done_here == 0 || done >= points) return text;
  const double eta = wall / static_cast<double>(done_here) * static_cast<double>(points - done);  // [s]
  if (eta < 120.0) return text + fmt::format(", ETA {:.0f} s", eta);
  if (eta < 7200.0) return text + fmt::format(", ETA {:.1f} min", eta / 60.0);
  return text + fmt::format(", ETA {:.1f} h", eta / 3600.0);
}

}  // namespace plastix
