// Saving and restoring a run's state (checkpoints, docs/checkpoints.md): every component that holds state has ONE
// function, visit_state(state_visitor&), that names its arrays and scalars. The same function serves both ways: when
// saving, the visitor copies each named value into a state_archive; when loading, it copies the archived value back
// (checking its type and, for fixed-size arrays, its length). A component that cannot be saved yet calls
// unsupported(): saving then refuses with a message naming it, so a checkpoint never silently misses state.
// Names are paths ("projections/exc_exc/weights"): scope() adds one level for the lifetime of the returned guard.
#pragma once
#include <cstdint>
#include <cstring>
#include <map>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace plastix {

// The element types a checkpoint stores (each maps to one HDF5 type, record/checkpoint_file.cpp).
enum class state_type : std::uint8_t { f64, i64, u64, i32, u32, u16, u8 };

template <class T>
constexpr state_type state_type_of() {
  if constexpr (std::is_same_v<T, double>) return state_type::f64;
  else if constexpr (std::is_same_v<T, std::int64_t>) return state_type::i64;
  else if constexpr (std::is_same_v<T, std::uint64_t>) return state_type::u64;
  else if constexpr (std::is_same_v<T, std::int32_t>) return state_type::i32;
  else if constexpr (std::is_same_v<T, std::uint32_t>) return state_type::u32;
  else if constexpr (std::is_same_v<T, std::uint16_t>) return state_type::u16;
  else {
    static_assert(sizeof(T) == 1 && std::is_integral_v<T>, "a checkpoint stores f64, i64, u64, i32, u32, u16, u8");
    return state_type::u8;
  }
}
const char* state_type_name(state_type t);
std::size_t state_type_size(state_type t);

// The saved values by name: what a checkpoint file holds besides its header.
struct state_archive {
  struct entry {
    state_type type;
    std::size_t count = 0;    // elements
    std::vector<char> bytes;  // count × state_type_size(type), native byte order
    char* view = nullptr;     // instead of bytes: the component's own array (state_visitor's views, below)
    char* data() { return view ? view : bytes.data(); }
    const char* data() const { return view ? view : bytes.data(); }
  };
  std::map<std::string, entry> entries;
};
// An archive as one block of bytes and back (a sweep point's results sent between MPI processes, in native byte
// order: the processes of one run share the machine type). archive_from_bytes throws when the bytes are not one.
std::vector<char> archive_bytes(const state_archive& archive);
state_archive archive_from_bytes(std::span<const char> bytes);

class state_visitor {
 public:
  // `archive` is written to (saving) or read from (loading); it must outlive the visitor.
  state_visitor(state_archive& archive, bool loading) : archive_(archive), loading_(loading) {}
  // Views (MPI: the state gathered from the ranks in place, sim/rank_split.cpp): saving stores, for each fixed()
  // array, a view of the component's own array instead of a copy (entry::view); loading leaves an entry that is a
  // view of the same array as it is (its values were written in place). Everything else is copied as usual. The
  // views are valid while the component does not resize its arrays: between the saving visit and the loading one.
  struct views_t {};
  static constexpr views_t views{};
  state_visitor(state_archive& archive, bool loading, views_t) : archive_(archive), loading_(loading), views_(true) {}
  bool loading() const { return loading_; }
  // Whether this visit gathers the owners' state among MPI processes (views): a component may then show, as fixed
  // arrays per neuron or per synapse, values it keeps in another layout (which sync_state could not tell apart).
  bool gathering() const { return views_; }

  // An array whose length the component fixes (neurons, synapses): loading checks the length.
  template <class T>
  void fixed(const std::string& name, std::vector<T>& values) {
    if (views_) return view(name, values);
    transfer(name, values, true);
  }
  // An array whose length is part of the state (spikes in flight, recorded samples): loading resizes it.
  template <class T>
  void resizable(const std::string& name, std::vector<T>& values) {
    transfer(name, values, false);
  }
  template <class T>
  void scalar(const std::string& name, T& value) {
    std::vector<T> one{value};
    transfer(name, one, true);
    value = one[0];
  }
  // A bool, stored as u8.
  void flag(const std::string& name, bool& value) {
    std::uint8_t b = value ? 1 : 0;
    scalar(name, b);
    value = b != 0;
  }
  // A list of lists (delay rings): stored as the concatenation and each list's length.
  template <class T>
  void nested(const std::string& name, std::vector<std::vector<T>>& lists) {
    std::vector<std::uint64_t> lengths;
    std::vector<T> flat;
    if (!loading_)
      for (const auto& l : lists) {
        lengths.push_back(l.size());
        flat.insert(flat.end(), l.begin(), l.end());
      }
    resizable(name + ".lengths", lengths);
    resizable(name + ".values", flat);
    if (!loading_) return;
    lists.assign(lengths.size(), {});
    std::size_t at = 0;
    for (std::size_t k = 0; k < lengths.size(); ++k) {
      if (at + lengths[k] > flat.size()) fail(name, "its lengths exceed its values");
      lists[k].assign(flat.begin() + static_cast<std::ptrdiff_t>(at),
                      flat.begin() + static_cast<std::ptrdiff_t>(at + lengths[k]));
      at += lengths[k];
    }
  }
  // Strings: stored as their bytes and lengths.
  void strings(const std::string& name, std::vector<std::string>& values);
  void text(const std::string& name, std::string& value);

  // A component whose state cannot be saved yet: saving throws plastix::error naming it (loading never gets here,
  // since no such checkpoint exists).
  void unsupported(const std::string& component);

  // Names inside the guard's lifetime are prefixed with "<prefix>/<level>/".
  class scope_guard {
   public:
    scope_guard(state_visitor& v, const std::string& level) : v_(v), saved_(v.prefix_) { v.prefix_ += level + "/"; }
    ~scope_guard() { v_.prefix_ = saved_; }
    scope_guard(const scope_guard&) = delete;
    scope_guard& operator=(const scope_guard&) = delete;

   private:
    state_visitor& v_;
    std::string saved_;
  };
  [[nodiscard]] scope_guard scope(const std::string& level) { return scope_guard(*this, level); }
  const std::string& prefix() const { return prefix_; }

 private:
  template <class T>
  void view(const std::string& name, std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::string key = prefix_ + name;
    char* own = reinterpret_cast<char*>(values.data());
    if (!loading_) {
      state_archive::entry& e = archive_.entries[key];
      e.type = state_type_of<T>();
      e.count = values.size();
      e.bytes.clear();
      e.view = own;
      return;
    }
    const state_archive::entry& e = find(key, state_type_of<T>());
    if (e.view == own && e.count == values.size()) return;  // gathered in place
    if (e.count != values.size()) length_mismatch(key, e.count, values.size());
    if (e.count > 0) std::memcpy(values.data(), e.data(), e.count * sizeof(T));
  }
  template <class T>
  void transfer(const std::string& name, std::vector<T>& values, bool fixed_length) {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::string key = prefix_ + name;
    constexpr state_type type = state_type_of<T>();
    if (!loading_) {
      state_archive::entry& e = archive_.entries[key];
      e.type = type;
      e.count = values.size();
      e.bytes.resize(values.size() * sizeof(T));
      if (!values.empty()) std::memcpy(e.bytes.data(), values.data(), e.bytes.size());
      return;
    }
    const state_archive::entry& e = find(key, type);
    if (fixed_length && e.count != values.size()) length_mismatch(key, e.count, values.size());
    values.resize(e.count);
    if (e.count > 0) std::memcpy(values.data(), e.data(), e.count * sizeof(T));
  }
  const state_archive::entry& find(const std::string& key, state_type type) const;
  [[noreturn]] void length_mismatch(const std::string& key, std::size_t stored, std::size_t expected) const;
  [[noreturn]] void fail(const std::string& name, const std::string& why) const;

  state_archive& archive_;
  bool loading_;
  bool views_ = false;
  std::string prefix_;
};

}  // namespace plastix
