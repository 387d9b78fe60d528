// Reading data.h5 back in tests (test_output_hdf5.cpp, test_state_catalogue.cpp): datasets with their stored
// type checked, and string attributes.
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace plastix::test::h5_read {

// Closes an HDF5 id when it goes out of scope.
class h5 {
 public:
  h5(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  h5(const h5&) = delete;
  h5& operator=(const h5&) = delete;
  ~h5() {
    if (id_ >= 0) close_(id_);
  }
  hid_t get() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

template <class T>
struct array {
  std::vector<hsize_t> shape;
  std::vector<T> values;
};

// Reads a whole dataset, checking its stored type is `file_type`.
template <class T>
array<T> read(hid_t file, const std::string& path, hid_t file_type, hid_t mem_type) {
  h5 set(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
  EXPECT_GE(set.get(), 0) << path;
  if (set.get() < 0) return {};
  h5 type(H5Dget_type(set.get()), H5Tclose);
  EXPECT_GT(H5Tequal(type.get(), file_type), 0) << path << " has the wrong dtype";
  h5 space(H5Dget_space(set.get()), H5Sclose);
  array<T> out;
  out.shape.resize(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.get())));
  H5Sget_simple_extent_dims(space.get(), out.shape.data(), nullptr);
  out.values.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  if (!out.values.empty()) {
    EXPECT_GE(H5Dread(set.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.values.data()), 0) << path;
  }
  return out;
}
inline array<double> doubles(hid_t file, const std::string& path) {
  return read<double>(file, path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
}
inline array<std::uint32_t> indices(hid_t file, const std::string& path) {
  return read<std::uint32_t>(file, path, H5T_STD_U32LE, H5T_NATIVE_UINT32);
}

inline h5 open_attr(hid_t file, const std::string& obj, const std::string& name) {
  return h5(H5Aopen_by_name(file, obj.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
}

inline std::string string_attr(hid_t file, const std::string& obj, const std::string& name) {
  h5 attr = open_attr(file, obj, name);
  EXPECT_GE(attr.get(), 0) << obj << "@" << name;
  if (attr.get() < 0) return "<missing>";
  h5 type(H5Aget_type(attr.get()), H5Tclose);
  EXPECT_GT(H5Tis_variable_str(type.get()), 0);
  EXPECT_EQ(H5Tget_cset(type.get()), H5T_CSET_UTF8);
  char* text = nullptr;
  EXPECT_GE(H5Aread(attr.get(), type.get(), &text), 0);
  std::string out = text != nullptr ? text : "<null>";
  H5free_memory(text);
  return out;
}

}  // namespace plastix::test::h5_read
