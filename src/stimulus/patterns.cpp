#include "plastix/stimulus/patterns.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/core/clock.hpp"
#include "plastix/core/random.hpp"

namespace plastix {

std::vector<std::vector<std::uint32_t>> draw_patterns(const pattern_set_spec& p, std::size_t population_size,
                                                      std::uint64_t seed, std::uint32_t set_index) {
  if (!p.neurons.empty()) return p.neurons;
  const std::size_t m = std::min(pattern_size(p, population_size), population_size);
  std::vector<std::vector<std::uint32_t>> out;
  if (p.disjoint) {
    random_stream rs(seed, {purpose::patterns, set_index, 0});
    const std::vector<std::uint32_t> order = shuffled_prefix(population_size, std::min(population_size, p.count * m), rs);
    for (std::size_t k = 0; k < p.count; ++k) {
      const std::size_t from = std::min(order.size(), k * m), to = std::min(order.size(), (k + 1) * m);
      out.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(from), order.begin() + static_cast<std::ptrdiff_t>(to));
    }
    return out;
  }
  for (std::size_t k = 0; k < p.count; ++k) {
    random_stream rs(seed, {purpose::patterns, set_index, static_cast<std::uint32_t>(k)});
    out.push_back(shuffled_prefix(population_size, m, rs));
  }
  return out;
}

std::size_t cue_size(std::size_t m, double fraction) {
  const auto c = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(m)));
  return std::clamp<std::size_t>(c, m > 0 ? 1 : 0, m);
}

std::vector<presentation> presentations(const pattern_stimulus& s, std::size_t pattern_count, std::int64_t phase_steps,
                                        double dt, std::uint64_t seed, std::uint32_t phase_index,
                                        std::span<const std::size_t> chosen) {
  std::vector<presentation> out;
  if (pattern_count == 0 || phase_steps <= 0) return out;
  // cycle and random draw the k-th of n patterns: of `chosen`, or of the range [first, end) of the set (validated:
  // first < end <= pattern_count)
  const std::size_t first = s.range_end > 0 ? s.range_first : 0;
  const std::size_t n = chosen.empty() ? (s.range_end > 0 ? s.range_end : pattern_count) - first : chosen.size();
  const auto kth = [&](std::size_t k) { return chosen.empty() ? first + k : chosen[k]; };
  const auto pattern_of = [&](std::uint64_t j) -> std::size_t {
    switch (s.order) {
      case pattern_stimulus::order_kind::fixed: return s.pattern;
      case pattern_stimulus::order_kind::cycle: return kth(static_cast<std::size_t>(j % n));
      case pattern_stimulus::order_kind::random: {
        const double u = uniform_at(seed, {purpose::presentation, phase_index, 0}, j);
        return kth(std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n))));
      }
    }
    return 0;
  };
  if (!(s.on > 0.0)) {
    out.push_back({0, phase_steps, pattern_of(0)});
    return out;
  }
  const double period = s.on + s.off;  // [ms]
  for (std::uint64_t j = 0;; ++j) {
    const std::int64_t first = clock{dt}.steps(static_cast<double>(j) * period);
    if (first >= phase_steps) break;
    const std::int64_t last = std::min(phase_steps, first + std::max<std::int64_t>(1, std::min(phase_steps, clock{dt}.steps(s.on))));
    out.push_back({first, last, pattern_of(j)});
  }
  return out;
}

recall_score score_recall(std::span<const double> activity, const std::vector<std::vector<std::uint32_t>>& patterns,
                          std::size_t k, std::size_t cued, double active) {
  const std::size_t n = activity.size();
  const std::vector<std::uint32_t>& pk = patterns.at(k);
  // membership: 0 outside pattern k, 1 uncued member, 2 cued (excluded unless the whole pattern was presented)
  std::vector<std::uint8_t> member(n, 0);
  for (std::uint32_t i : pk) member.at(i) = 1;
  if (cued < pk.size())
    for (std::size_t c = 0; c < cued; ++c) member[pk[c]] = 2;
  double sum1 = 0, sum0 = 0, sum_sq = 0;
  std::size_t n1 = 0, n0 = 0, hits = 0, alarms = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (member[i] == 2) continue;
    const double a = activity[i];
    sum_sq += a * a;
    if (member[i] == 1) {
      sum1 += a;
      ++n1;
      hits += a >= active ? 1 : 0;
    } else {
      sum0 += a;
      ++n0;
      alarms += a >= active ? 1 : 0;
    }
  }
  recall_score r;
  const double nt = static_cast<double>(n1 + n0);
  if (n1 > 0 && n0 > 0) {
    const double mean = (sum1 + sum0) / nt;
    const double var = sum_sq / nt - mean * mean;  // population variance of a over T
    const double diff = sum1 / static_cast<double>(n1) - sum0 / static_cast<double>(n0);
    if (var > 1e-12 * std::max(1.0, mean * mean)) {
      const double p1 = static_cast<double>(n1) / nt;
      r.overlap = std::clamp(diff * std::sqrt(p1 * (1.0 - p1)) / std::sqrt(var), -1.0, 1.0);
    }
  }
  r.hit = n1 > 0 ? static_cast<double>(hits) / static_cast<double>(n1) : 0.0;
  r.false_alarm = n0 > 0 ? static_cast<double>(alarms) / static_cast<double>(n0) : 0.0;
  for (std::size_t j = 0; j < patterns.size(); ++j) {
    if (j == k) continue;
    std::size_t size = 0, on = 0;
    for (std::uint32_t i : patterns[j]) {
      if (member.at(i) != 0) continue;  // shared with pattern k
      ++size;
      on += activity[i] >= active ? 1 : 0;
    }
    if (size > 0) r.false_recall = std::max(r.false_recall, static_cast<double>(on) / static_cast<double>(size));
  }
  return r;
}

}  // namespace plastix
