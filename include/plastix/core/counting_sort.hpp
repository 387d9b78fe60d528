// A stable counting sort: O(n + keys) instead of O(n log n), for the orders that network construction needs (by
// presynaptic neuron, by post neuron, by delay). Stable, so several passes from the least to the most significant
// key give exactly the order of one std::stable_sort on the combined key (ties keep their order).
// Memory: a second copy of the items while it runs (std::stable_sort's buffer holds half of them).
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace plastix {

// Reorders the items of `v` stably by key(x) in [0, n_keys), through `buffer` (resized to v's size).
template <class T, class KeyOf>
void counting_sort(std::span<T> v, std::size_t n_keys, KeyOf key, std::vector<T>& buffer,
                   std::vector<std::uint64_t>& next) {
  next.assign(n_keys + 1, 0);  // next[k]: where the next item of key k goes
  for (const T& x : v) ++next[static_cast<std::size_t>(key(x)) + 1];
  for (std::size_t k = 0; k < n_keys; ++k) next[k + 1] += next[k];
  buffer.resize(v.size());
  for (const T& x : v) buffer[next[static_cast<std::size_t>(key(x))]++] = x;
  std::copy(buffer.begin(), buffer.end(), v.begin());
}

// Reorders v stably by key(x) in [0, n_keys).
template <class T, class KeyOf>
void counting_sort(std::vector<T>& v, std::size_t n_keys, KeyOf key) {
  std::vector<T> buffer;
  std::vector<std::uint64_t> next;
  counting_sort(std::span<T>(v), n_keys, key, buffer, next);
}

}  // namespace plastix
