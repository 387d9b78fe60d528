#include "plastix/core/error.hpp"

#include <algorithm>
#include <limits>
#include <set>

namespace plastix {

std::string error::format(const source_ref& where, const std::string& message) {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) out += ":" + std::to_string(where.line);
    out += ": ";
  }
  if (!where.key.empty()) out += "key '" + where.key + "': ";
  return out + message;
}

std::string error::message() const {
  std::string text = what();
  const std::string place = format(where_, "");
  if (text.rfind(place, 0) == 0) text.erase(0, place.size());
  return text;
}

problems::sorted problems::in_file_order(std::vector<error> list) {
  std::set<std::string> seen;
  sorted out;
  for (error& e : list)
    if (seen.insert(e.what()).second) out.shown.push_back(std::move(e));
  const auto line = [](const error& e) {  // problems without a line last
    return e.where().line > 0 ? e.where().line : std::numeric_limits<int>::max();
  };
  std::stable_sort(out.shown.begin(), out.shown.end(), [&](const error& a, const error& b) {
    return line(a) != line(b) ? line(a) < line(b) : a.where().column < b.where().column;
  });
  if (out.shown.size() > shown_at_most) {
    out.left_out = out.shown.size() - shown_at_most;
    out.shown.erase(out.shown.begin() + shown_at_most, out.shown.end());
  }
  return out;
}

std::string problems::text(const sorted& s) {
  std::string out;
  for (const error& e : s.shown) {
    if (!out.empty()) out.push_back('\n');
    out.append(e.what());
  }
  if (s.left_out > 0) {
    out.append("\n... and ").append(std::to_string(s.left_out)).append(" more problem");
    if (s.left_out > 1) out.push_back('s');
  }
  return out;
}

problems::problems(std::vector<error> list) : problems(in_file_order(std::move(list))) {}

problems::problems(sorted s)
    : error(formatted{}, s.shown.empty() ? source_ref{} : s.shown.front().where(), text(s)),
      list_(std::move(s.shown)),
      left_out_(s.left_out) {}

void throw_problems(std::vector<error> list) {
  if (list.empty()) return;
  problems all(std::move(list));
  if (all.list().size() == 1 && all.left_out() == 0) throw all.list().front();
  throw all;
}

}  // namespace plastix
