#include "plastix/sim/recall.hpp"
#include "plastix/stimulus/patterns.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "phase_stimuli.hpp"
#include "result_statistics.hpp"

namespace plastix {

void recall_analysis(const analysis_spec& a, const experiment_spec& spec, run_results& results) {
  std::size_t set = 0;
  while (spec.patterns.at(set).name != a.patterns) ++set;
  const auto all_patterns = realize_patterns(spec);
  const auto& patterns = all_patterns[set];
  const std::string pop_name = a.population.empty() ? spec.patterns[set].population : a.population;
  const spike_record* spikes = nullptr;
  for (const spike_record& r : results.spikes)
    if (a.spikes.empty() ? r.population == pop_name : r.name == a.spikes) spikes = &r;
  if (!spikes) throw error(a.where, "recall: no spikes were recorded from population '" + pop_name + "'");
  const std::size_t n = results.population_sizes.at(pop_name);
  const double dt = spec.dt;

  // Phase starts in steps (as the simulation rounds them) and the scored phases.
  const std::vector<std::int64_t> start = phase_start_steps(spec);
  std::vector<std::size_t> scored;
  for (std::size_t p = 0; p < spec.phases.size(); ++p) {
    const phase_spec& ph = spec.phases[p];
    const bool listed = std::find(a.phases.begin(), a.phases.end(), ph.name) != a.phases.end();
    const bool cued = std::any_of(ph.stimuli.begin(), ph.stimuli.end(), [&](const stimulus_spec& s) {
      return s.pattern.patterns == a.patterns && s.pattern.fraction < 1.0;
    });
    if (a.phases.empty() ? cued : listed) scored.push_back(p);
  }
  if (!a.phases.empty()) {  // in the order listed
    std::vector<std::size_t> ordered;
    for (const std::string& name : a.phases)
      for (std::size_t p : scored)
        if (spec.phases[p].name == name) ordered.push_back(p);
    scored = ordered;
  }

  const std::int64_t delay = std::llround(a.delay / dt);
  table per_phase, per_presentation;
  if (!a.column.empty()) per_phase.columns.push_back(a.column);
  for (const char* c : {"t_s", "recall", "hit", "false_alarm", "false_recall", "presentations"}) per_phase.columns.emplace_back(c);
  if (a.has_threshold) per_phase.columns.emplace_back("recalled");
  if (a.has_strict) per_phase.columns.emplace_back("recalled_strict");
  per_presentation.columns = {"t_s", "phase", "pattern", "cued", "recall", "hit", "false_alarm", "false_recall"};
  per_phase.data.resize(per_phase.columns.size());
  per_presentation.data.resize(per_presentation.columns.size());
  const std::size_t c0 = a.column.empty() ? 0 : 1;
  double total = 0.0;
  std::size_t total_count = 0;
  std::vector<double> activity;
  for (std::size_t row = 0; row < scored.size(); ++row) {
    const std::size_t p = scored[row];
    const phase_spec& ph = spec.phases[p];
    recall_score sum;
    std::size_t count = 0;
    std::vector<std::pair<double, std::size_t>> per_pattern(patterns.size());  // overlap sum, presentations
    std::vector<std::pair<double, double>> per_pattern_hits(patterns.size());   // hit sum, false-alarm sum
    // The partial cues of the set in this phase; in a phase without one, its full presentations.
    const bool partial = std::any_of(ph.stimuli.begin(), ph.stimuli.end(), [&](const stimulus_spec& s) {
      return s.pattern.patterns == a.patterns && s.pattern.fraction < 1.0;
    });
    std::vector<std::array<std::int64_t, 4>> seen;  // a cue given to several populations at once is scored once
    for (const stimulus_spec& st : ph.stimuli) {
      if (st.pattern.patterns != a.patterns || (partial && !(st.pattern.fraction < 1.0))) continue;
      for (const stimulus_window& w : stimulus_windows(spec, all_patterns, st, start[p + 1] - start[p], static_cast<std::uint32_t>(p))) {
        const std::array<std::int64_t, 4> id{w.first, w.last, static_cast<std::int64_t>(w.pattern),
                                             static_cast<std::int64_t>(w.neurons.size())};
        if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
        seen.push_back(id);
        const std::int64_t from = start[p] + w.first + delay, to = start[p] + w.last;
        if (to <= from) continue;
        rates_in_steps(*spikes, from, to, dt, n, activity);
        const recall_score r = score_recall(activity, patterns, w.pattern, w.neurons.size(), a.active_rate);
        const std::vector<double> row_values{static_cast<double>(start[p] + w.first) * dt * 1e-3, static_cast<double>(p),
                                             static_cast<double>(w.pattern), static_cast<double>(w.neurons.size()),
                                             r.overlap, r.hit, r.false_alarm, r.false_recall};
        for (std::size_t c = 0; c < row_values.size(); ++c) per_presentation.data[c].push_back(row_values[c]);
        per_pattern[w.pattern].first += r.overlap;
        per_pattern_hits[w.pattern].first += r.hit;
        per_pattern_hits[w.pattern].second += r.false_alarm;
        ++per_pattern[w.pattern].second;
        sum.overlap += r.overlap;
        sum.hit += r.hit;
        sum.false_alarm += r.false_alarm;
        sum.false_recall += r.false_recall;
        ++count;
      }
    }
    const double k = count > 0 ? 1.0 / static_cast<double>(count) : 0.0;
    if (!a.column.empty()) per_phase.data[0].push_back(a.values.at(row));
    const std::vector<double> values{static_cast<double>(start[p]) * dt * 1e-3, sum.overlap * k, sum.hit * k,
                                     sum.false_alarm * k, sum.false_recall * k, static_cast<double>(count)};
    for (std::size_t c = 0; c < values.size(); ++c) per_phase.data[c0 + c].push_back(values[c]);
    const std::string suffix = "." + a.table + "." + ph.name;
    if (a.has_threshold) {  // patterns presented in the phase whose mean overlap reaches the threshold
      const auto recalled = std::count_if(per_pattern.begin(), per_pattern.end(), [&](const auto& s) {
        return s.second > 0 && s.first / static_cast<double>(s.second) >= a.threshold;
      });
      per_phase.data[c0 + values.size()].push_back(static_cast<double>(recalled));
      results.metrics["recalled" + suffix] = static_cast<double>(recalled);
    }
    if (a.has_strict) {  // patterns presented in the phase completed almost wholly and with few others active
      std::size_t recalled = 0;
      for (std::size_t q = 0; q < patterns.size(); ++q) {
        const double n = static_cast<double>(per_pattern[q].second);
        if (n > 0 && per_pattern_hits[q].first / n >= a.strict_hit && per_pattern_hits[q].second / n < a.strict_false_alarm)
          ++recalled;
      }
      per_phase.data[c0 + values.size() + (a.has_threshold ? 1 : 0)].push_back(static_cast<double>(recalled));
      results.metrics["recalled_strict" + suffix] = static_cast<double>(recalled);
    }
    results.metrics["recall" + suffix] = values[1];
    results.metrics["hit" + suffix] = values[2];
    results.metrics["false_alarm" + suffix] = values[3];
    results.metrics["false_recall" + suffix] = values[4];
    total += sum.overlap;
    total_count += count;
  }
  results.metrics["recall." + a.table] = total_count > 0 ? total / static_cast<double>(total_count) : 0.0;
  results.tables[a.table] = std::move(per_phase);
  // The patterns themselves, for figures and readers (once per set): one row per (pattern, neuron), in cue order.
  table& members = results.tables["patterns_" + a.patterns];
  if (members.columns.empty()) {
    members.columns = {"pattern", "neuron", "cue_order"};
    members.data.resize(3);
    for (std::size_t k = 0; k < patterns.size(); ++k)
      for (std::size_t j = 0; j < patterns[k].size(); ++j) {
        members.data[0].push_back(static_cast<double>(k));
        members.data[1].push_back(static_cast<double>(patterns[k][j]));
        members.data[2].push_back(static_cast<double>(j));
      }
  }
  results.tables[a.table + "_presentations"] = std::move(per_presentation);
}

}  // namespace plastix
