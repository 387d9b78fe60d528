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

}  // namespace plastix
