// A column of neuron indices, one per synapse, stored in 16 bits when the population it indexes has at most 65 536
// neurons and in 32 bits otherwise. Projections keep their post-index and transposed pre-index columns in it: with
// 8-byte weights this is what brings a synapse to 16 bytes (2 post + 8 weight + 4 transposed synapse id + 2 pre)
// in networks of populations below 65 536 neurons, with every result bitwise unchanged (docs/performance.md,
// "Memory per synapse").
// Reading: `col[k]` (or a view's `[k]`) returns the index as std::uint32_t whatever the width, for code off the hot
// path; hot loops call `visit(f)`, which calls f once with a std::span<const std::uint16_t> or
// std::span<const std::uint32_t>, so that the loop is compiled for each width and has no branch per synapse.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>
#include "plastix/core/huge_pages.hpp"

namespace plastix {

// A read-only window [begin, end) of an index_column.
class index_view {
 public:
  index_view() = default;
  index_view(const std::uint16_t* narrow, std::size_t n) : narrow_(narrow), n_(n), is_narrow_(true) {}
  index_view(const std::uint32_t* wide, std::size_t n) : wide_(wide), n_(n), is_narrow_(false) {}

  std::size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  std::uint32_t operator[](std::size_t k) const { return is_narrow_ ? narrow_[k] : wide_[k]; }

  // f(std::span<const std::uint16_t>) or f(std::span<const std::uint32_t>), whichever the column stores.
  template <class F>
  decltype(auto) visit(F&& f) const {
    if (is_narrow_) return f(std::span<const std::uint16_t>(narrow_, n_));
    return f(std::span<const std::uint32_t>(wide_, n_));
  }

  class iterator {
   public:
    iterator(const index_view* v, std::size_t k) : v_(v), k_(k) {}
    std::uint32_t operator*() const { return (*v_)[k_]; }
    iterator& operator++() { ++k_; return *this; }
    bool operator==(const iterator& o) const { return k_ == o.k_; }
    bool operator!=(const iterator& o) const { return k_ != o.k_; }

   private:
    const index_view* v_;
    std::size_t k_;
  };
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, n_}; }

 private:
  const std::uint16_t* narrow_ = nullptr;  // the entries when is_narrow_
  const std::uint32_t* wide_ = nullptr;    // the entries otherwise
  std::size_t n_ = 0;
  bool is_narrow_ = true;
};

class index_column {
 public:
  static constexpr std::size_t narrow_limit = 65536;  // populations up to this size use 16-bit entries

  // n entries, all 0, able to hold indices below `bound` (the size of the indexed population).
  void assign(std::size_t n, std::size_t bound) {
    narrow_.clear();
    wide_.clear();
    if (bound <= narrow_limit) assign_huge(narrow_, n, std::uint16_t{0});  // core/huge_pages.hpp
    else assign_huge(wide_, n, std::uint32_t{0});
    n_ = n;
    is_narrow_ = bound <= narrow_limit;
  }
  void set(std::size_t k, std::uint32_t value) {
    if (is_narrow_) narrow_[k] = static_cast<std::uint16_t>(value);
    else wide_[k] = value;
  }

  std::size_t size() const { return n_; }
  std::uint32_t operator[](std::size_t k) const { return is_narrow_ ? narrow_[k] : wide_[k]; }
  std::size_t bytes_per_entry() const { return is_narrow_ ? sizeof(std::uint16_t) : sizeof(std::uint32_t); }

  index_view view() const { return view(0, n_); }
  index_view view(std::size_t begin, std::size_t end) const {
    return is_narrow_ ? index_view(narrow_.data() + begin, end - begin) : index_view(wide_.data() + begin, end - begin);
  }

 private:
  std::vector<std::uint16_t> narrow_;
  std::vector<std::uint32_t> wide_;
  std::size_t n_ = 0;
  bool is_narrow_ = true;
};

}  // namespace plastix
