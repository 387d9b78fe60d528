#include "plastix/core/byte_buffer.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <new>
#include <utility>

#include "plastix/core/huge_pages.hpp"

namespace plastix {

namespace {
constexpr std::size_t huge_page = std::size_t{2} << 20;  // [bytes] x86-64's transparent huge page
}  // namespace

byte_buffer::~byte_buffer() { release(); }

byte_buffer::byte_buffer(byte_buffer&& other) noexcept { *this = std::move(other); }

byte_buffer& byte_buffer::operator=(byte_buffer&& other) noexcept {
  if (this == &other) return *this;
  release();
  data_ = std::exchange(other.data_, nullptr);
  size_ = std::exchange(other.size_, 0);
  map_ = std::exchange(other.map_, nullptr);
  mapped_ = std::exchange(other.mapped_, 0);
  capacity_ = std::exchange(other.capacity_, 0);
  return *this;
}

void byte_buffer::release() {
  if (map_) munmap(map_, mapped_);
  data_ = nullptr;
  map_ = nullptr;
  size_ = mapped_ = capacity_ = 0;
}

void byte_buffer::reset(std::size_t size) {
  if (size <= capacity_) {
    size_ = size;
    return;
  }
  release();
  // A new mapping, one huge page longer, so that the block can start on a huge-page boundary (the kernel backs only
  // aligned 2 MB ranges with huge pages).
  const std::size_t capacity = (size + huge_page - 1) / huge_page * huge_page;
  const std::size_t mapped = capacity + huge_page;
  void* map = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) throw std::bad_alloc();
  const auto at = reinterpret_cast<std::uintptr_t>(map);
  data_ = reinterpret_cast<char*>((at + huge_page - 1) / huge_page * huge_page);
  advise_huge_pages(data_, capacity);  // advice only: without huge pages it works with plain pages
  map_ = map;
  mapped_ = mapped;
  capacity_ = capacity;
  size_ = size;
}

}  // namespace plastix
