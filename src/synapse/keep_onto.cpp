// Storage shared out over MPI processes (projection::keep_onto, sim/rank_split.hpp): a process keeps the synapses
// onto its own post neurons. Every delay segment is in order of post neuron, so those synapses are one run of each
// segment, found by two binary searches; they are copied, in order, straight into new columns.
#include <algorithm>

#include "plastix/core/error.hpp"
#include "plastix/core/huge_pages.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

void projection::keep_onto(std::uint32_t lo, std::uint32_t hi, const step_context& ctx) {
  if (kept_part_ || !segments_by_post_)
    throw error("internal: projection '" + name_ + "' cannot keep only the synapses onto some neurons");
  for (const auto& slot : ring_)
    if (!slot.empty()) throw error("internal: projection '" + name_ + "': spikes in flight when its synapses are shared out");
  const index_view post = post_index_.view();
  const auto lower = [&](std::uint32_t b, std::uint32_t e, std::uint32_t i) {  // first synapse of [b, e) onto ≥ i
    while (b < e) {
      const std::uint32_t mid = b + (e - b) / 2;
      if (post[mid] < i) b = mid + 1;
      else e = mid;
    }
    return b;
  };
  const std::size_t segments = seg_delay_.size();
  std::vector<std::uint32_t> first(segments), last(segments);  // each segment's kept run
  std::size_t kept = 0;
  for (std::size_t g = 0; g < segments; ++g) {
    first[g] = lower(seg_begin_[g], seg_begin_[g + 1], lo);
    last[g] = lower(first[g], seg_begin_[g + 1], hi);
    kept += last[g] - first[g];
  }
  synapse_rows rows;
  rows.delay_values = delay_values_;
  rows.row_ptr.assign(pre_->size() + 1, 0);
  rows.seg_ptr.assign(pre_->size() + 1, 0);
  rows.post.assign(kept, post_->size());
  resize_huge(rows.weight, kept);  // core/huge_pages.hpp
  std::vector<std::uint32_t> old_id_of_new;
  resize_huge(old_id_of_new, kept);
  std::vector<std::uint32_t> whole_begin;
  std::uint32_t at = 0;
  for (std::uint32_t j = 0; j < pre_->size(); ++j) {
    rows.row_ptr[j] = at;
    for (std::uint64_t g = seg_ptr_[j]; g < seg_ptr_[j + 1]; ++g) {
      if (first[g] == last[g]) continue;
      rows.seg_begin.push_back(at);
      rows.seg_delay.push_back(seg_delay_[g]);
      ++rows.seg_ptr[j + 1];
      whole_begin.push_back(first[g]);
      for (std::uint32_t s = first[g]; s < last[g]; ++s, ++at) {
        rows.post.set(at, post[s]);
        rows.weight[at] = weights_[s];
        old_id_of_new[at] = s;
      }
    }
  }
  rows.row_ptr.back() = at;
  rows.close_segments();
  rows.kept_part = true;
  rows.whole_begin = std::move(whole_begin);
  rows.whole_size = size();
  first = std::vector<std::uint32_t>();
  last = std::vector<std::uint32_t>();
  adopt(std::move(rows), ctx.pool);
  for (const auto& rule : rules_) rule->on_rewire(*this, old_id_of_new, ctx);
}

std::uint64_t projection::whole_id(std::uint32_t s) const {
  if (!kept_part_) return s;
  const auto g = static_cast<std::size_t>(std::upper_bound(seg_begin_.begin(), seg_begin_.end(), s) - seg_begin_.begin()) - 1;
  return std::uint64_t{whole_begin_[g]} + (s - seg_begin_[g]);
}

}  // namespace plastix
