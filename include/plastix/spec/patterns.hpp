// Memory patterns as a description holds them: [[patterns]] sets and how a phase stimulus presents them (their
// drawing, presentations and recall scores: stimulus/patterns.hpp).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "plastix/core/error.hpp"

namespace plastix {

// [[patterns]]: `count` random patterns of `size` neurons each (or size = round(coding·N)), or explicit lists, or the
// images of a data set (`path`, stimulus/dataset.hpp): graded patterns, one intensity per neuron, with a label each.
struct pattern_set_spec {
  std::string name;
  std::string population;  // the patterns are sets of this population's neurons (N = its size)
  std::size_t count = 0;   // random patterns: number of patterns
  std::size_t size = 0;    // random patterns: neurons per pattern (0: from `coding`)
  double coding = 0.0;     // random patterns: coding level, the fraction of the N neurons in each pattern
  bool disjoint = false;   // random patterns: no neuron in two patterns (needs count·size ≤ N)
  std::vector<std::vector<std::uint32_t>> neurons;  // explicit patterns (instead of count/size/coding)
  // A data set (instead of the above): its image file (CSV or IDX, stimulus/dataset.hpp), the IDX labels file ("":
  // the images file's name with images-idx3 → labels-idx1), and the intensity presented at the stimulus's full rate
  // (0: 255 for IDX, the largest value of the file for CSV). `count` > 0 loads only the first `count` images.
  std::string path, labels;
  double full_scale = 0.0;  // [intensity unit of the file]
  // > 0: every image scaled (each pixel by the same factor) so that its mean intensity is this, before presentation:
  // a dim image drives the input as strongly as a bright one (Fashion-MNIST's mean pixel varies ninefold)
  double mean_intensity = 0.0;  // [intensity unit of the file]
  source_ref path_where;    // the path key (for messages about the file)
  bool is_dataset() const { return !path.empty(); }
  source_ref where;
};

// Pattern size of a random set: `size`, or round(coding·N) (at least 1).
std::size_t pattern_size(const pattern_set_spec& p, std::size_t population_size);

// How a phase stimulus presents patterns (part of stimulus_spec, spec/experiment.hpp).
struct pattern_stimulus {
  enum class order_kind {
    fixed,  // always pattern `pattern`
    cycle,  // presentation j shows pattern first + (j mod n) of the range [first, first + n)
    random  // presentation j shows a pattern of the range drawn uniformly from the stream (seed, presentation, phase, j)
  };
  std::string patterns;  // name of a [[patterns]] set; empty: the stimulus is not pattern-based
  order_kind order = order_kind::fixed;
  std::size_t pattern = 0;  // fixed: the presented pattern
  // cycle, random: the patterns [range_first, range_end) of the set (range_end 0: to the last pattern)
  std::size_t range_first = 0, range_end = 0;
  // cycle, random on a data set: only the images of the range whose label is one of these classes (empty: all), in
  // the order of the set (a task of class-incremental learning: Allred & Roy 2020, Front Neurosci 14:7)
  std::vector<std::int32_t> classes;
  double fraction = 1.0;    // partial cue: the first cue_size(m, fraction) neurons of the pattern, in (0, 1]
  double on = 0.0;          // duration of one presentation [ms]; 0: one presentation for the whole phase
  double off = 0.0;         // pause after each presentation [ms]
};

}  // namespace plastix
