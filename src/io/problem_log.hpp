// Internal to io/: the problems found while reading an experiment file, and which of them to report. Reading goes
// on after a problem, so that one pass finds them all (`plastix check`), but a problem that may only follow from
// another (a projection onto a population that could not be read) is left out.
#pragma once
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "plastix/core/error.hpp"

namespace plastix::io_detail {

class problem_log {
 public:
  // A problem found while reading. `breaks_item`: a value could not be read (an unknown key breaks nothing).
  void record(const error& e, bool breaks_item = true);
  std::size_t breaking() const { return breaking_; }  // problems recorded that break their item
  std::size_t recorded() const { return problems_.size(); }  // every problem recorded so far
  const error& recorded(std::size_t i) const { return problems_.at(i).what; }  // in the order found
  bool has_breaking(const std::string& key) const { return breaking_keys_.count(key) > 0; }  // at exactly `key`

  // An item (a table read as one: a [[population]], a receptor ...) at `key`, the name it goes by ("" when it has
  // no usable one) and the names it refers to, by kind: {"population", "exc"}, {"projection", "ee"}.
  void note_item(const std::string& key, const std::string& name,
                 std::vector<std::pair<std::string, std::string>> refers);
  // An unknown key `key` of the table `table` (its problem is recorded apart).
  void note_unknown_key(const std::string& table, const std::string& key);
  const std::vector<std::string>& unknown_keys_of(const std::string& table) const;
  // The item at `key` has a problem in its values; `name`: what it goes by ("" when unknown).
  void mark_broken(const std::string& key, const std::string& name);
  bool is_broken(const std::string& key) const;  // the item at `key`, one around it or one inside it is broken

  // The problems to report: those recorded, then `checked` (validation's, in the order found); `index`: the keys of
  // the document. Left out are problems inside an unknown key; about a table with an unknown key itself or a key
  // absent from it (the key may be the misspelled one); in an item that refers to a broken item (by name, or to an
  // unknown name while an item of that kind without a usable name is broken); naming a broken item ('exc', with
  // its kind) from outside it; and validation's problems inside a broken item (its values may be placeholders) or
  // about its kind as a whole ("the experiment has no populations"). A validation problem marks its items broken
  // for the items checked after it. Never empty when there is a problem.
  std::vector<error> to_report(const std::vector<error>& checked, const std::map<std::string, source_ref>& index);

 private:
  struct problem {
    error what;
    bool breaks_item;
  };
  struct item_info {
    std::string name;
    std::vector<std::pair<std::string, std::string>> refers;
  };
  bool follows(const error& e, bool breaks_item, bool by_reader, const std::map<std::string, source_ref>& index) const;
  bool name_is_broken(const std::string& kind, const std::string& name, const std::string& item) const;
  void mark_items_broken(const std::string& key);  // the items around `key`

  std::vector<problem> problems_;  // in the order found
  std::size_t breaking_ = 0;
  std::set<std::string> breaking_keys_;
  std::map<std::string, item_info> items_;                   // by key
  std::set<std::pair<std::string, std::string>> item_names_;  // kind, name
  std::set<std::string> unknown_keys_;
  std::map<std::string, std::vector<std::string>> unknown_by_table_;
  std::set<std::string> broken_keys_;
  std::set<std::string> broken_kinds_;  // the arrays of tables broken items are in: "population"
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> broken_by_name_;  // name -> kind, key
  std::map<std::string, std::vector<std::string>> nameless_by_kind_;  // kind -> keys of broken items without a name
};

// The kind of the element of an array of tables at `key`: "population" for "population.exc" or "population[1]",
// "receptor" for "population.exc.receptor.ampa".
std::string kind_of(const std::string& key);

}  // namespace plastix::io_detail
