// printable: text from users is shown on a terminal without control sequences.
#include <gtest/gtest.h>

#include <string>

#include "plastix/core/printable.hpp"

using plastix::printable;

TEST(printable, plain_text_and_utf8_are_unchanged) {
  EXPECT_EQ(printable("stdp_window: 3 rows"), "stdp_window: 3 rows");
  EXPECT_EQ(printable("Ω τ_m = 20 ms — ok 🧠"), "Ω τ_m = 20 ms — ok 🧠");
  EXPECT_EQ(printable("two\nlines\tand a tab, a \\ backslash"), "two\nlines\tand a tab, a \\ backslash");
}

TEST(printable, control_characters_are_escaped) {
  EXPECT_EQ(printable("\x1b[2J\x1b]0;owned\x07"), "\\x1b[2J\\x1b]0;owned\\a");
  EXPECT_EQ(printable("fake\rprogress\b"), "fake\\rprogress\\b");
  EXPECT_EQ(printable(std::string("nul\0x\x7f", 6)), "nul\\x00x\\x7f");
  EXPECT_EQ(printable("c1 \xc2\x9b" "31m"), "c1 \\xc2\\x9b31m");  // U+009B, CSI on many terminals
  EXPECT_EQ(printable("\xc2\xa0"), "\xc2\xa0");                  // U+00A0 is printable
}

TEST(printable, bytes_that_are_not_utf8_are_escaped) {
  EXPECT_EQ(printable("\x9b" "31m"), "\\x9b31m");                    // a lone C1 byte
  EXPECT_EQ(printable("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(printable("cut \xe2\x82"), "cut \\xe2\\x82");              // truncated sequence
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");            // UTF-16 surrogate
}
