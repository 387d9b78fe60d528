// RAII handles and error reporting for the HDF5 C API, shared by the results writer (writer_hdf5.cpp) and the
// checkpoint file (checkpoint_file.cpp). Private to the record layer.
#pragma once
#include <hdf5.h>

#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace plastix::h5 {

// The HDF5 library of Debian is built without its thread-safety option: two threads may not be inside it at once.
// Every public function that calls it (write_hdf5, read_checkpoint, write_checkpoint, may_write_checkpoint) holds
// this lock for the whole call, taken before h5_quiet: the points of a parallel sweep (docs/parallel.md) read warm
// starts and write checkpoints from several threads. Recursive: one such function calls another.
inline std::recursive_mutex& h5_lock() {
  static std::recursive_mutex lock;  // the one HDF5 library of the process
  return lock;
}

// Silences HDF5's automatic error-stack printing for the lifetime of the object and restores it afterwards:
// failures become plastix::error instead, with the HDF5 detail in the message.
class h5_quiet {
 public:
  h5_quiet() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~h5_quiet() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
  h5_quiet(const h5_quiet&) = delete;
  h5_quiet& operator=(const h5_quiet&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

// The innermost description on HDF5's error stack (the most specific one), or "" when the stack is empty.
// A failed system call is described by HDF5 with time, descriptor and buffer address; only its
// "error message = '...'" part (e.g. No space left on device) is kept.
inline std::string h5_error_detail() {
  std::string detail;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* e, void* out) -> herr_t {
        if (n == 0 && e->desc != nullptr) *static_cast<std::string*>(out) = e->desc;
        return 0;
      },
      &detail);
  H5Eclear2(H5E_DEFAULT);
  constexpr std::string_view system_error = "error message = '";
  if (const auto start = detail.find(system_error); start != std::string::npos) {
    const auto begin = start + system_error.size();
    if (const auto end = detail.find('\'', begin); end != std::string::npos) return detail.substr(begin, end - begin);
  }
  return detail;
}

// Owns one HDF5 identifier and closes it with the matching H5?close function.
class h5_handle {
 public:
  using closer = herr_t (*)(hid_t);
  h5_handle() = default;
  h5_handle(hid_t id, closer close) : id_(id), close_(close) {}
  h5_handle(h5_handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), close_(o.close_) {}
  h5_handle& operator=(h5_handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      close_ = o.close_;
    }
    return *this;
  }
  h5_handle(const h5_handle&) = delete;
  h5_handle& operator=(const h5_handle&) = delete;
  ~h5_handle() { reset(); }

  hid_t get() const { return id_; }
  // Closes now and reports whether closing succeeded (closing a file flushes it, so this can fail).
  bool close() {
    if (id_ < 0) return true;
    const herr_t status = close_(std::exchange(id_, H5I_INVALID_HID));
    return status >= 0;
  }

 private:
  void reset() {
    if (id_ >= 0) close_(std::exchange(id_, H5I_INVALID_HID));
  }
  hid_t id_ = H5I_INVALID_HID;
  closer close_ = nullptr;
};

}  // namespace plastix::h5
