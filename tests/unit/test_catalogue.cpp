// The catalogue machinery (spec/catalogue.hpp): keys bound to a parameter struct, defaults taken from the struct,
// range checks and their messages, presets, parts shared between models, and the generated docs table.
#include <gtest/gtest.h>

#include "plastix/spec/catalogue.hpp"

namespace plastix {
namespace {

enum class shape { round, square };

struct part_params {
  double w_min = 0.0;  // [weight]
  double w_max = 1.0;  // [weight]
};

const declaration<part_params>& part_declaration() {
  static const auto d = declaration<part_params>("part", "bounds", "weight bounds")
                            .weight("w_min", &part_params::w_min, bounds::any(), "lower bound")
                            .weight("w_max", &part_params::w_max, bounds::any(), "upper bound")
                            .require([](const part_params& p) -> key_problem {
                              if (p.w_min < p.w_max) return {};
                              return {"w_min", "w_min must be below w_max"};
                            });
  return d;
}

struct toy_params {
  double tau = 20.0;                // [ms]
  double gain = 0.5;                // [1]
  std::uint32_t repeats = 3;        // [1]
  bool on = true;
  shape form = shape::square;
  double tau_slow = 14 * 8.64e7;    // [ms]
  part_params part;
};

const declaration<toy_params>& toy_declaration() {
  static const auto d =
      declaration<toy_params>("rule", "toy", "a toy rule (Nobody 2026)")
          .quantity("tau", &toy_params::tau, dimension::time, bounds::positive(), "time constant")
          .number("gain", &toy_params::gain, bounds::fraction(), "gain")
          .count("repeats", &toy_params::repeats, bounds::in(1, 10), "repeats")
          .flag("on", &toy_params::on, "switched on")
          .choice("form", &toy_params::form, {"round", "square"}, "its form")
          .quantity("tau_slow", &toy_params::tau_slow, dimension::time, bounds::positive(), "slow time constant")
          .part(&toy_params::part, part_declaration())
          .presets({"fast"}, [](const std::string&) {
            toy_params p;
            p.tau = 2.0;
            return p;
          })
          .state("x", state_scope::per_pre, dimension::dimensionless, "a trace")
          .weight_state("w_hidden", state_scope::per_synapse, "a hidden weight");
  return d;
}

TEST(catalogue, declares_every_key_once_with_the_struct_default_as_written_in_a_file) {
  const model_info& m = toy_declaration().info();
  EXPECT_EQ(m.key_names(), (std::vector<std::string>{"tau", "gain", "repeats", "on", "form", "tau_slow", "w_min", "w_max"}));
  EXPECT_EQ(m.find_key("tau")->default_text, "20 ms");
  EXPECT_EQ(m.find_key("gain")->default_text, "0.5");
  EXPECT_EQ(m.find_key("repeats")->default_text, "3");
  EXPECT_EQ(m.find_key("on")->default_text, "true");
  EXPECT_EQ(m.find_key("form")->default_text, "square");
  EXPECT_EQ(m.find_key("tau_slow")->default_text, "14 days");
  EXPECT_EQ(m.find_key("w_max")->default_text, "1");
  EXPECT_EQ(m.find_key("nope"), nullptr);
}

TEST(catalogue, sets_and_gets_each_kind_of_key_including_those_of_a_shared_part) {
  const auto& d = toy_declaration();
  toy_params p;
  d.set(p, "tau", 5.0);
  d.set(p, "repeats", std::uint64_t{7});
  d.set(p, "on", false);
  d.set(p, "form", std::string("round"));
  d.set(p, "w_max", 2.5);
  EXPECT_EQ(p.tau, 5.0);
  EXPECT_EQ(p.repeats, 7u);
  EXPECT_FALSE(p.on);
  EXPECT_EQ(p.form, shape::round);
  EXPECT_EQ(p.part.w_max, 2.5);
  EXPECT_EQ(d.get(p, "w_max"), 2.5);
  EXPECT_EQ(d.get(p, "form"), 0.0);
}

TEST(catalogue, reports_every_key_out_of_range_then_every_broken_constraint_in_order) {
  const auto& d = toy_declaration();
  toy_params p;
  EXPECT_TRUE(d.problems(p).empty());
  p.tau = -1.0;
  p.gain = 2.0;
  p.repeats = 0;
  p.part.w_min = 3.0;
  const auto problems = d.problems(p);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].key, "tau");
  EXPECT_EQ(problems[0].message, "tau must be > 0 ms, got -1 ms");
  EXPECT_EQ(problems[1].message, "gain must be in [0, 1], got 2");
  EXPECT_EQ(problems[2].message, "repeats must be in [1, 10], got 0");
  EXPECT_EQ(problems[3].key, "w_min");
  EXPECT_EQ(problems[3].message, "w_min must be below w_max");
}

TEST(catalogue, a_nan_value_is_out_of_every_range) {
  toy_params p;
  p.tau = std::numeric_limits<double>::quiet_NaN();
  ASSERT_EQ(toy_declaration().problems(p).size(), 1u);
}

TEST(catalogue, a_preset_gives_its_parameter_set) {
  EXPECT_EQ(toy_declaration().preset("fast").tau, 2.0);
  EXPECT_EQ(toy_declaration().info().presets, (std::vector<std::string>{"fast"}));
}

TEST(catalogue, declares_state_variables_with_their_scope_and_unit) {
  const model_info& m = toy_declaration().info();
  ASSERT_EQ(m.state.size(), 2u);
  EXPECT_EQ(m.state_names(state_scope::per_pre), std::vector<std::string>{"x"});
  EXPECT_TRUE(m.find_state("w_hidden")->weight_unit);
}

TEST(catalogue, writes_the_docs_key_table_with_types_defaults_and_bounds) {
  const std::string md = key_table_markdown(toy_declaration().info());
  EXPECT_NE(md.find("| `preset` | `fast` |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `tau` | time | `\"20 ms\"` | time constant; > 0 ms |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `gain` | number | `0.5` | gain; in [0, 1] |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `form` | `round` or `square` | `\"square\"` | its form |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `x` | per presynaptic neuron | 1 | a trace |"), std::string::npos) << md;
}

TEST(catalogue, bounds_read_as_text) {
  EXPECT_EQ(bounds::positive().text("ms"), "> 0 ms");
  EXPECT_EQ(bounds::non_negative().text(""), ">= 0");
  EXPECT_EQ(bounds::in(0, 1, true, false).text(""), "in (0, 1]");
  EXPECT_EQ(bounds::any().text("ms"), "");
  EXPECT_FALSE(bounds::in(0, 1, true, false).contains(0.0));
  EXPECT_TRUE(bounds::in(0, 1, true, false).contains(1.0));
}

TEST(catalogue, an_extra_key_is_listed_and_documented_but_left_to_the_models_reader) {
  struct spikes_params {
    double rate = 5.0;  // [Hz]
  };
  const auto d = declaration<spikes_params>("source", "toy", "a toy source")
                     .quantity("rate", &spikes_params::rate, dimension::frequency, bounds::non_negative(), "rate")
                     .extra("times", value_type::quantity, dimension::time, bounds::non_negative(), "spike times");
  EXPECT_EQ(d.info().key_names(), (std::vector<std::string>{"rate", "times"}));
  EXPECT_TRUE(d.is_extra("times"));
  EXPECT_FALSE(d.is_extra("rate"));
  spikes_params p;
  d.set(p, "times", 3.0);  // no member: nothing to set
  EXPECT_EQ(p.rate, 5.0);
  EXPECT_TRUE(d.problems(p).empty());
  const std::string md = key_table_markdown(d.info());
  EXPECT_NE(md.find("| `times` | time | — | spike times; >= 0 ms |"), std::string::npos) << md;
}

}  // namespace
}  // namespace plastix
