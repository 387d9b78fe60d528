// Every plasticity rule is read, checked and documented from its one declaration (spec/rules/*.hpp declare()):
// these tests are generated from the catalogue, so a new rule is covered by its registration in rule_params alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "test_config_support.hpp"

namespace plastix {
namespace {

const std::string rate_file = config_test::rate_network_file("10 ms", "ee");

// An experiment whose projection "ee" has the rule `m` with `lines` ("key = value" each).
std::string file_with_rule(const model_info& m, const std::vector<std::string>& lines) {
  std::string text = (m.rates ? rate_file : config_test::base_file) + "\n  [[projection.plasticity]]\n  rule = \"" +
                     m.name + "\"\n";
  for (const auto& l : lines) text += "  " + l + "\n";
  text += config_test::keys_rule_needs(m);
  return text + config_test::tables_rule_needs(m);
}

// Keys that the defaults of a rule do not allow together: the other induction's keys (tag_trigger), eta beside
// tau_w (rate rules).
bool left_out(const model_info& m, const key_info& k) {
  if (k.name == "modulator" || k.name == "climbing_fibre") return true;  // names file_with_rule adds
  if (m.name == "tag_trigger") return k.name == "p_ltp" || k.name == "p_ltd";
  return m.rates && k.name == "eta";
}

// The key's default as written in a file, with its unit (weights in nS on the base file's conductance receptor).
std::string value_text(const model_info& m, const key_info& k) {
  const bool infinite = k.default_text.find("inf") != std::string::npos;
  switch (k.type) {
    case value_type::quantity: return "\"" + k.default_text + "\"";
    case value_type::weight: {
      const std::string v = infinite ? (k.default_text[0] == '-' ? "-2" : "2") : k.default_text;
      return m.rates ? v : "\"" + v + " nS\"";
    }
    case value_type::choice: return "\"" + k.default_text + "\"";
    default: return k.default_text;
  }
}

TEST(rule_catalogue, the_reader_accepts_every_declared_key_of_every_rule_with_its_unit) {
  for (const model_info* m : rule_models()) {
    std::vector<std::string> lines;
    for (const auto& k : m->keys)
      if (!left_out(*m, k)) lines.push_back(k.name + " = " + value_text(*m, k));
    if (!m->presets.empty()) lines.push_back("preset = \"" + m->presets.front() + "\"");
    const std::string text = file_with_rule(*m, lines);
    try {
      const experiment_spec e = parse_experiment(text, "ok.toml");
      ASSERT_EQ(e.network.projections.at(0).plasticity.size(), 1u);
      EXPECT_EQ(rule_name(e.network.projections[0].plasticity[0].params), m->name);
    } catch (const error& e) {
      ADD_FAILURE() << m->name << ": " << e.what() << "\n" << text;
    }
  }
}

TEST(rule_catalogue, the_reader_refuses_a_value_in_a_wrong_unit_naming_the_key) {
  for (const model_info* m : rule_models()) {
    for (const auto& k : m->keys) {
      if (k.type != value_type::quantity && k.type != value_type::weight) continue;
      if (k.type == value_type::weight && m->rates) continue;  // rate weights are plain numbers: any number fits
      const std::string wrong = k.type == value_type::quantity && k.dim == dimension::time ? "\"1 mV\"" : "\"1 ms\"";
      const std::string text = file_with_rule(*m, {k.name + " = " + wrong});
      try {
        parse_experiment(text, "bad.toml");
        ADD_FAILURE() << m->name << "." << k.name << " accepted " << wrong;
      } catch (const error& e) {
        EXPECT_NE(std::string(e.what()).find(k.name), std::string::npos) << m->name << ": " << e.what();
        EXPECT_NE(e.where().key.find(k.name), std::string::npos) << m->name << ": " << e.what();
      }
    }
  }
}

TEST(rule_catalogue, every_rule_is_declared_with_a_name_a_doc_and_its_keys_in_variant_order) {
  ASSERT_EQ(rule_models().size(), std::variant_size_v<rule_params>);
  EXPECT_EQ(rule_names().front(), "stdp");
  for (const model_info* m : rule_models()) {
    EXPECT_EQ(m->family, "rule");
    EXPECT_FALSE(m->doc.empty()) << m->name;
    for (const auto& k : m->keys) EXPECT_FALSE(k.doc.empty()) << m->name << "." << k.name;
  }
  EXPECT_TRUE(is_rate_rule(oja_params{}));
  EXPECT_FALSE(is_rate_rule(stdp_params{}));
  EXPECT_EQ(rule_name(tag_trigger_params{}), "tag_trigger");
}

TEST(rule_catalogue, rule_problems_lists_every_problem_not_only_the_first) {
  stdp_params p;
  p.tau_plus = -1.0;
  p.a_minus = -0.5;
  p.dependence.w_min = 2.0;
  const auto problems = rule_problems(p);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].key, "tau_plus");
  EXPECT_EQ(problems[0].message, "tau_plus must be > 0 ms, got -1 ms");
  EXPECT_EQ(problems[1].key, "a_minus");
  EXPECT_EQ(problems[2].key, "w_min");
  EXPECT_EQ(validate_rule(p), problems[0].message);
  EXPECT_TRUE(rule_problems(calcium_params{}).empty());
}

TEST(rule_catalogue, scaled_keys_read_in_file_units_keep_their_defaults_bitwise) {
  // beta in 1/(Hz·s), k_h in Hz, p1 in s: held in per-ms units, as the readers before the catalogue computed them.
  EXPECT_EQ(scaling_params{}.beta, 1e-9 * 1e3 * 1e-3);
  EXPECT_EQ(scaling_params::declare().info().find_key("beta")->default_text, "1e-06");
  EXPECT_EQ(tag_trigger_params::declare().info().find_key("k_h")->default_text, "0.000277778 Hz");
  EXPECT_EQ(calcium_control_params::declare().info().find_key("p1")->default_text, "100 ms");
  const std::string text = file_with_rule(*rule_models()[rule_params(scaling_params{}).index()], {"beta = 0.1"});
  const experiment_spec e = parse_experiment(text, "ok.toml");
  EXPECT_EQ(std::get<scaling_params>(e.network.projections[0].plasticity[0].params).beta, 0.1 * 1e-3);
}

// The key of every row of a rule's table in docs/ is a key of the rule (the tables are generated: this catches a
// hand edit that adds a key the reader does not know).
TEST(rule_catalogue, every_key_listed_in_a_rule_table_of_the_docs_exists) {
  namespace fs = std::filesystem;
  int tables = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(PLASTIX_SOURCE_DIR) / "docs")) {
    if (entry.path().extension() != ".md") continue;
    std::ifstream in(entry.path());
    std::string line;
    const model_info* current = nullptr;
    bool keys = false;
    while (std::getline(in, line)) {
      const std::string begin = "<!-- catalogue: rule ";
      if (line.rfind(begin, 0) == 0) {
        const std::string name = line.substr(begin.size(), line.find(" -->") - begin.size());
        current = nullptr;
        for (const model_info* m : rule_models())
          if (m->name == name) current = m;
        ASSERT_NE(current, nullptr) << entry.path() << ": " << line;
        keys = true;
        ++tables;
        continue;
      }
      if (line.rfind("<!-- end catalogue", 0) == 0) current = nullptr;
      if (current == nullptr) continue;
      if (line.rfind("| state", 0) == 0) keys = false;
      if (!keys || line.rfind("| `", 0) != 0) continue;
      const std::string key = line.substr(3, line.find('`', 3) - 3);
      EXPECT_TRUE(key == "preset" || current->find_key(key) != nullptr)
          << entry.path() << ": rule " << current->name << " has no key '" << key << "'";
    }
  }
  EXPECT_GE(tables, static_cast<int>(rule_models().size()));
}

}  // namespace
}  // namespace plastix
