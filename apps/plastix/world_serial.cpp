// plastix built without MPI: one process (world.hpp).
#include "world.hpp"

namespace plastix::cli {

bool built_with_mpi() { return false; }

std::unique_ptr<communicator> start_world(int&, char**&) { return make_serial_communicator(); }

}  // namespace plastix::cli
