// K processes of one run played by K threads of this test (core/communicator.hpp): each thread holds the
// communicator of its rank, and the collective calls meet at a barrier, so code written for MPI (construction shared
// out, connect_by_owners) runs in a unit test exactly as under mpirun, without MPI.
#pragma once
#include <barrier>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "plastix/core/communicator.hpp"

namespace plastix::test {

class threads_world {
 public:
  explicit threads_world(int ranks) : ranks_(ranks), meet_(ranks), posted_(ranks), counts_(ranks), flags_(ranks) {}

  // Runs body(comm) for every rank on its own thread and waits for all.
  void run(const std::function<void(communicator&)>& body) {
    std::vector<std::unique_ptr<communicator>> comms;
    for (int r = 0; r < ranks_; ++r) comms.push_back(std::make_unique<one_rank>(*this, r));
    std::vector<std::thread> threads;
    for (int r = 0; r < ranks_; ++r) threads.emplace_back([&, r] { body(*comms[static_cast<std::size_t>(r)]); });
    for (std::thread& t : threads) t.join();
  }

 private:
  class one_rank final : public communicator {
   public:
    one_rank(threads_world& w, int r) : w_(w), r_(r) {}
    int rank() const override { return r_; }
    int size() const override { return w_.ranks_; }
    int on_one_machine() const override { return w_.ranks_; }
    void allgather(std::span<const char> mine, std::vector<std::size_t>& counts, byte_buffer& all) override {
      post(mine, nullptr);
      std::size_t total = 0;
      counts.clear();
      for (const auto& p : w_.posted_) {
        counts.push_back(p.size());
        total += p.size();
      }
      all.reset(total);
      std::size_t at = 0;
      for (const auto& p : w_.posted_) {
        if (!p.empty()) std::memcpy(all.data() + at, p.data(), p.size());
        at += p.size();
      }
      w_.meet_.arrive_and_wait();
    }
    void allgather_in_place(std::size_t mine, const std::function<void(char*)>& fill, std::vector<std::size_t>& counts,
                            byte_buffer& all) override {
      std::vector<char> own(mine);
      fill(own.data());
      allgather(own, counts, all);
    }
    void alltoall(std::span<const char> send, const std::vector<std::size_t>& send_counts,
                  std::vector<std::size_t>& received_counts, byte_buffer& received) override {
      post(send, &send_counts);
      const auto me = static_cast<std::size_t>(r_);
      received_counts.clear();
      std::size_t total = 0;
      for (const auto* c : w_.counts_) {
        received_counts.push_back((*c)[me]);
        total += (*c)[me];
      }
      received.reset(total);
      std::size_t at = 0;
      for (std::size_t s = 0; s < w_.posted_.size(); ++s) {
        std::size_t from = 0;
        for (std::size_t r = 0; r < me; ++r) from += (*w_.counts_[s])[r];
        if ((*w_.counts_[s])[me] > 0) std::memcpy(received.data() + at, w_.posted_[s].data() + from, (*w_.counts_[s])[me]);
        at += (*w_.counts_[s])[me];
      }
      w_.meet_.arrive_and_wait();
    }
    std::uint64_t any(std::uint64_t flags) override {
      w_.flags_[static_cast<std::size_t>(r_)] = flags;
      w_.meet_.arrive_and_wait();
      std::uint64_t all = 0;
      for (std::uint64_t f : w_.flags_) all |= f;
      w_.meet_.arrive_and_wait();
      return all;
    }
    void broadcast(std::vector<char>& bytes, int root) override {
      std::vector<std::size_t> counts;
      byte_buffer all;
      allgather(r_ == root ? std::span<const char>(bytes) : std::span<const char>(), counts, all);
      std::size_t from = 0;
      for (int r = 0; r < root; ++r) from += counts[static_cast<std::size_t>(r)];
      bytes.assign(all.data() + from, all.data() + from + counts[static_cast<std::size_t>(root)]);
    }
    void barrier() override { w_.meet_.arrive_and_wait(); }
    [[noreturn]] void abort(int) override { std::abort(); }

   private:
    // Puts this rank's bytes where the others read them, and waits until every rank has.
    void post(std::span<const char> bytes, const std::vector<std::size_t>* counts) {
      w_.posted_[static_cast<std::size_t>(r_)] = bytes;
      w_.counts_[static_cast<std::size_t>(r_)] = counts;
      w_.meet_.arrive_and_wait();
    }
    threads_world& w_;
    int r_;
  };

  int ranks_;
  std::barrier<> meet_;
  std::vector<std::span<const char>> posted_;
  std::vector<const std::vector<std::size_t>*> counts_;
  std::vector<std::uint64_t> flags_;
};

}  // namespace plastix::test
