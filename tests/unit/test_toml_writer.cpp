// io/toml_writer: the experiment file as run (with overrides) is written by plastix, not by toml++'s formatter, and
// reads back as the same document.
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "../../src/io/toml_writer.hpp"
#include "plastix/io/config.hpp"

using namespace plastix;

namespace {

std::string written(const toml::table& t) {
  std::ostringstream out;
  io_detail::write_toml(out, t);
  return out.str();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(toml_writer, writes_small_floats_in_arrays_in_their_shortest_form_and_reads_them_back_exactly) {
  // toml++ 3.3's formatter casts log10(|x|) of these to size_t: undefined for |x| < 1 and for inf or nan
  const toml::table t = toml::parse(
      "a = [0.1, 0.05, 1e-20, -0.001, 3.141592653589793, 0.0, -0.0, 1e300, 100.0, inf, -inf, nan]\n"
      "b = { x = 0.01, y = [[0.2, 0.3], [0.04]] }\n");
  const std::string text = written(t);
  EXPECT_NE(text.find("[ 0.1, 0.05, 1e-20, -0.001, 3.141592653589793, 0.0, -0.0, 1e+300, 100.0, inf, -inf, nan ]"),
            std::string::npos) << text;
  const toml::table back = toml::parse(text);
  const toml::array& a = *back["a"].as_array();
  const toml::array& original = *t["a"].as_array();
  ASSERT_EQ(a.size(), original.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double x = *a[k].value<double>(), y = *original[k].value<double>();
    if (std::isnan(y)) EXPECT_TRUE(std::isnan(x));
    else EXPECT_EQ(std::memcmp(&x, &y, sizeof x), 0) << k;  // bitwise, -0.0 included
  }
  EXPECT_EQ(*back["b"]["x"].value<double>(), 0.01);
  EXPECT_EQ(*back["b"]["y"][0][1].value<double>(), 0.3);
}

TEST(toml_writer, keeps_sections_arrays_of_tables_inline_tables_strings_and_odd_keys) {
  const toml::table t = toml::parse(R"(top = "a \"quoted\" \\ value"
"odd key" = 1
'tab	key' = "line\twith tab"
empty = []
flag = true
when = 2026-12-04
[section]
text = """
dv/dt = -v/tau
dw/dt = 'quoted' """
control = "bell\u0007"
[section.deeper]
n = -3
[[population]]
name = "a"
init = { v = { uniform = ["-60 mV", "-50 mV"] } }
  [[population.receptor]]
  name = "r1"
  [[population.receptor]]
  name = "r2"
[[population]]
name = "b"
patterns = [{ neurons = [1, 2] }, { neurons = [] }]
)");
  const std::string text = written(t);
  const toml::table back = toml::parse(text);
  EXPECT_EQ(back, t) << text;
  EXPECT_NE(text.find("[[population.receptor]]"), std::string::npos) << text;
  EXPECT_NE(text.find("'''\ndv/dt = -v/tau\n"), std::string::npos) << text;  // equations keep their lines
}

TEST(toml_writer, a_long_array_is_written_one_element_per_line) {
  toml::table t;
  toml::array a;
  for (int k = 0; k < 100; ++k) a.push_back(0.001 * k);
  t.insert("weights", a);
  const std::string text = written(t);
  EXPECT_NE(text.find("[\n    0.0,\n    0.001,\n"), std::string::npos) << text;
  EXPECT_EQ(toml::parse(text), t);
}

TEST(toml_writer, every_ready_experiment_as_run_with_an_override_reads_back_as_the_same_document) {
  std::size_t compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(PLASTIX_SOURCE_DIR) / "experiments")) {
    if (entry.path().extension() != ".toml") continue;
    const std::string text = read_file(entry.path());
    const experiment_spec s = parse_experiment(text, entry.path().string(), {"experiment.seed=12345"});
    ASSERT_NE(s.file_text, text) << entry.path();
    toml::table expected = toml::parse(text);
    expected["experiment"].as_table()->insert_or_assign("seed", 12345);
    const std::string body = s.file_text.substr(s.file_text.find("\n\n") + 2);  // after the comment header
    EXPECT_EQ(toml::parse(body), expected) << entry.path();
    ++compared;
  }
  EXPECT_GE(compared, 30u);
}
