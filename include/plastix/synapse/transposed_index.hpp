// The transposed index of a projection: for each post neuron, its incoming synapses (ids in the forward CSR,
// ascending) and their pre neurons, for the rules' post-spike updates (on_post).
// Packed in 32 bits per synapse: (pre neuron, offset of the synapse in its pre neuron's row), the split chosen per
// projection from its sizes — pre_bits = bits of the largest pre index, the other 32 − pre_bits for the offset —
// so that on_post gets both the pre neuron (entry >> offset_bits) and the synapse (row_ptr[pre] + the offset) from
// one 4-byte entry. When the longest row does not fit in the offset bits (e.g. 2^20 pre neurons with rows of more
// than 4096 synapses), the index falls back to a 32-bit synapse id and a 32-bit pre index (8 B per synapse).
// docs/performance.md, "Memory at scale".
// Reading: `incoming_view` (one post neuron's entries): `[k]` the synapse id, `pre(k)` its pre neuron, for code off
// the hot path; hot loops call `visit(f)`, which calls f once with a packed_entries or a wide_entries (both with
// size(), synapse(k) and pre(k)), so that the loop is compiled for each layout and has no branch per synapse.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>
#include "plastix/core/huge_pages.hpp"
#include "plastix/core/thread_pool.hpp"

namespace plastix {

// Entries packed as (pre << offset_bits) | offset; the synapse is row_ptr[pre] + offset.
struct packed_entries {
  const std::uint32_t* entry;
  const std::uint32_t* row_ptr;  // the projection's forward row starts
  std::size_t n;
  unsigned offset_bits;  // 1..32

  std::size_t size() const { return n; }
  std::uint32_t pre(std::size_t k) const {
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(entry[k]) >> offset_bits);
  }
  std::uint32_t synapse(std::size_t k) const {
    const std::uint64_t e = entry[k];
    return row_ptr[e >> offset_bits] + static_cast<std::uint32_t>(e & ((std::uint64_t{1} << offset_bits) - 1));
  }
};

// The fallback: a synapse id and a pre index per entry.
struct wide_entries {
  const std::uint32_t* synapse_id;
  const std::uint32_t* pre_index;
  std::size_t n;

  std::size_t size() const { return n; }
  std::uint32_t pre(std::size_t k) const { return pre_index[k]; }
  std::uint32_t synapse(std::size_t k) const { return synapse_id[k]; }
};

// The synapses onto one post neuron.
class incoming_view {
 public:
  incoming_view(packed_entries p) : packed_(p), packed_mode_(true) {}
  incoming_view(wide_entries w) : wide_(w), packed_mode_(false) {}

  std::size_t size() const { return packed_mode_ ? packed_.n : wide_.n; }
  bool empty() const { return size() == 0; }
  std::uint32_t operator[](std::size_t k) const { return packed_mode_ ? packed_.synapse(k) : wide_.synapse(k); }
  std::uint32_t pre(std::size_t k) const { return packed_mode_ ? packed_.pre(k) : wide_.pre(k); }

  // f(packed_entries) or f(wide_entries), whichever the projection stores.
  template <class F>
  decltype(auto) visit(F&& f) const {
    if (packed_mode_) return f(packed_);
    return f(wide_);
  }

  class iterator {  // over the synapse ids
   public:
    iterator(const incoming_view* v, std::size_t k) : v_(v), k_(k) {}
    std::uint32_t operator*() const { return (*v_)[k_]; }
    iterator& operator++() { ++k_; return *this; }
    bool operator==(const iterator& o) const { return k_ == o.k_; }
    bool operator!=(const iterator& o) const { return k_ != o.k_; }

   private:
    const incoming_view* v_;
    std::size_t k_;
  };
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }

 private:
  packed_entries packed_{};
  wide_entries wide_{};
  bool packed_mode_;
};

class transposed_index {
 public:
  // Builds the index of a forward CSR: row_ptr (n_pre + 1 row starts) and each synapse's post neuron (post(s),
  // s in [0, n)); the entries onto each post neuron in ascending synapse id. A counting sort by blocks of rows,
  // one block per thread of `pool` (run_blocks): each block counts its entries per post neuron, then writes them
  // after the earlier blocks' — the same index for any number of threads. on_entry(first_row) makes, for the block
  // of rows from first_row, the function called for each of its entries as it is written, entry(at, s, pre), in
  // ascending s (the projection stores each entry's delay slot beside it).
  template <class PostOf, class OnEntry>
  void build(const std::vector<std::uint32_t>& row_ptr, std::size_t n_post, PostOf post, OnEntry on_entry,
             thread_pool* pool = nullptr);

  // The bits of a packed entry's pre part for n_pre neurons, and whether rows of up to max_row synapses fit beside
  // them (else the fallback); used by build and by the memory check (spec/validate.cpp).
  static unsigned pre_bits(std::size_t n_pre);
  static bool packs(std::size_t n_pre, std::size_t max_row);

  // The entries onto post neuron i; row_ptr: the forward row starts the index was built from.
  incoming_view incoming(std::uint32_t i, const std::uint32_t* row_ptr) const {
    const std::size_t b = ptr_[i], n = ptr_[i + 1] - b;
    if (packed_mode_) return packed_entries{packed_.data() + b, row_ptr, n, offset_bits_};
    return wide_entries{packed_.data() + b, pre_.data() + b, n};
  }
  std::uint64_t begin_of(std::uint32_t i) const { return ptr_[i]; }  // the first entry of post neuron i
  bool packed() const { return packed_mode_; }
  unsigned offset_bits() const { return offset_bits_; }
  std::size_t bytes_per_entry() const { return packed_mode_ ? 4 : 8; }

 private:
  std::vector<std::uint64_t> ptr_;      // n_post + 1
  std::vector<std::uint32_t> packed_;   // per synapse: the packed entry, or (fallback) the synapse id
  std::vector<std::uint32_t> pre_;      // per synapse in the fallback only: the pre neuron
  unsigned offset_bits_ = 32;
  bool packed_mode_ = true;
};

template <class PostOf, class OnEntry>
void transposed_index::build(const std::vector<std::uint32_t>& row_ptr, std::size_t n_post, PostOf post,
                             OnEntry on_entry, thread_pool* pool) {
  const std::size_t n_pre = row_ptr.size() - 1, n = row_ptr.back();
  std::size_t max_row = 0;
  for (std::size_t j = 0; j < n_pre; ++j) max_row = std::max<std::size_t>(max_row, row_ptr[j + 1] - row_ptr[j]);
  packed_mode_ = packs(n_pre, max_row);
  offset_bits_ = 32 - pre_bits(n_pre);
  // next[b][i]: block b's entries onto post neuron i, counted, then where the next of them goes.
  std::vector<std::vector<std::uint64_t>> next(blocks_for(pool, n), std::vector<std::uint64_t>(n_post, 0));
  run_blocks(pool, n_pre, n, [&](std::size_t first, std::size_t last, std::size_t b) {
    std::vector<std::uint64_t>& count = next[b];
    for (std::size_t s = row_ptr[first]; s < row_ptr[last]; ++s) ++count[post(s)];
  }, 1);
  ptr_.assign(n_post + 1, 0);
  for (std::size_t i = 0; i < n_post; ++i) ptr_[i + 1] = place_in_block_order(next, i, ptr_[i]);
  packed_.clear();
  packed_.shrink_to_fit();
  resize_huge(packed_, n);  // core/huge_pages.hpp
  pre_.clear();
  pre_.shrink_to_fit();
  if (!packed_mode_) resize_huge(pre_, n);
  run_blocks(pool, n_pre, n, [&](std::size_t first, std::size_t last, std::size_t b) {
    std::vector<std::uint64_t>& fill = next[b];
    auto entry = on_entry(static_cast<std::uint32_t>(first));
    for (auto j = static_cast<std::uint32_t>(first); j < last; ++j) {
      for (std::uint32_t s = row_ptr[j]; s < row_ptr[j + 1]; ++s) {
        const std::uint64_t at = fill[post(s)]++;
        if (packed_mode_) {
          packed_[at] = static_cast<std::uint32_t>((static_cast<std::uint64_t>(j) << offset_bits_) | (s - row_ptr[j]));
        } else {
          packed_[at] = s;
          pre_[at] = j;
        }
        entry(at, s, j);
      }
    }
  }, 1);
}

inline unsigned transposed_index::pre_bits(std::size_t n_pre) {
  unsigned bits = 0;
  while (bits < 64 && (std::uint64_t{1} << bits) < n_pre) ++bits;  // pre indices 0 .. n_pre − 1
  return bits;
}

inline bool transposed_index::packs(std::size_t n_pre, std::size_t max_row) {
  const unsigned pre = pre_bits(n_pre);
  if (pre >= 32) return false;
  return max_row == 0 || static_cast<std::uint64_t>(max_row - 1) < (std::uint64_t{1} << (32 - pre));
}

}  // namespace plastix
