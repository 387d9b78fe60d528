// What an experiment will need before it runs: time steps, synapses, memory of its recordings. Estimates only (the
// run itself allocates what it needs); validate() refuses a description whose needs are out of reach, and the
// output step can check free disk space with estimate_output_bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "plastix/spec/experiment.hpp"

namespace plastix {

// Largest number of dt steps a run (or one phase) may take; beyond it a run would take years, and durations or dt
// are surely a mistake ("1e300 ms", "1e-300 ms").
inline constexpr double max_run_steps = 1e12;

// Spike rate assumed for spiking neurons when estimating spike recordings [Hz]: well above the usual mean rates
// of cortical models (1–10 Hz), so that the estimate errs on the large side.
inline constexpr double assumed_neuron_rate = 20.0;

// How a run shares one machine's memory (docs/parallel.md, "Memory"): the memory checks compare what one machine
// holds at once with its memory. One process computing one network by default.
struct machine_share {
  std::size_t processes = 1;       // K: the processes of the run (MPI)
  std::size_t on_one_machine = 1;  // the most of them on one machine (they share its memory)
  std::size_t jobs = 1;            // the points of a sweep computed at once by one process (--jobs)
};

// The memory a run may take on this machine now [bytes]: the least of its total memory, what the kernel can give
// without swapping (MemAvailable) and the room under a container's limit (cgroup); 0 when unknown.
double machine_memory();
// An amount of memory in words: "1.56 GB".
std::string memory_text(double bytes);

// The most memory one network of `spec` holds at once in one process that holds every synapse [bytes]: its
// populations, synapses (with the largest projection's extra while it is built), delay rings and recordings — the
// figure validate() compares with the machine's memory. For a valid description.
double network_memory(const experiment_spec& spec);

// Steps of dt in all phases of a run, as a double (no overflow for any durations).
double run_steps(const experiment_spec& spec);

// Expected number of synapses of a projection (exact for all connectors but fixed_probability); 0 when its
// populations are unknown.
double expected_synapses(const experiment_spec& spec, const projection_spec& p);

// A bound on the mean spike rate of a population over the run [Hz]: the rates of a spike source (its own, its
// profile, its phase stimuli), the number of its listed spike times, assumed_neuron_rate for neurons, 0 for rate
// populations.
double spike_rate_bound(const experiment_spec& spec, const population_spec& p);

// Bytes a monitor's recording takes in memory (and about the same in the output file) over one run.
double monitor_bytes(const experiment_spec& spec, const monitor_spec& m);

// Bytes of the recordings of one run (all monitors), plus the copy of the experiment file; saturates at the largest
// std::uint64_t. A sweep keeps recordings only of its `keep` point: then one run's, else only its table.
std::uint64_t estimate_output_bytes(const experiment_spec& spec);

}  // namespace plastix
