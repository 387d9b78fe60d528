// The reader of experiment files follows the catalogue (spec/models.hpp): every declared key of every neuron
// model, source, receptor and connector is accepted with its unit (its default as written in a file), and a value
// in a wrong unit is refused with an error that names the key.
#include <gtest/gtest.h>

#include <string>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/spec/models.hpp"
#include "test_config_support.hpp"

namespace plastix {
namespace {

using config_test::base_file;
using config_test::with;

// The key's default as written in a file: quantities and choices quoted.
std::string default_value(const key_info& k) {
  if (k.type == value_type::quantity || k.type == value_type::choice) return "\"" + k.default_text + "\"";
  if (k.type == value_type::weight) return "\"1 nS\"";
  return k.default_text;
}

// A value of the wrong dimension for key k (a number key gets a quantity, a time a voltage, the rest a time).
std::string wrong_value(const key_info& k) { return k.dim == dimension::time ? "\"1 mV\"" : "\"1 ms\""; }

bool numeric(const key_info& k) {
  return k.type == value_type::number || k.type == value_type::quantity || k.type == value_type::count ||
         k.type == value_type::weight;
}

// The smallest neuron model written as equations (docs/equations.md).
const std::string written_model =
    "state = { v = \"-70 mV\" }\nequations = \"dv/dt = (-70*mV - v)/(10*ms)\"\nthreshold = \"v > -50*mV\"\n";

// base_file with model m holding `key = value` (plus what the model needs to be valid).
std::string file_with(const model_info& m, const std::string& key, const std::string& value) {
  const std::string line = key + " = " + value + "\n";
  if (m.family == "neuron model" || m.family == "source") {
    std::string table = "\n[[population]]\nname = \"extra\"\nmodel = \"" + m.name + "\"\n";
    if (m.name == "rate_patterns") table += "patterns = [[1, 0], [0, 1]]\n";
    else if (m.name == "rate_gaussian") table += "covariance = [[1, 0], [0, 1]]\n";
    else table += "size = 2\n";
    if (m.name == "rate" && key != "transfer") table += "transfer = \"sigmoid\"\n";
    if (m.name == "equations") table += written_model;
    return with(base_file, "\n[[projection]]", table + line + "\n[[projection]]");
  }
  if (m.family == "receptor") {
    return with(base_file, "  [[population.receptor]]\n  name = \"ampa\"",
                "  [[population.receptor]]\n  name = \"extra\"\n  kind = \"" + m.name + "\"\n  " + line +
                    "  [[population.receptor]]\n  name = \"ampa\"");
  }
  // connector
  std::string table = "connector = \"" + m.name + "\"\n";
  if (m.name == "fixed_probability" && key != "p") table += "p = 0.5\n";
  if (m.name == "fixed_indegree" && key != "indegree") table += "indegree = 2\n";
  return base_file + table + line;
}

const std::vector<std::string> families{"neuron model", "source", "receptor", "connector"};

TEST(catalogue_reader, accepts_every_declared_key_of_every_model_with_its_unit) {
  int checked = 0;
  for (const model_info* m : catalogue()) {
    if (std::find(families.begin(), families.end(), m->family) == families.end()) continue;
    for (const key_info& k : m->keys) {
      if (k.default_text.empty()) continue;  // extra() keys: read by the model's own reader, tested with it
      const std::string text = file_with(*m, k.name, default_value(k));
      try {
        parse_experiment(text, "ok.toml");
        ++checked;
      } catch (const error& e) {
        ADD_FAILURE() << m->family << " " << m->name << ": " << k.name << " = " << default_value(k) << ": " << e.what();
      }
    }
  }
  EXPECT_GT(checked, 60);
}

TEST(catalogue_reader, refuses_a_value_in_a_wrong_unit_naming_the_key) {
  int checked = 0;
  for (const model_info* m : catalogue()) {
    if (std::find(families.begin(), families.end(), m->family) == families.end()) continue;
    for (const key_info& k : m->keys) {
      if (k.default_text.empty() || !numeric(k)) continue;
      const std::string text = file_with(*m, k.name, wrong_value(k));
      try {
        parse_experiment(text, "bad.toml");
        ADD_FAILURE() << m->family << " " << m->name << ": " << k.name << " = " << wrong_value(k) << " was accepted";
      } catch (const error& e) {
        const std::string& key = e.where().key;
        EXPECT_TRUE(key.size() >= k.name.size() && key.compare(key.size() - k.name.size(), k.name.size(), k.name) == 0)
            << m->name << ": expected the error to name " << k.name << ": " << e.what();
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 50);
}

}  // namespace
}  // namespace plastix
