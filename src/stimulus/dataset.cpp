#include "plastix/stimulus/dataset.hpp"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

namespace plastix {

namespace {

namespace fs = std::filesystem;

source_ref at_key(const pattern_set_spec& p, const std::string& key) {
  source_ref r = p.path_where.line > 0 ? p.path_where : p.where;
  const std::string& written = p.path_where.key;  // the path key as the file spells it ("patterns[0].path")
  r.key = written.size() > 4 && written.ends_with("path") ? written.substr(0, written.size() - 4) + key
                                                          : "patterns." + p.name + "." + key;
  return r;
}

// Where the data sets Debian ships come from.
std::string package_hint(const std::string& file) {
  if (file.find("fashion-mnist") != std::string::npos)
    return "; the Debian package dataset-fashion-mnist installs it (scripts/install-deps, or "
           "sudo apt-get install dataset-fashion-mnist)";
  if (file.find("sklearn") != std::string::npos)
    return "; the Debian package python3-sklearn installs it (scripts/install-deps, or "
           "sudo apt-get install python3-sklearn)";
  return "";
}

struct gz_closer {
  void operator()(gzFile_s* f) const { gzclose(f); }
};
using gz_file = std::unique_ptr<gzFile_s, gz_closer>;

gz_file open_file(const pattern_set_spec& p, const std::string& key, const std::string& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    throw error(at_key(p, key), "no data set file '" + file + "'" + package_hint(file));
  gzFile f = gzopen(file.c_str(), "rb");
  if (!f) throw error(at_key(p, key), "cannot read data set file '" + file + "'");
  gzbuffer(f, 1 << 17);
  return gz_file(f);
}

std::string resolve(const std::string& path, const std::string& experiment_file) {
  if (path.empty() || fs::path(path).is_absolute() || experiment_file.empty()) return path;
  return (fs::path(experiment_file).parent_path() / path).lexically_normal().string();
}

bool is_idx(const std::string& file) { return fs::path(file).filename().string().find("idx3") != std::string::npos; }

std::string labels_file(const pattern_set_spec& p, const std::string& images, const std::string& experiment_file) {
  if (!p.labels.empty()) return resolve(p.labels, experiment_file);
  std::string name = fs::path(images).filename().string();
  const auto at = name.find("images-idx3");
  if (at == std::string::npos)
    throw error(at_key(p, "labels"), "cannot tell the labels file of '" + images +
                                         "' (its name has no 'images-idx3'); give labels = \"...\"");
  name.replace(at, 11, "labels-idx1");
  return (fs::path(images).parent_path() / name).string();
}

std::uint32_t big_endian(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
}

void read_exactly(gzFile f, void* out, std::size_t n, const pattern_set_spec& p, const std::string& key,
                  const std::string& file) {
  auto* dst = static_cast<unsigned char*>(out);
  while (n > 0) {
    const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n, 1u << 30));
    const int got = gzread(f, dst, chunk);
    if (got <= 0) throw error(at_key(p, key), "data set file '" + file + "' ends early (truncated or not IDX)");
    dst += got;
    n -= static_cast<std::size_t>(got);
  }
}

image_set load_idx(const pattern_set_spec& p, const std::string& file, const std::string& experiment_file) {
  image_set out;
  gz_file images = open_file(p, "path", file);
  unsigned char head[16];
  read_exactly(images.get(), head, 16, p, "path", file);
  if (big_endian(head) != 0x00000803)
    throw error(at_key(p, "path"), "'" + file + "' is not an IDX images file (magic 0x00000803)");
  out.count = big_endian(head + 4);
  out.rows = big_endian(head + 8);
  out.cols = big_endian(head + 12);
  if (p.count > 0) out.count = std::min<std::size_t>(out.count, p.count);
  std::vector<unsigned char> bytes(out.count * out.pixels());
  read_exactly(images.get(), bytes.data(), bytes.size(), p, "path", file);
  out.intensity.assign(bytes.begin(), bytes.end());
  const std::string lf = labels_file(p, file, experiment_file);
  gz_file labels = open_file(p, "labels", lf);
  read_exactly(labels.get(), head, 8, p, "labels", lf);
  if (big_endian(head) != 0x00000801)
    throw error(at_key(p, "labels"), "'" + lf + "' is not an IDX labels file (magic 0x00000801)");
  if (big_endian(head + 4) < out.count)
    throw error(at_key(p, "labels"), "'" + lf + "' has fewer labels than '" + file + "' has images");
  bytes.resize(out.count);
  read_exactly(labels.get(), bytes.data(), bytes.size(), p, "labels", lf);
  out.labels.assign(bytes.begin(), bytes.end());
  out.full_scale = p.full_scale > 0.0 ? p.full_scale : 255.0;
  return out;
}

image_set load_csv(const pattern_set_spec& p, const std::string& file) {
  image_set out;
  gz_file f = open_file(p, "path", file);
  std::string text;
  char buf[1 << 16];
  for (int got; (got = gzread(f.get(), buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(got));
  std::size_t width = 0, line_no = 0;
  std::vector<float> row;
  for (std::size_t pos = 0; pos < text.size() && (p.count == 0 || out.count < p.count);) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    row.clear();
    for (std::size_t a = 0; a <= line.size();) {
      std::size_t b = line.find(',', a);
      if (b == std::string::npos) b = line.size();
      const std::string cell = line.substr(a, b - a);
      std::size_t used = 0;
      double v = 0.0;
      try {
        v = std::stod(cell, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || cell.find_first_not_of(" \t", used) != std::string::npos || !std::isfinite(v))
        throw error(at_key(p, "path"), "'" + file + "' line " + std::to_string(line_no) + ": '" + cell +
                                           "' is not a number (expected the pixel intensities, then the label)");
      row.push_back(static_cast<float>(v));
      a = b + 1;
    }
    if (row.size() < 2)
      throw error(at_key(p, "path"), "'" + file + "' line " + std::to_string(line_no) +
                                         ": expected the pixel intensities, then the label");
    if (width == 0) width = row.size();
    if (row.size() != width)
      throw error(at_key(p, "path"), "'" + file + "' line " + std::to_string(line_no) + ": " +
                                         std::to_string(row.size()) + " values; the first image has " +
                                         std::to_string(width));
    out.intensity.insert(out.intensity.end(), row.begin(), row.end() - 1);
    out.labels.push_back(static_cast<std::int32_t>(std::lround(row.back())));
    ++out.count;
  }
  if (out.count == 0) throw error(at_key(p, "path"), "'" + file + "' holds no images");
  const std::size_t n = width - 1;
  const auto side = static_cast<std::size_t>(std::llround(std::sqrt(static_cast<double>(n))));
  out.rows = side * side == n ? side : 1;
  out.cols = n / out.rows;
  const float largest = *std::max_element(out.intensity.begin(), out.intensity.end());
  out.full_scale = p.full_scale > 0.0 ? p.full_scale : (largest > 0.0f ? largest : 1.0);
  return out;
}

// Each image times mean/(its mean intensity); an image of zeros stays as it is.
void scale_to_mean(image_set& s, double mean) {
  for (std::size_t k = 0; k < s.count; ++k) {
    float* image = s.intensity.data() + k * s.pixels();
    double sum = 0.0;  // [intensity]
    for (std::size_t i = 0; i < s.pixels(); ++i) sum += image[i];
    if (!(sum > 0.0)) continue;
    const double factor = mean * static_cast<double>(s.pixels()) / sum;
    for (std::size_t i = 0; i < s.pixels(); ++i) image[i] = static_cast<float>(image[i] * factor);
  }
}

}  // namespace

std::string dataset_file(const pattern_set_spec& p, const std::string& experiment_file) {
  return resolve(p.path, experiment_file);
}

image_set load_images(const pattern_set_spec& p, const std::string& experiment_file) {
  const std::string file = dataset_file(p, experiment_file);
  image_set out = is_idx(file) ? load_idx(p, file, experiment_file) : load_csv(p, file);
  for (const float x : out.intensity)
    if (x < 0.0f) throw error(at_key(p, "path"), "'" + file + "' holds a negative intensity");
  if (p.mean_intensity > 0.0) scale_to_mean(out, p.mean_intensity);
  return out;
}

void check_dataset_files(const pattern_set_spec& p, const std::string& experiment_file) {
  const std::string file = dataset_file(p, experiment_file);
  open_file(p, "path", file);
  if (is_idx(file)) open_file(p, "labels", labels_file(p, file, experiment_file));
}

}  // namespace plastix
