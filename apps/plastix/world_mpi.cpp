// plastix built with MPI (world.hpp): MPI_COMM_WORLD. Compiled only when CMake finds MPI (PLASTIX_MPI).
#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
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
    MPI_Comm machine;  // the processes sharing this one's memory
    check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &machine),
          "MPI_Comm_split_type");
    int here = 1;
    MPI_Comm_size(machine, &here);
    MPI_Comm_free(&machine);
    check(MPI_Allreduce(&here, &on_one_machine_, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
  }
  ~mpi_world() override { MPI_Finalize(); }
  mpi_world(const mpi_world&) = delete;
  mpi_world& operator=(const mpi_world&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int on_one_machine() const override { return on_one_machine_; }

  // Two rounds: every rank's size and first `block` bytes in blocks of one size (MPI_Allgather: a time step's spike
  // exchange, all of it, is one collective), then, only where a rank has more, the rest of each, straight to its
  // place after its first bytes: one MPI_Allgatherv, or, when the whole exceeds what MPI's int counts address (2 GB),
  // each rank's rest broadcast from it in pieces of at most 1 GB.
  void allgather(std::span<const char> mine, std::vector<std::size_t>& counts, byte_buffer& all) override {
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
    counts.resize(ranks);
    std::size_t total = 0;
    for (std::size_t r = 0; r < ranks; ++r) {
      std::uint64_t bytes = 0;
      std::memcpy(&bytes, gathered_.data() + r * (header + block), header);
      counts[r] = static_cast<std::size_t>(bytes);
      total += counts[r];
    }
    all.reset(total);
    std::vector<std::size_t> rest(ranks), offsets(ranks);
    bool more = false;
    for (std::size_t r = 0, at = 0; r < ranks; at += counts[r], ++r) {
      const std::size_t head = std::min(counts[r], block);
      std::memcpy(all.data() + at, gathered_.data() + r * (header + block) + header, head);
      rest[r] = counts[r] - head;
      offsets[r] = at + head;
      more = more || rest[r] > 0;
    }
    if (!more) return;
    const std::size_t mine_rest = rest[static_cast<std::size_t>(rank_)];
    if (mine_rest > 0)  // this rank's own rest at its place, shared from there
      std::memcpy(all.data() + offsets[static_cast<std::size_t>(rank_)], mine.data() + block, mine_rest);
    share_places(rest, offsets, total, all);
  }
  // Every rank's size (MPI_Allgather), then each fills its place in `all` and the places are shared in place
  // (MPI_Allgatherv with MPI_IN_PLACE, or past what int counts address, each rank's bytes broadcast from it in
  // pieces).
  void allgather_in_place(std::size_t mine, const std::function<void(char*)>& fill, std::vector<std::size_t>& counts,
                          byte_buffer& all) override {
    const auto ranks = static_cast<std::size_t>(size_);
    const std::uint64_t n = mine;
    std::vector<std::uint64_t> sizes(ranks);
    check(MPI_Allgather(&n, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD), "MPI_Allgather");
    counts.assign(sizes.begin(), sizes.end());
    std::vector<std::size_t> offsets(ranks);
    std::size_t total = 0;
    for (std::size_t r = 0; r < ranks; ++r) {
      offsets[r] = total;
      total += counts[r];
    }
    all.reset(total);
    const auto me = static_cast<std::size_t>(rank_);
    fill(all.data() + offsets[me]);
    share_places(counts, offsets, total, all);
  }
  // The sizes first (MPI_Alltoall), then the bytes: one MPI_Alltoallv, or, when either side's bytes reach past what
  // MPI's int counts address (2 GB), point-to-point messages of at most 1 GB each.
  void alltoall(std::span<const char> send, const std::vector<std::size_t>& send_counts,
                std::vector<std::size_t>& received_counts, byte_buffer& received) override {
    const auto ranks = static_cast<std::size_t>(size_);
    if (send_counts.size() != ranks) throw error("MPI alltoall: a count for every process is needed");
    std::vector<std::uint64_t> out(send_counts.begin(), send_counts.end()), in(ranks);
    check(MPI_Alltoall(out.data(), 1, MPI_UINT64_T, in.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD), "MPI_Alltoall");
    received_counts.assign(in.begin(), in.end());
    std::vector<std::size_t> send_at(ranks), received_at(ranks);
    std::size_t sent = 0, total = 0;
    for (std::size_t r = 0; r < ranks; ++r) {
      send_at[r] = sent;
      sent += send_counts[r];
      received_at[r] = total;
      total += received_counts[r];
    }
    received.reset(total);
    constexpr auto int_max = static_cast<std::size_t>(std::numeric_limits<int>::max());
    if (sent <= int_max && total <= int_max) {
      const auto ints = [](const std::vector<std::size_t>& v) { return std::vector<int>(v.begin(), v.end()); };
      const std::vector<int> sc = ints(send_counts), sa = ints(send_at), rc = ints(received_counts),
                             ra = ints(received_at);
      check(MPI_Alltoallv(send.data(), sc.data(), sa.data(), MPI_BYTE, received.data(), rc.data(), ra.data(),
                          MPI_BYTE, MPI_COMM_WORLD),
            "MPI_Alltoallv");
      return;
    }
    constexpr std::size_t piece = std::size_t{1} << 30;  // [bytes]
    std::vector<MPI_Request> requests;
    for (std::size_t r = 0; r < ranks; ++r)
      for (std::size_t done = 0, k = 0; done < received_counts[r]; done += piece, ++k) {
        requests.emplace_back();
        check(MPI_Irecv(received.data() + received_at[r] + done,
                        static_cast<int>(std::min(piece, received_counts[r] - done)), MPI_BYTE, static_cast<int>(r),
                        static_cast<int>(k), MPI_COMM_WORLD, &requests.back()),
              "MPI_Irecv");
      }
    for (std::size_t r = 0; r < ranks; ++r)
      for (std::size_t done = 0, k = 0; done < send_counts[r]; done += piece, ++k) {
        requests.emplace_back();
        check(MPI_Isend(send.data() + send_at[r] + done, static_cast<int>(std::min(piece, send_counts[r] - done)),
                        MPI_BYTE, static_cast<int>(r), static_cast<int>(k), MPI_COMM_WORLD, &requests.back()),
              "MPI_Isend");
      }
    check(MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
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
  // Each rank r's `counts[r]` bytes, already at all.data() + offsets[r] on rank r, onto every rank (`total`: the
  // end of all places): one MPI_Allgatherv in place, or, when the places reach past what MPI's int counts address
  // (2 GB), each rank's bytes broadcast from it in pieces of at most 1 GB.
  void share_places(const std::vector<std::size_t>& counts, const std::vector<std::size_t>& offsets, std::size_t total,
                    byte_buffer& all) {
    constexpr auto int_max = static_cast<std::size_t>(std::numeric_limits<int>::max());
    if (total <= int_max) {
      std::vector<int> counts_int(counts.begin(), counts.end()), offsets_int(offsets.begin(), offsets.end());
      check(MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, all.data(), counts_int.data(), offsets_int.data(),
                           MPI_BYTE, MPI_COMM_WORLD),
            "MPI_Allgatherv");
      return;
    }
    constexpr std::size_t piece = std::size_t{1} << 30;  // [bytes]
    for (std::size_t r = 0; r < counts.size(); ++r)
      for (std::size_t done = 0; done < counts[r]; done += piece)
        check(MPI_Bcast(all.data() + offsets[r] + done, static_cast<int>(std::min(piece, counts[r] - done)), MPI_BYTE,
                        static_cast<int>(r), MPI_COMM_WORLD),
              "MPI_Bcast");
  }

  int rank_ = 0, size_ = 1, on_one_machine_ = 1;
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
