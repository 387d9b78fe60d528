#include "plastix/sim/simulation.hpp"

#include <chrono>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <optional>
#include <tuple>
#include <type_traits>

#include <fmt/format.h>

#include "plastix/core/clock.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/exact_sum.hpp"
#include "plastix/core/float_mode.hpp"
#include "plastix/core/partition.hpp"
#include "plastix/core/random.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/plasticity/intrinsic_homeostat.hpp"
#include "plastix/plasticity/rules.hpp"
#include "plastix/synapse/rule_context.hpp"
#include "plastix/synapse/shared_state.hpp"
#include "plastix/synapse/signals.hpp"
#include "plastix/record/recorder.hpp"
#include "plastix/stimulus/apply_interventions.hpp"
#include "plastix/stimulus/protocols.hpp"
#include "plastix/sim/finite_guard.hpp"
#include "plastix/sim/neurogenesis.hpp"
#include "plastix/sim/run_stopped.hpp"
#include "plastix/spec/resources.hpp"
#include "plastix/synapse/connectors.hpp"
#include "plastix/version.hpp"
#include "excitability.hpp"
#include "modulators.hpp"
#include "param_changes.hpp"
#include "phase_stimuli.hpp"
#include "rank_split.hpp"

namespace plastix {

struct simulation::impl {
  experiment_spec spec;
  clock clk;
  std::vector<std::unique_ptr<population>> populations;
  shared_state shared;  // state rules share per population (synapse/shared_state.hpp)
  signals sig;          // named signals parts produce and rules read (synapse/signals.hpp)
  std::vector<std::unique_ptr<modulator>> modulators;  // [[modulator]]: produce their signals (sim/modulators.hpp)
  std::vector<excitability_drive> drives;  // populations driven by a modulator (sim/excitability.hpp)
  std::vector<std::unique_ptr<projection>> projections;
  std::vector<std::unique_ptr<intrinsic_homeostat>> homeostats;  // populations with intrinsic plasticity
  std::vector<std::uint64_t> spike_counts;  // per population
  std::vector<std::vector<projection*>> rate_inputs;  // per population: rate projections onto it (usually none)
  struct current_change {
    std::int64_t step;
    population* pop;
    std::vector<std::uint32_t> neurons;  // empty = all
    double delta;                        // [pA]
  };
  std::vector<current_change> schedule;  // protocol current pulses, sorted by step
  std::size_t schedule_next = 0;
  std::unique_ptr<recorder> rec;
  std::unique_ptr<neurogenesis> births;  // neurons born during the run (sim/neurogenesis.hpp)
  std::vector<std::vector<std::vector<std::uint32_t>>> patterns;  // realized [[patterns]] sets (stimulus/patterns.hpp)
  std::vector<image_set> images;  // the data sets' images, per [[patterns]] set (stimulus/dataset.hpp)
  std::uint32_t phases_started = 0;  // index of the next phase (keys the random order of presented patterns)
  bool started = false;
  std::string phase_name;
  progress_fn progress;
  double progress_total = 0.0;  // [ms]
  std::int64_t progress_origin = 0;
  std::chrono::steady_clock::time_point wall_start, last_report;
  std::unique_ptr<finite_guard> guard;  // NaN and ±inf (sim/finite_guard.hpp)
  stop_fn stop;                         // asked at most every 0.1 s of wall time whether to stop (Ctrl-C)
  std::chrono::steady_clock::time_point last_poll, last_clock;
  std::int64_t next_watch = 0;          // the clock's step at which watch() is next due
  std::int64_t watches = 0, watches_per_clock = 1;  // watch() reads the wall clock every watches_per_clock calls
  // Checkpoints (set_checkpointing): due at step ckpt_next (biological period or stop_at_step) or when requested
  // (wall-time period, stop check); run_steps and run_slow end their segment early then, and run_phase writes it.
  simulation::checkpointing ckpt;
  bool ckpt_on = false, ckpt_requested = false, stop_after_ckpt = false;
  std::int64_t ckpt_next = std::numeric_limits<std::int64_t>::max();
  std::chrono::steady_clock::time_point last_ckpt_wall;
  bool ckpt_pending() const { return ckpt_on && (ckpt_requested || clk.step >= ckpt_next); }
  // The next step after the current one at which a checkpoint is due by the clock.
  std::int64_t next_ckpt_step() const {
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    const std::int64_t now = clk.step + ckpt.step_origin;  // on the sweep's clock (set_checkpointing)
    if (ckpt.every_steps > 0) next = (now / ckpt.every_steps + 1) * ckpt.every_steps;
    if (ckpt.stop_at_step > now) next = std::min(next, ckpt.stop_at_step);
    return next == std::numeric_limits<std::int64_t>::max() ? next : next - ckpt.step_origin;
  }

  step_context context() const { return {clk.step, clk.dt, spec.seed}; }

  // Threads inside a run (set_threads, docs/parallel.md): null with one thread (advance() runs as it always did).
  // Thread k owns the neurons [bounds[p][k], bounds[p][k+1]) of population p and the synapses onto them.
  std::unique_ptr<thread_pool> pool;
  std::vector<std::vector<std::uint32_t>> bounds;               // per population: threads + 1 boundaries
  std::vector<std::vector<std::vector<std::uint32_t>>> parts;   // per population, per thread: its spikes this step
  // With threads, thread k's list is parts[p][k * part_stride] (the others stay empty): 3 × 24 B apart, no two
  // threads' lists share a cache line (each thread writes its list's end at every step). 1 without threads (MPI).
  static constexpr std::size_t part_stride = 3;
  std::size_t stride() const { return pool ? part_stride : 1; }
  std::vector<std::uint8_t> in_parts;                           // per population: updated in parts this step
  std::vector<std::size_t> split_group;                         // projections (indices) of one parallel part
  std::vector<std::size_t> post_of;                             // per projection: its post population's index
  // The last step at which a projection's pre population (a population) spiked, or unknown_step: with neither
  // spikes in flight nor post spikes on their way the threads are not woken (deliver_all, post_spikes_all).
  static constexpr std::int64_t unknown_step = std::numeric_limits<std::int64_t>::min();
  std::vector<std::int64_t> last_queued, last_fired;
  // The deferred post part (defer_post_part): step 5's on_post and post traces of the step before, which the threads
  // run at the start of this step's parallel part, each for its own neurons; its step. None when not deferred.
  std::optional<step_context> post_pending;
  bool next_is_step = false;  // run_steps: advance() follows this one (nothing else runs between the two steps)
  bool no_signals = false;    // the network has no signals (set_threads)
  // MPI (set_processes, rank_split.hpp): null in one process. When distributed over K ranks of T threads each,
  // thread t of rank r does the part of thread r·T + t of K·T (bounds and parts as for K·T threads; run_parts) and
  // the spike lists are exchanged (exchange_held, or in step 2).
  std::unique_ptr<rank_split> ranks;
  bool distributed() const { return ranks && ranks->distributed(); }
  // Distributed, the spikes are exchanged once per block of at most exchange_every steps (the network's shortest
  // delay, NEST's scheme) when nothing reads every neuron's spikes at the step they happen (deferred_exchange):
  // until then each rank holds its own spikes of the block's steps (held, oldest first; held_steps in use).
  // 0: every step, in step 2.
  std::int64_t exchange_every = 0;
  struct held_step {
    std::int64_t step = 0;
    std::vector<std::uint8_t> split;                    // per population: updated in parts (its spikes to exchange)
    std::vector<std::vector<std::uint32_t>> spikes;     // per population: this rank's (split) or all (whole)
  };
  std::vector<held_step> held;
  std::size_t held_steps = 0;
  std::vector<std::vector<std::uint32_t>*> exchanged;  // the lists of one exchange (scratch)
  // Runs part(k) for every thread k (threads), or for this rank's parts (MPI: rank r of K with T threads owns the
  // parts r·T ... r·T + T − 1 of K·T, one on each of its threads).
  template <class Part>
  void run_parts(Part&& part) {
    if (!distributed()) return pool->run(part);
    const std::size_t first = static_cast<std::size_t>(ranks->rank()) * ranks->threads();
    if (pool) pool->run([&](std::size_t k) { part(first + k); });
    else part(first);
  }
  // Why a run of `ranks` processes of `threads` threads each must be computed whole by every process (empty: it
  // can be distributed; rank_split.hpp replicated_because).
  std::string why_replicated(int ranks, std::size_t threads) {
    std::vector<bool> rate(populations.size()), parts_ok(populations.size());
    const step_context ctx = context();
    for (std::size_t p = 0; p < populations.size(); ++p) {
      rate[p] = !rate_inputs[p].empty() || populations[p]->is_rate();
      parts_ok[p] = populations[p]->begin_update(ctx);  // prepares a step that has not begun: changes nothing
    }
    return replicated_because(populations, projections, ranks, threads, rate, parts_ok);
  }
  void set_processes(std::shared_ptr<communicator> comm) {
    if (!comm || comm->size() <= 1) return;
    const std::size_t threads = pool ? pool->size() : 1;
    std::string why = why_replicated(comm->size(), threads);
    ranks = std::make_unique<rank_split>(std::move(comm), populations, projections, std::move(why), threads);
    const char* timing = std::getenv("PLASTIX_MPI_TIMING");  // bench/mpi_speedup.py
    ranks->time_it(timing && std::string(timing) == "1");
    if (!ranks->distributed()) {
      if (ranks->rank() == 0)
        std::fprintf(stderr, "plastix: MPI: every process computes the whole run '%s' (the same results, no "
                     "speed-up): %s\n", spec.name.c_str(), ranks->replicated_because().c_str());
      return;
    }
    const std::string whole = whole_storage_because(spec, projections);
    if (whole.empty()) {  // storage shared out: each rank keeps the synapses onto its neurons
      ranks->keep_own_synapses(context());
      guard->set_combine([this](const finite_guard::found& f) { return ranks->combine(f); });
      rec->share_out(
          [this](const projection& p, std::span<double> sample, std::span<const std::uint32_t> posts) {
            ranks->complete_sample(p, sample, posts);
          },
          [this](const projection& p, std::span<const std::uint32_t> local, std::vector<std::uint32_t>& pre,
                 std::vector<std::uint32_t>& post, std::vector<std::int32_t>& delays) {
            ranks->describe_synapses(p, local, pre, post, delays);
          });
    } else if (ranks->rank() == 0) {
      std::fprintf(stderr, "plastix: MPI: every process holds every synapse of '%s' (no memory saved): %s\n",
                   spec.name.c_str(), whole.c_str());
    }
    bounds = ranks->part_bounds();  // the threads' parts of every rank (each rank runs its own: run_parts)
    set_projection_parts();
    guard->set_owned(ranks->owned_neurons(), ranks->owned_synapses());  // the guard scans what this rank owns
    exchange_every = deferred_exchange();
    const std::size_t all_parts = static_cast<std::size_t>(ranks->size()) * threads;
    parts.assign(populations.size(), std::vector<std::vector<std::uint32_t>>(all_parts * stride()));
    in_parts.assign(populations.size(), 0);
    last_queued.assign(projections.size(), unknown_step);
    last_fired.assign(populations.size(), unknown_step);
  }
  // The owners' state on every rank, before something that runs whole reads it (rank_split.hpp).
  // Not again at the same step (the end of a phase, then the results): nothing but what every rank does alike from
  // the gathered state (parameter changes, interventions, slow hooks) can have changed since.
  void sync() {
    if (!distributed() || synced_at == clk.step) return;
    exchange_held();
    ranks->sync_state();
    synced_at = clk.step;
  }
  std::int64_t synced_at = unknown_step;  // the clock's step at the last sync()
  // The steps per spike exchange of a distributed run (exchange_every): the shortest delay of the network in steps
  // (a spike emitted at step t is delivered at t + d ≥ t + D, so the deliveries of a block of D steps read only
  // spikes of earlier blocks, all exchanged and queued at the block's end, in step order: the rings hold the events
  // of one process in its order); 0 — every step, in step 2 — when something reads every neuron's spikes at the step
  // they happen: a neuromodulator (releases, rewards) or a population it drives, a signal, a homeostat (intrinsic
  // plasticity: every process counts every neuron's spikes of its population), a transmission log, or a delay
  // shorter than one step. On a rank the other ranks' spikes of the block are missing until its end, and
  // nothing else reads them: delivery and on_pre read the rings, on_post and the post traces the rank's own
  // post spikes, on_transmit and the pre traces the arriving events; spike counts and monitors are updated at the
  // block's end, step by step, which ends where a monitor samples state, before the finite guard and at the end of
  // each run segment.
  std::int64_t deferred_exchange() const {
    if (!modulators.empty() || !drives.empty() || !sig.names().empty() || !homeostats.empty()) return 0;
    std::int64_t shortest = std::numeric_limits<std::int64_t>::max();
    for (const auto& proj : projections) {
      if (proj->records_transmissions()) return 0;
      if (!proj->delay_values().empty()) shortest = std::min<std::int64_t>(shortest, proj->delay_values().front());
    }
    return shortest < 1 ? 0 : shortest;
  }
  // A distributed step's spikes (steps 1–2 done) kept for the block's exchange (deferred_exchange).
  void hold_spikes(std::int64_t step) {
    if (held.size() <= held_steps) held.emplace_back();
    held_step& h = held[held_steps++];
    h.step = step;
    h.split.assign(in_parts.begin(), in_parts.end());
    h.spikes.resize(populations.size());
    for (std::size_t p = 0; p < populations.size(); ++p) h.spikes[p] = populations[p]->spikes();
  }
  // The block's end: every rank's spikes of the held steps in one exchange; then, step by step as advance() does
  // them, each step's spikes are queued into the delay rings (step 3), counted and recorded (step 8).
  void exchange_held() {
    if (held_steps == 0) return;
    const std::size_t steps = held_steps;
    held_steps = 0;
    exchanged.clear();
    for (std::size_t k = 0; k < steps; ++k)
      for (std::size_t p = 0; p < populations.size(); ++p)
        if (held[k].split[p]) exchanged.push_back(&held[k].spikes[p]);
    ranks->exchange_spikes(exchanged, steps);
    for (std::size_t k = 0; k < steps; ++k) {
      const held_step& h = held[k];
      for (std::size_t p = 0; p < populations.size(); ++p) populations[p]->end_update({&h.spikes[p], 1});
      for (std::size_t j = 0; j < projections.size(); ++j) {
        projection& proj = *projections[j];
        if (proj.pre().spikes().empty()) continue;
        proj.queue(proj.pre().spikes(), h.step);
        last_queued[j] = std::max(last_queued[j], h.step);
      }
      count_and_record(h.step);
    }
  }
  // Step 8: spike counts, monitors (with MPI, the owners' state before a sample).
  void count_and_record(std::int64_t step) {
    for (std::size_t p = 0; p < populations.size(); ++p) spike_counts[p] += populations[p]->spikes().size();
    if (distributed() && rec->samples_after(step)) ranks->sync_state();  // state and weight samples read every neuron
    rec->after_step(step);
  }
  // The finite guard's check; with MPI every rank learns whether any found a non-finite value, and then all check
  // the owners' state again: each reports the same error (a value a rank does not own may be stale, never wrong).
  void check_finite(std::int64_t step, bool all, std::uint64_t more_flags = 0, std::uint64_t* flags = nullptr) {
    if (!ranks) return guard->check(step, all);
    state_archive before;
    {
      state_visitor v(before, false);
      guard->visit_state(v);
    }
    std::uint64_t failed = 0;
    try {
      guard->check(step, all);
    } catch (const run_stopped&) {
      failed = 1;
    }
    const std::uint64_t any = ranks->comm().any(failed | more_flags);
    if (flags) *flags = any;
    if (!(any & 1)) return;
    state_visitor v(before, true);
    guard->visit_state(v);
    sync();
    guard->stop(step);  // every process: some process found a value it owns non-finite
  }

  void set_threads(unsigned n) {
    if (ranks) throw error("the threads of a run shared among MPI processes are set when it starts (--threads)");
    flush_post();
    no_signals = sig.names().empty();
    guard->set_pool(nullptr);
    rec->set_pool(nullptr);
    pool.reset();
    bounds.clear();
    parts.clear();
    if (n <= 1) {
      for (auto& proj : projections) proj->set_parts({});
      return;
    }
    pool = std::make_unique<thread_pool>(n);
    for (const auto& p : populations) {
      bounds.push_back(split_range(p->size(), n));
      parts.emplace_back(n * part_stride);
    }
    set_projection_parts();
    guard->set_pool(pool.get());
    rec->set_pool(pool.get());
    in_parts.assign(populations.size(), 0);
    last_queued.assign(projections.size(), unknown_step);
    last_fired.assign(populations.size(), unknown_step);
  }
  // Each projection learns its post population's parts (projection::set_parts: delivery by part from a table).
  void set_projection_parts() {
    post_of.clear();
    for (auto& proj : projections) {
      post_of.push_back(index_of(proj->post()));
      proj->set_parts(bounds[post_of.back()]);
    }
  }
  std::size_t index_of(const population& p) const {
    for (std::size_t k = 0; k < populations.size(); ++k)
      if (populations[k].get() == &p) return k;
    throw error("internal: a projection onto a population that is not in the network");
  }
  // Whether population p is split over more than one thread (the first range does not hold it all).
  bool split(std::size_t p) const { return bounds[p][1] < populations[p]->size(); }

  // Steps 1–2 on the pool: the populations that can be updated in parts are, at once, each thread its neurons;
  // the others (rate populations and those with rate inputs, sources, equation models, receptors other than plain
  // conductances) in turn on this thread, first. Nothing in steps 1–2 of one population reads another's, except
  // rate transmission (sequential, in population order), so this is the order of advance().
  // Returns whether step 4's delivery ran with it (deliver_with_update): then deliver_rest finishes it.
  bool update_populations(const step_context& ctx) {
    bool any = false;
    for (std::size_t p = 0; p < populations.size(); ++p) {
      // a population within one range (up to 64 neurons) is updated here, whole
      in_parts[p] = rate_inputs[p].empty() && split(p) && populations[p]->begin_update(ctx);
      if (in_parts[p]) {
        any = true;
        continue;
      }
      for (projection* proj : rate_inputs[p]) proj->transmit_rates();
      populations[p]->update(ctx);
      if (populations[p]->overridden()) populations[p]->apply_overrides();
    }
    if (!any) {
      flush_post();
      return false;
    }
    const bool with_delivery = deliver_with_update();
    if (!with_delivery) flush_post();
    if (with_delivery)
      for (auto& proj : projections) proj->deliver_begin(ctx);
    const std::optional<step_context> post = post_pending;  // the step before's post part (defer_post_part)
    run_parts([&](std::size_t k) {
      if (with_delivery)  // the events were queued by another thread: on their way while the neurons update
        for (const auto& proj : projections) proj->prefetch_arrivals(ctx);
      if (post)
        for (std::size_t j = 0; j < projections.size(); ++j)
          projections[j]->post_spikes_part(*post, bounds[post_of[j]][k], bounds[post_of[j]][k + 1]);
      for (std::size_t p = 0; p < populations.size(); ++p) {
        if (!in_parts[p]) continue;
        std::vector<std::uint32_t>& spikes = parts[p][k * stride()];
        spikes.clear();
        populations[p]->update_part(ctx, bounds[p][k], bounds[p][k + 1], spikes);
      }
      if (with_delivery)
        for (std::size_t j = 0; j < projections.size(); ++j)
          projections[j]->deliver_part(ctx, bounds[post_of[j]][k], bounds[post_of[j]][k + 1]);
    });
    if (post) {
      for (auto& proj : projections) proj->post_spikes_end(*post);
      post_pending.reset();
    }
    if (distributed() && exchange_every == 0) {  // MPI, every step: this rank's first part gets every rank's spikes
      exchanged.clear();
      const std::size_t first = static_cast<std::size_t>(ranks->rank()) * ranks->threads();
      for (std::size_t p = 0; p < populations.size(); ++p) {
        if (!in_parts[p]) continue;
        std::vector<std::uint32_t>& mine = parts[p][first * stride()];
        for (std::size_t t = 1; t < ranks->threads(); ++t) {  // its threads' spikes, in their order
          std::vector<std::uint32_t>& more = parts[p][(first + t) * stride()];
          mine.insert(mine.end(), more.begin(), more.end());
          more.clear();
        }
        exchanged.push_back(&mine);
      }
      ranks->exchange_spikes(exchanged, 1);
    }
    for (std::size_t p = 0; p < populations.size(); ++p) {
      if (!in_parts[p]) continue;
      populations[p]->end_update(parts[p]);
      if (populations[p]->overridden()) populations[p]->apply_overrides();
    }
    return with_delivery;
  }
  // Whether this step's delivery (step 4: transmission and on_pre) can run in the threads' part of steps 1–2, each
  // thread right after updating its neurons, which saves a parallel part per step: with threads (not MPI), when
  // every projection splits by target onto a population updated in parts, every delay is at least one step, no
  // intervention acts on the neurons and no rule acts after the modulators (its hooks read what it brings up to
  // date at step 2b, after the update). Then a thread's delivery reads only spikes queued in earlier steps (none of
  // this step's), on_transmit (per pre neuron and delay slot; no neuron state) runs first on this thread, and the
  // thread writes only the receptors, weights and rule state of its own neurons, whose update has already read
  // them: each value sees the same operations in the same order as in update, then deliver. What follows the
  // update in advance() (unborn spikes, modulators, homeostats, queueing) touches none of it; the pre traces are
  // updated after it, in deliver_rest, as in deliver_end.
  bool deliver_with_update() const {
    if (!pool || ranks) return false;  // MPI: the spikes are queued when exchanged (exchange_held), not in step 5
    for (const auto& pop : populations)
      if (pop->overridden()) return false;
    for (std::size_t j = 0; j < projections.size(); ++j) {
      const projection& proj = *projections[j];
      if (!in_parts[post_of[j]] || !proj.splits_by_target() || proj.delay_values().empty() ||
          proj.delay_values().front() < 1)
        return false;
      for (const auto& rule : proj.rules())  // its event hooks read what it brings up to date after step 2b
        if (rule->acts_after_modulators()) return false;
    }
    return true;
  }
  // The rest of step 4 after deliver_with_update: the pre traces (deliver_end).
  void deliver_rest(const step_context& ctx) {
    for (std::size_t k = 0; k < projections.size(); ++k) {
      if (!projections[k]->pre().spikes().empty()) last_queued[k] = ctx.step;  // as deliver_all
      projections[k]->deliver_end(ctx);
    }
  }

  // Step 4 (deliver) or 5 (post_spikes) on the pool: consecutive projections that split by target neuron run as
  // one parallel part (begin in order, the parts, end in order); another projection runs whole, in its place, and
  // so does one onto a population within one range. Projections touch each other's state only through their post
  // population's receptors, to which every thread adds for its own neurons in projection order, as one thread does.
  // `busy(j)`, after begin: whether the projection has events now (the threads are not woken for nothing).
  // `extra(k)`, if given, runs in the first parallel part, on every thread k; returns whether it ran.
  template <class Begin, class Busy, class Part, class End, class Whole, class Extra = std::nullptr_t>
  bool split_by_target(Begin begin, Busy busy, Part part, End end, Whole whole, Extra extra = nullptr) {
    bool extra_ran = false;
    const auto flush = [&] {
      if (split_group.empty()) return;
      bool any = false;
      for (std::size_t j : split_group) {
        begin(*projections[j]);
        any = any || busy(j);
      }
      if (any) run_parts([&](std::size_t k) {
        if constexpr (!std::is_same_v<Extra, std::nullptr_t>)
          if (!extra_ran) extra(k);
        for (std::size_t j : split_group) part(*projections[j], bounds[post_of[j]][k], bounds[post_of[j]][k + 1]);
      });
      extra_ran = extra_ran || any;
      for (std::size_t j : split_group) end(*projections[j]);
      split_group.clear();
    };
    for (std::size_t j = 0; j < projections.size(); ++j) {
      projection& proj = *projections[j];
      if (split(post_of[j]) && proj.splits_by_target()) {
        split_group.push_back(j);
        continue;
      }
      flush();
      whole(proj);
    }
    flush();
    return extra_ran;
  }
  void deliver_all(const step_context& ctx) {
    if (!pool && !distributed()) {
      for (auto& proj : projections) proj->deliver(ctx);
      return;
    }
    // Whether events may arrive now: a spike of the pre population within the projection's longest delay (or not
    // known: after set_threads, until the first spike; the delay ring of a checkpoint)
    for (std::size_t k = 0; k < projections.size(); ++k)
      if (!projections[k]->pre().spikes().empty()) last_queued[k] = ctx.step;
    const auto may_arrive = [&](std::size_t j) {
      const std::int64_t last = last_queued[j];
      return last == unknown_step || ctx.step - last <= projections[j]->max_delay();
    };
    split_by_target(
        [&](projection& p) { p.deliver_begin(ctx); }, may_arrive,
        [&](projection& p, std::uint32_t lo, std::uint32_t hi) { p.deliver_part(ctx, lo, hi); },
        [&](projection& p) { p.deliver_end(ctx); }, [&](projection& p) { p.deliver(ctx); });
  }
  // With `queue_too` (after deliver_with_update), step 3 as well: each thread queues this step's spikes of every
  // T-th projection (each projection's delay ring is its own; delivery at this step has already read the slot of
  // this step, and queueing writes only later slots), in the parallel part of step 5, or here if there is none.
  void post_spikes_all(const step_context& ctx, bool queue_too = false) {
    if (!pool && !distributed()) {
      for (auto& proj : projections) proj->post_spikes(ctx);
      return;
    }
    // Whether post spikes may reach the synapses now: one of the post population within 2·dendritic delay.
    for (std::size_t k = 0; k < populations.size(); ++k)
      if (!populations[k]->spikes().empty()) last_fired[k] = ctx.step;
    const auto may_arrive = [&](std::size_t j) {
      const std::int64_t last = last_fired[post_of[j]];
      const auto shift = 2 * static_cast<std::int64_t>(projections[j]->dendritic_delay());
      return last == unknown_step || ctx.step - last <= shift;
    };
    if (queue_too && defer_post_part(ctx)) {
      bool busy = false;
      for (std::size_t j = 0; j < projections.size(); ++j) {
        projections[j]->post_spikes_begin(ctx);
        busy = busy || may_arrive(j);
      }
      for (auto& proj : projections) proj->queue(proj->pre().spikes(), ctx.step);
      if (busy) post_pending = ctx;
      else
        for (auto& proj : projections) proj->post_spikes_end(ctx);
      return;
    }
    const auto queue = [&](std::size_t k) {
      const std::size_t every = queue_too ? pool->size() : 0;
      for (std::size_t j = k; j < projections.size() && every > 0; j += every)
        projections[j]->queue(projections[j]->pre().spikes(), ctx.step);
    };
    const bool queued = split_by_target(
        [&](projection& p) { p.post_spikes_begin(ctx); }, may_arrive,
        [&](projection& p, std::uint32_t lo, std::uint32_t hi) { p.post_spikes_part(ctx, lo, hi); },
        [&](projection& p) { p.post_spikes_end(ctx); }, [&](projection& p) { p.post_spikes(ctx); }, queue);
    if (queue_too && !queued)
      for (std::size_t k = 0; k < pool->size(); ++k) queue(k);
  }
  // Whether step 5 of this step (after deliver_with_update) can be left to the start of the next step's parallel
  // part (update_populations), which saves one wait for the threads per step: each thread then runs on_post and the
  // post traces of this step for its own neurons, and only then updates them. The same operations in the same
  // order for every value, when nothing between the two reads or writes what step 5 writes (the weights, the rules'
  // per-synapse and per-post state, the post traces) or changes what it reads (pre traces: deliver_end comes after
  // the part; the post neurons' state: each thread reads its own before updating it; signals):
  //   the next step follows at once in run_steps (a pause, an edge of the phase, a checkpoint, the end of the
  //   segment: flush_post first); the finite guard is not due; no state or weight monitor samples this step; no
  //   rule has an on_step or a slow hook due now; the post spikes reach the synapses at once (no dendritic delay);
  //   no transmission log (deliver_begin reads the weights); the network has no signals (step 0 and the neurons
  //   write them before the part). If the next step does not take deliver_with_update, flush_post runs the part
  //   first, as it would have run here.
  // Then this step's spikes are queued on one thread; with more than defer_max_spikes of them, queueing them in
  // step 5's part (split by projection) saves more than the wait (deferred or not, the results are the same).
  static constexpr std::size_t defer_max_spikes = 64;
  bool defer_post_part(const step_context& ctx) {
    if (!next_is_step || !pool || ranks || !no_signals || ctx.step + 1 >= next_watch || rec->samples_after(ctx.step))
      return false;
    std::size_t spikes = 0;
    for (const auto& proj : projections) spikes += proj->pre().spikes().size();
    if (spikes > defer_max_spikes) return false;
    for (const auto& proj : projections) {
      if (proj->dendritic_delay() != 0 || proj->records_transmissions()) return false;
      for (const auto& rule : proj->rules()) {
        if (rule->acts_on_step()) return false;
        bool due = false;
        for_each_slow_tick(rule->slow_interval(), ctx.step, ctx.step + 1, [&](std::int64_t) { due = true; });
        if (due) return false;
      }
    }
    for (const auto& h : homeostats) {
      bool due = false;
      for_each_slow_tick(h->slow_interval(), ctx.step, ctx.step + 1, [&](std::int64_t) { due = true; });
      if (due) return false;
    }
    return true;
  }
  // Runs a deferred post part now (defer_post_part), as its own parallel part.
  void flush_post() {
    if (!post_pending) return;
    const step_context post = *post_pending;
    post_pending.reset();
    pool->run([&](std::size_t k) {
      for (std::size_t j = 0; j < projections.size(); ++j)
        projections[j]->post_spikes_part(post, bounds[post_of[j]][k], bounds[post_of[j]][k + 1]);
    });
    for (auto& proj : projections) proj->post_spikes_end(post);
  }



  // Calls tick(step) for every interval of the slow clock of period `slow` [ms] that ends in steps [from, to), with
  // the last step of that interval: every whole multiple of the period in steps closes one (exact integer clock).
  template <class Tick>
  void for_each_slow_tick(double slow, std::int64_t from, std::int64_t to, Tick&& tick) const {
    if (!(slow > 0.0)) return;
    const std::int64_t every = std::max<std::int64_t>(1, std::llround(slow / clk.dt));
    for (std::int64_t due = (from / every + 1) * every; due <= to; due += every) tick(due - 1);
  }

  // Step 7 (and slow mode): the rules' on_slow and the populations' homeostats, for the ticks in [from, to).
  // Projections whose plasticity is blocked (block_plasticity) skip their rules' ticks.
  void slow_hooks(std::int64_t from, std::int64_t to) {
    if (distributed()) {  // MPI: a slow hook runs whole (its rule's state of every synapse): the owners' state first
      bool due = false;
      for (auto& proj : projections)
        if (!proj->plasticity_blocked())
          for (const auto& rule : proj->rules())
            for_each_slow_tick(rule->slow_interval(), from, to, [&](std::int64_t) { due = true; });
      if (due) ranks->sync_state();  // not sync(): a block's spikes (exchange_held) are the step's end, after this
    }
    for (auto& proj : projections)
      if (!proj->plasticity_blocked())
        for (const auto& rule : proj->rules())
          for_each_slow_tick(rule->slow_interval(), from, to,
                             [&](std::int64_t step) { rule->on_slow(*proj, {step, clk.dt, spec.seed, pool.get()}); });
    for (auto& h : homeostats) for_each_slow_tick(h->slow_interval(), from, to, [&](std::int64_t) { h->on_slow(); });
    after_rewiring();
  }
  // MPI: a rule or a birth that rewired a projection (every process alike) changed which synapse ids each process
  // owns.
  void after_rewiring() {
    if (distributed() && ranks->rewired()) guard->set_owned(ranks->owned_neurons(), ranks->owned_synapses());
  }

  // One time step. The order is part of plastix's definition of a model; tests pin it down.
  // Signals (synapse/signals.hpp): a producer writes its signal at its own place in this order, and a reader sees
  // the value written last: signals produced by neurons (1–2) are this step's for every rule; those produced by a
  // rule (4–7) are this step's for the hooks after it (same numbered step: later projections, later rules of the
  // projection; or a later numbered step) and the previous step's for those before it. A signal produced from
  // outside the network is written at step 0, before anything reads it; a neuromodulator's level ([[modulator]])
  // at step 2b, after this step's spikes and before any rule.
  // A projection whose plasticity is blocked (block_plasticity intervention) skips its rules' learning hooks —
  // on_pre (4), on_post (5), on_step (6), on_slow (7) — but still transmits (on_transmit: short-term plasticity)
  // and updates its traces.
  void advance() {
    const step_context ctx = context();
    // 0. Scheduled current changes (protocol pulses) that start or end at this step.
    while (schedule_next < schedule.size() && schedule[schedule_next].step <= ctx.step) {
      const current_change& c = schedule[schedule_next++];
      auto& i_ext = c.pop->i_ext();
      if (c.neurons.empty()) {
        for (double& x : i_ext) x += c.delta;
      } else {
        for (std::uint32_t i : c.neurons) i_ext[i] += c.delta;
      }
    }
    //    Varying currents of the phase's stimuli (noise, sine) take their values at t (sim/phase_stimuli.hpp).
    if (running) running->stimuli->drive(ctx.step - running->origin, ctx);
    //    Populations driven by a neuromodulator get the current of its level at t (sim/excitability.hpp).
    for (excitability_drive& d : drives) d.on_step(ctx.step, ctx.dt);
    // 1–2. Integrate neuron state over [t, t+dt) (sources: generate), detect threshold, reset, collect spikes.
    //    A rate population first receives Σ w·x from its rate projections (pre populations listed before it have
    //    already updated, so rate transmission has no delay).
    //    Interventions on neurons (voltage clamp, TTX, lesions) act right after the update: silenced and clamped
    //    neurons lose their spikes and clamped ones get their voltage back (population::apply_overrides).
    //    With threads (set_threads): update_populations, the same in parts.
    bool delivered = false;  // step 4's delivery done with the update (deliver_with_update)
    if (pool || distributed()) {
      delivered = update_populations(ctx);
    } else {
      for (std::size_t p = 0; p < populations.size(); ++p) {
        for (projection* proj : rate_inputs[p]) proj->transmit_rates();
        populations[p]->update(ctx);
        if (populations[p]->overridden()) populations[p]->apply_overrides();
      }
    }
    //    Neurons not yet born (neurogenesis) do not spike.
    births->discard_unborn_spikes();
    // 2b. Neuromodulators: this step's releases (spikes of their populations), scheduled amounts and rewards due,
    //    at t = step·dt; rewards for pairings in this step are drawn (sim/modulators.hpp).
    for (auto& m : modulators) m->on_step(ctx.step);
    //    Rules that derive from a modulator what their synapses share bring it up to date, on this thread (also when
    //    their plasticity is blocked: no learning happens here) (rule.hpp after_modulators).
    if (!modulators.empty())
      for (auto& proj : projections)
        for (const auto& rule : proj->rules())
          if (rule->acts_after_modulators()) rule->after_modulators(*proj, ctx);
    //    Homeostats (intrinsic plasticity) count the spikes of their population.
    for (auto& h : homeostats) h->on_step();
    // 3. Push this step's spikes into each projection's delay ring.
    //    With deliver_with_update: in step 5's parallel part (post_spikes_all).
    //    MPI with a deferred exchange: at the block's end (exchange_held).
    if (exchange_every > 0) hold_spikes(ctx.step);
    else if (!delivered)
      for (auto& proj : projections) proj->queue(proj->pre().spikes(), ctx.step);
    // 4. Deliver spikes whose delay ends now to the receptors (affecting the next integration; on_transmit) and run
    //    on_pre (unless blocked), then the pre traces. (A projection with stdp_convention = "nest" runs this step's
    //    on_post first and on_pre before transmission: projection.hpp.)
    //    With threads: split by target neuron (deliver_all), or with steps 1–2 (deliver_with_update).
    if (delivered) deliver_rest(ctx);
    else deliver_all(ctx);
    // 5. on_post for neurons that spiked in this step (after on_pre: a same-step pre spike is seen first; unless
    //    blocked), then the post traces.
    post_spikes_all(ctx, delivered);
    // 6. Continuous rules every step (unless blocked); a rule may share its loop over synapses among the threads.
    step_context whole = ctx;
    whole.pool = pool.get();
    for (auto& proj : projections)
      if (!proj->plasticity_blocked())
        for (const auto& rule : proj->rules()) rule->on_step(*proj, whole);
    // 7. Slow hooks whose interval ends with this step: rules' on_slow (projection order, then rule order; unless
    //    blocked), then the populations' homeostats (population order).
    slow_hooks(ctx.step, ctx.step + 1);
    // 8. Monitors and counters. MPI with a deferred exchange: at the block's end, which is now when the block is
    //    full, a monitor samples, the finite guard is due or the run segment ends.
    if (exchange_every == 0) count_and_record(ctx.step);
    else if (static_cast<std::int64_t>(held_steps) >= exchange_every || !next_is_step ||
             ctx.step + 1 >= next_watch || rec->samples_after(ctx.step))
      exchange_held();
    // 9. Tick; then, when due (every 1 ms of biological time), the finite guard and the stop check.
    if (++clk.step >= next_watch) watch();
  }

  // The finite guard's due checks (throws run_stopped when a value became NaN or ±inf) and, at most every 0.1 s of
  // wall time, the stop check (throws run_stopped when it asks to stop).
  void watch() {
    if (ranks) return watch_together();
    guard->check(clk.step);
    next_watch = guard->next_due();
    const bool wall_checkpoints = ckpt_on && ckpt.every_wall > 0.0;
    if ((!stop && !wall_checkpoints) || ++watches < watches_per_clock) return;
    // The wall clock is read every watches_per_clock watches, adapted so that it is read about every 1–10 ms (in a
    // small network 1 ms of biological time takes microseconds).
    watches = 0;
    const auto now = std::chrono::steady_clock::now();
    const auto since = now - last_clock;
    last_clock = now;
    if (since < std::chrono::milliseconds(1) && watches_per_clock < (1 << 20)) watches_per_clock *= 2;
    if (since > std::chrono::milliseconds(10) && watches_per_clock > 1) watches_per_clock /= 2;
    if (wall_checkpoints && std::chrono::duration<double>(now - last_ckpt_wall).count() >= ckpt.every_wall)
      ckpt_requested = true;
    if (!stop || now - last_poll < std::chrono::milliseconds(100)) return;
    last_poll = now;
    if (!stop()) return;  // asked once per poll
    if (ckpt_on) {  // a checkpoint at the end of this step, then the run stops (run_phase)
      ckpt_requested = stop_after_ckpt = true;
      return;
    }
    throw run_stopped(run_stopped::cause::interrupted, clk.time(),
                      fmt::format("interrupted at t = {:.10g} ms", clk.time()));
  }

  // watch() with MPI: the finite guard and the stop check (asked at every watch: Ctrl-C reaches every process) of
  // all ranks together, so that every rank stops at the same step. Checkpoints are not written (main refuses them).
  void watch_together() {
    std::uint64_t flags = 0;
    const std::uint64_t asked = stop && stop() ? 2 : 0;
    check_finite(clk.step, false, asked, &flags);
    next_watch = guard->next_due();
    if (flags & 2)
      throw run_stopped(run_stopped::cause::interrupted, clk.time(),
                        fmt::format("interrupted at t = {:.10g} ms", clk.time()));
  }

  // Before the first step: the recorder starts and the guard sees the initial values.
  void start() {
    if (started) return;
    rec->start(clk.step);
    check_finite(clk.step, true);
    started = true;
  }

  // Slow mode (a phase with slow_step > 0): one slow step of k time steps, for hours of biological time at
  // O(duration / slow_step) cost. Neurons, spikes, transmission and the dt-hooks of the rules are not run:
  //   0. scheduled current changes in the step are applied (so pulses that start and end inside it cancel);
  //   1. each rule's on_slow and each homeostat runs for every slow interval that ends in the step, with
  //      ctx.step = the last step of that interval (as advance() would call it);
  //   2. monitors: states and weights sampled when a sampling time lies in the step;
  //   3. tick: the clock advances by k steps (integers: exact).
  // Spikes in flight when a slow phase starts are dropped (run_phase); neuron state is held.
  void advance_slow(std::int64_t k) {
    const std::int64_t from = clk.step, to = clk.step + k;
    while (schedule_next < schedule.size() && schedule[schedule_next].step < to) {
      const current_change& c = schedule[schedule_next++];
      auto& i_ext = c.pop->i_ext();
      if (c.neurons.empty()) {
        for (double& x : i_ext) x += c.delta;
      } else {
        for (std::uint32_t i : c.neurons) i_ext[i] += c.delta;
      }
    }
    slow_hooks(from, to);
    rec->after_slow_step(from, to);
    clk.step = to;
    if (clk.step >= next_watch) watch();
  }

  // Returns the steps done: n, or fewer when a checkpoint is due or `pause` steps are done (at the end of a slow
  // step: slow steps count from the start of the segment, so a pause there changes nothing).
  std::int64_t run_slow(std::int64_t n, std::int64_t k, std::int64_t pause) {
    const flush_subnormals no_subnormals;  // core/float_mode.hpp
    start();
    sync();  // MPI: a slow step runs whole on every rank
    for (auto& proj : projections) proj->drop_in_flight();
    std::int64_t done = 0;
    while (done + k <= n) {
      advance_slow(k);
      done += k;
      report(false);
      if (done < n && (ckpt_pending() || done >= pause)) return done;
    }
    if (done < n) advance_slow(n - done);  // a last, shorter slow step
    report(true);
    return n;
  }

  void report(bool force) {
    if (!progress) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_report < std::chrono::milliseconds(200)) return;
    last_report = now;
    progress_info info;
    info.phase = phase_name;
    info.bio_time = static_cast<double>(clk.step - progress_origin) * clk.dt;
    info.fraction = progress_total > 0.0 ? std::min(1.0, info.bio_time / progress_total) : 1.0;
    info.wall_time = std::chrono::duration<double>(now - wall_start).count();
    progress(info);
  }

  // `last`: force a final progress report (false for the segments of a phase between stimulus changes).
  // Returns the steps done: n, or fewer when a checkpoint is due.
  std::int64_t run_steps(std::int64_t n, bool last = true) {
    const flush_subnormals no_subnormals;  // core/float_mode.hpp
    start();
    for (std::int64_t k = 0; k < n; ++k) {
      next_is_step = k + 1 < n && !ckpt_pending();
      advance();
      next_is_step = false;
      if ((k & 1023) == 1023) report(false);
      if (ckpt_pending() && k + 1 < n) {
        flush_post();
        exchange_held();
        return k + 1;
      }
    }
    flush_post();
    report(last);
    return n;
  }

  population& population_named(const std::string& name) {
    for (auto& p : populations)
      if (p->name() == name) return *p;
    throw error("no population named '" + name + "'");
  }
  projection& projection_named(const std::string& name) {
    for (auto& p : projections)
      if (p->name() == name) return *p;
    throw error("no projection named '" + name + "'");
  }

  // The phase begun (begin_phase ... end_phase): what run_phase keeps between its segments.
  struct phase_run {
    phase_spec phase;  // a copy: its changes and interventions may be edited (update_phase)
    std::vector<phase_mark> marks;
    std::int64_t n = 0;     // length [steps]
    std::int64_t at = 0;    // steps into the phase
    std::int64_t origin = 0;  // the clock's step at the phase's start (at = clk.step − origin while it runs)
    std::int64_t slow = 0;  // slow step [steps], 0 = none
    std::uint32_t index = 0;  // phases started before this one (the stimuli's random streams)
    std::unique_ptr<phase_stimuli> stimuli;
    std::vector<std::int64_t> from, to;      // window of each intervention [steps from the phase's start]
    std::vector<std::int64_t> change_steps;  // step of each parameter change
    std::vector<char> applied;               // per change: applied already
    std::vector<std::int64_t> mark_steps;    // step of each mark
    std::vector<std::int64_t> edges;         // sorted, unique; always 0 and n
    std::size_t edge = 0;                    // the next edge to handle (the first at or after `at`)
    bool resumed = false;                    // resumed at `at`: its changes and marks were done before
    std::vector<intervention_undo> undo;
    std::vector<population*> pops;
    std::vector<projection*> projs;
  };
  std::unique_ptr<phase_run> running;

  // The stimuli of the phase r runs (r.phase.stimuli), all off.
  std::unique_ptr<phase_stimuli> stimuli_of(const phase_run& r) {
    return std::make_unique<phase_stimuli>(spec, patterns, images, r.phase, r.n, r.index,
                                           [this](const std::string& name) -> population& {
                                             return population_named(name);
                                           });
  }

  // The phase's windows, change and mark steps and its edges, and the next edge from r.at on.
  void plan_edges(phase_run& r) {
    r.from.clear();
    r.to.clear();
    r.change_steps.clear();
    r.mark_steps.clear();
    r.edges = {0, r.n};
    for (const intervention_spec& iv : r.phase.interventions) {
      r.from.push_back(std::min(r.n, clk.steps(iv.start)));
      r.to.push_back(std::isinf(iv.stop) ? r.n : std::min(r.n, clk.steps(iv.stop)));
      r.edges.push_back(r.from.back());
      r.edges.push_back(r.to.back());
    }
    for (const param_change& c : r.phase.changes) {
      r.change_steps.push_back(std::clamp<std::int64_t>(clk.steps(c.at), 0, r.n));
      r.edges.push_back(r.change_steps.back());
    }
    for (const phase_mark& m : r.marks) {
      r.mark_steps.push_back(std::clamp<std::int64_t>(clk.steps(m.at), 0, r.n));
      r.edges.push_back(r.mark_steps.back());
    }
    std::sort(r.edges.begin(), r.edges.end());
    r.edges.erase(std::unique(r.edges.begin(), r.edges.end()), r.edges.end());
    r.edge = static_cast<std::size_t>(std::lower_bound(r.edges.begin(), r.edges.end(), r.at) - r.edges.begin());
  }

  void apply_change(const param_change& c) {
    apply_param_change(
        c, [this](const std::string& name) -> population& { return population_named(name); },
        [this](const std::string& name) -> projection& { return projection_named(name); }, context());
  }

  // The parameter changes of step `at` not applied yet, in their order.
  void apply_changes(phase_run& r, std::int64_t at) {
    for (std::size_t k = 0; k < r.phase.changes.size(); ++k) {
      if (r.change_steps[k] != at || r.applied[k]) continue;
      apply_change(r.phase.changes[k]);
      r.applied[k] = 1;
    }
  }

  void call_marks(const phase_run& r, std::int64_t at) {
    if (std::any_of(r.mark_steps.begin(), r.mark_steps.end(), [at](std::int64_t m) { return m == at; })) sync();
    for (std::size_t k = 0; k < r.marks.size(); ++k)
      if (r.mark_steps[k] == at) r.marks[k].fn();
  }

  // The interventions whose window covers step r.at (after remove_interventions); lesions only at their start, once
  // (`lesions` false: none; they come when the edge is handled).
  void apply_interventions(phase_run& r, bool lesions) {
    for (std::size_t k = 0; k < r.phase.interventions.size(); ++k) {
      const bool lesion = r.phase.interventions[k].type == intervention_spec::kind::lesion;
      if (lesion ? lesions && r.from[k] == r.at : r.from[k] <= r.at && r.at < r.to[k])
        apply_intervention(r.phase.interventions[k], r.pops, r.projs, r.undo);
    }
  }

  std::uint64_t synapse_count() const {
    std::uint64_t n = 0;
    for (const auto& p : projections) n += p->whole_size();
    return n;
  }
  // A projection's mean weight: with storage shared out, the exact sum of every rank's share (collective).
  double mean_weight(const projection& p) {
    if (p.whole_size() == 0) return 0.0;
    exact_sum total;  // core/exact_sum.hpp: the same for any order and any split of the terms
    const auto w = p.weights();
    if (pool && pool->size() > 1 && w.size() >= (std::size_t{1} << 20)) {  // a block per thread, merged
      std::vector<exact_sum> part(pool->size());
      const std::vector<std::uint32_t> b = split_range(w.size(), pool->size());
      pool->run([&](std::size_t k) { part[k].add(w.subspan(b[k], b[k + 1] - b[k])); });
      for (const exact_sum& x : part) total.merge(x);
    } else {
      total.add(w);
    }
    if (p.kept_part()) total = ranks->sum(total);
    return total.value() / static_cast<double>(p.whole_size());
  }

  // A results object with the run's provenance and counts, without recordings.
  run_results results_header(double wall_time) const {
    run_results r;
    r.experiment = spec.name;
    r.version = plastix::version;
    r.file = spec.file;
    r.file_text = spec.file_text;
    r.overrides = spec.overrides;
    r.seed = spec.seed;
    r.dt = clk.dt;
    r.bio_time = clk.time();
    r.wall_time = wall_time;
    r.synapse_count = synapse_count();
    for (std::size_t p = 0; p < populations.size(); ++p) {
      r.spike_count += spike_counts[p];
      r.neuron_count += populations[p]->size();
      r.population_sizes[populations[p]->name()] = populations[p]->size();
    }
    return r;
  }

  // Writes the due checkpoint, `at` steps into the phase; then stops the run if that was asked.
  void take_checkpoint(std::int64_t at) {
    ckpt.write(at);
    ckpt_requested = false;
    last_ckpt_wall = std::chrono::steady_clock::now();
    ckpt_next = next_ckpt_step();
    if (stop_after_ckpt || (ckpt.stop_at_step >= 0 && clk.step + ckpt.step_origin >= ckpt.stop_at_step))
      throw run_stopped(run_stopped::cause::interrupted, clk.time(),
                        fmt::format("interrupted at t = {:.10g} ms", clk.time()));
  }
};

simulation::simulation(const experiment_spec& description) : impl_(std::make_unique<impl>()) {
  impl& s = *impl_;
  s.spec = description;
  fill_defaults(s.spec);
  validate(s.spec);
  const experiment_spec& spec = s.spec;
  s.clk.dt = spec.dt;
  for (std::size_t p = 0; p < spec.network.populations.size(); ++p)
    s.populations.push_back(make_population(spec.network.populations[p], static_cast<std::uint32_t>(p), spec.seed));
  s.spike_counts.assign(s.populations.size(), 0);
  for (std::size_t p = 0; p < spec.network.populations.size(); ++p)
    if (const auto& ip = spec.network.populations[p].intrinsic)
      s.homeostats.push_back(std::make_unique<intrinsic_homeostat>(*ip, *s.populations[p]));
  s.births = std::make_unique<neurogenesis>(spec, s.populations);
  s.rate_inputs.resize(s.populations.size());
  for (const modulator_spec& m : spec.modulators)  // before the rules, which resolve their signals when built
    s.modulators.push_back(std::make_unique<modulator>(
        m, s.sig, [this](const std::string& name) -> const population& { return population_named(name); },
        spec.dt, spec.seed));
  for (std::size_t p = 0; p < spec.network.populations.size(); ++p)
    if (const auto& m = spec.network.populations[p].modulated_by) s.drives.emplace_back(*s.populations[p], *m, s.sig);
  std::vector<std::string> projection_names;
  for (const projection_spec& ps : spec.network.projections) projection_names.push_back(ps.name);
  const std::vector<std::uint32_t> stream_objects_of_projections = stream_objects(projection_names);
  // MPI, storage shared out (rank_split.hpp): each process builds only its share of a projection onto a population
  // split over the processes, when the description allows it (nothing reads every synapse, no population keeps the
  // run whole); once the rules are built the whole decision is made, and should it keep every synapse on every
  // process after all, the projections are built again whole.
  const std::shared_ptr<communicator>& comm = spec.processes;
  const std::size_t threads = spec.threads > 1 ? spec.threads : 1;
  const auto share_of = [&](const population& post) -> std::optional<std::pair<std::uint32_t, std::uint32_t>> {
    const auto [lo, hi] = owned_range(post.size(), comm->size(), threads, comm->rank());
    if (lo == 0 && hi == post.size()) return std::nullopt;  // not split
    return std::pair{lo, hi};
  };
  const bool processes = comm && comm->size() > 1;
  const std::string whole_why = processes ? whole_storage_because(spec, {}) : std::string();  // from the description
  bool share = processes && whole_why.empty();
  for (const auto& pop : s.populations) share = share && !pop->is_rate();
  // Threads: the connections are drawn by blocks of rows on spec.threads threads (the same network).
  const std::unique_ptr<thread_pool> builders = threads > 1 ? std::make_unique<thread_pool>(threads) : nullptr;
  const auto build_projections = [&](bool shared) {
    s.projections.clear();
    for (auto& inputs : s.rate_inputs) inputs.clear();
    for (std::size_t k = 0; k < spec.network.projections.size(); ++k) {
      const projection_spec& ps = spec.network.projections[k];
      population& pre = population_named(ps.pre);
      population& post = population_named(ps.post);
      // A projection onto a spike source carries plasticity only and transmits nothing (no receptor); a rate
      // projection transmits rates, not through a receptor.
      const bool rate = pre.is_rate();
      const int receptor = post.is_source() || rate ? -1 : post.input().find(ps.receptor);
      if (receptor < 0 && !post.is_source() && !rate)
        throw error(ps.where, "projection '" + ps.name + "': population '" + ps.post + "' has no receptor '" +
                                  ps.receptor + "'");
      const bool nest = ps.convention == projection_spec::stdp_convention::nest;  // the whole (single) delay dendritic
      // rate transmission has no delay (validate() allows none)
      connect_context cc{pre.size(), post.size(), &pre == &post, static_cast<std::uint32_t>(k), spec.seed, spec.dt, rate};
      cc.pool = builders.get();
      const auto kept = shared && !nest ? share_of(post) : std::nullopt;
      if (shared && !nest) {  // each process draws its own rows and sends the others theirs (connect_by_owners)
        cc.comm = comm.get();
        for (int r = 0; r < comm->size(); ++r) cc.share_bounds.push_back(owned_range(post.size(), comm->size(), threads, r).first);
        cc.share_bounds.push_back(static_cast<std::uint32_t>(post.size()));
      }
      synapse_rows rows = connect(ps, cc);
      const auto dendritic = nest ? (rows.size() == 0 ? 0 : rows.seg_delay.front())
                                  : static_cast<std::int32_t>(std::llround(ps.dendritic_delay / spec.dt));
      s.projections.push_back(std::make_unique<projection>(ps.name, pre, post, receptor < 0 ? projection::no_receptor : static_cast<std::size_t>(receptor),
                                                           std::move(rows), dendritic, stream_objects_of_projections[k],
                                                           builders.get()));
      step_context building = s.context();  // rebuilding the transposed index on the builders' threads
      building.pool = builders.get();
      if (kept && !s.projections.back()->kept_part())  // the list connector gives its whole list
        s.projections.back()->keep_onto(kept->first, kept->second, building);
      s.projections.back()->pair_as_nest(nest);
      s.births->hold_back(*s.projections.back(), building);  // synapses of unborn neurons wait for their birth
      rule_context rc{*s.projections.back(), s.populations, spec, spec.seed, spec.dt, s.shared, s.sig};
      for (const rule_spec& r : ps.plasticity) s.projections.back()->add_rule(make_rule(r, rc));
      if (rate && !post.rate_input().empty()) {
        for (std::size_t p = 0; p < s.populations.size(); ++p)
          if (s.populations[p].get() == &post) s.rate_inputs[p].push_back(s.projections.back().get());
      }
    }
  };
  // The memory check at loading counted each process's share of the synapses (machine_share): a process that will
  // hold every synapse holds the whole network, which must fit as many times as processes share one machine.
  const auto check_whole_fits = [&](const std::string& why) {
    const double held = static_cast<double>(comm->on_one_machine()) * network_memory(spec), memory = machine_memory();
    if (memory > 0.0 && held > memory)
      throw error(source_ref{spec.file, 0, 0, "population"},
                  fmt::format("every process of the run holds every synapse ({}), and {} processes on one machine "
                              "need about {} of memory, more than it has free ({}); expected fewer processes per machine "
                              "or a smaller model", why, comm->on_one_machine(), memory_text(held), memory_text(memory)));
  };
  if (processes && !share)
    check_whole_fits(!whole_why.empty() ? whole_why : "the network is not shared out among the processes");
  build_projections(share);
  if (share) {
    std::string why = s.why_replicated(comm->size(), threads);
    if (why.empty()) why = whole_storage_because(spec, s.projections);
    if (!why.empty()) {  // a rule keeps the run, or every synapse, whole after all
      check_whole_fits(why);
      build_projections(false);
    }
  }
  s.shared.set_seed(spec.seed);
  for (auto& proj : s.projections)  // state shared per population (tag_trigger: one protein pool per post neuron)
    for (const auto& rule : proj->rules()) rule->on_share(*proj, s.shared);
  s.sig.require_produced();  // every signal a rule reads has a producer (checked earlier by validate: rule checks)
  for (const current_pulse& p : protocol_pulses(spec)) {
    population& pop = population_named(p.population);
    const std::int64_t on = s.clk.steps(p.start), off = s.clk.steps(p.start + p.duration);
    s.schedule.push_back({on, &pop, p.neurons, p.amplitude});
    s.schedule.push_back({off, &pop, p.neurons, -p.amplitude});
  }
  std::stable_sort(s.schedule.begin(), s.schedule.end(),
                   [](const impl::current_change& a, const impl::current_change& b) { return a.step < b.step; });
  s.rec = std::make_unique<recorder>(spec.monitors, s.populations, s.projections, spec.dt, &s.sig);
  s.images = load_datasets(spec);
  s.patterns = realize_patterns(spec, &s.images);
  s.guard = std::make_unique<finite_guard>(s.populations, s.projections, spec.dt);
  s.next_watch = s.guard->next_due();
  s.set_threads(spec.threads);
  s.set_processes(spec.processes);
  s.wall_start = s.last_report = std::chrono::steady_clock::now();
}

simulation::~simulation() = default;
simulation::simulation(simulation&&) noexcept = default;
simulation& simulation::operator=(simulation&&) noexcept = default;

const experiment_spec& simulation::spec() const { return impl_->spec; }
double simulation::dt() const { return impl_->clk.dt; }
std::int64_t simulation::step() const { return impl_->clk.step; }
double simulation::time() const { return impl_->clk.time(); }
const std::vector<std::unique_ptr<population>>& simulation::populations() const { return impl_->populations; }
const std::vector<std::unique_ptr<projection>>& simulation::projections() const { return impl_->projections; }

population& simulation::population_named(const std::string& name) { return impl_->population_named(name); }

projection& simulation::projection_named(const std::string& name) { return impl_->projection_named(name); }

void simulation::run(double duration) {
  if (duration < 0.0) throw error("run: negative duration " + std::to_string(duration) + " ms");
  impl_->run_steps(impl_->clk.steps(duration));
  impl_->check_finite(impl_->clk.step, true);
}

void simulation::run_phase(const phase_spec& phase, const std::vector<phase_mark>& marks,
                           const resume_point* resume) {
  begin_phase(phase, marks, resume);
  continue_phase(phase_steps());
  end_phase();
}

void simulation::begin_phase(const phase_spec& phase, const std::vector<phase_mark>& marks,
                             const resume_point* resume) {
  impl& s = *impl_;
  s.running = std::make_unique<impl::phase_run>();
  impl::phase_run& r = *s.running;
  r.phase = phase;
  r.marks = marks;
  s.phase_name = phase.name;
  const step_context ctx = s.context();
  // neurogenesis: births of this phase, excitability of young neurons (on resuming: in the checkpoint)
  if (!resume) s.births->start_phase(r.phase, ctx);
  s.after_rewiring();
  // Stimuli: plain ones on for the whole phase, pattern stimuli during their presentations (phase_stimuli.hpp).
  r.n = s.clk.steps(phase.duration);
  if (resume) s.phases_started = resume->phase_index;
  r.index = s.phases_started;
  r.stimuli = s.stimuli_of(r);
  r.origin = s.clk.step;
  for (auto& m : s.modulators) m->on_phase(phase.name, s.phases_started);  // group rewards: their phases
  ++s.phases_started;
  r.stimuli->apply(0, ctx);
  for (auto& proj : s.projections)
    for (const auto& rule : proj->rules()) rule->on_phase(r.phase);
  for (auto& h : s.homeostats) h->on_phase(r.phase);
  s.plan_edges(r);
  r.applied.assign(r.phase.changes.size(), 0);
  for (auto& p : s.populations) r.pops.push_back(p.get());
  for (auto& p : s.projections) r.projs.push_back(p.get());
  r.slow = phase.slow_step > 0.0 ? std::max<std::int64_t>(1, s.clk.steps(phase.slow_step)) : 0;
  // Resuming at step `at` of the phase: the parameter changes up to it (in the order of their steps; parameters are
  // not in the checkpoint), the stimuli as they are then, and the saved state over all of it. Step `at` is then an
  // edge whose changes and marks were done before the checkpoint.
  if (resume) {
    r.at = std::clamp<std::int64_t>(resume->at, 0, r.n);
    std::vector<std::int64_t> done(r.change_steps.begin(), r.change_steps.end());
    std::sort(done.begin(), done.end());
    done.erase(std::unique(done.begin(), done.end()), done.end());
    for (std::int64_t c : done)
      if (c <= r.at) s.apply_changes(r, c);
    if (r.at > 0 && r.at < r.n) r.stimuli->apply(r.at, s.context());
    resume->load();
    r.origin = s.clk.step - r.at;
    if (r.at > 0 && r.at < r.n) r.stimuli->resume_drive(r.at, {s.clk.step - 1, s.clk.dt, s.spec.seed});
    s.ckpt_next = s.next_ckpt_step();
    s.plan_edges(r);
    r.resumed = true;
  }
}

std::int64_t simulation::continue_phase(std::int64_t until) {
  impl& s = *impl_;
  if (!s.running) throw error("continue_phase: no phase is begun");
  impl::phase_run& r = *s.running;
  until = std::min(until, r.n);
  // Interventions (spec/interventions.hpp) act in windows [start, stop) of the phase. The phase runs in
  // segments between the steps where a stimulus changes or a window begins or ends; at each window edge every
  // intervention is undone and those whose window covers the next segment are applied again (so overlapping
  // windows compose in any order). Lesions apply once, for good. Marks are edges too (called before the segment
  // that starts at their step; at the phase's end after the last one). Slow hooks tick on the global clock
  // (for_each_slow_tick), so splitting a phase into segments changes nothing. Parameter changes ([[phase]] set) are
  // edges too: applied before the step of their time, before anything else of that step (marks, interventions,
  // stimuli that change then, step 0 of advance()). A pause (until) ends a segment before its edge is handled.
  while (r.at < until) {
    // A checkpoint is taken at an edge (a window edge, or one made for it): the interventions are undone while it is
    // written, so that it holds the network without them, and applied again after it.
    const bool window_edge = r.edges[r.edge] == r.at;
    const bool checkpoint = !r.resumed && s.ckpt_pending();
    if (window_edge || checkpoint || r.resumed) {
      if (window_edge) s.apply_changes(r, r.at);  // after resuming: only those added since (update_phase)
      if (window_edge && !r.resumed) s.call_marks(r, r.at);
      remove_interventions(r.undo);
      if (checkpoint) s.take_checkpoint(r.at);
      s.apply_interventions(r, true);
      if (window_edge) ++r.edge;
      r.resumed = false;
    }
    const std::int64_t next = std::min(r.stimuli->next_change(r.at), r.edges[r.edge]);
    r.at += r.slow > 0 ? s.run_slow(next - r.at, r.slow, until - r.at)
                       : s.run_steps(std::min(next, until) - r.at, std::min(next, until) == r.n);
    if (r.at < r.n) r.stimuli->apply(r.at, s.context());
  }
  return r.at;
}

void simulation::end_phase() {
  impl& s = *impl_;
  if (!s.running) throw error("end_phase: no phase is begun");
  impl::phase_run& r = *s.running;
  if (r.at < r.n) throw error("end_phase: the phase '" + r.phase.name + "' has not run its length");
  if (r.n == 0) s.run_steps(0);
  s.apply_changes(r, r.n);  // those at the phase's end hold from the next phase on
  s.sync();  // MPI: what follows the phase reads every neuron and synapse
  s.check_finite(s.clk.step, true);  // no phase ends with a NaN or ±inf
  s.call_marks(r, r.n);
  remove_interventions(r.undo);
  r.stimuli->apply(r.n, s.context());
  s.running.reset();
}

bool simulation::in_phase() const { return static_cast<bool>(impl_->running); }
std::int64_t simulation::phase_step() const { return impl_->running ? impl_->running->at : 0; }
std::int64_t simulation::phase_steps() const { return impl_->running ? impl_->running->n : 0; }

void simulation::update_phase(const phase_spec& edited) {
  impl& s = *impl_;
  if (!s.running) throw error("update_phase: no phase is begun");
  impl::phase_run& r = *s.running;
  // A change due now that was applied already (after resuming, or by checkpoint_now) is matched by key and step.
  std::vector<std::string> applied_now;
  for (std::size_t k = 0; k < r.phase.changes.size(); ++k)
    if (r.applied[k] && r.change_steps[k] == r.at) applied_now.push_back(r.phase.changes[k].key);
  r.phase.changes = edited.changes;
  r.phase.interventions = edited.interventions;
  if (edited.stimuli.size() > r.phase.stimuli.size()) {  // stimuli appended: those before stay as they are
    r.phase.stimuli = edited.stimuli;
    std::unique_ptr<phase_stimuli> appended = s.stimuli_of(r);
    appended->continue_from(*r.stimuli);
    r.stimuli = std::move(appended);
    r.stimuli->apply(r.at, s.context());
  }
  s.plan_edges(r);
  r.applied.assign(r.phase.changes.size(), 0);
  for (std::size_t k = 0; k < r.phase.changes.size(); ++k) {
    if (r.change_steps[k] < r.at) r.applied[k] = 1;  // in the past: done
    if (r.change_steps[k] != r.at) continue;
    const auto it = std::find(applied_now.begin(), applied_now.end(), r.phase.changes[k].key);
    if (it == applied_now.end()) continue;
    r.applied[k] = 1;
    applied_now.erase(it);
  }
}

void simulation::checkpoint_now(const std::function<void(std::int64_t at)>& write) {
  impl& s = *impl_;
  if (!s.running) throw error("checkpoint_now: no phase is begun");
  impl::phase_run& r = *s.running;
  s.apply_changes(r, r.at);
  remove_interventions(r.undo);
  write(r.at);
  s.apply_interventions(r, false);
}

void simulation::apply_change(const param_change& c) { impl_->apply_change(c); }

void simulation::add_monitor(const monitor_spec& m) {
  impl& s = *impl_;
  s.rec->add(m, s.populations, s.projections, &s.sig);
  if (s.started) s.rec->start(s.clk.step);  // its initial sample (the others have theirs)
}

void simulation::set_checkpointing(checkpointing c) {
  impl& s = *impl_;
  if (s.ranks && c.write)
    throw error("checkpoints of a run shared among processes (mpirun -n K): not supported yet; run it without "
                "--checkpoint options (Ctrl-C then writes none)");
  s.ckpt = std::move(c);
  s.ckpt_on = static_cast<bool>(s.ckpt.write);
  s.ckpt_requested = s.stop_after_ckpt = false;
  s.ckpt_next = s.next_ckpt_step();
  s.last_ckpt_wall = std::chrono::steady_clock::now() -
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(s.ckpt.wall_elapsed));
}

void simulation::visit_state(state_visitor& v) {
  impl& s = *impl_;
  {
    const auto run = v.scope("run");
    v.scalar("step", s.clk.step);
    std::uint64_t schedule_next = s.schedule_next;
    v.scalar("schedule_next", schedule_next);
    s.schedule_next = schedule_next;
    v.fixed("spike_counts", s.spike_counts);
    v.scalar("phases_started", s.phases_started);
    v.flag("started", s.started);
    v.scalar("next_watch", s.next_watch);
    const auto guard = v.scope("finite_guard");
    s.guard->visit_state(v);
  }
  {
    const auto sig = v.scope("signals");
    s.sig.visit_state(v);
  }
  for (auto& pop : s.populations) {
    const auto p = v.scope("populations/" + pop->name());
    pop->visit_state(v);
  }
  for (auto& proj : s.projections) {
    const auto p = v.scope("projections/" + proj->name());
    proj->visit_state(v);
  }
  for (std::size_t k = 0; k < s.modulators.size(); ++k) {
    const auto m = v.scope("modulators/" + s.spec.modulators[k].name);
    s.modulators[k]->visit_state(v);
  }
  for (std::size_t k = 0; k < s.homeostats.size(); ++k) {
    const auto h = v.scope("homeostats/" + std::to_string(k));
    s.homeostats[k]->visit_state(v);
  }
  for (excitability_drive& d : s.drives) {
    const auto e = v.scope("excitability/" + d.population_name());
    d.visit_state(v);
  }
  {
    const auto b = v.scope("neurogenesis");
    s.births->visit_state(v);
  }
  const auto r = v.scope("monitors");
  s.rec->visit_state(v);
}

void simulation::set_threads(unsigned n) {
  if (impl_->ranks && n > 1) throw error("--threads with MPI (mpirun -n K): not supported yet; run one thread per process");
  if (!impl_->ranks) impl_->set_threads(n);
}
unsigned simulation::threads() const { return impl_->pool ? static_cast<unsigned>(impl_->pool->size()) : 1u; }
std::uint64_t simulation::parallel_parts() const { return impl_->pool ? impl_->pool->tasks() : 0; }

void simulation::set_stop_check(stop_fn fn) {
  impl_->stop = std::move(fn);
  impl_->last_poll = impl_->last_clock = std::chrono::steady_clock::now();
}

void simulation::set_progress(progress_fn fn, double total_duration) {
  impl_->progress = std::move(fn);
  impl_->progress_total = total_duration;
  impl_->progress_origin = impl_->clk.step;
  impl_->wall_start = impl_->last_report = std::chrono::steady_clock::now();
}

std::uint64_t simulation::spike_count(const std::string& population) const {
  for (std::size_t p = 0; p < impl_->populations.size(); ++p)
    if (impl_->populations[p]->name() == population) return impl_->spike_counts[p];
  throw error("no population named '" + population + "'");
}

const std::vector<reward_trial>& simulation::reward_trials(const std::string& modulator) const {
  for (const auto& m : impl_->modulators)
    if (m->name() == modulator) return m->trials();
  throw error("reward_trials: there is no modulator named '" + modulator + "'");
}

std::uint64_t simulation::synapse_count() const { return impl_->synapse_count(); }
double simulation::mean_weight(const projection& p) { return impl_->mean_weight(p); }

run_results simulation::collect_results(double wall_time) {
  impl_->sync();
  if (impl_->distributed()) impl_->ranks->report();
  impl_->rec->finish(impl_->clk.step);
  run_results r = impl_->results_header(wall_time);
  impl_->rec->move_into(r);
  return r;
}

run_results simulation::results_so_far(double wall_time) const {
  impl_->sync();
  run_results r = impl_->results_header(wall_time);
  impl_->rec->copy_into(r);
  return r;
}

}  // namespace plastix
