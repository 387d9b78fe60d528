#include "plastix/synapse/projection.hpp"

#include <algorithm>
#include <limits>

#include "plastix/core/error.hpp"
#include "plastix/core/huge_pages.hpp"
#include "plastix/core/random.hpp"

namespace plastix {

namespace {

// deliver_part fetches the cut of the event this many ahead, and the first synapses of the event row_lookahead ahead
constexpr std::size_t cut_lookahead = 8, row_lookahead = 4;

// Rows from a list of synapses, its errors named after the projection.
synapse_rows rows_of(const std::string& name, std::vector<synapse_entry>&& entries, std::size_t n_pre,
                     std::size_t n_post) {
  if (entries.size() >= std::numeric_limits<std::uint32_t>::max())
    throw error("projection '" + name + "': " + std::to_string(entries.size()) +
                " synapses; at most 2^32 − 1 per projection");
  try {
    return rows_from_entries(std::move(entries), n_pre, n_post);
  } catch (const error& e) {
    throw error("projection '" + name + "': " + e.what());
  }
}

}  // namespace

projection::projection(std::string name, population& pre, population& post, std::size_t receptor,
                       std::vector<synapse_entry> entries, std::int32_t dendritic_delay,
                       std::optional<std::uint32_t> stream_object)
    : projection(name, pre, post, receptor, rows_of(name, std::move(entries), pre.size(), post.size()),
                 dendritic_delay, stream_object) {}

projection::projection(std::string name, population& pre, population& post, std::size_t receptor, synapse_rows rows,
                       std::int32_t dendritic_delay, std::optional<std::uint32_t> stream_object,
                       thread_pool* builders)
    : name_(std::move(name)),
      stream_object_(stream_object ? *stream_object : plastix::stream_object(name_)),
      pre_(&pre),
      post_(&post),
      receptor_(receptor),
      dendritic_delay_(dendritic_delay) {
  const std::size_t n_pre = pre.size(), n_post = post.size();
  if (rows.row_ptr.size() != n_pre + 1 || rows.post.size() != rows.size())
    throw error("projection '" + name_ + "': its rows do not fit " + std::to_string(n_pre) + " pre neurons");
  if (rows.size() > 0 && rows.delay_values.front() < dendritic_delay_)
    throw error("projection '" + name_ + "': a delay of " + std::to_string(rows.delay_values.front()) +
                " steps is shorter than the dendritic delay of " + std::to_string(dendritic_delay_) + " steps");
  adopt(std::move(rows), builders);
  ring_.resize(static_cast<std::size_t>(max_delay_) + 1);
  post_ring_.resize(2 * static_cast<std::size_t>(dendritic_delay_) + 1);
  pre_traces_.resize(n_pre * delay_values_.size());
  post_traces_.resize(n_post);
}

void projection::adopt(synapse_rows&& rows, thread_pool* pool) {
  row_ptr_ = std::move(rows.row_ptr);
  post_index_ = std::move(rows.post);
  weights_ = std::move(rows.weight);
  seg_ptr_ = std::move(rows.seg_ptr);
  seg_begin_ = std::move(rows.seg_begin);
  seg_delay_ = std::move(rows.seg_delay);
  delay_values_ = std::move(rows.delay_values);
  max_delay_ = delay_values_.back();
  kept_part_ = rows.kept_part;
  whole_begin_ = std::move(rows.whole_begin);
  whole_size_ = rows.whole_size;
  seg_slot_.resize(seg_delay_.size());
  for (std::size_t g = 0; g < seg_delay_.size(); ++g)
    seg_slot_[g] = static_cast<std::uint32_t>(
        std::lower_bound(delay_values_.begin(), delay_values_.end(), seg_delay_[g]) - delay_values_.begin());

  // Transposed index, ordered by post neuron, then by synapse id; a delay slot beside each entry with several delays.
  const bool several_delays = delay_values_.size() > 1;
  t_slot_.clear();
  t_slot_.shrink_to_fit();
  if (several_delays) resize_huge(t_slot_, size());  // core/huge_pages.hpp
  post_index_.view().visit([&](auto post) {
    t_.build(row_ptr_, post_->size(), [&](std::size_t s) { return post[s]; },
             [&](std::uint32_t first_row) {
               // g: the segment of synapse s (a block's entries come in ascending s, from its first row's segments)
               return [&, g = std::size_t{seg_ptr_[first_row]}](std::uint64_t at, std::uint32_t s, std::uint32_t) mutable {
                 if (!several_delays) return;
                 while (seg_begin_[g + 1] <= s) ++g;
                 t_slot_[at] = static_cast<std::uint16_t>(seg_slot_[g]);
               };
             },
             pool);
  });
  segments_by_post_ = true;  // connect() and rewire() order the synapses of a segment; checked, not assumed
  for (std::size_t h = 0; h + 1 < seg_begin_.size() && segments_by_post_; ++h)
    for (std::uint64_t s = seg_begin_[h] + 1; s < seg_begin_[h + 1]; ++s)
      if (post_index_[s] < post_index_[s - 1]) {
        segments_by_post_ = false;
        break;
      }
  cuts_valid_ = false;
}

void projection::set_parts(std::vector<std::uint32_t> bounds) {
  part_bounds_ = std::move(bounds);
  part_cuts_.clear();
  cuts_valid_ = false;
}

void projection::for_each_part_run(
    const std::function<void(std::uint32_t begin, std::uint32_t end, std::size_t part)>& run) {
  if (!cuts_valid_) cut_segments();
  if (part_cuts_.empty()) return;
  const std::size_t per = part_bounds_.size();
  for (std::size_t g = 0; g + 1 < seg_begin_.size(); ++g)
    for (std::size_t k = 0; k + 1 < per; ++k) run(part_cuts_[g * per + k], part_cuts_[g * per + k + 1], k);
}

void projection::cut_segments() {
  part_cuts_.clear();
  cuts_valid_ = true;
  if (part_bounds_.size() < 2 || !segments_by_post_) return;
  const std::size_t per = part_bounds_.size();
  const std::size_t segments = seg_begin_.size() - 1;
  part_cuts_.resize(segments * per);
  post_index_.view().visit([&](auto post) {
    for (std::size_t g = 0; g < segments; ++g) {
      auto from = post.begin() + seg_begin_[g];
      const auto last = post.begin() + seg_begin_[g + 1];
      for (std::size_t k = 0; k < per; ++k) {
        from = std::lower_bound(from, last, part_bounds_[k]);
        part_cuts_[g * per + k] = static_cast<std::uint32_t>(from - post.begin());
      }
    }
  });
}

std::int32_t projection::delay(std::uint32_t synapse) const {
  const auto it = std::upper_bound(seg_begin_.begin(), seg_begin_.end() - 1, synapse);
  return seg_delay_[static_cast<std::size_t>(it - seg_begin_.begin()) - 1];
}

std::uint32_t projection::segment_of(std::uint32_t pre, std::uint32_t synapse) const {
  std::uint32_t g = seg_ptr_[pre];  // the row's first segment, or a later one (several delays)
  while (g + 1 < seg_ptr_[pre + 1] && seg_begin_[g + 1] <= synapse) ++g;
  return g;
}

std::uint32_t projection::pre_of(std::uint32_t synapse) const {
  const auto it = std::upper_bound(row_ptr_.begin(), row_ptr_.end(), synapse);
  return static_cast<std::uint32_t>(it - row_ptr_.begin() - 1);
}

void projection::queue(const std::vector<std::uint32_t>& pre_spikes, std::int64_t step) {
  const std::size_t slots = ring_.size();
  for (std::uint32_t j : pre_spikes) {
    for (std::uint64_t g = seg_ptr_[j]; g < seg_ptr_[j + 1]; ++g) {
      const std::size_t slot = static_cast<std::size_t>((step + seg_delay_[g]) % static_cast<std::int64_t>(slots));
      ring_[slot].push_back({{j, seg_slot_[g], seg_begin_[g], seg_begin_[g + 1]}, static_cast<std::uint32_t>(g)});
    }
  }
}

void projection::deliver(const step_context& ctx) {
  auto& arriving = ring_[static_cast<std::size_t>(ctx.step % static_cast<std::int64_t>(ring_.size()))];
  synaptic_input& in = post_->input();
  const bool transmits = receptor_ != no_receptor;
  // The event's synapses into the receptor, each with factor × its weight (one loop per index width).
  const auto transmit = [&](const pre_event& ev, double factor) {
    post_index_.view().visit([&](auto post) { in.add_all(receptor_, post, weights_.data(), factor, ev.begin, ev.end); });
  };
  if (record_transmissions_) transmissions_.clear();
  if (rules_.empty() && !record_transmissions_) {
    for (const queued_event& q : arriving) transmit(q.ev, 1.0);
    arriving.clear();
    return;
  }
  const bool traces = pre_traces_.count() > 0;
  const bool learns = !plasticity_blocked();  // on_transmit is transmission (short-term plasticity): always runs
  if (nest_order_ && learns)  // NEST: this step's post events first, before the arrivals enter the pre traces
    for (std::uint32_t i : post_events(ctx))
      for (const auto& rule : rules_) rule->on_post(*this, i, ctx);
  double factor = 1.0;
  for (std::size_t e = 0; e < arriving.size(); ++e) {
    const pre_event& ev = arriving[e].ev;
    factor = transmit_factor(arriving, e, factor, ctx);
    if (learns)
      for (const auto& rule : rules_) rule->before_transmission(*this, ev, ctx);
    if (nest_order_ && learns)  // NEST: the spike carries the weight after its own update
      for (const auto& rule : rules_) rule->on_pre(*this, ev, ctx);
    if (transmits) transmit(ev, factor);
    if (record_transmissions_) log_transmission(arriving, e, factor);
    if (!nest_order_ && learns)
      for (const auto& rule : rules_) rule->on_pre(*this, ev, ctx);
    if (traces && !continues(arriving, e + 1)) pre_traces_.spike(pre_trace_entry(ev.pre, ev.slot), ctx.step, ctx.dt);
  }
  arriving.clear();
}

const std::vector<std::uint32_t>& projection::post_events(const step_context& ctx) const {
  const std::int64_t shift = 2 * static_cast<std::int64_t>(dendritic_delay_);
  if (shift == 0) return post_->spikes();
  return post_ring_[static_cast<std::size_t>(ctx.step % static_cast<std::int64_t>(post_ring_.size()))];
}

void projection::post_spikes(const step_context& ctx) {
  if (rules_.empty()) return;
  const std::int64_t shift = 2 * static_cast<std::int64_t>(dendritic_delay_);
  const auto slots = static_cast<std::int64_t>(post_ring_.size());
  const auto& now_spiking = post_->spikes();
  if (shift > 0) {
    auto& later = post_ring_[static_cast<std::size_t>((ctx.step + shift) % slots)];
    later.insert(later.end(), now_spiking.begin(), now_spiking.end());
  }
  auto& arriving = shift > 0 ? post_ring_[static_cast<std::size_t>(ctx.step % slots)] : post_ring_[0];
  const std::vector<std::uint32_t>& events = shift > 0 ? arriving : now_spiking;
  const bool traces = post_traces_.count() > 0;
  const bool learns = !plasticity_blocked() && !nest_order_;  // NEST order: on_post ran in deliver()
  for (std::uint32_t i : events) {
    if (learns)
      for (const auto& rule : rules_) rule->on_post(*this, i, ctx);
    if (traces) post_traces_.spike(i, ctx.step, ctx.dt);
  }
  if (shift > 0) arriving.clear();
}

bool projection::splits_by_target() const {
  if (!segments_by_post_ || nest_order_) return false;  // NEST order: deliver() interleaves on_post (one thread)
  for (const auto& rule : rules_)
    if (!rule->splits_by_target()) return false;
  return true;
}

void projection::deliver_begin(const step_context& ctx) {
  if (!cuts_valid_) cut_segments();
  const auto& arriving = ring_[static_cast<std::size_t>(ctx.step % static_cast<std::int64_t>(ring_.size()))];
  if (record_transmissions_) transmissions_.clear();
  factors_.resize(arriving.size());
  const bool learns = !plasticity_blocked();
  for (std::size_t e = 0; e < arriving.size(); ++e) {
    factors_[e] = transmit_factor(arriving, e, e > 0 ? factors_[e - 1] : 1.0, ctx);
    if (!record_transmissions_) continue;  // (then before_transmission runs in the parts, deliver_part)
    if (learns)  // the weights the log reads: brought up to now here, whole
      for (const auto& rule : rules_) rule->before_transmission(*this, arriving[e].ev, ctx);
    log_transmission(arriving, e, factors_[e]);  // the weights before on_pre, as in deliver()
  }
}

double projection::transmit_factor(const std::vector<queued_event>& arriving, std::size_t e, double first,
                                   const step_context& ctx) {
  if (continues(arriving, e)) return first;
  double factor = 1.0;
  for (const auto& rule : rules_) factor *= rule->on_transmit(*this, arriving[e].ev, ctx);
  return factor;
}

void projection::log_transmission(const std::vector<queued_event>& arriving, std::size_t e, double factor) {
  const pre_event& ev = arriving[e].ev;
  if (!continues(arriving, e)) {
    transmissions_.push_back({ev.pre, 0.0});
    log_sum_ = 0.0;
    log_count_ = 0;
  }
  for (std::uint32_t s = ev.begin; s < ev.end; ++s) log_sum_ += weights_[s];
  log_count_ += ev.end - ev.begin;
  transmissions_.back().efficacy = factor * log_sum_ / static_cast<double>(log_count_);
}

void projection::deliver_part(const step_context& ctx, std::uint32_t lo, std::uint32_t hi) {
  const auto& arriving = ring_[static_cast<std::size_t>(ctx.step % static_cast<std::int64_t>(ring_.size()))];
  if (arriving.empty() || lo >= hi) return;
  synaptic_input& in = post_->input();
  const bool transmits = receptor_ != no_receptor;
  const bool learns = !plasticity_blocked() && !rules_.empty();
  const bool update_first = learns && !record_transmissions_;  // before_transmission (else in deliver_begin)
  // One of set_parts' parts: each event's synapses onto it from the table (cut_segments), the same range as below.
  std::size_t part = part_bounds_.size();
  if (cuts_valid_ && !part_cuts_.empty())
    for (std::size_t k = 0; k + 1 < part_bounds_.size(); ++k)
      if (part_bounds_[k] == lo && part_bounds_[k + 1] == hi) part = k;
  if (part < part_bounds_.size()) {
    const std::size_t per = part_bounds_.size();
    const auto cut_of = [&](std::size_t e) { return part_cuts_.data() + arriving[e].segment * per + part; };
    post_index_.view().visit([&](auto post) {
      for (std::size_t e = 0; e < arriving.size(); ++e) {
        // The table and the rows are scattered over memory (megabytes in large networks): fetch the cut of a later
        // event, and the first synapses of a nearer one, while this one is delivered.
        if (e + cut_lookahead < arriving.size()) __builtin_prefetch(cut_of(e + cut_lookahead));
        if (e + row_lookahead < arriving.size()) {
          const pre_event& later = arriving[e + row_lookahead].ev;
          const std::uint32_t first = std::clamp(cut_of(e + row_lookahead)[0], later.begin, later.end);
          if (first < later.end) {
            __builtin_prefetch(&post[first]);
            __builtin_prefetch(weights_.data() + first);
          }
        }
        pre_event ev = arriving[e].ev;
        if (ev.begin == ev.end) continue;
        const std::uint32_t* cut = cut_of(e);
        const std::uint32_t from = std::clamp(cut[0], ev.begin, ev.end);
        const std::uint32_t to = std::clamp(cut[1], ev.begin, ev.end);
        if (from == to) continue;
        ev.begin = from;
        ev.end = to;
        if (update_first)
          for (const auto& rule : rules_) rule->before_transmission(*this, ev, ctx);
        if (transmits) in.add_all(receptor_, post, weights_.data(), factors_[e], ev.begin, ev.end);
        if (learns)
          for (const auto& rule : rules_) rule->on_pre(*this, ev, ctx);
      }
    });
    return;
  }
  post_index_.view().visit([&](auto post) {
    for (std::size_t e = 0; e < arriving.size(); ++e) {
      pre_event ev = arriving[e].ev;
      // the event's synapses onto [lo, hi): a range, since a segment is in order of post neuron
      const auto first = post.begin() + ev.begin, last = post.begin() + ev.end;
      const auto from = lo == 0 ? first : std::lower_bound(first, last, lo);
      const auto to = std::lower_bound(from, last, hi);
      if (from == to) continue;
      ev.begin = static_cast<std::uint32_t>(from - post.begin());
      ev.end = static_cast<std::uint32_t>(to - post.begin());
      if (update_first)
        for (const auto& rule : rules_) rule->before_transmission(*this, ev, ctx);
      if (transmits) in.add_all(receptor_, post, weights_.data(), factors_[e], ev.begin, ev.end);
      if (learns)
        for (const auto& rule : rules_) rule->on_pre(*this, ev, ctx);
    }
  });
}

void projection::prefetch_arrivals(const step_context& ctx) const {
  const auto& arriving = ring_[static_cast<std::size_t>(ctx.step % static_cast<std::int64_t>(ring_.size()))];
  const auto lines = [](const void* data, std::size_t bytes) {
    for (std::size_t at = 0; at < bytes; at += 64) __builtin_prefetch(static_cast<const char*>(data) + at);
  };
  lines(arriving.data(), arriving.size() * sizeof(queued_event));
  lines(factors_.data(), factors_.size() * sizeof(double));
}

void projection::deliver_end(const step_context& ctx) {
  auto& arriving = ring_[static_cast<std::size_t>(ctx.step % static_cast<std::int64_t>(ring_.size()))];
  if (pre_traces_.count() > 0)
    for (std::size_t e = 0; e < arriving.size(); ++e)
      if (!continues(arriving, e)) pre_traces_.spike(pre_trace_entry(arriving[e].ev.pre, arriving[e].ev.slot), ctx.step, ctx.dt);
  arriving.clear();
}

void projection::post_spikes_begin(const step_context& ctx) {
  post_events_ = nullptr;
  if (rules_.empty()) return;
  const std::int64_t shift = 2 * static_cast<std::int64_t>(dendritic_delay_);
  const auto slots = static_cast<std::int64_t>(post_ring_.size());
  const auto& now_spiking = post_->spikes();
  if (shift == 0) {  // a copy (in the ring's one slot): the post population may update before the parts run
    post_ring_[0].assign(now_spiking.begin(), now_spiking.end());  // (simulation.cpp, defer_post_part)
    post_events_ = &post_ring_[0];
    return;
  }
  auto& later = post_ring_[static_cast<std::size_t>((ctx.step + shift) % slots)];
  later.insert(later.end(), now_spiking.begin(), now_spiking.end());
  post_events_ = &post_ring_[static_cast<std::size_t>(ctx.step % slots)];
}

void projection::post_spikes_part(const step_context& ctx, std::uint32_t lo, std::uint32_t hi) {
  if (!post_events_) return;
  const bool traces = post_traces_.count() > 0;
  const bool learns = !plasticity_blocked();
  for (std::uint32_t i : *post_events_) {
    if (i < lo || i >= hi) continue;
    if (learns)
      for (const auto& rule : rules_) rule->on_post(*this, i, ctx);
    if (traces) post_traces_.spike(i, ctx.step, ctx.dt);
  }
}

void projection::post_spikes_end(const step_context& ctx) {
  if (post_events_)
    post_ring_[static_cast<std::size_t>(ctx.step % static_cast<std::int64_t>(post_ring_.size()))].clear();
  post_events_ = nullptr;
}

void projection::drop_in_flight() {
  for (auto& slot : ring_) slot.clear();
  for (auto& slot : post_ring_) slot.clear();
}

void projection::transmit_rates() {
  const std::span<const double> x = pre_->rates();
  const std::span<double> h = post_->rate_input();
  if (h.empty()) return;  // onto a rate source: plasticity only
  const auto n_pre = static_cast<std::uint32_t>(x.size());
  post_index_.view().visit([&](auto post) {
    for (std::uint32_t j = 0; j < n_pre; ++j) {
      const double xj = x[j];
      if (xj == 0.0) continue;
      for (std::uint64_t s = row_ptr_[j]; s < row_ptr_[j + 1]; ++s) h[post[s]] += weights_[s] * xj;
    }
  });
}

std::size_t projection::bytes_per_synapse() const {
  return post_index_.bytes_per_entry() + sizeof(double) + t_.bytes_per_entry() +
         (t_slot_.empty() ? 0 : sizeof(std::uint16_t));
}

}  // namespace plastix

namespace plastix {

void projection::visit_connectivity(state_visitor& v) {
  // Connectivity: only once rewired (else the experiment file builds the same synapses again).
  std::uint64_t generation = generation_;
  v.scalar("generation", generation);
  if (generation > 0) {
    std::vector<std::uint32_t> pre, post;
    std::vector<std::int32_t> delay;
    if (!v.loading())
      for (std::uint32_t j = 0; j < pre_->size(); ++j)
        for (std::uint64_t g = seg_ptr_[j]; g < seg_ptr_[j + 1]; ++g)
          for (std::uint32_t s = seg_begin_[g]; s < seg_begin_[g + 1]; ++s) {
            pre.push_back(j);
            post.push_back(post_index_[s]);
            delay.push_back(seg_delay_[g]);
          }
    v.resizable("synapse_pre", pre);
    v.resizable("synapse_post", post);
    v.resizable("synapse_delay", delay);
    if (v.loading()) {
      if (post.size() != pre.size() || delay.size() != pre.size())
        throw error("checkpoint: projection '" + name_ + "': its synapse lists differ in length");
      std::vector<synapse_entry> entries(pre.size());
      for (std::size_t s = 0; s < pre.size(); ++s) {
        if (pre[s] >= pre_->size() || post[s] >= post_->size() ||
            !std::binary_search(delay_values_.begin(), delay_values_.end(), delay[s]))
          throw error("checkpoint: projection '" + name_ + "': a saved synapse does not fit the network");
        entries[s] = {pre[s], post[s], 0.0, delay[s]};
      }
      // entries in the saved CSR order: the same rows, segments and transposed index
      adopt(rows_in_order(std::move(entries), pre_->size(), post_->size(), delay_values_));
      generation_ = generation;
    }
  }
  if (generation > 0) v.resizable("weights", weights_);
  else v.fixed("weights", weights_);
}

void projection::visit_state(state_visitor& v) {
  visit_connectivity(v);
  // Spikes in flight: each ring slot's events (pre, slot, begin, end), and the post spikes on their way.
  std::vector<std::vector<std::uint32_t>> ring;
  if (!v.loading())
    for (const auto& slot : ring_) {
      ring.emplace_back();
      for (const auto& [ev, segment] : slot) ring.back().insert(ring.back().end(), {ev.pre, ev.slot, ev.begin, ev.end});
    }
  v.nested("ring", ring);
  if (v.loading()) {
    if (ring.size() != ring_.size()) throw error("checkpoint: projection '" + name_ + "': its delays differ");
    for (std::size_t k = 0; k < ring.size(); ++k) {
      ring_[k].clear();
      for (std::size_t e = 0; e + 3 < ring[k].size(); e += 4) {
        const pre_event ev{ring[k][e], ring[k][e + 1], ring[k][e + 2], ring[k][e + 3]};
        if (ev.pre >= pre_->size())
          throw error("checkpoint: projection '" + name_ + "': a spike in flight from no neuron");
        const std::uint32_t g = segment_of(ev.pre, ev.begin);
        if (ev.begin > ev.end || (ev.begin < ev.end && (g + 1 >= seg_begin_.size() || ev.begin < seg_begin_[g] ||
                                                        ev.end > seg_begin_[g + 1])))
          throw error("checkpoint: projection '" + name_ + "': a spike in flight to synapses outside its row");
        ring_[k].push_back({ev, g});
      }
    }
  }
  const std::size_t post_slots = post_ring_.size();
  v.nested("post_ring", post_ring_);
  if (v.loading() && post_ring_.size() != post_slots)
    throw error("checkpoint: projection '" + name_ + "': its dendritic delay differs");
  {
    const auto pre_traces = v.scope("pre_traces");
    pre_traces_.visit_state(v);
  }
  {
    const auto post_traces = v.scope("post_traces");
    post_traces_.visit_state(v);
  }
  // Blocks (interventions): by name; the checkpoint is taken with the phase's interventions undone, so these are
  // the values outside any window.
  std::vector<std::string> block_names;
  std::vector<double> block_values;
  for (const auto& [what, fraction] : blocks_) {
    block_names.push_back(what);
    block_values.push_back(fraction);
  }
  v.strings("block_names", block_names);
  v.resizable("block_values", block_values);
  if (v.loading())
    for (std::size_t k = 0; k < block_names.size() && k < block_values.size(); ++k)
      set_block(block_names[k], block_values[k]);
  std::int32_t blocked = plasticity_blocked_;
  v.scalar("plasticity_blocked", blocked);
  plasticity_blocked_ = blocked;
  for (std::size_t k = 0; k < rules_.size(); ++k) {
    const auto rule = v.scope("rule" + std::to_string(k) + "_" + rules_[k]->name());
    rules_[k]->visit_state(v);
  }
}

}  // namespace plastix
