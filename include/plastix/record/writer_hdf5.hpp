// Writes a run's recorded data to one HDF5 file (the layout is documented in docs/output.md).
#pragma once
#include <filesystem>

#include "plastix/record/monitors.hpp"

namespace plastix {

// Layout version stored as the root attribute `layout_version`; bumped when docs/output.md changes incompatibly.
inline constexpr unsigned hdf5_layout_version = 1;

// How data.h5 is written. compress: large datasets (>= 64 Ki elements) chunked and gzip-compressed (level 4,
// with the shuffle filter; typically 2-4x smaller files, some CPU time at the end of a run); false: every dataset
// stored contiguously, uncompressed. The values are the same either way.
struct hdf5_options {
  bool compress = true;
};

// Creates (or truncates) `file` and writes `results` into it:
//   /            attributes experiment, version, seed, dt_ms, bio_time_ms, layout_version
//   /spikes/<name>/{times, senders}           /state/<name>/{times, neurons, values}
//   /weights/<name>/{times, synapses, pre, post, values}   /rates/<name>/{times, rates}
//   /tables/<name>/<column>
// All five groups always exist; empty records give zero-length datasets. Large datasets are chunked and
// gzip-compressed unless options.compress is false. `results` is checked with validate_results() before the file is touched.
// Throws plastix::error naming `file` on invalid results or any HDF5/IO failure; a file it created is removed
// again on failure. Not safe to call concurrently from several threads (the HDF5 library is not thread-safe).
void write_hdf5(const run_results& results, const std::filesystem::path& file, const hdf5_options& options = {});

}  // namespace plastix
