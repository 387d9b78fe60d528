// How the neurons of a population are split among threads (threads inside a run, docs/parallel.md): part k of
// `parts` owns the contiguous range [bounds[k], bounds[k+1]) of the neurons 0 .. n − 1, and with them the synapses
// onto them. The ranges are balanced by count, their boundaries multiples of `align` (the neuron loop's blocks)
// except the last; a range may be empty. Nothing about the results depends on the split (every part's work is the
// same arithmetic in the same order as one thread's); the same ranges could be owned by processes (MPI) later.
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace plastix {

inline std::vector<std::uint32_t> split_range(std::size_t n, std::size_t parts, std::size_t align = 64) {
  if (parts == 0) parts = 1;
  if (align == 0) align = 1;
  std::vector<std::uint32_t> bounds(parts + 1, 0);
  const std::size_t blocks = (n + align - 1) / align;
  for (std::size_t k = 1; k < parts; ++k) {
    const std::size_t at = (blocks * k / parts) * align;
    bounds[k] = static_cast<std::uint32_t>(at < n ? at : n);
  }
  bounds[parts] = static_cast<std::uint32_t>(n);
  return bounds;
}

// Items counted by blocks of work per key (count[b][key]: block b's items of the key) and placed one after another
// from `first`, in block order — the order of one pass over the blocks: each count becomes where its block's first
// item of the key goes. Returns the end of the key's items.
inline std::uint64_t place_in_block_order(std::vector<std::vector<std::uint64_t>>& count, std::size_t key,
                                          std::uint64_t first) {
  for (std::vector<std::uint64_t>& block : count) first += std::exchange(block[key], first);
  return first;
}

}  // namespace plastix
