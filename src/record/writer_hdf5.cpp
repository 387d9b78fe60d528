// HDF5 writer: the C API behind small RAII handles, so nothing leaks when a step throws.
#include "plastix/record/writer_hdf5.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "plastix/core/error.hpp"
#include "plastix/record/validate.hpp"
#include "plastix/version.hpp"
#include "h5_handles.hpp"

namespace plastix {
namespace {

using h5::h5_error_detail;
using h5::h5_handle;
using h5::h5_lock;
using h5::h5_quiet;

// Datasets with at least this many elements are chunked and compressed (64 Ki elements = 512 KiB of float64);
// smaller ones are stored contiguously, which is simpler and faster to read.
constexpr hsize_t compress_threshold = hsize_t{1} << 16;
constexpr hsize_t chunk_elements = hsize_t{1} << 16;  // elements per chunk (<= 512 KiB, fits the 1 MiB chunk cache)
constexpr unsigned gzip_level = 4;

// Writes one file; every failure becomes plastix::error naming the file and the object being written.
class h5_writer {
 public:
  h5_writer(std::filesystem::path file, const hdf5_options& options) : file_(std::move(file)), options_(options) {}

  // Throws plastix::error for a failed step. Before the handles are closed while the exception unwinds, the
  // file is detached from the disk (see detach_from_disk), so that closing cannot fail as well.
  [[noreturn]] void fail(const std::string& what) {
    const std::string detail = h5_error_detail();
    detach_from_disk();
    throw error(fmt::format("cannot write HDF5 file '{}': {}{}{}", file_.string(), what,
                            detail.empty() ? "" : ": ", detail));
  }
  hid_t check(hid_t id, const std::string& what) {
    if (id < 0) fail(what);
    return id;
  }
  void check(herr_t status, const char* what, const std::string& where) {
    if (status < 0) fail(fmt::format("{} '{}'", what, where));
  }

  // Group with link creation order tracked, so readers list records in the order they were written.
  h5_handle group_creation_props() {
    h5_handle gcpl(check(H5Pcreate(H5P_GROUP_CREATE), "creating group properties"), H5Pclose);
    check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
          "setting link creation order on", "group properties");
    return gcpl;
  }

  h5_handle create_group(hid_t parent, const std::string& name, const std::string& path) {
    const h5_handle gcpl = group_creation_props();
    return h5_handle(check(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                           fmt::format("creating group '{}'", path)),
                     H5Gclose);
  }

  // Scalar variable-length UTF-8 string attribute (h5py reads it as str).
  void string_attribute(hid_t obj, const char* name, const std::string& value, const std::string& path) {
    const h5_handle type(check(H5Tcopy(H5T_C_S1), "creating string type"), H5Tclose);
    check(H5Tset_size(type.get(), H5T_VARIABLE), "setting string size for", path);
    check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "setting string encoding for", path);
    const h5_handle space(check(H5Screate(H5S_SCALAR), "creating scalar dataspace"), H5Sclose);
    const h5_handle attr(check(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                               fmt::format("creating attribute '{}' on '{}'", name, path)),
                         H5Aclose);
    const char* text = value.c_str();
    check(H5Awrite(attr.get(), type.get(), &text), "writing attribute", fmt::format("{}@{}", path, name));
  }

  // One-dimensional variable-length UTF-8 string array attribute.
  void strings_attribute(hid_t obj, const char* name, const std::vector<std::string>& values,
                         const std::string& path) {
    const h5_handle type(check(H5Tcopy(H5T_C_S1), "creating string type"), H5Tclose);
    check(H5Tset_size(type.get(), H5T_VARIABLE), "setting string size for", path);
    check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "setting string encoding for", path);
    const hsize_t n = values.size();
    const h5_handle space(check(H5Screate_simple(1, &n, nullptr), "creating dataspace"), H5Sclose);
    const h5_handle attr(check(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                               fmt::format("creating attribute '{}' on '{}'", name, path)),
                         H5Aclose);
    if (values.empty()) return;
    std::vector<const char*> texts;
    texts.reserve(values.size());
    for (const auto& v : values) texts.push_back(v.c_str());
    check(H5Awrite(attr.get(), type.get(), texts.data()), "writing attribute", fmt::format("{}@{}", path, name));
  }

  template <class T>
  void scalar_attribute(hid_t obj, const char* name, T value, hid_t file_type, hid_t mem_type,
                        const std::string& path) {
    const h5_handle space(check(H5Screate(H5S_SCALAR), "creating scalar dataspace"), H5Sclose);
    const h5_handle attr(check(H5Acreate2(obj, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                               fmt::format("creating attribute '{}' on '{}'", name, path)),
                         H5Aclose);
    check(H5Awrite(attr.get(), mem_type, &value), "writing attribute", fmt::format("{}@{}", path, name));
  }
  void double_attribute(hid_t obj, const char* name, double value, const std::string& path) {
    scalar_attribute(obj, name, value, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, path);
  }

  // A dataset of shape `dims` (1 or 2 dimensions, any of them may be 0) written from `data` (row-major).
  // `unit`, when non-empty, is stored as the dataset's `unit` attribute.
  void dataset(hid_t parent, const std::string& name, const std::string& path, const std::vector<hsize_t>& dims,
               hid_t file_type, hid_t mem_type, const void* data, const std::string& unit = {}) {
    hsize_t total = 1;
    for (hsize_t d : dims) total *= d;
    const h5_handle space(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                                fmt::format("creating dataspace for '{}'", path)),
                          H5Sclose);
    h5_handle dcpl(check(H5Pcreate(H5P_DATASET_CREATE), "creating dataset properties"), H5Pclose);
    if (options_.compress && total >= compress_threshold && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
      // Chunks of about chunk_elements: whole rows where a row fits, split along the last axis otherwise.
      std::vector<hsize_t> chunk(dims);
      chunk.back() = std::min(dims.back(), chunk_elements);
      if (dims.size() == 2) chunk[0] = std::clamp<hsize_t>(chunk_elements / chunk.back(), 1, dims[0]);
      check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "setting chunks for", path);
      check(H5Pset_shuffle(dcpl.get()), "setting shuffle filter for", path);
      check(H5Pset_deflate(dcpl.get(), gzip_level), "setting gzip filter for", path);
    }
    const h5_handle set(check(H5Dcreate2(parent, name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(),
                                         H5P_DEFAULT),
                              fmt::format("creating dataset '{}'", path)),
                        H5Dclose);
    if (total > 0)
      check(H5Dwrite(set.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "writing dataset", path);
    if (!unit.empty()) string_attribute(set.get(), "unit", unit, path);
    // Closing a dataset writes what HDF5 still buffers for it; a failure there (disk full) cannot be recovered
    // from (HDF5 1.10 frees the dataset but keeps its identifier). Flushing first reports it as an error instead.
    check(H5Dflush(set.get()), "writing dataset", path);
  }
  void doubles(hid_t parent, const std::string& name, const std::string& path, const std::vector<hsize_t>& dims,
               const std::vector<double>& data, const std::string& unit = {}) {
    dataset(parent, name, path, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data.data(), unit);
  }
  void indices(hid_t parent, const std::string& name, const std::string& path,
               const std::vector<std::uint32_t>& data) {
    dataset(parent, name, path, {data.size()}, H5T_STD_U32LE, H5T_NATIVE_UINT32, data.data());
  }

  void write_contents(hid_t file, const run_results& r) {
    const std::string version = r.version.empty() ? std::string(plastix::version) : r.version;
    string_attribute(file, "experiment", r.experiment, "/");
    string_attribute(file, "version", version, "/");
    scalar_attribute(file, "seed", r.seed, H5T_STD_U64LE, H5T_NATIVE_UINT64, "/");
    double_attribute(file, "dt_ms", r.dt, "/");
    double_attribute(file, "bio_time_ms", r.bio_time, "/");
    scalar_attribute(file, "layout_version", hdf5_layout_version, H5T_STD_U32LE, H5T_NATIVE_UINT, "/");

    {
      const h5_handle spikes = create_group(file, "spikes", "/spikes");
      for (const auto& s : r.spikes) {
        const std::string path = "/spikes/" + s.name;
        const h5_handle g = create_group(spikes.get(), s.name, path);
        string_attribute(g.get(), "population", s.population, path);
        doubles(g.get(), "times", path + "/times", {s.times.size()}, s.times, "ms");
        indices(g.get(), "senders", path + "/senders", s.senders);
      }
    }
    {
      const h5_handle state = create_group(file, "state", "/state");
      for (const auto& s : r.states) {
        const std::string path = "/state/" + s.name;
        const h5_handle g = create_group(state.get(), s.name, path);
        string_attribute(g.get(), "population", s.population, path);
        string_attribute(g.get(), "variable", s.variable, path);
        string_attribute(g.get(), "unit", s.unit, path);
        if (!s.scope.empty()) string_attribute(g.get(), "scope", s.scope, path);  // a rule's state (else: neurons)
        doubles(g.get(), "times", path + "/times", {s.times.size()}, s.times, "ms");
        indices(g.get(), "neurons", path + "/neurons", s.neurons);
        doubles(g.get(), "values", path + "/values", {s.times.size(), s.neurons.size()}, s.values, s.unit);
      }
    }
    {
      const h5_handle weights = create_group(file, "weights", "/weights");
      for (const auto& w : r.weights) {
        const std::string path = "/weights/" + w.name;
        const h5_handle g = create_group(weights.get(), w.name, path);
        string_attribute(g.get(), "projection", w.projection, path);
        string_attribute(g.get(), "unit", w.unit, path);
        doubles(g.get(), "times", path + "/times", {w.times.size()}, w.times, "ms");
        indices(g.get(), "synapses", path + "/synapses", w.synapses);
        indices(g.get(), "pre", path + "/pre", w.pre);
        indices(g.get(), "post", path + "/post", w.post);
        doubles(g.get(), "values", path + "/values", {w.times.size(), w.synapses.size()}, w.values, w.unit);
      }
    }
    {
      const h5_handle rates = create_group(file, "rates", "/rates");
      for (const auto& b : r.rates) {
        const std::string path = "/rates/" + b.name;
        const h5_handle g = create_group(rates.get(), b.name, path);
        string_attribute(g.get(), "population", b.population, path);
        double_attribute(g.get(), "bin_ms", b.bin, path);
        doubles(g.get(), "times", path + "/times", {b.times.size()}, b.times, "ms");
        doubles(g.get(), "rates", path + "/rates", {b.rates.size()}, b.rates, "Hz");
      }
    }
    {
      const h5_handle transmission = create_group(file, "transmission", "/transmission");
      for (const auto& m : r.transmissions) {
        const std::string path = "/transmission/" + m.name;
        const h5_handle g = create_group(transmission.get(), m.name, path);
        string_attribute(g.get(), "projection", m.projection, path);
        string_attribute(g.get(), "unit", m.unit, path);
        doubles(g.get(), "times", path + "/times", {m.times.size()}, m.times, "ms");
        indices(g.get(), "pre", path + "/pre", m.pre);
        doubles(g.get(), "efficacy", path + "/efficacy", {m.efficacy.size()}, m.efficacy, m.unit);
      }
    }
    {
      const h5_handle tables = create_group(file, "tables", "/tables");
      for (const auto& [name, t] : r.tables) {
        const std::string path = "/tables/" + name;
        const h5_handle g = create_group(tables.get(), name, path);
        strings_attribute(g.get(), "columns", t.columns, path);
        for (const auto& [column, names] : t.labels)
          strings_attribute(g.get(), ("labels." + column).c_str(), names, path);
        for (std::size_t c = 0; c < t.columns.size(); ++c)
          doubles(g.get(), t.columns[c], path + "/" + t.columns[c], {t.data[c].size()}, t.data[c]);
      }
    }
  }

  void write(const run_results& r) {
    h5_handle fcpl(check(H5Pcreate(H5P_FILE_CREATE), "creating file properties"), H5Pclose);
    check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
          "setting link creation order on", "/");
    h5_handle fapl(check(H5Pcreate(H5P_FILE_ACCESS), "creating file access properties"), H5Pclose);
    check(H5Pset_fapl_sec2(fapl.get()), "choosing the POSIX driver for", "/");  // detach_from_disk needs its fd
    h5_handle file(check(H5Fcreate(file_.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), "creating the file"),
                   H5Fclose);
    created_ = true;
    file_id_ = file.get();
    write_contents(file.get(), r);
    // Every object handle is closed by now. Flushing writes everything HDF5 still caches; a failure here (disk
    // full) detaches the file, so the close that follows cannot fail too.
    check(H5Fflush(file.get(), H5F_SCOPE_LOCAL), "flushing", "/");
    file_id_ = H5I_INVALID_HID;
    if (!file.close()) fail("closing the file");
  }

  bool created() const { return created_; }

 private:
  // Points the file's descriptor at an anonymous in-memory file, so that whatever HDF5 still writes while its
  // handles are closed (cached metadata, chunks; the file is removed afterwards anyway) succeeds. Without this, on
  // a full disk H5Fclose fails half-way and leaves a half-closed file registered in the library: HDF5 1.10
  // crashes in H5F__close_cb when it cleans up at exit, and the next HDF5 call in the process (h5py) may crash.
  // Best effort: where the descriptor cannot be redirected, the file is closed as it is.
  void detach_from_disk() noexcept {
    if (file_id_ < 0) return;
    const hid_t file = std::exchange(file_id_, H5I_INVALID_HID);
    void* handle = nullptr;
    if (H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) < 0 || handle == nullptr) {
      H5Eclear2(H5E_DEFAULT);
      return;
    }
    const int fd = *static_cast<int*>(handle);  // the sec2 driver's descriptor
    const int scratch = ::memfd_create("plastix-discarded-hdf5", MFD_CLOEXEC);
    if (scratch < 0) return;
    ::dup2(scratch, fd);  // atomically: fd now refers to the in-memory file (O_CLOEXEC is not copied by dup2)
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::close(scratch);
  }

  std::filesystem::path file_;
  hdf5_options options_;
  bool created_ = false;             // H5Fcreate succeeded: the file is ours to remove on failure
  hid_t file_id_ = H5I_INVALID_HID;  // the open file while writing, for detach_from_disk
};

}  // namespace

void write_hdf5(const run_results& results, const std::filesystem::path& file, const hdf5_options& options) {
  try {
    validate_results(results);
  } catch (const error& e) {
    throw error(fmt::format("cannot write HDF5 file '{}': {}", file.string(), e.what()));
  }
  const std::lock_guard<std::recursive_mutex> serialised(h5_lock());
  const h5_quiet quiet;
  h5_writer writer(file, options);
  try {
    writer.write(results);
  } catch (...) {
    if (writer.created()) {
      std::error_code ignored;  // best effort: the original error is the one worth reporting
      std::filesystem::remove(file, ignored);
    }
    throw;
  }
}

}  // namespace plastix
