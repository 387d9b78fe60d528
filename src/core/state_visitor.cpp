#include "plastix/core/state_visitor.hpp"

#include <fmt/format.h>

#include "plastix/core/error.hpp"

namespace plastix {

const char* state_type_name(state_type t) {
  switch (t) {
    case state_type::f64: return "f64";
    case state_type::i64: return "i64";
    case state_type::u64: return "u64";
    case state_type::i32: return "i32";
    case state_type::u32: return "u32";
    case state_type::u16: return "u16";
    case state_type::u8: return "u8";
  }
  return "?";
}

std::size_t state_type_size(state_type t) {
  switch (t) {
    case state_type::f64:
    case state_type::i64:
    case state_type::u64: return 8;
    case state_type::i32:
    case state_type::u32: return 4;
    case state_type::u16: return 2;
    case state_type::u8: return 1;
  }
  return 1;
}

void state_visitor::strings(const std::string& name, std::vector<std::string>& values) {
  std::vector<std::vector<char>> lists;
  if (!loading_)
    for (const std::string& s : values) lists.emplace_back(s.begin(), s.end());
  nested(name, lists);
  if (!loading_) return;
  values.clear();
  for (const auto& l : lists) values.emplace_back(l.begin(), l.end());
}

void state_visitor::text(const std::string& name, std::string& value) {
  std::vector<std::string> one{value};
  strings(name, one);
  if (one.size() != 1) fail(name, "it holds " + std::to_string(one.size()) + " strings, not one");
  value = one[0];
}

void state_visitor::unsupported(const std::string& component) {
  throw error(fmt::format("cannot write a checkpoint: the state of {} cannot be saved yet (docs/checkpoints.md, "
                          "limits)",
                          component));
}

const state_archive::entry& state_visitor::find(const std::string& key, state_type type) const {
  const auto it = archive_.entries.find(key);
  if (it == archive_.entries.end())
    throw error(fmt::format("checkpoint: no saved value '{}' (the checkpoint does not match this network)", key));
  if (it->second.type != type)
    throw error(fmt::format("checkpoint: '{}' is stored as {}, expected {}", key, state_type_name(it->second.type),
                            state_type_name(type)));
  return it->second;
}

void state_visitor::length_mismatch(const std::string& key, std::size_t stored, std::size_t expected) const {
  throw error(fmt::format("checkpoint: '{}' holds {} values, the network has {} (the checkpoint does not match this "
                          "network)",
                          key, stored, expected));
}

void state_visitor::fail(const std::string& name, const std::string& why) const {
  throw error(fmt::format("checkpoint: '{}{}' is damaged: {}", prefix_, name, why));
}

namespace {

void put_u64(std::vector<char>& out, std::uint64_t x) {
  const char* p = reinterpret_cast<const char*>(&x);
  out.insert(out.end(), p, p + sizeof x);
}

// Reads from a block of bytes, refusing to read past its end.
struct byte_reader {
  std::span<const char> bytes;
  std::size_t at = 0;
  std::span<const char> take(std::size_t n) {
    if (n > bytes.size() - at) throw error("internal: a state archive's bytes end early");
    const std::span<const char> part = bytes.subspan(at, n);
    at += n;
    return part;
  }
  std::uint64_t u64() {
    std::uint64_t x = 0;
    std::memcpy(&x, take(sizeof x).data(), sizeof x);
    return x;
  }
};

}  // namespace

std::vector<char> archive_bytes(const state_archive& archive) {
  std::vector<char> out;
  put_u64(out, archive.entries.size());
  for (const auto& [name, e] : archive.entries) {
    put_u64(out, name.size());
    out.insert(out.end(), name.begin(), name.end());
    out.push_back(static_cast<char>(e.type));
    put_u64(out, e.count);
    const std::size_t n = e.count * state_type_size(e.type);  // a view's bytes are the component's array
    put_u64(out, n);
    out.insert(out.end(), e.data(), e.data() + n);
  }
  return out;
}

state_archive archive_from_bytes(std::span<const char> bytes) {
  byte_reader in{bytes};
  state_archive archive;
  const std::uint64_t n = in.u64();
  for (std::uint64_t k = 0; k < n; ++k) {
    const auto name = in.take(in.u64());
    state_archive::entry e;
    const auto type = static_cast<std::uint8_t>(in.take(1)[0]);
    if (type > static_cast<std::uint8_t>(state_type::u8)) throw error("internal: a state archive's bytes are not one");
    e.type = static_cast<state_type>(type);
    e.count = in.u64();
    const auto values = in.take(in.u64());
    if (values.size() != e.count * state_type_size(e.type))
      throw error("internal: a state archive's bytes are not one");
    e.bytes.assign(values.begin(), values.end());
    archive.entries.emplace(std::string(name.begin(), name.end()), std::move(e));
  }
  if (in.at != bytes.size()) throw error("internal: a state archive's bytes are not one");
  return archive;
}

}  // namespace plastix
