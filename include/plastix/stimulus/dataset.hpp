// Images of a data set as input (the [[patterns]] sets with a `path`, spec/patterns.hpp): a stimulus presents them one
// after another to a Poisson source, each pixel driving its neuron at a rate proportional to its intensity (rate
// coding of Diehl & Cook 2015, Front Comput Neurosci 9:99: intensity/4 Hz, 63.75 Hz for 255), with a rest between
// images (the stimulus's `on` and `off`); the labels travel with the run (sim/classify.hpp reads them).
//
// Files (plain or gzip-compressed, read through zlib):
//   CSV  one image per line: the pixel intensities, then the label (sklearn's digits.csv.gz: 64 values 0–16 and the
//        digit); images are square when the pixel count is a square, else one row
//   IDX  the images file (magic 0x00000803: count, rows, cols, then unsigned bytes, as MNIST and Fashion-MNIST ship
//        them) and its labels file (magic 0x00000801); a file whose name contains "idx3" is read as IDX
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "plastix/spec/patterns.hpp"

namespace plastix {

struct image_set {
  std::size_t count = 0;             // images
  std::size_t rows = 0, cols = 0;    // shape of one image (rows·cols pixels = the population size)
  std::vector<float> intensity;      // count·rows·cols values, image after image, row-major
  std::vector<std::int32_t> labels;  // one per image
  double full_scale = 0.0;           // the intensity presented at the stimulus's rate
  std::size_t pixels() const { return rows * cols; }
  const float* image(std::size_t k) const { return intensity.data() + k * pixels(); }
};

// The file the set's `path` names, resolved against the directory of `experiment_file` when relative.
std::string dataset_file(const pattern_set_spec& p, const std::string& experiment_file);

// Loads the images of a data-set pattern set (at most p.count when > 0). Errors name the file, the key and, for the
// data sets Debian ships, the package that installs it.
image_set load_images(const pattern_set_spec& p, const std::string& experiment_file);

// Throws the error load_images would give when a file of the set is missing or unreadable (cheap: opens the files).
void check_dataset_files(const pattern_set_spec& p, const std::string& experiment_file);

}  // namespace plastix
