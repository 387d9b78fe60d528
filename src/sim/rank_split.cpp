#include "rank_split.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "plastix/core/error.hpp"
#include "plastix/core/partition.hpp"
#include "plastix/core/state_visitor.hpp"
#include "plastix/synapse/rule.hpp"

namespace plastix {

namespace {

// Whether population p is split over more than one rank (the first range does not hold it all).
bool split(const std::vector<std::uint32_t>& b, std::size_t n) { return b[1] < n; }

// The boundaries of the ranks of T threads each: every T-th boundary of their threads' parts.
std::vector<std::uint32_t> rank_bounds(const std::vector<std::uint32_t>& parts, std::size_t threads) {
  std::vector<std::uint32_t> b;
  for (std::size_t k = 0; k < parts.size(); k += threads) b.push_back(parts[k]);
  return b;
}

std::size_t index_of(const std::vector<std::unique_ptr<population>>& populations, const population& p) {
  for (std::size_t k = 0; k < populations.size(); ++k)
    if (populations[k].get() == &p) return k;
  throw error("internal: a projection onto a population that is not in the network");
}

// Whether the gathering (sync_state), which tells a projection's per-synapse and per-post-neuron arrays apart by their
// length, could mistake one for the other: as many synapses as post neurons, not synapse s onto post neuron s. (A
// process's share is not gathered.)
bool lengths_ambiguous(const projection& proj) {
  if (proj.kept_part() || proj.size() != proj.post().size()) return false;
  const index_view post_of = proj.post_index();
  for (std::size_t s = 0; s < proj.size(); ++s)
    if (post_of[s] != s) return true;
  return false;
}

}  // namespace

std::string replicated_because(const std::vector<std::unique_ptr<population>>& populations,
                               const std::vector<std::unique_ptr<projection>>& projections, int ranks,
                               std::size_t threads, const std::vector<bool>& rate_inputs,
                               const std::vector<bool>& in_parts) {
  // (Intrinsic plasticity does not keep a run whole: every process counts every neuron's spikes, all exchanged at
  // each step, and sets the same bias currents. Nor does neurogenesis: every process holds every synapse and wires
  // in the same held-back synapses at a birth, whose neurons' spikes it discards until then.)
  std::vector<bool> is_split(populations.size());
  for (std::size_t p = 0; p < populations.size(); ++p) {
    const population& pop = *populations[p];
    is_split[p] = split(rank_bounds(split_range(pop.size(), static_cast<std::size_t>(ranks) * threads), threads),
                        pop.size());
    if (!is_split[p]) continue;
    if (rate_inputs[p]) return "population '" + pop.name() + "' has rate inputs";
    // A spike source is updated whole on every rank (the same spikes: its random streams are per neuron); it
    // receives nothing through receptors.
    if (!in_parts[p] && !pop.is_source())
      return "population '" + pop.name() + "' (" + pop.model_name() +
             ") is not updated in parts (only membrane models with plain conductance receptors are)";
  }
  for (const auto& proj : projections) {
    for (const auto& rule : proj->rules()) {
      if (rule->distributes()) continue;
      const std::string which = std::string("rule '") + rule->name() + "' of projection '" + proj->name() + "' ";
      if (!rule->splits_by_target()) return which + "does not split by target neuron";
      return which + "is not split among processes";
    }
    const std::size_t post = index_of(populations, proj->post());
    if (!is_split[post]) continue;
    if (!proj->splits_by_target())
      return "projection '" + proj->name() + "' cannot be split by target neuron";
    if (lengths_ambiguous(*proj))
      return "projection '" + proj->name() + "' has as many synapses as post neurons, not one onto each";
  }
  return {};
}

std::string whole_storage_because(const experiment_spec& spec,
                                  const std::vector<std::unique_ptr<projection>>& projections) {
  if (!spec.start_from.empty()) return "a warm start (start_from) loads every synapse";
  const auto is_projection = [&](const std::string& name) {
    for (const projection_spec& ps : spec.network.projections)
      if (ps.name == name) return true;
    return false;
  };
  for (const monitor_spec& m : spec.monitors)  // weights monitors: complete_sample
    if (m.type != monitor_spec::kind::weights && is_projection(m.target))
      return "monitor '" + (m.name.empty() ? m.target : m.name) + "' records projection '" + m.target + "'";
  for (const analysis_spec& a : spec.analyses)
    if (is_projection(a.projection)) return "an analysis reads projection '" + a.projection + "'";
  // Rewiring, known from the description before anything is built: every process rewires the whole projection
  // alike (a rule: from the owners' gathered state; neurogenesis: from the synapses held back for the unborn).
  for (const projection_spec& ps : spec.network.projections)
    for (const rule_spec& r : ps.plasticity)
      if (rewires_synapses(r.params))
        return "rule '" + rule_name(r.params) + "' of projection '" + ps.name + "' rewires it";
  for (const population_spec& pop : spec.network.populations)
    if (pop.neurogenesis.unborn > 0) return "neurogenesis in population '" + pop.name + "' rewires the network";
  for (const auto& proj : projections)
    for (const auto& rule : proj->rules())
      if (rule->reports_over_synapses())
        return std::string("rule '") + rule->name() + "' of projection '" + proj->name() +
               "' reports over all its synapses";
  return {};
}

std::pair<std::uint32_t, std::uint32_t> owned_range(std::size_t n, int ranks, std::size_t threads, int rank) {
  const std::vector<std::uint32_t> b =
      rank_bounds(split_range(n, static_cast<std::size_t>(ranks) * threads), threads);
  return {b[static_cast<std::size_t>(rank)], b[static_cast<std::size_t>(rank) + 1]};
}

rank_split::rank_split(std::shared_ptr<communicator> comm, const std::vector<std::unique_ptr<population>>& populations,
                       const std::vector<std::unique_ptr<projection>>& projections, std::string why_not,
                       std::size_t threads)
    : comm_(std::move(comm)), populations_(populations), projections_(projections), why_not_(std::move(why_not)),
      threads_(std::max<std::size_t>(1, threads)) {
  const auto ranks = static_cast<std::size_t>(size());
  for (const auto& p : populations_) {
    part_bounds_.push_back(split_range(p->size(), ranks * threads_));
    bounds_.push_back(rank_bounds(part_bounds_.back(), threads_));
  }
  for (const auto& proj : projections_) {
    post_of_.push_back(index_of(populations_, proj->post()));
    seen_generation_.push_back(proj->generation());
  }
}

void rank_split::exchange_spikes(std::span<std::vector<std::uint32_t>* const> lists, std::size_t steps) {
  // This rank's lists, each as its length, then its neurons.
  std::size_t words = lists.size();
  for (const auto* list : lists) words += list->size();
  send_.reset(words * sizeof(std::uint32_t));
  char* at = send_.data();
  for (const auto* list : lists) {
    const auto n = static_cast<std::uint32_t>(list->size());
    std::memcpy(at, &n, sizeof n);
    std::memcpy(at + sizeof n, list->data(), n * sizeof(std::uint32_t));
    at += (1 + n) * sizeof(std::uint32_t);
  }
  std::vector<std::size_t> counts;
  const auto t0 = std::chrono::steady_clock::now();
  if (timed_) comm_->barrier();
  const auto t1 = std::chrono::steady_clock::now();
  comm_->allgather(send_.bytes(), counts, scratch_);
  const auto t2 = std::chrono::steady_clock::now();
  ++exchanges_;
  steps_ += steps;
  bytes_ += scratch_.size();
  wait_s_ += std::chrono::duration<double>(t1 - t0).count();
  exchange_s_ += std::chrono::duration<double>(t2 - t1).count();
  // Rank r's lists begin at from[r]; list i is rank 0's list i, then rank 1's, ...
  std::vector<const char*> from(counts.size()), end(counts.size());
  for (std::size_t r = 0, offset = 0; r < counts.size(); offset += counts[r], ++r) {
    from[r] = scratch_.data() + offset;
    end[r] = from[r] + counts[r];
  }
  for (auto* list : lists) {
    list->clear();
    for (std::size_t r = 0; r < counts.size(); ++r) {
      std::uint32_t n = 0;
      if (from[r] + sizeof n > end[r]) throw error("MPI: the spike lists of the ranks differ");
      std::memcpy(&n, from[r], sizeof n);
      if (from[r] + (1 + n) * sizeof(std::uint32_t) > end[r]) throw error("MPI: the spike lists of the ranks differ");
      const std::size_t had = list->size();
      list->resize(had + n);
      std::memcpy(list->data() + had, from[r] + sizeof n, n * sizeof(std::uint32_t));
      from[r] += (1 + n) * sizeof(std::uint32_t);
    }
  }
  for (std::size_t r = 0; r < counts.size(); ++r)
    if (from[r] != end[r]) throw error("MPI: the spike lists of the ranks differ");
}

const std::vector<rank_split::owned_run>& rank_split::synapse_runs(std::size_t j) {
  if (synapse_runs_.size() != projections_.size()) {
    synapse_runs_.assign(projections_.size(), {});
    runs_generation_.assign(projections_.size(), not_found);
  }
  projection& proj = *projections_[j];
  if (runs_generation_[j] != proj.generation()) {  // first asked, or rewired since (structural plasticity)
    runs_generation_[j] = proj.generation();
    auto& runs = synapse_runs_[j];
    runs.clear();
    proj.for_each_part_run([&](std::uint32_t begin, std::uint32_t end, std::size_t part) {
      const std::size_t owner = part / threads_;
      if (begin == end) return;
      if (!runs.empty() && runs.back().owner == owner && runs.back().end == begin) runs.back().end = end;
      else runs.push_back({begin, end, owner});
    });
  }
  return synapse_runs_[j];
}

bool rank_split::rewired() {
  bool any = false;
  for (std::size_t j = 0; j < projections_.size(); ++j) {
    const projection& proj = *projections_[j];
    if (proj.generation() == seen_generation_[j]) continue;
    seen_generation_[j] = proj.generation();
    any = true;
    if (split(bounds_[post_of_[j]], proj.post().size()) && lengths_ambiguous(proj))
      throw error("MPI: projection '" + proj.name() + "' was rewired to as many synapses as post neurons (" +
                  std::to_string(proj.size()) + "), not one onto each: its per-synapse and per-neuron state " +
                  "cannot be told apart when gathered; run it in one process (with --threads)");
  }
  return any;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> rank_split::owned_neurons() const {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> owned;
  const auto me = static_cast<std::size_t>(rank());
  for (const auto& b : bounds_) owned.emplace_back(b[me], b[me + 1]);
  return owned;
}

std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> rank_split::owned_synapses() {
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> owned(projections_.size());
  const auto me = static_cast<std::size_t>(rank());
  for (std::size_t j = 0; j < projections_.size(); ++j) {
    if (!split(bounds_[post_of_[j]], projections_[j]->post().size())) {  // not split: every rank has it all
      owned[j].emplace_back(0u, static_cast<std::uint32_t>(projections_[j]->size()));
      continue;
    }
    for (const owned_run& run : synapse_runs(j))
      if (run.owner == me) owned[j].emplace_back(run.begin, run.end);
  }
  return owned;
}

void rank_split::keep_own_synapses(const step_context& ctx) {
  const auto me = static_cast<std::size_t>(rank());
  for (std::size_t j = 0; j < projections_.size(); ++j) {
    const std::vector<std::uint32_t>& b = bounds_[post_of_[j]];
    if (split(b, projections_[j]->post().size()) && !projections_[j]->kept_part())  // (not built as a share)
      projections_[j]->keep_onto(b[me], b[me + 1], ctx);
  }
  synapse_runs_.clear();  // computed again from the kept synapses
}

exact_sum rank_split::sum(const exact_sum& mine) {
  const auto words = mine.to_words();
  std::vector<std::size_t> counts;
  const std::vector<char> all =
      comm_->allgather({reinterpret_cast<const char*>(words.data()), sizeof words}, counts);
  exact_sum total;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    if (counts[r] != sizeof words) throw error("internal: MPI: the ranks' sums differ in size");
    std::array<std::uint64_t, exact_sum::words> w{};
    std::memcpy(w.data(), all.data() + r * sizeof words, sizeof words);
    total.merge(exact_sum::from_words(w));
  }
  return total;
}

void rank_split::complete_sample(const projection& proj, std::span<double> sample,
                                 std::span<const std::uint32_t> posts) {
  const std::vector<std::uint32_t>& b = bounds_[index_of(populations_, proj.post())];
  const auto owner = [&](std::uint32_t i) {  // the rank whose neurons [b[r], b[r + 1]) hold i
    return static_cast<std::size_t>(std::upper_bound(b.begin(), b.end(), i) - b.begin()) - 1;
  };
  const auto me = static_cast<std::size_t>(rank());
  std::vector<double> mine;
  for (std::size_t k = 0; k < sample.size(); ++k)
    if (owner(posts[k]) == me) mine.push_back(sample[k]);
  std::vector<std::size_t> counts;
  comm_->allgather({reinterpret_cast<const char*>(mine.data()), mine.size() * sizeof(double)}, counts, scratch_);
  std::vector<const char*> from(counts.size());
  for (std::size_t r = 0, offset = 0; r < counts.size(); offset += counts[r], ++r) from[r] = scratch_.data() + offset;
  for (std::size_t k = 0; k < sample.size(); ++k) {  // in the monitor's order, each value from its owner's list
    const std::size_t r = owner(posts[k]);
    std::memcpy(&sample[k], from[r], sizeof(double));
    from[r] += sizeof(double);
  }
}

void rank_split::describe_synapses(const projection& proj, std::span<const std::uint32_t> local,
                                   std::vector<std::uint32_t>& pre, std::vector<std::uint32_t>& post,
                                   std::vector<std::int32_t>& delays) {
  struct described {
    std::uint64_t k;
    std::uint32_t pre, post;
    std::int32_t delay;
  };
  std::vector<described> mine;
  for (std::size_t k = 0; k < local.size(); ++k)
    if (local[k] != new_synapse) {
      const std::uint32_t s = local[k];
      mine.push_back({k, proj.pre_of(s), proj.post_index()[s], proj.delay(s)});
    }
  std::vector<std::size_t> counts;
  comm_->allgather({reinterpret_cast<const char*>(mine.data()), mine.size() * sizeof(described)}, counts, scratch_);
  const std::size_t n = local.size();
  pre.assign(n, 0);
  post.assign(n, 0);
  delays.assign(n, 0);
  std::vector<std::uint8_t> seen(n, 0);
  for (std::size_t at = 0; at + sizeof(described) <= scratch_.size(); at += sizeof(described)) {
    described d;
    std::memcpy(&d, scratch_.data() + at, sizeof d);
    if (d.k >= n || seen[d.k]++) throw error("internal: MPI: a recorded synapse of '" + proj.name() + "' held twice");
    pre[d.k] = d.pre;
    post[d.k] = d.post;
    delays[d.k] = d.delay;
  }
  for (std::size_t k = 0; k < n; ++k)
    if (!seen[k]) throw error("internal: MPI: a recorded synapse of '" + proj.name() + "' held by no process");
}

finite_guard::found rank_split::combine(const finite_guard::found& mine) {
  std::vector<std::size_t> counts;
  const std::vector<char> all = comm_->allgather({reinterpret_cast<const char*>(&mine), sizeof mine}, counts);
  finite_guard::found total;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    finite_guard::found f;
    std::memcpy(&f, all.data() + r * sizeof f, sizeof f);
    if (f.count == 0) continue;
    if (total.count == 0 || f.first < total.first) {
      const std::uint64_t count = total.count;
      total = f;
      total.count = count;
    }
    total.count += f.count;
  }
  return total;
}

void rank_split::report() {
  if (!timed_) return;
  // The synapses each process holds (all of them unless storage is shared out): collective, before rank 0 prints.
  std::uint64_t held = 0, whole = 0;
  for (const auto& proj : projections_) {
    held += proj->size();
    whole += proj->whole_size();
  }
  std::vector<std::size_t> counts;
  const std::vector<char> all = comm_->allgather({reinterpret_cast<const char*>(&held), sizeof held}, counts);
  if (rank() != 0) return;
  std::string each;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    std::uint64_t n = 0;
    std::memcpy(&n, all.data() + r * sizeof n, sizeof n);
    each += (r > 0 ? ", " : "") + std::to_string(n);
  }
  std::fprintf(stderr, "plastix: MPI storage: synapses held by each process: %s (of %llu)\n", each.c_str(),
               static_cast<unsigned long long>(whole));
  const double n = static_cast<double>(std::max<std::uint64_t>(1, steps_));
  std::fprintf(stderr, "plastix: MPI timing: %d processes, %llu spike exchanges for %llu steps: %.2f us per step "
               "exchanging (%.1f bytes gathered per step), %.2f us per step waiting for the slowest process; %llu "
               "state gathers: %.4f s\n", size(), static_cast<unsigned long long>(exchanges_),
               static_cast<unsigned long long>(steps_), exchange_s_ / n * 1e6, static_cast<double>(bytes_) / n,
               wait_s_ / n * 1e6, static_cast<unsigned long long>(syncs_), sync_s_);
}

void rank_split::sync_state() {
  const auto started = std::chrono::steady_clock::now();
  struct timer {  // counts the gather whichever way it ends
    rank_split& s;
    std::chrono::steady_clock::time_point t0;
    ~timer() {
      ++s.syncs_;
      s.sync_s_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
  } timing{*this, started};
  // Saved arrays of every population and projection; which of them are owned is told by their length. A list of
  // lists (state_visitor::nested: "<name>.lengths" and "<name>.values") is owned list by list, as its lengths are.
  const std::size_t np = populations_.size();
  std::vector<state_archive> saved(np + projections_.size());
  for (std::size_t k = 0; k < saved.size(); ++k) {  // the fixed arrays as views: gathered in place, not copied
    state_visitor v(saved[k], false, state_visitor::views);
    if (k < np) populations_[k]->visit_state(v);
    else projections_[k - np]->visit_state(v);
  }
  const auto ranks = static_cast<std::size_t>(size());
  std::vector<std::vector<owned_run>> neuron_runs(np);
  for (std::size_t p = 0; p < np; ++p)
    for (std::size_t r = 0; r < ranks; ++r) neuron_runs[p].push_back({bounds_[p][r], bounds_[p][r + 1], r});
  const auto runs_of = [&](std::size_t k, std::size_t count) -> const std::vector<owned_run>* {
    if (k < np) {
      return split(bounds_[k], populations_[k]->size()) && count == populations_[k]->size() ? &neuron_runs[k] : nullptr;
    }
    const std::size_t j = k - np;
    const projection& proj = *projections_[j];
    if (proj.kept_part()) return nullptr;  // it holds only its own synapses, and nothing reads its other state whole
    const std::size_t post = post_of_[j];
    if (!split(bounds_[post], proj.post().size())) return nullptr;
    if (count == proj.post().size()) return &neuron_runs[post];
    if (count != proj.size()) return nullptr;
    if (proj.size() > 0 && synapse_runs(j).empty()) throw error("internal: MPI: projection '" + proj.name() + "' is not cut by rank");
    return &synapse_runs(j);
  };
  // The owned items: an array (run by run) or a nested list (list by list: its length, then its values).
  struct item {
    state_archive::entry* values;
    state_archive::entry* lengths = nullptr;  // a nested list's
    const std::vector<owned_run>* runs = nullptr;
    std::vector<std::uint64_t> starts;  // a nested list's: where each list begins in values
  };
  const auto ends_with = [](const std::string& s, const std::string& end) {
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
  };
  std::vector<item> items;
  for (std::size_t k = 0; k < saved.size(); ++k)
    for (auto& [name, e] : saved[k].entries) {
      if (ends_with(name, ".values")) continue;  // with its lengths
      item it{&e, nullptr, nullptr, {}};
      if (ends_with(name, ".lengths")) {
        const auto values = saved[k].entries.find(name.substr(0, name.size() - 8) + ".values");
        if (values != saved[k].entries.end() && e.type == state_type::u64) {
          it.lengths = &e;
          it.values = &values->second;
        }
      }
      it.runs = runs_of(k, e.count);
      if (!it.runs) continue;
      if (it.lengths) {
        const auto* len = reinterpret_cast<const std::uint64_t*>(it.lengths->bytes.data());
        it.starts.assign(e.count + 1, 0);
        for (std::size_t i = 0; i < e.count; ++i) it.starts[i + 1] = it.starts[i] + len[i];
      }
      items.push_back(std::move(it));
    }
  // This rank's part: the values of each run it owns (an array), or each list's length and values (a nested list).
  const std::size_t me = static_cast<std::size_t>(rank());
  std::size_t bytes = 0;
  for (const item& it : items) {
    const std::size_t w = state_type_size(it.values->type);
    for (const owned_run& run : *it.runs) {
      if (run.owner != me) continue;
      bytes += it.lengths ? (run.end - run.begin) * sizeof(std::uint64_t) + (it.starts[run.end] - it.starts[run.begin]) * w
                          : (run.end - run.begin) * w;
    }
  }
  std::vector<std::size_t> counts;
  comm_->allgather_in_place(bytes, [&](char* at) {  // this rank's part, written straight to its place
    for (const item& it : items) {
      const std::size_t w = state_type_size(it.values->type);
      for (const owned_run& run : *it.runs) {
        if (run.owner != me) continue;
        if (!it.lengths) {
          std::memcpy(at, it.values->data() + run.begin * w, (run.end - run.begin) * w);
          at += (run.end - run.begin) * w;
          continue;
        }
        for (std::size_t i = run.begin; i < run.end; ++i) {
          const std::uint64_t n = it.starts[i + 1] - it.starts[i];
          std::memcpy(at, &n, sizeof n);
          std::memcpy(at + sizeof n, it.values->data() + it.starts[i] * w, n * w);
          at += sizeof n + n * w;
        }
      }
    }
  }, counts, scratch_);
  std::vector<const char*> from(counts.size());
  for (std::size_t r = 0, offset = 0; r < counts.size(); offset += counts[r], ++r) from[r] = scratch_.data() + offset;
  for (item& it : items) {
    const std::size_t w = state_type_size(it.values->type);
    if (!it.lengths) {
      for (const owned_run& run : *it.runs) {
        if (run.owner != me)  // this rank's own values are where they were
          std::memcpy(it.values->data() + run.begin * w, from[run.owner], (run.end - run.begin) * w);
        from[run.owner] += (run.end - run.begin) * w;
      }
      continue;
    }
    std::vector<char> values;
    auto* len = reinterpret_cast<std::uint64_t*>(it.lengths->bytes.data());
    for (const owned_run& run : *it.runs)
      for (std::size_t i = run.begin; i < run.end; ++i) {
        std::uint64_t n = 0;
        std::memcpy(&n, from[run.owner], sizeof n);
        len[i] = n;
        values.insert(values.end(), from[run.owner] + sizeof n, from[run.owner] + sizeof n + n * w);
        from[run.owner] += sizeof n + n * w;
      }
    it.values->bytes = std::move(values);
    it.values->count = it.values->bytes.size() / w;
  }
  for (std::size_t k = 0; k < saved.size(); ++k) {
    state_visitor v(saved[k], true, state_visitor::views);
    if (k < np) populations_[k]->visit_state(v);
    else projections_[k - np]->visit_state(v);
  }
}

}  // namespace plastix
