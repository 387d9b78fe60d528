// Structural plasticity on a projection: removing and adding synapses during a run (projection::rewire).
// The rebuild reuses projection::adopt (the constructor's code); what is specific here is the order of the new
// synapses (appended to their (pre, delay) segment), the remapping of spikes in flight and the rules' on_rewire.
#include <algorithm>
#include <limits>
#include <string>

#include "plastix/core/error.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

std::uint32_t projection::find(std::uint32_t pre, std::uint32_t post, std::int32_t delay) const {
  for (std::uint64_t g = seg_ptr_[pre]; g < seg_ptr_[pre + 1]; ++g) {
    if (seg_delay_[g] != delay) continue;
    for (std::uint32_t s = seg_begin_[g]; s < seg_begin_[g + 1]; ++s)
      if (post_index_[s] == post) return s;
  }
  return new_synapse;
}

std::vector<std::uint32_t> projection::rewire(std::span<const std::uint32_t> removed,
                                              std::span<const synapse_entry> added, const step_context& ctx) {
  const std::size_t n_old = size();
  std::vector<char> gone(n_old, 0);
  for (std::uint32_t s : removed) {
    if (s >= n_old || gone[s])
      throw error("projection '" + name_ + "': rewire removes synapse " + std::to_string(s) +
                  (s >= n_old ? " of " + std::to_string(n_old) : " twice"));
    gone[s] = 1;
  }
  for (const synapse_entry& e : added) {
    if (e.pre >= pre_->size() || e.post >= post_->size())
      throw error("projection '" + name_ + "': rewire adds synapse " + std::to_string(e.pre) + " -> " +
                  std::to_string(e.post) + ", out of range");
    if (!std::binary_search(delay_values_.begin(), delay_values_.end(), e.delay))
      throw error("projection '" + name_ + "': rewire adds a synapse with a delay of " + std::to_string(e.delay) +
                  " steps, which is not one of the projection's delays");
  }
  if (n_old - removed.size() + added.size() >= std::numeric_limits<std::uint32_t>::max())
    throw error("projection '" + name_ + "': rewiring would exceed 2^32 − 1 synapses");

  // Kept synapses in id order (already sorted by pre, delay, creation), then the new ones; a stable sort by
  // (pre, delay) puts each new synapse after the kept ones of its segment.
  std::vector<synapse_entry> entries;
  std::vector<std::uint32_t> old_id;
  entries.reserve(n_old - removed.size() + added.size());
  old_id.reserve(entries.capacity());
  for (std::uint32_t j = 0; j < pre_->size(); ++j)
    for (std::uint64_t g = seg_ptr_[j]; g < seg_ptr_[j + 1]; ++g)
      for (std::uint32_t s = seg_begin_[g]; s < seg_begin_[g + 1]; ++s)
        if (!gone[s]) {
          entries.push_back({j, post_index_[s], static_cast<double>(weights_[s]), seg_delay_[g]});
          old_id.push_back(s);
        }
  for (const synapse_entry& e : added) {
    entries.push_back(e);
    old_id.push_back(new_synapse);
  }
  std::vector<std::uint32_t> order(entries.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (entries[a].pre != entries[b].pre) return entries[a].pre < entries[b].pre;
    return entries[a].delay < entries[b].delay;
  });
  std::vector<synapse_entry> sorted;
  std::vector<std::uint32_t> old_id_of_new;
  sorted.reserve(order.size());
  old_id_of_new.reserve(order.size());
  for (std::uint32_t k : order) {
    sorted.push_back(entries[k]);
    old_id_of_new.push_back(old_id[k]);
  }

  // Spikes in flight: an event (pre, slot, [begin, end)) was sent to the synapses of [begin, end) that existed when
  // it was queued. Those still present form a prefix of the new segment (kept synapses keep their order, new ones
  // come after them), as long as the count of kept ones.
  std::vector<std::uint32_t> kept_before(n_old + 1, 0);  // kept synapses with id < s
  for (std::size_t s = 0; s < n_old; ++s) kept_before[s + 1] = kept_before[s] + (gone[s] ? 0 : 1);
  std::vector<std::int32_t> slot_delay = delay_values_;
  adopt(rows_in_order(std::move(sorted), pre_->size(), post_->size(), delay_values_));
  ++generation_;
  for (auto& slot : ring_) {
    std::size_t out = 0;
    for (const auto& [ev, segment] : slot) {
      const std::uint32_t still = kept_before[ev.end] - kept_before[ev.begin];
      if (still == 0) continue;
      const std::int32_t d = slot_delay[ev.slot];
      for (std::uint64_t g = seg_ptr_[ev.pre]; g < seg_ptr_[ev.pre + 1]; ++g)
        if (seg_delay_[g] == d) {
          slot[out++] = {{ev.pre, ev.slot, seg_begin_[g], seg_begin_[g] + still}, static_cast<std::uint32_t>(g)};
          break;
        }
    }
    slot.resize(out);
  }
  for (const auto& rule : rules_) rule->on_rewire(*this, old_id_of_new, ctx);
  return old_id_of_new;
}

}  // namespace plastix
