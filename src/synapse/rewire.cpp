// Structural plasticity on a projection: removing and adding synapses during a run (projection::rewire).
// The rebuild reuses projection::adopt (the constructor's code); what is specific here is the place of the new
// synapses (at their post neuron's place in their (pre, delay) segment), the remapping of spikes in flight and the
// rules' on_rewire.
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

  // Kept synapses in id order, then the new ones; a stable sort by (pre, delay, post) puts every synapse at its post
  // neuron's place in its (pre, delay) segment, a new one after the kept ones onto the same neuron. The segments stay
  // in order of post neuron, so a rewired projection still splits by target (threads, MPI).
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
  const auto by_place = [&](std::uint32_t a, std::uint32_t b) {
    if (entries[a].pre != entries[b].pre) return entries[a].pre < entries[b].pre;
    if (entries[a].delay != entries[b].delay) return entries[a].delay < entries[b].delay;
    return entries[a].post < entries[b].post;
  };
  std::vector<std::uint32_t> order(entries.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  // The kept synapses are in that order already (segments by post neuron): the new ones are sorted among themselves
  // and merged in, kept ones first among equals — the stable sort's order in O(n + a·log a), not O(n·log n).
  const auto fresh = order.end() - static_cast<std::ptrdiff_t>(added.size());
  if (std::is_sorted(order.begin(), fresh, by_place)) {
    std::stable_sort(fresh, order.end(), by_place);
    std::inplace_merge(order.begin(), fresh, order.end(), by_place);
  } else {
    std::stable_sort(order.begin(), order.end(), by_place);
  }
  std::vector<synapse_entry> sorted;
  std::vector<std::uint32_t> old_id_of_new;
  sorted.reserve(order.size());
  old_id_of_new.reserve(order.size());
  for (std::uint32_t k : order) {
    sorted.push_back(entries[k]);
    old_id_of_new.push_back(old_id[k]);
  }
  std::vector<std::uint32_t> new_id(n_old, new_synapse);
  for (std::uint32_t s = 0; s < old_id_of_new.size(); ++s)
    if (old_id_of_new[s] != new_synapse) new_id[old_id_of_new[s]] = s;

  std::vector<std::int32_t> slot_delay = delay_values_;
  adopt(rows_in_order(std::move(sorted), pre_->size(), post_->size(), delay_values_), ctx.pool);
  ++generation_;
  // Spikes in flight: a spike reaches the synapses that existed when it was sent and still exist when it arrives.
  // Its events (one, or several pieces: continues()) name those synapses by their old ids; at their new ids they
  // lie in the spike's new segment, in runs between new synapses onto the same neurons: one piece per run.
  std::vector<std::uint32_t> ids;
  for (auto& slot : ring_) {
    std::vector<queued_event> out;
    for (std::size_t e = 0; e < slot.size();) {
      const pre_event first = slot[e].ev;
      ids.clear();
      do {
        for (std::uint32_t s = slot[e].ev.begin; s < slot[e].ev.end; ++s)
          if (!gone[s]) ids.push_back(new_id[s]);
        ++e;
      } while (e < slot.size() && continues(slot, e));
      if (ids.empty()) continue;
      std::sort(ids.begin(), ids.end());
      const std::int32_t d = slot_delay[first.slot];
      std::uint64_t g = seg_ptr_[first.pre];
      while (seg_delay_[g] != d) ++g;  // the kept synapses are in it: it exists
      for (std::size_t k = 0; k < ids.size();) {
        std::size_t run = k + 1;
        while (run < ids.size() && ids[run] == ids[run - 1] + 1) ++run;
        out.push_back({{first.pre, first.slot, ids[k], ids[run - 1] + 1}, static_cast<std::uint32_t>(g)});
        k = run;
      }
    }
    slot = std::move(out);
  }
  for (const auto& rule : rules_) rule->on_rewire(*this, old_id_of_new, ctx);
  return old_id_of_new;
}

}  // namespace plastix
