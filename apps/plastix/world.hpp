// The processes of this plastix program (docs/parallel.md, MPI): MPI_COMM_WORLD when the program was built with MPI
// (world_mpi.cpp: MPI is initialised here, once, and finalised when the returned communicator is destroyed), else
// one process (world_serial.cpp). CMake compiles exactly one of the two files.
#pragma once
#include <memory>

#include "plastix/core/communicator.hpp"

namespace plastix::cli {

// Whether this program was built with MPI.
bool built_with_mpi();
// Call once, first thing in main (MPI may take its own arguments out of argv).
std::unique_ptr<communicator> start_world(int& argc, char**& argv);

}  // namespace plastix::cli
