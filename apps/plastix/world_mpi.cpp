// plastix built with MPI (world.hpp): MPI_COMM_WORLD. Compiled only when CMake finds MPI (PLASTIX_MPI).
#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "plastix/core/error.hpp"
#include "world.hpp"

namespace plastix::cli {

namespace {

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw error(std::string("MPI: ") + what + ": " + std::string(text, static_cast<std::size_t>(length)));
}

class mpi_world final : public communicator {
 public:
  mpi_world(int& argc, char**& argv) {
    check(MPI_Init(&argc, &argv), "MPI_Init");
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~mpi_world() override { MPI_Finalize(); }
  mpi_world(const mpi_world&) = delete;
  mpi_world& operator=(const mpi_world&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  // Two rounds: every rank's size and first `block` bytes in blocks of one size (MPI_Allgather: a time step's spike
  // exchange, all of it, is one collective), then, only where a rank has more, the rest of each (MPI_Allgatherv),
  // straight to its place after its first bytes.
  std::vector<char> allgather(std::span<const char> mine, std::vector<std::size_t>& counts) override {
    if (mine.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
      throw error("MPI: a message of more than 2 GB (the state of one process): not supported yet");
    constexpr std::size_t block = 1024, header = sizeof(std::uint64_t);  // [bytes]
    const auto ranks = static_cast<std::size_t>(size_);
    first_.resize(header + block);
    const std::uint64_t n = mine.size();
    std::memcpy(first_.data(), &n, header);
    std::memcpy(first_.data() + header, mine.data(), std::min<std::size_t>(n, block));
    gathered_.resize(ranks * (header + block));
    check(MPI_Allgather(first_.data(), static_cast<int>(header + block), MPI_BYTE, gathered_.data(),
                        static_cast<int>(header + block), MPI_BYTE, MPI_COMM_WORLD),
          "MPI_Allgather");
    std::vector<int> rest(ranks), offsets(ranks);
    std::size_t total = 0;
    bool more = false;
    counts.resize(ranks);
    for (std::size_t r = 0; r < ranks; ++r) {
      std::uint64_t bytes = 0;
      std::memcpy(&bytes, gathered_.data() + r * (header + block), header);
      counts[r] = static_cast<std::size_t>(bytes);
      total += counts[r];
      if (total > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw error("MPI: a message of more than 2 GB (the state of the run): not supported yet");
    }
    std::vector<char> all(total);
    for (std::size_t r = 0, at = 0; r < ranks; at += counts[r], ++r) {
      const std::size_t head = std::min(counts[r], block);
      std::memcpy(all.data() + at, gathered_.data() + r * (header + block) + header, head);
      rest[r] = static_cast<int>(counts[r] - head);
      offsets[r] = static_cast<int>(at + head);
      more = more || rest[r] > 0;
    }
    if (more)
      check(MPI_Allgatherv(mine.data() + std::min<std::size_t>(n, block), rest[static_cast<std::size_t>(rank_)],
                           MPI_BYTE, all.data(), rest.data(), offsets.data(), MPI_BYTE, MPI_COMM_WORLD),
            "MPI_Allgatherv");
    return all;
  }
  std::uint64_t any(std::uint64_t flags) override {
    std::uint64_t all = 0;
    check(MPI_Allreduce(&flags, &all, 1, MPI_UINT64_T, MPI_BOR, MPI_COMM_WORLD), "MPI_Allreduce");
    return all;
  }
  void broadcast(std::vector<char>& bytes, int root) override {
    std::uint64_t n = bytes.size();
    check(MPI_Bcast(&n, 1, MPI_UINT64_T, root, MPI_COMM_WORLD), "MPI_Bcast");
    if (n > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      throw error("MPI: a message of more than 2 GB: not supported yet");
    bytes.resize(n);
    check(MPI_Bcast(bytes.data(), static_cast<int>(n), MPI_BYTE, root, MPI_COMM_WORLD), "MPI_Bcast");
  }
  void barrier() override { check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier"); }
  [[noreturn]] void abort(int status) override {
    MPI_Abort(MPI_COMM_WORLD, status);
    std::exit(status);
  }

 private:
  int rank_ = 0, size_ = 1;
  std::vector<char> first_, gathered_;  // allgather: this rank's first round, and every rank's
};

}  // namespace

bool built_with_mpi() { return true; }

// MPI is initialised only under a launcher with more than one process: a plain `plastix run` (and mpirun -n 1) runs
// exactly as a build without MPI, without MPI's start-up cost.
std::unique_ptr<communicator> start_world(int& argc, char**& argv) {
  if (launched_processes([](const char* name) { return std::getenv(name); }) <= 1) return make_serial_communicator();
  return std::make_unique<mpi_world>(argc, argv);
}

}  // namespace plastix::cli
