#include "problem_log.hpp"

#include <optional>
#include <string_view>

#include "toml_reader.hpp"

namespace plastix::io_detail {

namespace {

// `key` is `item` or a key inside it.
bool within(const std::string& key, const std::string& item) {
  if (key.rfind(item, 0) != 0) return false;
  return key.size() == item.size() || key[item.size()] == '.' || key[item.size()] == '[';
}

// `key` and the keys around it: "a.b[2].c", "a.b[2]", "a.b", "a".
std::vector<std::string> around(const std::string& key) {
  std::vector<std::string> out;
  for (std::optional<std::string> k = key; k && !k->empty(); k = parent_key(*k)) out.push_back(*k);
  return out;
}

// The texts between two consecutive single quotes of `message` (every pair, so that an apostrophe does not hide a
// quoted name): the names a message mentions.
std::vector<std::string> quoted(std::string_view message) {
  std::vector<std::string> out;
  for (std::size_t open = message.find('\''); open != std::string_view::npos;) {
    const std::size_t close = message.find('\'', open + 1);
    if (close == std::string_view::npos) break;
    out.emplace_back(message.substr(open + 1, close - open - 1));
    open = close;
  }
  return out;
}

}  // namespace

std::string kind_of(const std::string& key) {
  const std::string array = parent_key(key).value_or("");
  return array.substr(array.find_last_of('.') + 1);
}

void problem_log::record(const error& e, bool breaks_item) {
  problems_.push_back({e, breaks_item});
  if (!breaks_item) return;
  ++breaking_;
  breaking_keys_.insert(e.where().key);
}

void problem_log::note_item(const std::string& key, const std::string& name,
                            std::vector<std::pair<std::string, std::string>> refers) {
  if (!name.empty()) item_names_.emplace(kind_of(key), name);
  items_[key] = {name, std::move(refers)};
}

void problem_log::note_unknown_key(const std::string& table, const std::string& key) {
  unknown_keys_.insert(key);
  unknown_by_table_[table].push_back(key);
}

const std::vector<std::string>& problem_log::unknown_keys_of(const std::string& table) const {
  static const std::vector<std::string> none;
  const auto it = unknown_by_table_.find(table);
  return it == unknown_by_table_.end() ? none : it->second;
}

void problem_log::mark_broken(const std::string& key, const std::string& name) {
  broken_keys_.insert(key);
  if (const std::optional<std::string> array = parent_key(key)) broken_kinds_.insert(*array);
  if (kind_of(key).empty()) return;  // [experiment], [sweep]: not referred to by name
  if (name.empty()) {
    nameless_by_kind_[kind_of(key)].push_back(key);
  } else {
    broken_by_name_[name].emplace_back(kind_of(key), key);
  }
}

bool problem_log::is_broken(const std::string& key) const {
  for (const std::string& k : around(key))
    if (broken_keys_.count(k)) return true;
  for (auto it = broken_keys_.lower_bound(key); it != broken_keys_.end() && it->rfind(key, 0) == 0; ++it)
    if (within(*it, key)) return true;
  return false;
}

bool problem_log::name_is_broken(const std::string& kind, const std::string& name, const std::string& item) const {
  const auto other = [&](const std::string& key) { return !within(key, item) && !within(item, key); };
  if (const auto it = broken_by_name_.find(name); it != broken_by_name_.end())
    for (const auto& [k, key] : it->second)
      if (k == kind && other(key)) return true;
  if (item_names_.count({kind, name})) return false;
  const auto nameless = nameless_by_kind_.find(kind);  // an unknown name may be that of a broken nameless item
  if (nameless == nameless_by_kind_.end()) return false;
  for (const std::string& key : nameless->second)
    if (other(key)) return true;
  return false;
}

bool problem_log::follows(const error& e, bool breaks_item, bool by_reader,
                          const std::map<std::string, source_ref>& index) const {
  const std::string& key = e.where().key;
  const std::vector<std::string> keys = around(key);
  for (const std::string& k : keys)  // the problem of an unknown key itself does not break its item
    if (unknown_keys_.count(k) && (k != key || breaks_item)) return true;
  if (!breaks_item || key.empty()) return false;
  if (unknown_by_table_.count(key)) return true;
  if (unknown_by_table_.count(parent_key(key).value_or("")) && !index.count(key)) return true;  // the top: ""
  for (const std::string& k : keys) {
    if (!by_reader && broken_keys_.count(k)) return true;  // checks of its values, which may be placeholders
    if (const auto it = items_.find(k); it != items_.end())
      for (const auto& [kind, name] : it->second.refers)
        if (name_is_broken(kind, name, k)) return true;
  }
  if (!by_reader && broken_kinds_.count(key)) return true;  // "the experiment has no populations"
  const std::string message = e.message();
  for (const std::string& name : quoted(message)) {  // "'exc' is not a population", "no monitor named 'pz'"
    const auto it = broken_by_name_.find(name);
    if (it == broken_by_name_.end()) continue;
    for (const auto& [kind, item] : it->second)
      if (!within(key, item) && message.find(kind) != std::string::npos) return true;
  }
  return false;
}

void problem_log::mark_items_broken(const std::string& key) {
  for (const std::string& k : around(key))
    if (const auto it = items_.find(k); it != items_.end()) mark_broken(k, it->second.name);
}

std::vector<error> problem_log::to_report(const std::vector<error>& checked,
                                          const std::map<std::string, source_ref>& index) {
  std::vector<error> out;
  for (const problem& p : problems_)
    if (!follows(p.what, p.breaks_item, true, index)) out.push_back(p.what);
  for (const error& e : checked) {
    if (!follows(e, true, false, index)) out.push_back(e);
    mark_items_broken(e.where().key);
  }
  if (!out.empty()) return out;
  // A safeguard: what is left out follows from another problem, so something is always reported.
  for (const problem& p : problems_) out.push_back(p.what);
  out.insert(out.end(), checked.begin(), checked.end());
  return out;
}

}  // namespace plastix::io_detail
