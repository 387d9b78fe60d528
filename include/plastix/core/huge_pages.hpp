// Large arrays backed by transparent huge pages (2 MB) where the kernel gives them on request (THP in "madvise"
// mode, Debian's default): the synapse columns of a network of 10^8 synapses are gigabytes, and each first touch of
// a 4 kB page is a page fault — about 10 µs in a virtual machine, a fifth of building and running such a network in
// one process (docs/performance.md, "Memory at scale: huge pages"). These calls give a vector its memory, advise it
// for huge pages (madvise MADV_HUGEPAGE) and only then write it, so that the kernel backs it with 2 MB pages when it
// can (otherwise it works as before). The values are those of std::vector's assign / resize; arrays under 4 MB are
// left to the allocator.
#pragma once
#include <cstddef>
#include <iterator>
#include <vector>

namespace plastix {

// Advice only: asks the kernel to back [data, data + bytes) with huge pages (the whole 4 kB pages inside it).
void advise_huge_pages(void* data, std::size_t bytes);

inline constexpr std::size_t huge_array_bytes = std::size_t{4} << 20;  // [bytes] from this size on

// v.assign(n, value), the memory advised before it is written.
template <class T>
void assign_huge(std::vector<T>& v, std::size_t n, const T& value) {
  if (n * sizeof(T) < huge_array_bytes) return v.assign(n, value);
  std::vector<T> fresh;
  fresh.reserve(n);
  advise_huge_pages(fresh.data(), n * sizeof(T));
  fresh.assign(n, value);
  v.swap(fresh);
}

// v.resize(n) (value-initialised new elements), the new memory advised before it is written.
template <class T>
void resize_huge(std::vector<T>& v, std::size_t n) {
  if (n <= v.capacity() || n * sizeof(T) < huge_array_bytes) return v.resize(n);
  std::vector<T> fresh;
  fresh.reserve(n);
  advise_huge_pages(fresh.data(), n * sizeof(T));
  fresh.assign(std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  fresh.resize(n);
  v.swap(fresh);
}

}  // namespace plastix
