#include "plastix/synapse/synapse_rows.hpp"

#include <algorithm>
#include <string>

#include "plastix/core/counting_sort.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/huge_pages.hpp"

namespace plastix {

namespace {

constexpr std::size_t max_delay_values = 65535;  // a delay slot is 16 bits (projection.hpp)

// Adds d to the distinct delays (ascending) unless it is there; beyond max_delay_values the list stops growing
// (one more than allowed: the caller reports it).
void note_delay(std::vector<std::int32_t>& values, std::int32_t d) {
  if (values.size() > max_delay_values) return;
  const auto at = std::lower_bound(values.begin(), values.end(), d);
  if (at == values.end() || *at != d) values.insert(at, d);
}

void check_delay_count(const std::vector<std::int32_t>& values) {
  if (values.size() > max_delay_values)
    throw error("more than " + std::to_string(max_delay_values) + " distinct delays; use fewer distinct values");
}

// The storage order: by pre, then delay, then post; ties (multapses) keep their order: the order of one
// std::stable_sort on (pre, delay, post), in O(n + neurons) by stable counting passes (core/counting_sort.hpp).
void sort_for_rows(std::vector<synapse_entry>& entries, std::size_t n_pre, std::size_t n_post,
                   const std::vector<std::int32_t>& delay_values) {
  const auto by_row_order = [](const synapse_entry& a, const synapse_entry& b) {
    if (a.pre != b.pre) return a.pre < b.pre;
    return a.delay != b.delay ? a.delay < b.delay : a.post < b.post;
  };
  if (std::is_sorted(entries.begin(), entries.end(), by_row_order)) return;  // e.g. one delay: nothing to move
  // a delay's rank among the distinct delays: a table when their range is small, else a binary search
  const std::int32_t lo = delay_values.front(), hi = delay_values.back();
  std::vector<std::uint16_t> table;
  if (static_cast<std::int64_t>(hi) - lo < (std::int64_t{1} << 20)) {
    table.assign(static_cast<std::size_t>(hi - lo) + 1, 0);
    for (std::size_t r = 0; r < delay_values.size(); ++r)
      table[static_cast<std::size_t>(delay_values[r] - lo)] = static_cast<std::uint16_t>(r);
  }
  const auto rank = [&](const synapse_entry& e) -> std::size_t {
    if (!table.empty()) return table[static_cast<std::size_t>(e.delay - lo)];
    return static_cast<std::size_t>(std::lower_bound(delay_values.begin(), delay_values.end(), e.delay) -
                                    delay_values.begin());
  };
  std::vector<synapse_entry> buffer;
  std::vector<std::uint64_t> next;
  const auto by_pre_post = [](const synapse_entry& a, const synapse_entry& b) {
    return a.pre != b.pre ? a.pre < b.pre : a.post < b.post;
  };
  if (!std::is_sorted(entries.begin(), entries.end(), by_pre_post)) {  // any order: three passes over everything
    const std::span<synapse_entry> all(entries);
    counting_sort(all, n_post, [](const synapse_entry& e) { return e.post; }, buffer, next);
    counting_sort(all, delay_values.size(), rank, buffer, next);
    counting_sort(all, n_pre, [](const synapse_entry& e) { return e.pre; }, buffer, next);
    return;
  }
  // Rows in order, each by post: only each row's delays remain to order (a row's worth of buffer instead of a copy
  // of the whole list).
  for (std::size_t begin = 0; begin < entries.size();) {
    std::size_t end = begin + 1;
    while (end < entries.size() && entries[end].pre == entries[begin].pre) ++end;
    const std::span<synapse_entry> row(entries.data() + begin, end - begin);
    if (row.size() >= delay_values.size())
      counting_sort(row, delay_values.size(), rank, buffer, next);
    else  // few synapses, many delays: counting would cost more than sorting
      std::stable_sort(row.begin(), row.end(),
                       [&](const synapse_entry& a, const synapse_entry& b) { return rank(a) < rank(b); });
    begin = end;
  }
}

}  // namespace

std::vector<synapse_entry> synapse_rows::entries() const {
  std::vector<synapse_entry> out;
  out.reserve(size());
  for (std::size_t j = 0; j + 1 < seg_ptr.size(); ++j)
    for (std::uint32_t g = seg_ptr[j]; g < seg_ptr[j + 1]; ++g)
      for (std::uint32_t s = seg_begin[g]; s < seg_begin[g + 1]; ++s)
        out.push_back({static_cast<std::uint32_t>(j), post[s], weight[s], seg_delay[g]});
  return out;
}

void synapse_rows::add_row_segment(std::uint32_t j, std::int32_t delay) {
  if (row_ptr[j] == row_ptr[j + 1]) return;
  seg_begin.push_back(row_ptr[j]);
  seg_delay.push_back(delay);
  seg_ptr[j + 1] = 1;
  if (seg_delay.size() == 1 || seg_delay[seg_delay.size() - 2] != delay) note_delay(delay_values, delay);
}

void synapse_rows::add_row_segments(std::uint32_t j, std::span<const std::int32_t> delays) {
  for (std::size_t k = 0; k < delays.size(); ++k) {
    if (k > 0 && delays[k] == delays[k - 1]) continue;
    seg_begin.push_back(row_ptr[j] + static_cast<std::uint32_t>(k));
    seg_delay.push_back(delays[k]);
    ++seg_ptr[j + 1];
    note_delay(delay_values, delays[k]);
  }
}

void synapse_rows::note_delays(std::span<const std::int32_t> delays) {
  if (delays.empty()) return note_delay(delay_values, 0);
  for (std::size_t k = 0; k < delays.size(); ++k)
    if (k == 0 || delays[k] != delays[k - 1]) note_delay(delay_values, delays[k]);
}

void synapse_rows::join_segments(const synapse_rows& part) {
  for (std::size_t j = 1; j < seg_ptr.size() && j < part.seg_ptr.size(); ++j) seg_ptr[j] += part.seg_ptr[j];
  seg_begin.insert(seg_begin.end(), part.seg_begin.begin(), part.seg_begin.end());
  seg_delay.insert(seg_delay.end(), part.seg_delay.begin(), part.seg_delay.end());
  whole_begin.insert(whole_begin.end(), part.whole_begin.begin(), part.whole_begin.end());
  for (std::int32_t d : part.delay_values) note_delay(delay_values, d);
}

void synapse_rows::close_segments() {
  check_delay_count(delay_values);
  for (std::size_t j = 0; j + 1 < seg_ptr.size(); ++j) seg_ptr[j + 1] += seg_ptr[j];
  seg_begin.push_back(static_cast<std::uint32_t>(size()));
  if (delay_values.empty()) delay_values.push_back(0);
}

synapse_rows rows_from_entries(std::vector<synapse_entry>&& entries, std::size_t n_pre, std::size_t n_post) {
  for (const synapse_entry& e : entries)
    if (e.pre >= n_pre || e.post >= n_post)
      throw error("synapse " + std::to_string(e.pre) + " -> " + std::to_string(e.post) + " is out of range (" +
                  std::to_string(n_pre) + " pre, " + std::to_string(n_post) + " post neurons)");
  // The distinct delays, ascending, gathered without a list of all synapses' delays (construction's memory peak).
  std::vector<std::int32_t> delays;
  for (std::size_t s = 0; s < entries.size() && delays.size() <= max_delay_values; ++s)
    if (s == 0 || entries[s].delay != entries[s - 1].delay) note_delay(delays, entries[s].delay);
  check_delay_count(delays);
  if (delays.empty()) delays.push_back(0);
  sort_for_rows(entries, n_pre, n_post, delays);
  return rows_in_order(std::move(entries), n_pre, n_post, std::move(delays));
}

synapse_rows rows_in_order(std::vector<synapse_entry>&& sorted, std::size_t n_pre, std::size_t n_post,
                           std::vector<std::int32_t> delays) {
  std::vector<synapse_entry> entries = std::move(sorted);  // released at the end of this function
  const std::size_t n = entries.size();
  synapse_rows r;
  r.delay_values = std::move(delays);
  r.row_ptr.assign(n_pre + 1, 0);
  r.seg_ptr.assign(n_pre + 1, 0);
  r.post.assign(n, n_post);
  resize_huge(r.weight, n);  // core/huge_pages.hpp
  for (std::size_t s = 0; s < n; ++s) {
    const synapse_entry& e = entries[s];
    ++r.row_ptr[e.pre + 1];
    r.post.set(s, e.post);
    r.weight[s] = e.weight;
    if (s == 0 || entries[s - 1].pre != e.pre || entries[s - 1].delay != e.delay) {
      r.seg_begin.push_back(static_cast<std::uint32_t>(s));
      r.seg_delay.push_back(e.delay);
      ++r.seg_ptr[e.pre + 1];
    }
  }
  for (std::size_t j = 0; j < n_pre; ++j) r.row_ptr[j + 1] += r.row_ptr[j];
  entries = std::vector<synapse_entry>();  // before the caller allocates the transposed index
  r.close_segments();
  return r;
}

}  // namespace plastix
