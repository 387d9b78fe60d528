// Rate populations (model = "rate", "rate_patterns", "rate_gaussian"): their keys in [[population]] tables. Rates and
// weights between rate populations are plain numbers; times carry units. (The rate rules are read with every other
// rule from their declarations: read_plasticity.cpp.)
#include <algorithm>

#include "read_params.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

// A list of lists of plain numbers: patterns = [[1, 0], [0, 1]], covariance = [[1, 0.5], [0.5, 1]].
std::vector<std::vector<double>> read_rows(const table_reader& t, const char* key, const char* example) {
  const toml::array& rows = t.array(key);
  const std::string dotted = t.key_of(key);
  std::vector<std::vector<double>> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const toml::array* row = rows.get(i)->as_array();
    if (!row) {
      t.fail(key, std::string("expected a list of lists of numbers, e.g. ") + example + "; element " +
                      std::to_string(i) + " is " + describe_node(*rows.get(i)));
    }
    std::vector<double> values;
    for (std::size_t k = 0; k < row->size(); ++k) values.push_back(t.quantity_of(*row->get(k), dotted, dimension::dimensionless));
    out.push_back(std::move(values));
  }
  return out;
}

rate_unit::params read_rate_unit(const table_reader& t) {
  rate_unit::params p = read_keys(t, rate_unit::params::declare(), dimension::dimensionless);
  if (t.has("threshold") && p.f == rate_unit::transfer::linear) {
    t.fail("threshold", "threshold applies to transfer = \"relu\" or \"sigmoid\"; a linear unit has none "
                        "(shift its input with bias)");
  }
  if (t.has("y_max") && p.f != rate_unit::transfer::sigmoid) t.fail("y_max", "y_max applies only to transfer = \"sigmoid\"");
  return p;
}

rate_patterns_source::params read_rate_patterns(const table_reader& t) {
  rate_patterns_source::params p = read_keys(t, rate_patterns_source::params::declare(), dimension::dimensionless);
  p.patterns = read_rows(t, "patterns", "[[1, 0, 0], [0, 1, 1]] (one list of rates per pattern)");
  return p;
}

rate_gaussian_source::params read_rate_gaussian(const table_reader& t) {
  rate_gaussian_source::params p = read_keys(t, rate_gaussian_source::params::declare(), dimension::dimensionless);
  const toml::node* c = t.find("covariance");
  if (!c) t.fail("covariance", "a rate_gaussian population needs a covariance: a matrix [[1, 0.5], [0.5, 1]] or a "
                               "generator { groups = [5, 5], correlation = [0.8, 0.4] }");
  if (c->is_array()) {
    p.covariance = read_rows(t, "covariance", "[[1, 0.5], [0.5, 1]]");
    if (p.covariance.empty()) t.fail("covariance", "expected a non-empty matrix");
    return p;
  }
  const table_reader g = t.sub_table("covariance");
  g.check_keys({"groups", "correlation", "between", "sd"},
               "in a covariance generator (correlated groups: { groups = [5, 5], correlation = [0.8, 0.4], "
               "between = 0, sd = 1 })");
  const toml::array& sizes = g.array("groups");
  for (std::size_t i = 0; i < sizes.size(); ++i)
    p.groups.sizes.push_back(static_cast<std::size_t>(g.count_of(*sizes.get(i), g.key_of("groups"), 1u << 24)));
  p.groups.correlation = g.quantity_list("correlation", dimension::dimensionless);
  if (!g.has("correlation")) g.fail("correlation", "expected one correlation per group, e.g. correlation = [0.8, 0.4]");
  if (g.has("between")) p.groups.between = g.number("between");
  if (g.has("sd")) p.groups.sd = g.number("sd");
  return p;
}

}  // namespace

bool is_rate_model(const std::string& model) {
  return model == rate_unit::name || model == rate_patterns_source::name || model == rate_gaussian_source::name;
}

neuron_params read_rate_params(const table_reader& t, const std::string& model) {
  if (model == rate_unit::name) return read_rate_unit(t);
  if (model == rate_patterns_source::name) return read_rate_patterns(t);
  return read_rate_gaussian(t);
}

std::size_t rate_source_size(const neuron_params& p) {
  if (const auto* r = std::get_if<rate_patterns_source::params>(&p)) return r->patterns.empty() ? 0 : r->patterns[0].size();
  if (const auto* g = std::get_if<rate_gaussian_source::params>(&p)) return rate_gaussian_source::size_of(*g);
  return 0;
}

}  // namespace plastix::io_detail
