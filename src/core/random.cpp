#include "plastix/core/random.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace plastix {

std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> c, std::uint64_t key) {
  constexpr std::uint32_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;
  constexpr std::uint32_t w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;
  std::uint32_t k0 = static_cast<std::uint32_t>(key), k1 = static_cast<std::uint32_t>(key >> 32);
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = static_cast<std::uint64_t>(m0) * c[0];
    const std::uint64_t p1 = static_cast<std::uint64_t>(m1) * c[2];
    c = {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k0, static_cast<std::uint32_t>(p1),
         static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k1, static_cast<std::uint32_t>(p0)};
    k0 += w0;
    k1 += w1;
  }
  return c;
}

namespace {

std::array<std::uint32_t, 4> counter_for(stream_key key, std::uint64_t position) {
  return {static_cast<std::uint32_t>(position), static_cast<std::uint32_t>(position >> 32), key.id,
          (static_cast<std::uint32_t>(key.what) << 24) | (key.object & 0xFFFFFFu)};
}

// 53 random bits -> [0, 1)
double to_unit(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 21) ^ (lo >> 11);
  return static_cast<double>(bits & ((1ull << 53) - 1)) * 0x1.0p-53;
}

}  // namespace

std::uint32_t stream_object(std::string_view name) {
  std::uint32_t h = 2166136261u;
  for (unsigned char ch : name) h = (h ^ ch) * 16777619u;
  return h & 0xFFFFFFu;
}

std::vector<std::uint32_t> stream_objects(const std::vector<std::string>& names) {
  std::vector<std::uint32_t> out;
  for (const std::string& name : names) {
    std::uint32_t object = stream_object(name);
    while (std::find(out.begin(), out.end(), object) != out.end()) object = (object + 1) & 0xFFFFFFu;
    out.push_back(object);
  }
  return out;
}

double uniform_at(std::uint64_t seed, stream_key key, std::uint64_t position) {
  const auto r = philox4x32(counter_for(key, position), seed);
  return to_unit(r[0], r[1]);
}

std::array<std::uint32_t, 4> random_stream::block() { return philox4x32(counter_for(key_, position_++), seed_); }

std::uint64_t random_stream::next_u64() {
  if (buffered_ < 2) {
    buffer_ = block();
    buffered_ = 4;
  }
  const std::uint32_t hi = buffer_[4 - buffered_], lo = buffer_[5 - buffered_];
  buffered_ -= 2;
  return (static_cast<std::uint64_t>(hi) << 32) | lo;
}

double random_stream::uniform() {
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

double random_stream::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

double random_stream::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  constexpr double two_pi = 6.283185307179586;
  spare_normal_ = r * std::sin(two_pi * u2);
  has_spare_ = true;
  return r * std::cos(two_pi * u2);
}

double random_stream::exponential(double mean) {
  double u = uniform();
  while (u <= 0.0) u = uniform();
  return -mean * std::log(u);
}

std::uint64_t random_stream::below(std::uint64_t n) {
  // Lemire's rejection on the top bits: unbiased.
  const std::uint64_t limit = (~std::uint64_t{0}) - (~std::uint64_t{0}) % n;
  std::uint64_t x = next_u64();
  while (x >= limit) x = next_u64();
  return x % n;
}

std::vector<std::uint32_t> shuffled_prefix(std::size_t n, std::size_t m, random_stream& rs) {
  std::vector<std::uint32_t> v(n);
  std::iota(v.begin(), v.end(), 0U);
  for (std::size_t i = 0; i < m && i + 1 < n; ++i) std::swap(v[i], v[i + rs.below(n - i)]);
  v.resize(m);
  return v;
}

}  // namespace plastix
