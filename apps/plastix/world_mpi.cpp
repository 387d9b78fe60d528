// plastix built with MPI (world.hpp): MPI_COMM_WORLD. Compiled only when CMake finds MPI (PLASTIX_MPI).
#include <mpi.h>

#include <cstdlib>
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

  std::vector<char> allgather(std::span<const char> mine, std::vector<std::size_t>& counts) override {
    if (mine.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
      throw error("MPI: a message of more than 2 GB (the state of one process): not supported yet");
    const int n = static_cast<int>(mine.size());
    std::vector<int> sizes(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
    check(MPI_Allgather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
    std::size_t total = 0;
    counts.resize(sizes.size());
    for (std::size_t r = 0; r < sizes.size(); ++r) {
      if (total > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw error("MPI: a message of more than 2 GB (the state of the run): not supported yet");
      offsets[r] = static_cast<int>(total);
      counts[r] = static_cast<std::size_t>(sizes[r]);
      total += counts[r];
    }
    std::vector<char> all(total);
    check(MPI_Allgatherv(mine.data(), n, MPI_BYTE, all.data(), sizes.data(), offsets.data(), MPI_BYTE,
                         MPI_COMM_WORLD),
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
