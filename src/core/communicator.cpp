#include "plastix/core/communicator.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace plastix {

namespace {

class serial_communicator final : public communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  int on_one_machine() const override { return 1; }
  void allgather(std::span<const char> mine, std::vector<std::size_t>& counts, byte_buffer& all) override {
    counts.assign(1, mine.size());
    all.reset(mine.size());
    if (!mine.empty()) std::memcpy(all.data(), mine.data(), mine.size());
  }
  void allgather_in_place(std::size_t mine, const std::function<void(char*)>& fill, std::vector<std::size_t>& counts,
                          byte_buffer& all) override {
    counts.assign(1, mine);
    all.reset(mine);
    fill(all.data());
  }
  void alltoall(std::span<const char> send, const std::vector<std::size_t>&, std::vector<std::size_t>& received_counts,
                byte_buffer& received) override {
    allgather(send, received_counts, received);
  }
  std::uint64_t any(std::uint64_t flags) override { return flags; }
  void broadcast(std::vector<char>&, int) override {}
  void barrier() override {}
  [[noreturn]] void abort(int status) override { std::exit(status); }
};

}  // namespace

std::vector<char> communicator::allgather(std::span<const char> mine, std::vector<std::size_t>& counts) {
  byte_buffer all;
  allgather(mine, counts, all);
  return {all.data(), all.data() + all.size()};
}

std::unique_ptr<communicator> make_serial_communicator() { return std::make_unique<serial_communicator>(); }

int launched_processes(const std::function<const char*(const char*)>& getenv) {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    const char* text = getenv(name);
    if (!text) continue;
    int n = 0;
    const char* end = text + std::strlen(text);
    const auto [at, ec] = std::from_chars(text, end, n);
    if (ec == std::errc() && at == end && n >= 1) return n;
  }
  return 1;
}

std::optional<std::string> mpi_refusal(int launched, bool built_with_mpi) {
  if (launched <= 1 || built_with_mpi) return std::nullopt;
  return "this plastix was built without MPI, so it cannot share one run among the " + std::to_string(launched) +
         " processes mpirun started (each would compute the whole run alone). To run with MPI, install OpenMPI "
         "(Debian: apt-get install openmpi-bin libopenmpi-dev; or scripts/install-deps) and build again (cmake "
         "finds it; PLASTIX_MPI=ON); or run plastix without mpirun";
}

}  // namespace plastix
