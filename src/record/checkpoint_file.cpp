// The checkpoint file (record/checkpoint_file.hpp): HDF5 through the RAII handles of h5_handles.hpp.
#include "plastix/record/checkpoint_file.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <system_error>

#include <fmt/format.h>

#include "plastix/core/error.hpp"
#include "h5_handles.hpp"

namespace plastix {
namespace {

using h5::h5_error_detail;
using h5::h5_handle;
using h5::h5_lock;
using h5::h5_quiet;

constexpr const char* format_name = "plastix checkpoint";

hid_t file_type_of(state_type t) {
  switch (t) {
    case state_type::f64: return H5T_IEEE_F64LE;
    case state_type::i64: return H5T_STD_I64LE;
    case state_type::u64: return H5T_STD_U64LE;
    case state_type::i32: return H5T_STD_I32LE;
    case state_type::u32: return H5T_STD_U32LE;
    case state_type::u16: return H5T_STD_U16LE;
    case state_type::u8: return H5T_STD_U8LE;
  }
  return H5T_STD_U8LE;
}

hid_t memory_type_of(state_type t) {
  switch (t) {
    case state_type::f64: return H5T_NATIVE_DOUBLE;
    case state_type::i64: return H5T_NATIVE_INT64;
    case state_type::u64: return H5T_NATIVE_UINT64;
    case state_type::i32: return H5T_NATIVE_INT32;
    case state_type::u32: return H5T_NATIVE_UINT32;
    case state_type::u16: return H5T_NATIVE_UINT16;
    case state_type::u8: return H5T_NATIVE_UINT8;
  }
  return H5T_NATIVE_UINT8;
}

// The state_type of a dataset's stored type, or false when it is none of them.
bool state_type_of_h5(hid_t type, state_type& out) {
  const H5T_class_t cls = H5Tget_class(type);
  const std::size_t size = H5Tget_size(type);
  if (cls == H5T_FLOAT && size == 8) {
    out = state_type::f64;
    return true;
  }
  if (cls != H5T_INTEGER) return false;
  const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
  if (size == 8) out = is_signed ? state_type::i64 : state_type::u64;
  else if (size == 4) out = is_signed ? state_type::i32 : state_type::u32;
  else if (size == 2 && !is_signed) out = state_type::u16;
  else if (size == 1 && !is_signed) out = state_type::u8;
  else return false;
  return true;
}

class h5_file_io {
 public:
  explicit h5_file_io(std::filesystem::path file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& what) const {
    const std::string detail = h5_error_detail();
    throw error(fmt::format("checkpoint '{}': {}{}{}", file_.string(), what, detail.empty() ? "" : ": ", detail));
  }
  hid_t check(hid_t id, const std::string& what) const {
    if (id < 0) fail(what);
    return id;
  }
  void check_status(herr_t status, const std::string& what) const {
    if (status < 0) fail(what);
  }

  h5_handle string_type() const {
    h5_handle type(check(H5Tcopy(H5T_C_S1), "creating a string type"), H5Tclose);
    check_status(H5Tset_size(type.get(), H5T_VARIABLE), "sizing a string type");
    check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "setting a string encoding");
    return type;
  }

  void write_string(hid_t obj, const char* name, const std::string& value) const {
    const h5_handle type = string_type();
    const h5_handle space(check(H5Screate(H5S_SCALAR), "creating a dataspace"), H5Sclose);
    const h5_handle attr(check(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                               fmt::format("creating attribute '{}'", name)),
                         H5Aclose);
    const char* text = value.c_str();
    check_status(H5Awrite(attr.get(), type.get(), &text), fmt::format("writing attribute '{}'", name));
  }
  void write_strings(hid_t obj, const char* name, const std::vector<std::string>& values) const {
    const h5_handle type = string_type();
    const hsize_t n = values.size();
    const h5_handle space(check(H5Screate_simple(1, &n, nullptr), "creating a dataspace"), H5Sclose);
    const h5_handle attr(check(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                               fmt::format("creating attribute '{}'", name)),
                         H5Aclose);
    if (values.empty()) return;
    std::vector<const char*> texts;
    for (const auto& v : values) texts.push_back(v.c_str());
    check_status(H5Awrite(attr.get(), type.get(), texts.data()), fmt::format("writing attribute '{}'", name));
  }
  template <class T>
  void write_number(hid_t obj, const char* name, T value, hid_t file_type, hid_t mem_type) const {
    const h5_handle space(check(H5Screate(H5S_SCALAR), "creating a dataspace"), H5Sclose);
    const h5_handle attr(check(H5Acreate2(obj, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                               fmt::format("creating attribute '{}'", name)),
                         H5Aclose);
    check_status(H5Awrite(attr.get(), mem_type, &value), fmt::format("writing attribute '{}'", name));
  }

  bool has_attribute(hid_t obj, const char* name) const { return H5Aexists(obj, name) > 0; }
  std::string read_string(hid_t obj, const char* name) const {
    std::vector<std::string> one = read_strings(obj, name);
    if (one.size() != 1) fail(fmt::format("attribute '{}' is not one string", name));
    return one[0];
  }
  std::vector<std::string> read_strings(hid_t obj, const char* name) const {
    if (!has_attribute(obj, name)) fail(fmt::format("no attribute '{}'", name));
    const h5_handle attr(check(H5Aopen(obj, name, H5P_DEFAULT), fmt::format("opening attribute '{}'", name)),
                         H5Aclose);
    const h5_handle space(check(H5Aget_space(attr.get()), "reading a dataspace"), H5Sclose);
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n < 0) fail(fmt::format("reading attribute '{}'", name));
    const h5_handle type = string_type();
    std::vector<char*> texts(static_cast<std::size_t>(n), nullptr);
    if (n > 0)
      check_status(H5Aread(attr.get(), type.get(), texts.data()), fmt::format("reading attribute '{}'", name));
    std::vector<std::string> out;
    for (char* t : texts) out.emplace_back(t ? t : "");
    if (n > 0) H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, texts.data());
    return out;
  }
  template <class T>
  T read_number(hid_t obj, const char* name, hid_t mem_type) const {
    if (!has_attribute(obj, name)) fail(fmt::format("no attribute '{}'", name));
    const h5_handle attr(check(H5Aopen(obj, name, H5P_DEFAULT), fmt::format("opening attribute '{}'", name)),
                         H5Aclose);
    T value{};
    check_status(H5Aread(attr.get(), mem_type, &value), fmt::format("reading attribute '{}'", name));
    return value;
  }

 private:
  std::filesystem::path file_;
};

void write_file(const std::filesystem::path& file, const checkpoint_header& h, const state_archive& state) {
  const h5_file_io io(file);
  h5_handle f(io.check(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "creating the file"),
              H5Fclose);
  const hid_t root = f.get();
  io.write_string(root, "format", format_name);
  io.write_number(root, "format_version", h.format_version, H5T_STD_U32LE, H5T_NATIVE_UINT);
  io.write_string(root, "version", h.version);
  io.write_string(root, "experiment", h.experiment);
  io.write_string(root, "file", h.file);
  io.write_string(root, "file_text", h.file_text);
  io.write_string(root, "file_text_hash", h.file_text_hash);
  io.write_strings(root, "overrides", h.overrides);
  io.write_number(root, "seed", h.seed, H5T_STD_U64LE, H5T_NATIVE_UINT64);
  io.write_number(root, "dt_ms", h.dt, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
  io.write_number(root, "step", h.step, H5T_STD_I64LE, H5T_NATIVE_INT64);
  io.write_number(root, "time_ms", h.time, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
  io.write_string(root, "phase", h.phase);
  io.write_number(root, "phase_index", h.phase_index, H5T_STD_U64LE, H5T_NATIVE_UINT64);
  io.write_number(root, "phase_step", h.phase_step, H5T_STD_I64LE, H5T_NATIVE_INT64);
  io.write_string(root, "sweep_point", h.sweep_point);
  const h5_handle lcpl(io.check(H5Pcreate(H5P_LINK_CREATE), "creating link properties"), H5Pclose);
  io.check_status(H5Pset_create_intermediate_group(lcpl.get(), 1), "setting link properties");
  for (const auto& [name, e] : state.entries) {
    const std::string path = "state/" + name;
    const hsize_t n = e.count;
    const h5_handle space(io.check(H5Screate_simple(1, &n, nullptr), "creating a dataspace"), H5Sclose);
    const h5_handle set(io.check(H5Dcreate2(root, path.c_str(), file_type_of(e.type), space.get(), lcpl.get(),
                                            H5P_DEFAULT, H5P_DEFAULT),
                                 fmt::format("creating dataset '{}'", path)),
                        H5Dclose);
    if (n > 0)
      io.check_status(H5Dwrite(set.get(), memory_type_of(e.type), H5S_ALL, H5S_ALL, H5P_DEFAULT, e.bytes.data()),
                      fmt::format("writing dataset '{}'", path));
  }
  io.check_status(H5Fflush(root, H5F_SCOPE_LOCAL), "flushing");
  if (!f.close()) io.fail("closing the file");
}

// fsync of a file or directory; throws naming it.
void sync_path(const std::filesystem::path& p, bool directory) {
  const int fd = ::open(p.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) throw error(fmt::format("checkpoint: cannot open '{}' to sync it: {}", p.string(), std::strerror(errno)));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw error(fmt::format("checkpoint: cannot sync '{}': {}", p.string(), std::strerror(err)));
}

// Whether `file` is a plastix checkpoint (any format version).
bool is_checkpoint(const std::filesystem::path& file) {
  if (H5Fis_hdf5(file.c_str()) <= 0) return false;
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return false;
  const h5_handle handle(f, H5Fclose);
  try {
    const h5_file_io io(file);
    return io.has_attribute(f, "format") && io.read_string(f, "format") == format_name;
  } catch (const error&) {
    return false;
  }
}

}  // namespace

std::string text_hash(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

bool may_write_checkpoint(const std::filesystem::path& file) {
  const std::lock_guard<std::recursive_mutex> serialised(h5_lock());
  const h5_quiet quiet;
  std::error_code ec;
  return !std::filesystem::exists(file, ec) || is_checkpoint(file);
}

void write_checkpoint(const std::filesystem::path& file, const checkpoint_header& header, const state_archive& state) {
  const std::lock_guard<std::recursive_mutex> serialised(h5_lock());
  const h5_quiet quiet;
  std::error_code ec;
  if (!may_write_checkpoint(file))
    throw error(fmt::format("checkpoint '{}': the file exists and is not a plastix checkpoint; plastix does not "
                            "overwrite it (choose another path)",
                            file.string()));
  std::filesystem::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  std::filesystem::path tmp = dir / fmt::format(".{}.tmp-{}", file.filename().string(), ::getpid());
  try {
    write_file(tmp, header, state);
    sync_path(tmp, false);
    std::filesystem::rename(tmp, file);
  } catch (...) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
  sync_path(dir, true);
}

checkpoint read_checkpoint(const std::filesystem::path& file) {
  const std::lock_guard<std::recursive_mutex> serialised(h5_lock());
  const h5_quiet quiet;
  const h5_file_io io(file);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw error(fmt::format("checkpoint '{}': no such file", file.string()));
  if (H5Fis_hdf5(file.c_str()) <= 0)
    throw error(fmt::format("checkpoint '{}': not an HDF5 file (not a plastix checkpoint)", file.string()));
  const h5_handle f(io.check(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "opening the file"), H5Fclose);
  const hid_t root = f.get();
  if (!io.has_attribute(root, "format") || io.read_string(root, "format") != format_name)
    throw error(fmt::format("checkpoint '{}': not a plastix checkpoint", file.string()));
  checkpoint c;
  checkpoint_header& h = c.header;
  h.format_version = io.read_number<unsigned>(root, "format_version", H5T_NATIVE_UINT);
  h.version = io.read_string(root, "version");
  if (h.format_version != checkpoint_format_version)
    throw error(fmt::format("checkpoint '{}': format version {} (written by plastix {}); this plastix reads format "
                            "version {}",
                            file.string(), h.format_version, h.version, checkpoint_format_version));
  h.experiment = io.read_string(root, "experiment");
  h.file = io.read_string(root, "file");
  h.file_text = io.read_string(root, "file_text");
  h.file_text_hash = io.read_string(root, "file_text_hash");
  h.overrides = io.read_strings(root, "overrides");
  h.seed = io.read_number<std::uint64_t>(root, "seed", H5T_NATIVE_UINT64);
  h.dt = io.read_number<double>(root, "dt_ms", H5T_NATIVE_DOUBLE);
  h.step = io.read_number<std::int64_t>(root, "step", H5T_NATIVE_INT64);
  h.time = io.read_number<double>(root, "time_ms", H5T_NATIVE_DOUBLE);
  h.phase = io.read_string(root, "phase");
  h.phase_index = io.read_number<std::uint64_t>(root, "phase_index", H5T_NATIVE_UINT64);
  h.phase_step = io.read_number<std::int64_t>(root, "phase_step", H5T_NATIVE_INT64);
  h.sweep_point = io.read_string(root, "sweep_point");
  // Every dataset under /state, by its path below it.
  struct walk {
    const h5_file_io* io;
    state_archive* out;
    std::string failed;
  } w{&io, &c.state, {}};
  if (H5Lexists(root, "state", H5P_DEFAULT) <= 0) io.fail("no group 'state'");
  const h5_handle state(io.check(H5Gopen2(root, "state", H5P_DEFAULT), "opening group 'state'"), H5Gclose);
  const herr_t rc = H5Lvisit(
      state.get(), H5_INDEX_NAME, H5_ITER_INC,
      [](hid_t group, const char* name, const H5L_info_t*, void* data) -> herr_t {
        auto& wk = *static_cast<walk*>(data);
        H5O_info_t info;
        if (H5Oget_info_by_name(group, name, &info, H5P_DEFAULT) < 0) {
          wk.failed = name;
          return -1;
        }
        if (info.type != H5O_TYPE_DATASET) return 0;
        const hid_t set = H5Dopen2(group, name, H5P_DEFAULT);
        if (set < 0) {
          wk.failed = name;
          return -1;
        }
        const h5_handle s(set, H5Dclose);
        const h5_handle type(H5Dget_type(set), H5Tclose);
        const h5_handle space(H5Dget_space(set), H5Sclose);
        state_archive::entry e;
        const hssize_t n = H5Sget_simple_extent_npoints(space.get());
        if (type.get() < 0 || space.get() < 0 || n < 0 || !state_type_of_h5(type.get(), e.type)) {
          wk.failed = name;
          return -1;
        }
        e.count = static_cast<std::size_t>(n);
        e.bytes.resize(e.count * state_type_size(e.type));
        if (n > 0 && H5Dread(set, memory_type_of(e.type), H5S_ALL, H5S_ALL, H5P_DEFAULT, e.bytes.data()) < 0) {
          wk.failed = name;
          return -1;
        }
        wk.out->entries[name] = std::move(e);
        return 0;
      },
      &w);
  if (rc < 0) io.fail(fmt::format("reading dataset 'state/{}'", w.failed));
  return c;
}

}  // namespace plastix
