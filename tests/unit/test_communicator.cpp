// MPI (docs/parallel.md, core/communicator.hpp): the serial communicator every build has (one process: the
// collective calls return what they are given), how the launcher's process count is read, and the message with
// which a plastix built without MPI refuses to run under mpirun.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "plastix/core/communicator.hpp"

using namespace plastix;

namespace {

// A getenv over a fixed environment.
auto environment(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    const auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

}  // namespace

TEST(Communicator, SerialIsRankZeroOfOneAndGathersWhatItIsGiven) {
  const auto c = make_serial_communicator();
  EXPECT_EQ(c->rank(), 0);
  EXPECT_EQ(c->size(), 1);
  const std::vector<char> mine{'a', 'b', 'c'};
  std::vector<std::size_t> counts;
  EXPECT_EQ(c->allgather(mine, counts), mine);
  EXPECT_EQ(counts, std::vector<std::size_t>{3});
  EXPECT_EQ(c->allgather({}, counts), std::vector<char>{});
  EXPECT_EQ(counts, std::vector<std::size_t>{0});
  EXPECT_EQ(c->any(0), 0u);
  EXPECT_EQ(c->any(6), 6u);
  std::vector<char> bytes{'x'};
  c->broadcast(bytes, 0);
  EXPECT_EQ(bytes, std::vector<char>{'x'});
  c->barrier();
}

TEST(Communicator, LaunchedProcessesAreReadFromOpenMpiOrPmiAndAreOneOtherwise) {
  EXPECT_EQ(launched_processes(environment({})), 1);
  EXPECT_EQ(launched_processes(environment({{"OMPI_COMM_WORLD_SIZE", "3"}})), 3);
  EXPECT_EQ(launched_processes(environment({{"PMI_SIZE", "4"}})), 4);
  EXPECT_EQ(launched_processes(environment({{"OMPI_COMM_WORLD_SIZE", "2"}, {"PMI_SIZE", "5"}})), 2);
  EXPECT_EQ(launched_processes(environment({{"OMPI_COMM_WORLD_SIZE", "two"}})), 1);
  EXPECT_EQ(launched_processes(environment({{"OMPI_COMM_WORLD_SIZE", "0"}})), 1);
  EXPECT_EQ(launched_processes(environment({{"OMPI_COMM_WORLD_SIZE", "2x"}, {"PMI_SIZE", "2"}})), 2);
}

TEST(Communicator, ABuildWithoutMpiRefusesSeveralProcessesSayingHowToEnableIt) {
  EXPECT_FALSE(mpi_refusal(1, false));
  EXPECT_FALSE(mpi_refusal(1, true));
  EXPECT_FALSE(mpi_refusal(3, true));
  const auto message = mpi_refusal(2, false);
  ASSERT_TRUE(message);
  EXPECT_NE(message->find("built without MPI"), std::string::npos) << *message;
  EXPECT_NE(message->find("2 processes"), std::string::npos) << *message;
  EXPECT_NE(message->find("libopenmpi-dev"), std::string::npos) << *message;
  EXPECT_NE(message->find("build again"), std::string::npos) << *message;
}
