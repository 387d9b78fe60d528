#include "plastix/core/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace plastix {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // d[i][j] = distance between a[0..i) and b[0..j); three rows are enough for transpositions.
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string w = lower(word);
  const std::size_t allowed = w.size() <= 3 ? 1 : (w.size() <= 6 ? 2 : 3);
  std::string best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(w, lower(c));
    // A "match" that replaces the whole word is no suggestion.
    if (d < best_distance && d < std::max(w.size(), c.size())) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string join_names(const std::vector<std::string>& names, std::string_view none) {
  if (names.empty()) return std::string(none);
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = closest_match(word, candidates);
  if (!best.empty()) return " did you mean '" + best + "'?";
  return " expected one of: " + join_names(candidates);
}

}  // namespace plastix
