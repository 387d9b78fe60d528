// The stimuli of one phase over time (private to sim/): a plain stimulus is on for the whole phase; a pattern
// stimulus (stimulus/patterns.hpp) drives the cued neurons of each presented pattern during its presentations and
// is off in between. simulation::run_phase runs the phase in segments between the steps where something changes.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "plastix/neuron/population.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/stimulus/dataset.hpp"

namespace plastix {

// The realized patterns of every [[patterns]] set of spec, in file order (draw_patterns with the set's index). A
// data set has one empty pattern (= every neuron) per image of `images` (its loaded images, in the order of the
// sets; none without them); load_datasets loads them (an empty image_set for the other sets).
std::vector<std::vector<std::vector<std::uint32_t>>> realize_patterns(const experiment_spec& spec,
                                                                      const std::vector<image_set>* images = nullptr);
std::vector<image_set> load_datasets(const experiment_spec& spec);

// When and where one stimulus of a phase is on: windows of steps [first, last) from the phase start, with the
// neurons driven (empty = all).
struct stimulus_window {
  std::int64_t first = 0, last = 0;
  std::size_t pattern = 0;                // pattern stimuli: the presented pattern
  std::vector<std::uint32_t> neurons;
};
// The windows of stimulus `s` in a phase of `steps` steps with index `phase_index` in the experiment. A stimulus
// with `classes` needs `images` (load_datasets), whose labels choose the images it presents.
std::vector<stimulus_window> stimulus_windows(const experiment_spec& spec,
                                              const std::vector<std::vector<std::vector<std::uint32_t>>>& patterns,
                                              const stimulus_spec& s, std::int64_t steps, std::uint32_t phase_index,
                                              const std::vector<image_set>* images = nullptr);
// The images of the range of a data-set stimulus whose label is one of its `classes`, in order (empty without
// classes).
std::vector<std::size_t> images_of_classes(const pattern_stimulus& s, const image_set& images);

class phase_stimuli {
 public:
  using population_of = std::function<population&(const std::string&)>;
  // `images`: the loaded data sets (load_datasets), whose stimuli drive each neuron at value·intensity/full_scale.
  phase_stimuli(const experiment_spec& spec, const std::vector<std::vector<std::vector<std::uint32_t>>>& patterns,
                const std::vector<image_set>& images, const phase_spec& phase, std::int64_t steps,
                std::uint32_t phase_index, population_of find);
  // Brings every stimulus to its state at `step` of the phase (all off at the end of the phase, step ≥ steps).
  void apply(std::int64_t step, const step_context& ctx);
  // The first step after `step` at which some stimulus changes (at most the end of the phase).
  std::int64_t next_change(std::int64_t step) const;
  // Takes over the state of `before`, the stimuli of the same phase before some were appended (a Python session's
  // stimulate, sim/session.hpp): its stimuli are this one's first ones, and stay as they are; apply() then turns on
  // the appended ones whose window has begun.
  void continue_from(const phase_stimuli& before);

  // Varying currents (stimulus_spec::varies: noise, sine), at step 0 of simulation::advance for `step` of the phase
  // (ctx: that step): each driven neuron's i_ext changes by the difference between its current now and the one
  // applied before (so that they add up with every other current). The noise is ξ = N(0, 1) from the counter-based
  // stream (seed, stimulus, phase index · 4096 + stimulus index + 2^23, neuron) at positions 2k, 2k + 1 (Box–Muller),
  // k the noise interval counted from the stimulus's start: the same for any split of the run. Nothing to do (and
  // no cost) without varying currents.
  void drive(std::int64_t step, const step_context& ctx);
  // After a checkpoint was loaded at `step` of the phase (i_ext as it was, apply(step) done): what is applied in
  // i_ext is what drive(step − 1) applied when the window that is on now was on then (ctx: step − 1).
  void resume_drive(std::int64_t step, const step_context& ctx);

 private:
  struct item {
    const stimulus_spec* spec;
    population* pop;
    const image_set* images;  // a data set's images (nullptr for other stimuli)
    std::vector<stimulus_window> windows;
    std::ptrdiff_t active = -1;  // the window that is on, −1 = off
    // Varying currents only:
    std::vector<double> applied;  // [pA] per neuron: the current this stimulus put into i_ext
    std::int64_t from = 0;        // the stimulus's first step in the phase (noise intervals count from it)
    std::int64_t interval = 1;    // noise interval [steps]
    std::int64_t held = -1;       // the noise interval whose values are applied (−1: none)
    std::uint32_t stream = 0;     // random stream object
  };
  // The current of a varying stimulus for neuron i at `step` of the phase, t [ms] after the stimulus's start.
  double varying_current(const item& it, std::uint32_t i, std::int64_t step, double t, std::uint64_t seed) const;
  void set_varying(item& it, std::int64_t step, const step_context& ctx, bool write);
  std::vector<item> items_;
  std::int64_t steps_;
  bool varying_ = false;  // some stimulus varies
};

}  // namespace plastix
