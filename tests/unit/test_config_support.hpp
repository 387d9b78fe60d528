// Helpers shared by the test_config_*.cpp files.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/spec/catalogue.hpp"

namespace config_test {

// A small valid experiment; tests change one line of it with `with`.
inline const std::string base_file = R"([experiment]
duration = "100 ms"

[[population]]
name = "inp"
size = 5
model = "poisson"
rate = "5 Hz"

[[population]]
name = "exc"
size = 10
model = "lif"
t_ref = "2 ms"

  [[population.receptor]]
  name = "ampa"
  tau_decay = "5 ms"

[[projection]]
name = "ee"
pre = "inp"
post = "exc"
receptor = "ampa"
weight = "1 nS"
)";

// The tables a rule needs beside its projection: a three-factor rule reads a [[modulator]] ("dopamine", the default
// of its `modulator` key); pf_purkinje the spikes of its climbing-fibre population (keys_rule_needs names it "cf").
inline std::string tables_rule_needs(const plastix::model_info& m) {
  if (m.find_key("climbing_fibre"))
    return "\n[[population]]\nname = \"cf\"\nsize = 1\nmodel = \"poisson\"\nrate = \"5 Hz\"\n";
  return m.find_key("modulator") ? "\n[[modulator]]\nname = \"dopamine\"\n" : "";
}

// The lines a rule's table needs beyond its defaults (indented as in the test files): pf_purkinje names its
// climbing-fibre population, which has no default (tables_rule_needs adds it).
inline std::string keys_rule_needs(const plastix::model_info& m) {
  return m.find_key("climbing_fibre") ? "  climbing_fibre = \"cf\"\n" : "";
}

// A small valid rate network: a rate_gaussian input "inp" (4 inputs, 2 groups), one rate neuron "out" and the
// projection `projection` between them, running for `duration`; tests append rules and analyses.
inline std::string rate_network_file(const std::string& duration, const std::string& projection) {
  return "[experiment]\nduration = \"" + duration + "\"\ndt = \"1 ms\"\n" + R"(
[[population]]
name = "inp"
model = "rate_gaussian"
interval = "1 ms"
covariance = { groups = [2, 2], correlation = [0.5, 0.2] }

[[population]]
name = "out"
size = 1
model = "rate"

[[projection]]
name = ")" + projection + R"("
pre = "inp"
post = "out"
weight = 0.1
)";
}

// `text` with the first occurrence of `from` replaced by `to` (the test fails if `from` is absent).
inline std::string with(std::string text, const std::string& from, const std::string& to) {
  const std::size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << "'" << from << "' is not in the test file";
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

// The message of the error parsing `text` raises, or "no error".
inline std::string error_of(const std::string& text) {
  try {
    plastix::parse_experiment(text, "test.toml");
  } catch (const plastix::error& e) {
    return e.what();
  }
  return "no error";
}

// 1-based line of the first occurrence of `marker`.
inline int line_of(const std::string& text, const std::string& marker) {
  const std::size_t pos = text.find(marker);
  EXPECT_NE(pos, std::string::npos) << "'" << marker << "' is not in the test file";
  int line = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// Parses `text` as "bad.toml" and checks that the error names the file, the line of `line_marker`
// (0: no line), the dotted `key` and every string of `expected`, and that it is the only problem reported: one
// mistake gives one message, without follow-ups.
inline void expect_error(const std::string& text, const std::string& line_marker, const std::string& key,
                         const std::vector<std::string>& expected, const std::vector<std::string>& overrides = {}) {
  try {
    plastix::parse_experiment(text, "bad.toml", overrides);
    ADD_FAILURE() << "no error was thrown; expected one about " << key;
  } catch (const plastix::error& e) {
    const std::string message = e.what();
    EXPECT_EQ(dynamic_cast<const plastix::problems*>(&e), nullptr) << "expected one problem, got: " << message;
    const int line = line_marker.empty() ? 0 : line_of(text, line_marker);
    EXPECT_EQ(e.where().file, "bad.toml") << message;
    EXPECT_EQ(e.where().line, line) << message;
    EXPECT_EQ(e.where().key, key) << message;
    const std::string location = line > 0 ? "bad.toml:" + std::to_string(line) + ": " : "bad.toml: ";
    EXPECT_EQ(message.rfind(location, 0), 0u) << "expected the message to start with '" << location << "': " << message;
    if (!key.empty()) {
      EXPECT_NE(message.find("key '" + key + "'"), std::string::npos) << message;
    }
    for (const std::string& s : expected) {
      EXPECT_NE(message.find(s), std::string::npos) << "expected '" << s << "' in: " << message;
    }
  }
}

}  // namespace config_test
