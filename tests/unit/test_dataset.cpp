// Images of a data set as input (stimulus/dataset.hpp), their presentation by a phase stimulus, the normalization
// rule and the classify analysis (sim/classify.hpp): files written here (CSV, IDX, gzip-compressed or not) read back
// as written; presentations checked against a plain schedule (each image's pixels fire at intensity·rate/full_scale
// during `on`, nothing during the rest); errors for a missing file (file, line, key, package) and for bad keys.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/stimulus/dataset.hpp"

using namespace plastix;

namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("plastix_dataset_test_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

void write_gz(const fs::path& file, const std::string& bytes) {
  gzFile f = gzopen(file.c_str(), "wb");
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// Three 2×2 images: intensities 0–255, labels 7, 1, 3.
const std::vector<std::uint8_t> idx_pixels{0, 255, 51, 102, 255, 0, 0, 255, 10, 20, 30, 40};
const std::vector<std::uint8_t> idx_labels{7, 1, 3};

fs::path write_idx(bool gz) {
  const fs::path dir = temp_dir() / (gz ? "gz" : "plain");
  fs::create_directories(dir);
  std::string images = be32(0x803) + be32(3) + be32(2) + be32(2), labels = be32(0x801) + be32(3);
  images.append(idx_pixels.begin(), idx_pixels.end());
  labels.append(idx_labels.begin(), idx_labels.end());
  const std::string suffix = gz ? ".gz" : "";
  if (gz) {
    write_gz(dir / ("t-images-idx3-ubyte" + suffix), images);
    write_gz(dir / ("t-labels-idx1-ubyte" + suffix), labels);
  } else {
    std::ofstream(dir / "t-images-idx3-ubyte", std::ios::binary) << images;
    std::ofstream(dir / "t-labels-idx1-ubyte", std::ios::binary) << labels;
  }
  return dir / ("t-images-idx3-ubyte" + suffix);
}

fs::path write_csv(const std::string& text, const std::string& name = "d.csv.gz") {
  const fs::path file = temp_dir() / name;
  write_gz(file, text);
  return file;
}

pattern_set_spec set_of(const fs::path& file) {
  pattern_set_spec p;
  p.name = "images";
  p.path = file.string();
  return p;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const error& e) {
    return e.what();
  }
  return "";
}

// A Poisson input of 4 neurons shown the CSV images below (full scale 8): `on` 40 ms, `off` 60 ms.
std::string presentation_file(const fs::path& csv, const std::string& extra = "") {
  return R"([experiment]
dt = "0.1 ms"
seed = 3

[[population]]
name = "input"
model = "poisson"
size = 4
rate = "0 Hz"

[[monitor]]
type = "spikes"
population = "input"

[[patterns]]
name = "images"
population = "input"
path = ")" + csv.string() + R"("
)" + extra + R"(
[[phase]]
name = "show"
duration = "2000 ms"
  [[phase.stimulus]]
  population = "input"
  rate = "400 Hz"
  patterns = "images"
  pattern = "cycle"
  on = "40 ms"
  off = "60 ms"
)";
}

const std::string csv_text = "0,8,4,2,5\n8,0,0,8,2\n1,1,1,1,9\n";

}  // namespace

TEST(dataset_images, a_csv_file_is_read_as_square_images_with_the_label_last) {
  const image_set s = load_images(set_of(write_csv(csv_text)), "");
  EXPECT_EQ(s.count, 3u);
  EXPECT_EQ(s.rows, 2u);
  EXPECT_EQ(s.cols, 2u);
  EXPECT_EQ(s.labels, (std::vector<std::int32_t>{5, 2, 9}));
  EXPECT_EQ(s.intensity, (std::vector<float>{0, 8, 4, 2, 8, 0, 0, 8, 1, 1, 1, 1}));
  EXPECT_EQ(s.full_scale, 8.0);  // the largest value of the file
  pattern_set_spec two = set_of(write_csv(csv_text));
  two.count = 2;
  two.full_scale = 16.0;
  const image_set t = load_images(two, "");
  EXPECT_EQ(t.count, 2u);
  EXPECT_EQ(t.full_scale, 16.0);
}

TEST(dataset_images, mean_intensity_scales_each_image_to_that_mean_and_leaves_an_image_of_zeros_as_it_is) {
  pattern_set_spec p = set_of(write_csv("0,8,4,2,5\n0,0,0,0,2\n1,1,1,1,9\n"));
  p.mean_intensity = 4.0;
  const image_set s = load_images(p, "");
  const auto f = [](double x) { return static_cast<float>(x); };  // the mean 3.5 scaled by 8/7
  EXPECT_EQ(s.intensity, (std::vector<float>{0, f(64.0 / 7), f(32.0 / 7), f(16.0 / 7), 0, 0, 0, 0, 4, 4, 4, 4}));
  EXPECT_EQ(s.full_scale, 8.0);  // the file's largest value, before scaling
  const std::string text = "[experiment]\nname = \"x\"\n[[population]]\nname = \"in\"\nmodel = \"poisson\"\nsize = 4\n"
                           "rate = \"0 Hz\"\n[[patterns]]\nname = \"p\"\npopulation = \"in\"\ncount = 2\n"
                           "mean_intensity = 4\n";
  try {
    parse_experiment(text, "mi.toml");
    ADD_FAILURE() << "mean_intensity without a data set was accepted";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("mean_intensity applies to data sets"), std::string::npos) << e.what();
  }
}

TEST(dataset_images, idx_files_plain_or_gzip_compressed_are_read_with_their_labels_file) {
  for (bool gz : {false, true}) {
    const image_set s = load_images(set_of(write_idx(gz)), "");
    EXPECT_EQ(s.count, 3u);
    EXPECT_EQ(s.rows, 2u);
    EXPECT_EQ(s.cols, 2u);
    EXPECT_EQ(s.full_scale, 255.0);
    EXPECT_EQ(s.intensity, std::vector<float>(idx_pixels.begin(), idx_pixels.end()));
    EXPECT_EQ(s.labels, std::vector<std::int32_t>(idx_labels.begin(), idx_labels.end()));
  }
}

TEST(dataset_images, the_fashion_mnist_files_debian_ships_are_read_when_installed) {
  const fs::path file = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
  if (!fs::exists(file)) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  pattern_set_spec p = set_of(file);
  p.count = 100;
  const image_set s = load_images(p, "");
  EXPECT_EQ(s.count, 100u);
  EXPECT_EQ(s.pixels(), 784u);
  EXPECT_EQ(s.labels[0], 9);  // the first test image is an ankle boot
}

TEST(dataset_reader, a_missing_file_names_the_file_line_key_and_the_package_to_install) {
  const fs::path csv = write_csv(csv_text);
  std::string text = presentation_file(csv);
  const std::string missing = "/usr/share/datasets/fashion-mnist/no-images-idx3-ubyte.gz";
  text.replace(text.find(csv.string()), csv.string().size(), missing);
  const std::string m = message_of([&] { parse_experiment(text, "d.toml"); });
  EXPECT_NE(m.find("d.toml:18"), std::string::npos) << m;
  EXPECT_NE(m.find("patterns"), std::string::npos) << m;
  EXPECT_NE(m.find(".path"), std::string::npos) << m;
  EXPECT_NE(m.find(missing), std::string::npos) << m;
  EXPECT_NE(m.find("dataset-fashion-mnist"), std::string::npos) << m;
  std::string sk = presentation_file(csv);
  sk.replace(sk.find(csv.string()), csv.string().size(), "/usr/lib/python3/dist-packages/sklearn/x/none.csv.gz");
  EXPECT_NE(message_of([&] { parse_experiment(sk, "d.toml"); }).find("python3-sklearn"), std::string::npos);
}

TEST(dataset_reader, keys_of_random_patterns_a_partial_cue_and_a_wrong_population_size_are_refused) {
  const fs::path csv = write_csv(csv_text);
  const std::string with_size = presentation_file(csv, "");
  std::string bad = with_size;
  bad.insert(bad.find("path = "), "size = 3\n");
  EXPECT_NE(message_of([&] { parse_experiment(bad, "d.toml"); }).find("takes no size"), std::string::npos);
  bad = with_size;
  bad.insert(bad.find("  on = \"40 ms\""), "  fraction = 0.5\n");
  EXPECT_NE(message_of([&] { parse_experiment(bad, "d.toml"); }).find("presented whole"), std::string::npos);
  bad = with_size;
  bad.replace(bad.find("size = 4"), 8, "size = 5");
  EXPECT_NE(message_of([&] { run_experiment(parse_experiment(bad, "d.toml")); }).find("one per pixel"),
            std::string::npos);
  bad = with_size;
  bad.insert(bad.find("  on = \"40 ms\""), "  range = [1, 4]\n");
  EXPECT_NE(message_of([&] { run_experiment(parse_experiment(bad, "d.toml")); }).find("has 3 images"),
            std::string::npos);
}

TEST(dataset_stimulus, each_image_drives_its_pixels_at_intensity_times_rate_during_on_and_nothing_in_the_rest) {
  const run_results r = run_experiment(parse_experiment(presentation_file(write_csv(csv_text)), "d.toml"));
  const spike_record& s = r.spikes.at(0);
  // The plain schedule: presentation j from j·100 ms for 40 ms shows image j mod 3; 20 presentations.
  std::vector<std::vector<double>> counts(3, std::vector<double>(4, 0.0));
  std::vector<double> shown(3, 0.0);
  for (int j = 0; j < 20; ++j) shown[static_cast<std::size_t>(j % 3)] += 1.0;
  for (std::size_t k = 0; k < s.times.size(); ++k) {
    const double t = s.times[k];
    const int j = static_cast<int>(std::floor(t / 100.0 + 1e-9));
    ASSERT_LT(t - 100.0 * j, 40.0 - 1e-9) << "a spike in the rest at " << t << " ms";
    counts[static_cast<std::size_t>(j % 3)][s.senders[k]] += 1.0;
  }
  const std::vector<float> px{0, 8, 4, 2, 8, 0, 0, 8, 1, 1, 1, 1};
  for (std::size_t img = 0; img < 3; ++img)
    for (std::size_t i = 0; i < 4; ++i) {
      const double expected = 400.0 * px[img * 4 + i] / 8.0 * 0.040 * shown[img];  // rate · on · presentations
      if (expected == 0.0) {
        EXPECT_EQ(counts[img][i], 0.0) << "image " << img << " pixel " << i;
      } else {  // Poisson counts: within 4 standard deviations
        EXPECT_NEAR(counts[img][i], expected, 4.0 * std::sqrt(expected) + 1.0) << "image " << img << " pixel " << i;
      }
    }
  // Bitwise reproducible: the same file and seed give the same spikes.
  const run_results again = run_experiment(parse_experiment(presentation_file(write_csv(csv_text)), "d.toml"));
  EXPECT_EQ(again.spikes.at(0).times, s.times);
  EXPECT_EQ(again.spikes.at(0).senders, s.senders);
}

TEST(dataset_stimulus, classes_present_only_the_images_with_those_labels_and_a_class_without_images_is_refused) {
  // Labels 5, 2, 9: classes = [2] shows image 1 (pixels 8, 0, 0, 8) in every presentation, never images 0 and 2.
  std::string file = presentation_file(write_csv(csv_text));
  file.insert(file.find("  on = \"40 ms\""), "  classes = [2]\n");
  const run_results r = run_experiment(parse_experiment(file, "d.toml"));
  std::vector<double> counts(4, 0.0);
  for (std::uint32_t i : r.spikes.at(0).senders) counts[i] += 1.0;
  EXPECT_EQ(counts[1], 0.0);
  EXPECT_EQ(counts[2], 0.0);
  EXPECT_NEAR(counts[0], 400.0 * 0.040 * 20, 4.0 * std::sqrt(320.0));  // rate · on · presentations
  EXPECT_NEAR(counts[3], 400.0 * 0.040 * 20, 4.0 * std::sqrt(320.0));
  std::string none = presentation_file(write_csv(csv_text));
  none.insert(none.find("  on = \"40 ms\""), "  classes = [7]\n");
  const std::string message = message_of([&] { run_experiment(parse_experiment(none, "d.toml")); });
  EXPECT_NE(message.find("no image of the stimulus's classes"), std::string::npos) << message;
}

TEST(normalization, every_post_neurons_weights_sum_to_total_from_the_start_and_after_each_interval) {
  const std::string text = R"([experiment]
dt = "0.1 ms"
[[population]]
name = "inp"
model = "poisson"
size = 20
rate = "30 Hz"
[[population]]
name = "out"
model = "lif"
size = 3
  [[population.receptor]]
  name = "ampa"
  tau_decay = "5 ms"
[[projection]]
name = "ff"
pre = "inp"
post = "out"
receptor = "ampa"
weight = { uniform = ["0 nS", "2 nS"] }
  [[projection.plasticity]]
  rule = "stdp"
  a_plus = 0.2
  a_minus = 0.1
  w_max = "5 nS"
  [[projection.plasticity]]
  rule = "normalization"
  total = "12 nS"
  interval = "100 ms"
[[monitor]]
type = "weights"
projection = "ff"
interval = "100 ms"
[[phase]]
name = "run"
duration = "1000 ms"
)";
  const run_results r = run_experiment(parse_experiment(text, "n.toml"));
  const weight_record& w = r.weights.at(0);
  ASSERT_GE(w.times.size(), 2u);
  for (std::size_t k = 0; k < w.times.size(); ++k) {
    std::vector<double> sum(3, 0.0);
    for (std::size_t s = 0; s < w.post.size(); ++s) sum[w.post[s]] += w.values[k * w.post.size() + s];
    for (double x : sum) EXPECT_NEAR(x, 12.0, 1e-9) << "sample at " << w.times[k] << " ms";
  }
}
