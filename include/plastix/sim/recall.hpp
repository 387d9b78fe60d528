// Recall of memory patterns ([[analysis]] type = "recall"): after the run, every presentation of a partial cue of
// the analysed [[patterns]] set in a scored phase (in a phase without partial cues: every presentation of a
// pattern of the set) is scored from the spikes the population fired during it
// (stimulus/patterns.hpp score_recall: overlap, hit, false_alarm, false_recall). The activity of neuron i is its
// rate in the window [onset + delay, end of the presentation) [Hz]; it is active at ≥ active_rate.
//
// Tables:
//   <table>                one row per scored phase, in the order of `phases` (default: the phases with a partial
//                          cue of the set, in run order): [column,] t_s (phase start), recall, hit, false_alarm,
//                          false_recall (means over the phase's presentations), presentations, and with a
//                          threshold: recalled (the number of patterns presented in the phase whose mean overlap
//                          over their presentations there is >= threshold), and with strict_hit:
//                          recalled_strict (those whose mean hit is >= strict_hit and mean false_alarm
//                          < strict_false_alarm: completed almost wholly, few other neurons active)
//   <table>_presentations  one row per scored presentation: t_s (onset), phase (index in the run), pattern, cued,
//                          recall, hit, false_alarm, false_recall
//   patterns_<set>         the patterns: one row per (pattern, neuron) with the neuron's position in cue order
// Metrics: recall.<table> (mean overlap over every scored presentation), and per scored phase P
//   recall.<table>.<P>, hit.<table>.<P>, false_alarm.<table>.<P>, false_recall.<table>.<P>, and with a threshold
//   recalled.<table>.<P>; with strict_hit recalled_strict.<table>.<P>.
#pragma once
#include "plastix/record/monitors.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

void recall_analysis(const analysis_spec& a, const experiment_spec& spec, run_results& results);

}  // namespace plastix
