// Memory patterns: sets of binary patterns over a population ([[patterns]] in experiment files), their
// presentation by phase stimuli (the whole pattern or a partial cue), and the recall scores of the activity that
// a presentation evokes (sim/recall.hpp measures them after a run).
//
// A pattern is a set of neurons (a binary vector ξ over the population: ξ_i = 1 for its neurons). It is stored as
// a list of neuron indices in *cue order*: a partial cue of fraction f presents the first round(f·m) neurons of the
// list (m = pattern size). Random patterns list their neurons in the random order they were drawn, so the cued part
// is a random subset; explicit patterns list them in the order written.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/spec/patterns.hpp"

namespace plastix {

// The neurons of each pattern, in cue order. Random patterns come from the Philox stream
// (seed, patterns, set_index, k) for pattern k — a partial Fisher–Yates shuffle of 0..N−1 whose first m entries
// are the pattern — or, when disjoint, from one shuffle (seed, patterns, set_index, 0) cut into consecutive blocks
// of m. Explicit patterns are returned as given.
std::vector<std::vector<std::uint32_t>> draw_patterns(const pattern_set_spec& p, std::size_t population_size,
                                                      std::uint64_t seed, std::uint32_t set_index);

// Number of neurons a cue of `fraction` presents of a pattern of m neurons: round(fraction·m), at least 1.
std::size_t cue_size(std::size_t m, double fraction);

// One presentation: steps [first, last) counted from the start of its phase, and the presented pattern.
struct presentation {
  std::int64_t first = 0, last = 0;  // [steps from the phase start]
  std::size_t pattern = 0;
};

// The presentations of a pattern stimulus during a phase of `phase_steps` steps: presentation j starts at
// round(j·(on + off)/dt) and lasts round(on/dt) steps (cut at the end of the phase), while it starts inside the
// phase; with on = 0 a single presentation covers the phase. `phase_index` keys the random order. `chosen`, when
// not empty, replaces the range: cycle and random draw from these patterns (in this order) instead.
std::vector<presentation> presentations(const pattern_stimulus& s, std::size_t pattern_count, std::int64_t phase_steps,
                                        double dt, std::uint64_t seed, std::uint32_t phase_index,
                                        std::span<const std::size_t> chosen = {});

// Recall scores of one evoked activity vector (spike counts, or rates, of every neuron of the population) for a
// presentation of pattern k whose first `cued` neurons were driven (cued = m: a full presentation, nothing
// excluded). The *tested* neurons T are all neurons except the cued ones; on them:
//   overlap       Pearson correlation between the activity a_i and the membership ξ_i of pattern k over T, in
//                 [−1, 1]: 1 when the pattern's uncued neurons are uniformly active and the rest uniformly less;
//                 0 (chance) when activity does not depend on membership, and 0 by definition when the activity
//                 is the same on all of T or T holds only members or only non-members.
//   hit           fraction of the uncued pattern neurons that are active (a_i ≥ active)
//   false_alarm   fraction of the neurons outside pattern k that are active
//   false_recall  the largest, over the other patterns j, fraction of the neurons of j (outside pattern k) that
//                 are active: another memory retrieved; 0 with a single pattern
struct recall_score {
  double overlap = 0.0, hit = 0.0, false_alarm = 0.0, false_recall = 0.0;
};
recall_score score_recall(std::span<const double> activity, const std::vector<std::vector<std::uint32_t>>& patterns,
                          std::size_t k, std::size_t cued, double active);

}  // namespace plastix
