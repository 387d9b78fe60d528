// Internal to io/: reading a model's keys from its table through the model's catalogue declaration
// (spec/catalogue.hpp): every key, its unit and its presets come from the one declaration.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "plastix/spec/catalogue.hpp"
#include "toml_reader.hpp"

namespace plastix::io_detail {

// The value of key `k` of table t, in internal units (weight keys in the unit of `weight`). A bad quantity, count or
// flag is recorded as a problem of the document and `current` (the value so far) kept, so that the rest of the
// table is still read and checked (plastix check reports every problem).
key_value read_key_value(const table_reader& t, const key_info& k, const quantity_kind& weight, double current);

// Every key of the declaration present in t, over the preset t names (if any) or P's defaults, without checking the
// table's other keys (for tables that hold more than the model, such as [[population]]); extra() keys are left to
// the model's own reader.
template <class P>
P read_keys(const table_reader& t, const declaration<P>& d, const quantity_kind& weight) {
  const model_info& m = d.info();
  P p{};
  if (!m.presets.empty() && t.has("preset")) p = d.preset(t.choice("preset", m.presets));
  for (const auto& k : m.keys)
    if (t.has(k.name) && !d.is_extra(k.name)) d.set(p, k.name, read_key_value(t, k, weight, d.get(p, k.name)));
  return p;
}

// Every key of the declaration present in t, over the preset t names (if any) or P's defaults. `extra_keys` are the
// other keys the table may hold (e.g. "rule"); any other key is an error naming `context` ("for an stdp rule").
template <class P>
P read_params(const table_reader& t, const declaration<P>& d, const quantity_kind& weight,
              std::vector<std::string> extra_keys, std::string_view context) {
  const model_info& m = d.info();
  std::vector<std::string> allowed = std::move(extra_keys);
  if (!m.presets.empty()) allowed.push_back("preset");
  for (const auto& k : m.keys) allowed.push_back(k.name);
  t.check_keys(allowed, context);
  return read_keys(t, d, weight);
}

// Every value of p out of its declared bounds and every declared constraint that does not hold, each recorded as a
// problem of the document at its key (or at the table), so that the reader goes on and check lists them all.
template <class P>
void check_values(const table_reader& t, const declaration<P>& d, const P& p) {
  for (const key_problem& k : d.problems(p)) {
    try {
      if (k.key.empty()) t.fail_here(k.message);
      t.fail(k.key, k.message);
    } catch (const error& e) {
      t.doc().problems.record(e);
    }
  }
}

}  // namespace plastix::io_detail
