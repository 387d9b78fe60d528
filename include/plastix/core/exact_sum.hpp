// The exact sum of doubles, rounded once at the end to the nearest double (ties to even): a long fixed-point
// accumulator that spans the whole range of doubles (Kulisch & Miranker 1981, "Computer Arithmetic in Theory and
// Practice"; Python's math.fsum gives the same values by another method). Adding is integer arithmetic, so the
// sum does not depend on the order of the terms, and sums of parts merged together are bitwise the sum of the
// whole: a projection's mean weight is the same number whether one process holds every synapse or K processes
// each hold the synapses onto their neurons (docs/parallel.md, "Storage shared out").
#pragma once
#include <array>
#include <cstdint>
#include <span>

namespace plastix {

class exact_sum {
 public:
  // 32 value bits per limb (each held in 64 bits, so that carries can wait): bit p of the accumulator is worth
  // 2^(p − 1074), from the smallest subnormal double up to past the largest double, with 64 bits to spare.
  static constexpr std::size_t limbs = 68;

  void add(double x);
  void add(std::span<const double> xs);
  // This sum plus `other`'s terms: exactly the sum of both lists of terms.
  void merge(const exact_sum& other);
  // The sum, correctly rounded (an exact 0 is +0). Infinities and NaNs among the terms make it the plain sum of
  // those (inf, −inf or NaN), as ordinary addition would; a finite sum beyond the doubles is ±inf.
  double value() const;

  // The state as 64-bit words, for sending between processes (sim/rank_split.hpp): limbs, then the special terms'
  // sum and their count as bit patterns.
  static constexpr std::size_t words = limbs + 2;
  std::array<std::uint64_t, words> to_words() const;
  static exact_sum from_words(std::span<const std::uint64_t, words> w);

 private:
  void normalize();  // every limb in [0, 2^32) but the top one, which carries the sign
  // ±magnitude · 2^(p − 1074) (magnitude < 2^127)
  void add_at(unsigned __int128 magnitude, bool negative, std::uint64_t p);
  std::array<std::int64_t, limbs> limb_{};
  double special_ = 0.0;        // the sum of the infinite and NaN terms
  std::uint64_t specials_ = 0;  // how many there were
  std::uint32_t pending_ = 0;   // additions since the carries were last propagated
};

}  // namespace plastix
