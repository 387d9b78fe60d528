#include <gtest/gtest.h>

#include "plastix/core/error.hpp"
#include "plastix/core/units.hpp"

using namespace plastix;

TEST(units, parses_quantities_into_internal_units) {
  EXPECT_DOUBLE_EQ(parse_quantity("20 ms", dimension::time), 20.0);
  EXPECT_DOUBLE_EQ(parse_quantity("1.5 s", dimension::time), 1500.0);
  EXPECT_DOUBLE_EQ(parse_quantity("2 h", dimension::time), 7.2e6);
  EXPECT_DOUBLE_EQ(parse_quantity("-65 mV", dimension::voltage), -65.0);
  EXPECT_DOUBLE_EQ(parse_quantity("0.5 uS", dimension::conductance), 500.0);
  EXPECT_DOUBLE_EQ(parse_quantity("1 nA", dimension::current), 1000.0);
  EXPECT_DOUBLE_EQ(parse_quantity("200pF", dimension::capacitance), 200.0);
  EXPECT_DOUBLE_EQ(parse_quantity("5 Hz", dimension::frequency), 5.0);
  EXPECT_DOUBLE_EQ(parse_quantity("1 mM", dimension::concentration), 1000.0);
  EXPECT_DOUBLE_EQ(parse_quantity("0.25", dimension::dimensionless), 0.25);
}

TEST(units, rejects_missing_wrong_and_unknown_units) {
  EXPECT_THROW(parse_quantity("20", dimension::time), error);
  EXPECT_THROW(parse_quantity("20 mV", dimension::time), error);
  EXPECT_THROW(parse_quantity("20 parsecs", dimension::time), error);
  EXPECT_THROW(parse_quantity("fast", dimension::time), error);
  try {
    parse_quantity("20 mV", dimension::time);
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("expected a time"), std::string::npos) << e.what();
  }
}
