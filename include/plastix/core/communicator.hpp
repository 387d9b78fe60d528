// The processes of one run (MPI, docs/parallel.md): a run started by `mpirun -n K plastix run` is computed by K
// processes ("ranks") that exchange spikes and state through this interface. The serial communicator (one process,
// rank 0 of 1) is always built; the MPI one (MPI_COMM_WORLD) is compiled into the plastix program only when CMake
// finds MPI (apps/plastix/world_mpi.cpp). Every call is collective: every rank calls it, in the same order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "plastix/core/byte_buffer.hpp"

namespace plastix {

class communicator {
 public:
  virtual ~communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // The most processes of the run on any one machine (they share its memory): the same on every process.
  virtual int on_one_machine() const = 0;
  // Every rank's bytes, concatenated in rank order, on every rank, into `all` (kept by the caller between calls: no
  // allocation once it is large enough; core/byte_buffer.hpp); counts[r] = the bytes of rank r. Any size.
  virtual void allgather(std::span<const char> mine, std::vector<std::size_t>& counts, byte_buffer& all) = 0;
  // The same, returned in a new vector (small messages).
  std::vector<char> allgather(std::span<const char> mine, std::vector<std::size_t>& counts);
  // The same for a rank whose `mine` bytes are written by fill(at) straight to their place in `all` (no copy of
  // them: the state gathered at the end of a large run is hundreds of MB per process).
  virtual void allgather_in_place(std::size_t mine, const std::function<void(char* at)>& fill,
                                  std::vector<std::size_t>& counts, byte_buffer& all) = 0;
  // Personal messages (MPI_Alltoallv): `send` holds this rank's bytes for every rank, in rank order — send_counts[r]
  // of them for rank r; on return `received` holds the bytes every rank sent to this one, in rank order, and
  // received_counts[r] how many came from rank r. Any size.
  virtual void alltoall(std::span<const char> send, const std::vector<std::size_t>& send_counts,
                        std::vector<std::size_t>& received_counts, byte_buffer& received) = 0;
  // The bitwise OR of every rank's flags, on every rank.
  virtual std::uint64_t any(std::uint64_t flags) = 0;
  // Rank `root`'s bytes on every rank.
  virtual void broadcast(std::vector<char>& bytes, int root) = 0;
  virtual void barrier() = 0;
  // Ends every process of the run at once with exit status `status` (an error on one rank only).
  [[noreturn]] virtual void abort(int status) = 0;
};

// One process: rank 0 of 1; the collective calls return what they are given.
std::unique_ptr<communicator> make_serial_communicator();

// The processes a launcher (mpirun, srun) started for this run: OMPI_COMM_WORLD_SIZE or PMI_SIZE as `getenv`
// returns them (1 when neither is set or is a whole number of at least 1).
int launched_processes(const std::function<const char*(const char*)>& getenv);

// A plastix built without MPI started as one of `launched` > 1 processes: the message refusing to run, saying how to
// enable MPI; nothing when it may run (one process, or built with MPI).
std::optional<std::string> mpi_refusal(int launched, bool built_with_mpi);

}  // namespace plastix
