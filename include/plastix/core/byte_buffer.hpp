// A growable block of bytes for large transfers between processes (MPI: the state gathered from every rank,
// hundreds of MB at 10^8 synapses; sim/rank_split.cpp). Mapped straight from the kernel (mmap) and advised for
// transparent huge pages (madvise MADV_HUGEPAGE where the kernel offers them), so that first touching a gigabyte
// takes about 500 page faults instead of 250 000 — about 10 µs each in a virtual machine, which made the one gather at
// the end of a 10^8-synapse run take 11.6 s of which most was faults (docs/performance.md). Kept between uses: the
// bytes are for the caller to fill (reset() does not clear them).
#pragma once
#include <cstddef>
#include <span>

namespace plastix {

class byte_buffer {
 public:
  byte_buffer() = default;
  explicit byte_buffer(std::size_t size) { reset(size); }
  ~byte_buffer();
  byte_buffer(byte_buffer&& other) noexcept;
  byte_buffer& operator=(byte_buffer&& other) noexcept;
  byte_buffer(const byte_buffer&) = delete;
  byte_buffer& operator=(const byte_buffer&) = delete;

  char* data() { return data_; }
  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::span<const char> bytes() const { return {data_, size_}; }
  // `size` bytes whose contents are unspecified (what was there, or zero); throws std::bad_alloc when the memory
  // cannot be mapped.
  void reset(std::size_t size);

 private:
  void release();
  char* data_ = nullptr;
  std::size_t size_ = 0;
  void* map_ = nullptr;      // the mapping (data_ is its first huge-page boundary)
  std::size_t mapped_ = 0;   // [bytes] its length
  std::size_t capacity_ = 0; // [bytes] usable from data_
};

}  // namespace plastix
