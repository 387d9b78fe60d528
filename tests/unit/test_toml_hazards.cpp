// io/toml_parse: text that toml++ 3.3.0 does not handle safely (a failed assertion in debug builds, undefined
// behaviour in release builds: upstream issues 190, 294, 295, 301) is refused as a syntax error with file, line and
// column before toml++ sees it; valid experiment files that look similar still read.
#include "test_config_support.hpp"

using namespace plastix;
using config_test::base_file;
using config_test::with;

namespace {

// The error of parsing `text` as "bad.toml"; fails the test when there is none.
plastix::error error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    parse_experiment(text, "bad.toml", overrides);
  } catch (const plastix::error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return plastix::error("none");
}

// `text` is refused as a TOML syntax error at `line` and `column`, the message containing `expected`.
void expect_syntax_error(const std::string& text, int line, int column, const std::string& expected) {
  const plastix::error e = error_of(text);
  const std::string message = e.what();
  EXPECT_EQ(e.where().file, "bad.toml") << message;
  EXPECT_EQ(e.where().line, line) << message;
  EXPECT_EQ(e.where().column, column) << message;
  EXPECT_EQ(message.rfind("bad.toml:" + std::to_string(line) + ": TOML syntax error", 0), 0u) << message;
  EXPECT_NE(message.find(expected), std::string::npos) << "expected '" << expected << "' in: " << message;
}

}  // namespace

TEST(toml_hazards, a_table_header_without_a_key_is_a_syntax_error_upstream_294) {
  expect_syntax_error("[&", 1, 2, "expected the name of a table after '[', saw '&'");
  expect_syntax_error(base_file + "\n[ &x]\n", 27, 3, "saw '&'");
}

TEST(toml_hazards, an_array_of_tables_header_without_a_key_is_a_syntax_error_upstream_301) {
  expect_syntax_error("[[[1]]]", 1, 3, "saw '['");
  expect_syntax_error("[[[a]]]", 1, 3, "saw '['");
  expect_syntax_error("[[[]]", 1, 3, "saw '['");
  expect_syntax_error("[[=", 1, 3, "saw '='");
  expect_syntax_error("\n  [[ \t=]]", 2, 7, "saw '='");
  expect_syntax_error("[\r\n", 1, 2, "saw U+000D");
}

TEST(toml_hazards, a_closing_brace_inside_an_array_is_a_syntax_error) {
  // toml++ 3.3.0 hands it to parse_value(), which assumes that no value starts with a value terminator.
  expect_syntax_error("x = [}", 1, 6, "expected a value or ']' in the array, saw '}'");
  expect_syntax_error("x = [1,\n # a comment\n  }", 3, 3, "saw '}'");
  expect_syntax_error("x = [[}]]", 1, 7, "saw '}'");
  expect_syntax_error("x = [{ a = [}] }]", 1, 13, "saw '}'");
}

TEST(toml_hazards, a_non_ascii_character_outside_strings_is_a_syntax_error_upstream_295) {
  expect_syntax_error("\xcc\xaa", 1, 1, "the character U+032A outside a string or comment");
  expect_syntax_error("\xcf\xaa", 1, 1, "U+03EA");
  expect_syntax_error("[experiment]\nduration = \"1 s\" \xc2\xb5\n", 2, 18, "U+00B5");
  expect_syntax_error("[\xc2\xb5]", 1, 2, "U+00B5");
  expect_syntax_error("x = [1, \n 2\xe3\x80\x80]", 2, 3, "U+3000");
  // toml++ reads a number (date, boolean) up to a value terminator, a quote included: no string starts there.
  expect_syntax_error("x = 9\"\xc2\xb5\"", 1, 7, "U+00B5");
  expect_syntax_error("x = [true'\xc2\xb5']", 1, 11, "U+00B5");
}

TEST(toml_hazards, a_non_ascii_character_after_a_line_ending_backslash_is_refused_upstream_190) {
  // Valid TOML, but toml++ 3.3.0 asks whether the character is whitespace (undefined behaviour).
  expect_syntax_error("[experiment]\nname = \"\"\"a\\\n   \xc2\xb5s\"\"\"\n", 3, 4, "right after a backslash");
  expect_syntax_error("name = \"\"\"a\\\xc2\xb5\"\"\"", 1, 13, "right after a backslash");
  expect_syntax_error("name = \"\"\"a\\  \xc2\xb5\"\"\"", 1, 15, "right after a backslash");
  expect_syntax_error("name = \"\"\"\\\n\\\xc2\xb5\"\"\"", 2, 2, "right after a backslash");
  expect_syntax_error("s3 = \"\"\"\\\n\xc2\xa7\"\"\"", 2, 1, "the character U+00A7 right after a backslash");
}

TEST(toml_hazards, invalid_utf8_is_a_syntax_error) {
  expect_syntax_error("# comment \xff\n", 1, 11, "invalid UTF-8 (byte 0xFF)");
  expect_syntax_error("name = \"a\xc0\xaf" "b\"", 1, 10, "invalid UTF-8");    // overlong '/'
  expect_syntax_error("name = 'a\xed\xa0\x80'", 1, 10, "invalid UTF-8");    // a surrogate
  expect_syntax_error("name = \"\"\"\xe2\x82\"\"\"", 1, 11, "invalid UTF-8");  // truncated
}

TEST(toml_hazards, a_hazard_in_a_set_value_makes_it_a_string) {
  // --set values that are not TOML are taken as strings: "[&" is a name here, and the name is checked as usual.
  const plastix::error e = error_of(base_file, {"projection.ee.pre=[&"});
  EXPECT_NE(std::string(e.what()).find("'[&'"), std::string::npos) << e.what();
}

TEST(toml_hazards, valid_files_that_look_similar_still_read) {
  // Arrays whose lines start with '[', non-ASCII text in strings and comments, a byte order mark, a line-ending
  // backslash followed by ASCII: the reader may question the content, never the syntax.
  const std::vector<std::string> texts = {
      "\xef\xbb\xbf# \xc2\xb5-scale: \xe3\x80\x80 comments may hold anything\n" + base_file,
      base_file + "\n[[table]]\nname = \"t\xc2\xb5\"\nvalues = [\n[1.0],\n [2.0], # \xc2\xb5\n  [ [3.0] ]\n]\n",
      with(base_file, "name = \"exc\"", "name = \"\"\"e\\\n  xc\"\"\""),
      with(base_file, "name = \"exc\"", "name = \"\"\"exc \xc2\xb5 \\\\ \\\" \"\"\"\"\""),
      with(base_file, "name = \"exc\"", "name = '''ex\xc2\xb5\\''''"),
      // toml-test valid/string/start-mb (toml++ issue 190), but for its """\ case.
      with(base_file, "name = \"exc\"", "name = \"\xc2\xa7\""),
      with(base_file, "name = \"exc\"", "name = '\xc2\xa7'"),
      with(base_file, "name = \"exc\"", "name = \"\"\"\n\xc2\xa7\"\"\""),
      with(base_file, "name = \"exc\"", "name = \"\"\"\xc2\xa7\"\"\""),
      with(base_file, "name = \"exc\"", "name = '''\n\xc2\xa7'''"),
      with(base_file, "name = \"exc\"", "name = '''\xc2\xa7'''"),
      with(with(base_file, "[experiment]", "[ experiment ]"), "[[projection]]", "[[ \"projection\"\t]]"),
  };
  for (const std::string& text : texts) {
    try {
      parse_experiment(text, "good.toml");
    } catch (const plastix::error& e) {
      EXPECT_EQ(std::string(e.what()).find("TOML syntax error"), std::string::npos) << e.what() << "\nin:\n" << text;
    }
  }
  EXPECT_NO_THROW(parse_experiment(texts[0], "good.toml"));
  EXPECT_NO_THROW(parse_experiment(texts[2], "good.toml"));
}
