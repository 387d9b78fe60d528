#include "plastix/core/exact_sum.hpp"

#include <bit>
#include <cmath>
#include <vector>

namespace plastix {

namespace {
constexpr std::int64_t low32 = 0xffffffff;
// Carries are propagated before a limb could overflow: each addition adds less than 2^32 to a limb (in magnitude),
// and merging adds at most another accumulator's (normalized) limbs.
constexpr std::uint32_t max_pending = 1u << 29;

// A finite double (its bits) as ±m · 2^(p − 1074): its integer mantissa m (< 2^53) and the place p of m's lowest
// bit (a subnormal's sits where exponent 1's does: p = 0).
struct parts {
  std::uint64_t m, p;
  bool negative;
};
parts decompose(std::uint64_t bits) {
  const std::uint64_t e = (bits >> 52) & 0x7ff;
  const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
  if (e == 0) return {fraction, 0, (bits >> 63) != 0};
  return {fraction | (std::uint64_t{1} << 52), e - 1, (bits >> 63) != 0};
}
bool is_special(std::uint64_t bits) { return ((bits >> 52) & 0x7ff) == 0x7ff; }  // inf or NaN
}  // namespace

void exact_sum::add(double x) {
  const auto bits = std::bit_cast<std::uint64_t>(x);
  if (is_special(bits)) {
    special_ += x;
    ++specials_;
    return;
  }
  const parts d = decompose(bits);
  if (d.m == 0) return;
  const std::size_t k = d.p >> 5;
  const unsigned __int128 v = static_cast<unsigned __int128>(d.m) << (d.p & 31);  // < 2^85: three limbs
  const std::int64_t sign = d.negative ? -1 : 1;
  limb_[k] += sign * static_cast<std::int64_t>(v & low32);
  limb_[k + 1] += sign * static_cast<std::int64_t>((v >> 32) & low32);
  limb_[k + 2] += sign * static_cast<std::int64_t>(v >> 64);
  if (++pending_ >= max_pending) normalize();
}

void exact_sum::add(std::span<const double> xs) {
  // Many terms: first the signed mantissas of each place summed exactly in 128 bits (at most 2^53 each: room for
  // 2^74 terms), then each place's sum added once — one integer addition per term.
  if (xs.size() < 4096) {
    for (const double x : xs) add(x);
    return;
  }
  std::vector<__int128> at_place(2047, 0);
  for (const double x : xs) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    if (is_special(bits)) {
      add(x);
      continue;
    }
    const parts d = decompose(bits);
    const auto v = static_cast<__int128>(d.m);
    at_place[d.p] += d.negative ? -v : v;
  }
  for (std::uint64_t p = 0; p < at_place.size(); ++p) {
    if (at_place[p] == 0) continue;
    const bool negative = at_place[p] < 0;
    add_at(static_cast<unsigned __int128>(negative ? -at_place[p] : at_place[p]), negative, p);
  }
}

void exact_sum::add_at(unsigned __int128 magnitude, bool negative, std::uint64_t p) {
  normalize();  // room in every limb for the five pieces below
  const std::size_t k = p >> 5;
  const unsigned shift = p & 31;
  const unsigned __int128 low = magnitude << shift;                                   // bits 0 .. 127 of the shift
  const auto high = static_cast<std::uint64_t>(shift == 0 ? 0 : magnitude >> (128 - shift));  // bits 128 ..
  const std::int64_t sign = negative ? -1 : 1;
  for (std::size_t i = 0; i < 4; ++i)
    limb_[k + i] += sign * static_cast<std::int64_t>((low >> (32 * i)) & low32);
  limb_[k + 4] += sign * static_cast<std::int64_t>(high);
}

void exact_sum::normalize() {
  for (std::size_t i = 0; i + 1 < limbs; ++i) {
    const std::int64_t carry = limb_[i] >> 32;  // floor division by 2^32 (arithmetic shift)
    limb_[i] &= low32;
    limb_[i + 1] += carry;
  }
  pending_ = 0;
}

void exact_sum::merge(const exact_sum& other) {
  exact_sum o = other;
  o.normalize();
  normalize();
  for (std::size_t i = 0; i < limbs; ++i) limb_[i] += o.limb_[i];
  special_ += o.special_;
  specials_ += o.specials_;
  normalize();
}

double exact_sum::value() const {
  if (specials_ > 0) return special_;
  exact_sum s = *this;
  s.normalize();
  const bool negative = s.limb_[limbs - 1] < 0;
  if (negative) {
    for (std::int64_t& l : s.limb_) l = -l;
    s.normalize();
  }
  std::size_t h = limbs;  // the highest nonzero limb
  while (h > 0 && s.limb_[h - 1] == 0) --h;
  if (h == 0) return 0.0;
  --h;
  if (h >= 66) return negative ? -HUGE_VAL : HUGE_VAL;  // past 2^1030: beyond the largest double
  auto at = [&](std::size_t i, int below) -> unsigned __int128 {  // limb h − below, or 0 below the accumulator
    return i >= static_cast<std::size_t>(below) ? static_cast<std::uint64_t>(s.limb_[i - below]) : 0;
  };
  // The top three limbs (96 bits, the highest set bit of limb h leading), and whether anything lies below them.
  unsigned __int128 t = (at(h, 0) << 64) | (at(h, 1) << 32) | at(h, 2);
  bool sticky = false;
  for (std::size_t i = 0; i + 2 < h; ++i) sticky = sticky || s.limb_[i] != 0;
  const int lead = std::countl_zero(static_cast<std::uint64_t>(t >> 64));  // t < 2^96: ≥ 32 zeros on top
  t <<= lead;  // the highest set bit at position 127
  auto top = static_cast<std::uint64_t>(t >> 64);
  if (static_cast<std::uint64_t>(t) != 0 || sticky) top |= 1;  // below the 64 kept bits: rounds as a sticky bit
  // t before the shift is worth 2^(32·(h − 2) − 1074) per unit; top is t >> 64 after shifting left by `lead`.
  const int exponent = 64 - lead + 32 * (static_cast<int>(h) - 2) - 1074;
  // The conversion rounds once (64 bits, the sticky bit 11 places below the last kept one); ldexp is then exact,
  // also into the subnormals (such a sum has fewer than 53 significant bits) and up to inf.
  const double r = std::ldexp(static_cast<double>(top), exponent);
  return negative ? -r : r;
}

std::array<std::uint64_t, exact_sum::words> exact_sum::to_words() const {
  std::array<std::uint64_t, words> w{};
  for (std::size_t i = 0; i < limbs; ++i) w[i] = static_cast<std::uint64_t>(limb_[i]);
  w[limbs] = std::bit_cast<std::uint64_t>(special_);
  w[limbs + 1] = specials_;
  return w;
}

exact_sum exact_sum::from_words(std::span<const std::uint64_t, words> w) {
  exact_sum s;
  for (std::size_t i = 0; i < limbs; ++i) s.limb_[i] = static_cast<std::int64_t>(w[i]);
  s.special_ = std::bit_cast<double>(w[limbs]);
  s.specials_ = w[limbs + 1];
  s.pending_ = max_pending - 1;  // carries unknown: propagated at the next addition
  return s;
}

}  // namespace plastix
