// A projection: the synapses from one population onto one receptor of another.
// Storage (Auryn-style): forward CSR over presynaptic neurons — row_ptr, post index and weight per synapse —
// rows sorted by delay so that the synapses of one row with one delay form a contiguous range; plus a
// transposed index (post neuron → its synapses and their pre neurons) for post-spike updates.
// Memory: post index + 8 (weight) + 4 (transposed index: pre neuron and offset in its row packed in 32 bits,
// synapse/transposed_index.hpp) per synapse (+2 with several delays), plus rule state; traces are per neuron, not per
// synapse. The post index takes 2 bytes when the post population has at most 65 536 neurons
// (synapse/index_column.hpp), else 4: 14 bytes per synapse onto populations up to that size, 16 otherwise.
// Construction holds no more: connect() draws the connectivity straight into the forward columns
// (synapse/synapse_rows.hpp), and the transposed index is built from them.
// Delays are integer steps. `delay` is the total (pre spike → receptor); `dendritic_delay` of it is on the
// dendrite, the rest is axonal. Parameters live once per projection, never per synapse.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "plastix/neuron/population.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/traces.hpp"
#include "plastix/synapse/index_column.hpp"
#include "plastix/synapse/synapse_rows.hpp"
#include "plastix/synapse/transposed_index.hpp"

namespace plastix {

class projection {
 public:
  static constexpr std::size_t no_receptor = static_cast<std::size_t>(-1);  // plasticity only, nothing transmitted

  // Takes the forward columns (connect(), synapse/connectors.hpp) and builds the transposed index. Throws if a
  // delay is shorter than the dendritic delay. `stream_object` keys the random streams of its plasticity rules
  // (core/random.hpp stream_objects; default: stream_object(name)). `builders`: threads to build the transposed
  // index with (the same index).
  projection(std::string name, population& pre, population& post, std::size_t receptor, synapse_rows rows,
             std::int32_t dendritic_delay, std::optional<std::uint32_t> stream_object = std::nullopt,
             thread_pool* builders = nullptr);
  // The same from a list of synapses (any order; synapse/synapse_rows.hpp rows_from_entries). Throws if an index is
  // out of range.
  projection(std::string name, population& pre, population& post, std::size_t receptor,
             std::vector<synapse_entry> entries, std::int32_t dendritic_delay,
             std::optional<std::uint32_t> stream_object = std::nullopt);

  const std::string& name() const { return name_; }
  std::uint32_t stream_object() const { return stream_object_; }
  population& pre() { return *pre_; }
  population& post() { return *post_; }
  const population& pre() const { return *pre_; }
  const population& post() const { return *post_; }
  std::size_t receptor() const { return receptor_; }
  std::size_t size() const { return weights_.size(); }
  std::int32_t dendritic_delay() const { return dendritic_delay_; }  // [steps]
  std::int32_t max_delay() const { return max_delay_; }              // [steps]

  // Forward CSR: synapses of pre neuron j are [row_begin(j), row_end(j)).
  std::uint32_t row_begin(std::uint32_t j) const { return row_ptr_[j]; }
  std::uint32_t row_end(std::uint32_t j) const { return row_ptr_[j + 1]; }
  // Post neuron of each synapse: `post_index()[s]`, or `post_index().visit(f)` in hot loops (index_column.hpp).
  index_view post_index() const { return post_index_.view(); }
  std::span<double> weights() { return weights_; }
  std::span<const double> weights() const { return weights_; }
  std::int32_t delay(std::uint32_t synapse) const;   // total delay [steps]
  // The distinct delays of the projection, ascending; a synapse's "delay slot" indexes this list.
  const std::vector<std::int32_t>& delay_values() const { return delay_values_; }
  std::size_t delay_slots() const { return delay_values_.size(); }
  std::uint32_t pre_of(std::uint32_t synapse) const;  // O(log n_pre)

  // Transposed index: the synapses onto post neuron i in ascending id, `[k]` the synapse, `.pre(k)` its pre neuron;
  // hot loops: `.visit(f)` (synapse/transposed_index.hpp).
  incoming_view incoming(std::uint32_t i) const { return t_.incoming(i, row_ptr_.data()); }
  const transposed_index& transposed() const { return t_; }
  // Delay slot of each incoming synapse (same order); all 0 when the projection has a single delay.
  std::uint32_t incoming_slot(std::uint32_t i, std::size_t k) const {
    return t_slot_.empty() ? 0u : t_slot_[t_.begin_of(i) + k];
  }
  // The same for all incoming synapses at once; empty when the projection has a single delay (all slots 0).
  std::span<const std::uint16_t> incoming_slots(std::uint32_t i) const {
    if (t_slot_.empty()) return {};
    return {t_slot_.data() + t_.begin_of(i), t_slot_.data() + t_.begin_of(i + 1)};
  }

  // Traces shared by the rules of this projection: pre traces have one entry per (pre neuron, delay slot),
  // post traces one per post neuron. Updated by the projection after the rules have seen each event.
  trace_bank& pre_traces() { return pre_traces_; }
  trace_bank& post_traces() { return post_traces_; }
  // A trace as a state monitor records it (plasticity_rule::state_value), exact at the start of step `step` (decayed
  // from the entry's last event; nothing changes): pre trace h of presynaptic neuron `pre` as it reaches the synapses
  // of the shortest delay (delay slot 0; with one delay, simply the neuron's trace), post trace h of post neuron `post`.
  double pre_trace_at(std::size_t h, std::uint32_t pre, std::int64_t step, double dt) const {
    return pre_traces_.value(h, pre_trace_entry(pre, 0), step, dt);
  }
  double post_trace_at(std::size_t h, std::uint32_t post, std::int64_t step, double dt) const {
    return post_traces_.value(h, post, step, dt);
  }
  std::size_t pre_trace_entry(std::uint32_t pre, std::uint32_t slot) const {
    return static_cast<std::size_t>(pre) * delay_values_.size() + slot;
  }
  // The pre trace entry of the k-th synapse onto post neuron i (incoming(i)[k]).
  std::size_t incoming_trace_entry(std::uint32_t i, std::size_t k) const {
    return pre_trace_entry(incoming(i).pre(k), incoming_slot(i, k));
  }

  // Pharmacological blocks (spec/interventions.hpp): the fraction [0, 1] of a receptor ("nmda") or process
  // ("protein_synthesis") blocked on this projection, set by interventions while they act; rules that model it read
  // it. A rule looks its slot up once (block_slot, at construction) and reads block_at(slot) in its hooks: no string
  // comparisons per step. Slots are stable (never removed).
  std::size_t block_slot(const std::string& what) {
    for (std::size_t k = 0; k < blocks_.size(); ++k)
      if (blocks_[k].first == what) return k;
    blocks_.emplace_back(what, 0.0);
    return blocks_.size() - 1;
  }
  double block_at(std::size_t slot) const { return blocks_[slot].second; }
  double block(const std::string& what) const {
    for (const auto& [r, f] : blocks_)
      if (r == what) return f;
    return 0.0;
  }
  void set_block(const std::string& what, double fraction) { blocks_[block_slot(what)].second = fraction; }
  const std::vector<std::pair<std::string, double>>& blocks() const { return blocks_; }

  // Plasticity blocked (block_plasticity intervention, spec/interventions.hpp): while blocked > 0 the rules'
  // learning hooks (on_pre, on_post, on_step, on_slow) are not called for this projection — the weights and the
  // rules' own state are held — while transmission (on_transmit: short-term plasticity) and the traces go on.
  // Counted, so that overlapping windows compose: +1 when a window starts, −1 when it ends.
  void block_plasticity(int delta) { plasticity_blocked_ += delta; }
  bool plasticity_blocked() const { return plasticity_blocked_ > 0; }

  // Rules stacked on this projection, called in order.
  void add_rule(std::unique_ptr<plasticity_rule> rule) { rules_.push_back(std::move(rule)); }
  const std::vector<std::unique_ptr<plasticity_rule>>& rules() const { return rules_; }

  // NEST's order of events at a synapse (stdp_convention = "nest", docs/concepts.md#timing-conventions): in a step,
  // on_post of the post spikes that reach the synapses now runs first, in deliver(), seeing the pre traces before this
  // step's arrivals; then each arrival's on_pre, seeing the post traces before this step's post spikes, and then its
  // transmission with the updated weight; post_spikes() then only updates the post traces. So a pre and a post
  // event in the same step do not pair (NEST's Δt = 0). Off (the default): Brian2's order, below.
  void pair_as_nest(bool on) { nest_order_ = on; }
  bool pairs_as_nest() const { return nest_order_; }

  // Step 3: queue this step's presynaptic spikes into the delay ring.
  void queue(const std::vector<std::uint32_t>& pre_spikes, std::int64_t step);
  // Step 4: deliver the spikes whose delay ends now into the post receptor; call on_pre of each rule (not while
  // plasticity is blocked; on_transmit always).
  void deliver(const step_context& ctx);
  // Transmission log for the transmission monitor (off by default, so delivery pays nothing for it): when on,
  // deliver() lists every event it delivers in the current step with its efficacy, the mean over the event's
  // synapses of weight × the product of the rules' on_transmit factors [nS or pA]. Cleared at each deliver().
  struct transmission {
    std::uint32_t pre;  // presynaptic neuron
    double efficacy;    // [nS or pA]
  };
  void record_transmissions(bool on) { record_transmissions_ = on; }
  const std::vector<transmission>& transmissions() const { return transmissions_; }
  bool records_transmissions() const { return record_transmissions_; }
  // Rate transmission (pre is a rate population, neuron/rate.hpp): adds Σ_j w_ij·x_j, the pre population's current
  // output through the weights, to the post population's rate_input(). Called in step 1 just before the post
  // population updates, instead of queue/deliver (rate populations emit no spikes); no delay, no receptor.
  void transmit_rates();
  // Step 5: on_post of each rule for the post spikes that reach the synapses now (2·dendritic delay later); not while
  // plasticity is blocked (the post traces are updated either way).
  void post_spikes(const step_context& ctx);
  // The post neurons whose spikes reach the synapses in this step (emitted 2·dendritic delay steps before).
  const std::vector<std::uint32_t>& post_events(const step_context& ctx) const;
  // Threads inside a run (docs/parallel.md): deliver and post_spikes split by post neuron, each part on a thread.
  // Possible when every rule splits_by_target() (synapse/rule.hpp) and the synapses of each delay segment are in
  // order of post neuron (always after construction; rewiring appends new synapses at a segment's end, and then
  // it is checked again). Each part owns the post neurons [lo, hi): it transmits, in the order of the events and of
  // their synapses, the synapses onto them and runs on_pre on those (a pre_event narrowed to them), then on_post for
  // them — so every weight, receptor and per-post value sees the same operations in the same order as deliver().
  //   deliver_begin (one thread): on_transmit of every arriving event in order (short-term plasticity: per pre
  //     neuron and delay slot) and the transmission log; deliver_part (any thread, parts disjoint); deliver_end (one
  //     thread): the pre traces, in order. The three together are bitwise deliver(). The same for post_spikes.
  bool splits_by_target() const;
  void deliver_begin(const step_context& ctx);
  void deliver_part(const step_context& ctx, std::uint32_t lo, std::uint32_t hi);
  // Asks the cache for what deliver_part(ctx, …) reads first — the events arriving now and their on_transmit
  // factors, written by another thread — so that a thread can call it, do other work, and then deliver (changes
  // nothing; simulation.cpp calls it before a thread's neuron update when delivery follows in the same part).
  void prefetch_arrivals(const step_context& ctx) const;
  void deliver_end(const step_context& ctx);
  void post_spikes_begin(const step_context& ctx);
  void post_spikes_part(const step_context& ctx, std::uint32_t lo, std::uint32_t hi);
  void post_spikes_end(const step_context& ctx);
  // The parts of the post population (split_range's boundaries: parts + 1 values; empty: none). deliver_part(lo, hi)
  // for one of these parts then takes each event's synapses onto it from a table (per delay segment: where each
  // part's synapses begin, computed once per connectivity) instead of two binary searches per event and part.
  void set_parts(std::vector<std::uint32_t> bounds);
  // The synapses onto each of set_parts' parts as runs in storage order: run(begin, end, part) for every delay
  // segment and part, in order (empty runs included). Only when every segment is in order of post neuron
  // (splits_by_target) and set_parts was called; else nothing. MPI: the state a rank owns (sim/rank_split.cpp).
  void for_each_part_run(const std::function<void(std::uint32_t begin, std::uint32_t end, std::size_t part)>& run);
  // Forgets the pre and post spikes still in flight (a slow phase starts: simulation.cpp advance_slow()).
  void drop_in_flight();

  std::size_t bytes_per_synapse() const;  // storage of the connectivity and weights

  // Structural plasticity (synapse/rewire.cpp): removes the synapses `removed` (ids, no duplicates) and adds
  // `added` (pre, post, weight, delay; each delay must be one of delay_values(), so the delay slots, the pre traces
  // and per-(pre, slot) rule state keep their layout). Rebuilds the CSR rows, delay segments and transposed index;
  // kept synapses keep their order, and a new synapse goes to the END of its (pre, delay) segment, so the synapses
  // of a segment are in order of creation. Spikes in flight are remapped: each pending event reaches the kept
  // synapses it was sent to (a prefix of its new segment) and no removed or newly created synapse. Then every rule's
  // on_rewire runs with old_id_of_new (see rule.hpp), which is also returned. Synapse ids change; generation() counts
  // the rewirings (monitors re-find their synapses when it changes).
  std::vector<std::uint32_t> rewire(std::span<const std::uint32_t> removed, std::span<const synapse_entry> added,
                                    const step_context& ctx);
  std::uint64_t generation() const { return generation_; }

  // Storage shared out over MPI processes (sim/rank_split.hpp; synapse/keep_onto.cpp): keeps only the synapses onto
  // the post neurons [lo, hi), in their order. Each row keeps the delay segments that still have synapses; the
  // delay values stay (so do the delay slots, the pre traces and per-(pre, slot) rule state), and the rules'
  // per-synapse state follows its synapses (on_rewire). A pre spike then reaches only the kept synapses: what this
  // process delivers and learns is unchanged. Once: needs every segment in order of post neuron (splits_by_target)
  // and no spike in flight; the synapse ids change (the run's results must not depend on them).
  void keep_onto(std::uint32_t lo, std::uint32_t hi, const step_context& ctx);
  bool kept_part() const { return kept_part_; }
  // The synapses of the whole projection, on every process (size() is this process's share once kept_part()).
  std::size_t whole_size() const { return kept_part_ ? whole_size_ : size(); }
  // The id synapse s has in the whole projection (itself unless kept_part()): where the finite guard names it.
  // O(log segments).
  std::uint64_t whole_id(std::uint32_t s) const;

  // Checkpoints (core/state_visitor.hpp): the weights, the spikes in flight, the traces, blocks and, once rewired
  // (structural plasticity), the connectivity; then every rule's state (plasticity_rule::visit_state), in order.
  void visit_state(state_visitor& v);
  // Its first part: the connectivity (once rewired) and the weights — what a warm start takes over (--start-from).
  void visit_connectivity(state_visitor& v);
  // The synapse from pre to post with this delay [steps] (the first of a segment if there are several), or
  // new_synapse if there is none. O(row length).
  std::uint32_t find(std::uint32_t pre, std::uint32_t post, std::int32_t delay) const;

 private:
  // Takes the forward columns and delay segments, and builds the transposed index from them.
  void adopt(synapse_rows&& rows, thread_pool* pool = nullptr);  // pool: threads for the transposed index

  std::string name_;
  std::uint32_t stream_object_ = 0;
  population* pre_;
  population* post_;
  std::size_t receptor_;
  std::int32_t dendritic_delay_;
  std::int32_t max_delay_ = 0;
  std::vector<std::uint32_t> row_ptr_;       // n_pre + 1
  index_column post_index_;                 // per synapse
  std::vector<double> weights_;              // per synapse
  std::vector<std::uint32_t> seg_ptr_;       // n_pre + 1: delay segments of each row
  std::vector<std::uint32_t> seg_begin_;     // first synapse of each segment (+ sentinel at the end)
  std::vector<std::int32_t> seg_delay_;      // delay of each segment [steps]
  std::vector<std::uint32_t> seg_slot_;      // delay slot of each segment
  std::vector<std::int32_t> delay_values_;   // distinct delays, ascending [steps]
  transposed_index t_;
  std::vector<std::uint16_t> t_slot_;        // delay slot per transposed entry (only with several delays)
  // A spike in flight: the event and its delay segment (g: seg_begin_[g] ≤ begin < seg_begin_[g + 1]), so that a
  // part finds its share in part_cuts_ without a search (deliver_part). Kept for the spikes in flight only.
  struct queued_event {
    pre_event ev;
    std::uint32_t segment;
  };
  std::vector<std::vector<queued_event>> ring_;  // max_delay + 1 slots of arriving spikes
  // Whether arriving[e] is a further piece of the spike of arriving[e − 1]: the same pre neuron and delay slot (a
  // neuron sends one spike per step, so two events of one slot and pre neuron are one spike). A spike in flight
  // across a rewiring whose synapses are no longer one run is such pieces (rewire.cpp); on_transmit, the
  // transmission log and the pre trace count the spike once.
  static bool continues(const std::vector<queued_event>& arriving, std::size_t e) {
    return e > 0 && e < arriving.size() && arriving[e].ev.pre == arriving[e - 1].ev.pre &&
           arriving[e].ev.slot == arriving[e - 1].ev.slot;
  }
  // The product of the rules' on_transmit factors for arriving[e]; for a further piece, `first`'s (its spike's).
  double transmit_factor(const std::vector<queued_event>& arriving, std::size_t e, double first,
                         const step_context& ctx);
  // Logs arriving[e] with `factor` (record_transmissions): a further piece joins its spike's entry.
  void log_transmission(const std::vector<queued_event>& arriving, std::size_t e, double factor);
  double log_sum_ = 0.0;       // the weights of the logged spike's pieces so far [nS or pA]
  std::uint32_t log_count_ = 0;  // and their synapses
  std::uint32_t segment_of(std::uint32_t pre, std::uint32_t synapse) const;  // the segment of pre's row holding it
  std::vector<std::vector<std::uint32_t>> post_ring_;  // 2·dendritic_delay + 1 slots of post spikes
  trace_bank pre_traces_, post_traces_;
  std::vector<std::unique_ptr<plasticity_rule>> rules_;
  std::vector<std::pair<std::string, double>> blocks_;  // receptor or process, blocked fraction
  int plasticity_blocked_ = 0;  // open block_plasticity windows
  bool record_transmissions_ = false;
  bool nest_order_ = false;  // stdp_convention = "nest" (pair_as_nest)
  std::uint64_t generation_ = 0;
  bool kept_part_ = false;      // keep_onto: only the synapses onto some post neurons
  std::size_t whole_size_ = 0;  // then: the whole projection's synapse count
  std::vector<std::uint32_t> whole_begin_;  // then: per delay segment, the whole projection's id of its first synapse
  std::vector<transmission> transmissions_;
  bool segments_by_post_ = true;          // every delay segment's synapses in order of post neuron (build())
  std::vector<double> factors_;           // deliver_begin: each arriving event's on_transmit factor
  const std::vector<std::uint32_t>* post_events_ = nullptr;  // post_spikes_begin: the post spikes arriving now
  std::vector<std::uint32_t> part_bounds_;  // set_parts: the post neurons' part boundaries
  std::vector<std::uint32_t> part_cuts_;    // per segment g, per boundary k: the first synapse of g onto a post ≥ it
  bool cuts_valid_ = false;                 // part_cuts_ of the current connectivity (build() invalidates them)
  void cut_segments();                      // part_cuts_ from part_bounds_ (one thread: deliver_begin)
};

}  // namespace plastix
