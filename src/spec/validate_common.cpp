// Helpers shared by the checks of spec/validate (validate_detail.hpp).
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/core/suggest.hpp"
#include "plastix/spec/output_keys.hpp"
#include "validate_detail.hpp"

namespace plastix::validate_detail {

void fail(const source_ref& where, const std::string& key, const std::string& message) {
  source_ref r = where;
  r.key = key;
  throw error(r, message);
}

std::string key_or(const source_ref& where, const std::string& fallback) {
  return where.key.empty() ? fallback : where.key;
}

const monitor_spec& monitor_named(const experiment_spec& spec, const analysis_spec& a, monitor_spec::kind type,
                                  const std::string& name, const std::string& key, const std::string& field) {
  std::vector<std::string> names;
  for (const monitor_spec& m : spec.monitors) {
    if (m.type != type) continue;
    if (m.name == name) return m;
    names.push_back(m.name);
  }
  fail(a.where, key + "." + field, "there is no " + monitor_type_names().at(static_cast<std::size_t>(type)) + " monitor named '" + name + "';" + suggestion(name, names));
}

}  // namespace plastix::validate_detail
