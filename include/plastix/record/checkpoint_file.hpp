// The checkpoint file (docs/checkpoints.md): a run's saved state in one HDF5 file, readable with h5py.
//   /  attributes  format = "plastix checkpoint", format_version, version (plastix's), experiment, file,
//                  file_text (the experiment as run, overrides applied), file_text_hash, overrides, seed, dt_ms,
//                  step, time_ms, phase, phase_index, phase_step, sweep_point
//   /state/...     one dataset per saved value, named by its path (core/state_visitor.hpp); its type is the
//                  value's (f64, i64, u64, i32, u32, u16, u8)
// Written atomically: into a temporary file in the same directory, flushed and fsync'ed, then renamed over the
// target (and the directory fsync'ed), so that a crash while writing leaves the previous checkpoint as it was.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "plastix/core/state_visitor.hpp"

namespace plastix {

// Bumped whenever the layout or the meaning of a saved value changes: a checkpoint of another format version is
// refused with a clear error.
inline constexpr unsigned checkpoint_format_version = 2;  // 2: sweeps (sweep_point, /state/sweep)

struct checkpoint_header {
  std::string version;           // plastix's version that wrote it
  unsigned format_version = checkpoint_format_version;
  std::string experiment, file, file_text;  // name, path of the file, its text as run
  std::string file_text_hash;    // FNV-1a 64 of file_text, hexadecimal
  std::vector<std::string> overrides;
  std::uint64_t seed = 0;
  double dt = 0.0;               // [ms]
  std::int64_t step = 0;         // steps done
  double time = 0.0;             // [ms]
  std::string phase;             // the phase it was taken in ("" at the end of the run)
  std::uint64_t phase_index = 0; // its index in the run's phases (= their number at the end of the run)
  std::int64_t phase_step = 0;   // steps into that phase
  // A sweep: the point it was taken in, e.g. "sweep point 3 of 8 (condition 'plain', eta = 0.5)"; step, time and
  // phase are then that point's. "" when the experiment is not a sweep.
  std::string sweep_point;
};

struct checkpoint {
  checkpoint_header header;
  state_archive state;
};

// FNV-1a 64-bit hash of text, as 16 hexadecimal digits.
std::string text_hash(const std::string& text);

// Writes the checkpoint to `file` atomically (see above). An existing `file` is replaced only when it is a plastix
// checkpoint: any other file is left alone and the call throws plastix::error naming it.
void write_checkpoint(const std::filesystem::path& file, const checkpoint_header& header, const state_archive& state);

// Whether `file` may be (over)written as a checkpoint: it does not exist, or it is a plastix checkpoint.
bool may_write_checkpoint(const std::filesystem::path& file);

// Reads a checkpoint; throws plastix::error naming the file when it is not a plastix checkpoint, has another format
// version, or is damaged.
checkpoint read_checkpoint(const std::filesystem::path& file);

}  // namespace plastix
