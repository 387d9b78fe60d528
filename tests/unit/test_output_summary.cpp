// summary_json: parses, carries every documented field, handles the edge cases JSON cannot express.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "output_test_data.hpp"
#include "plastix/core/error.hpp"
#include "plastix/record/summary.hpp"
#include "plastix/version.hpp"

using plastix::test::synthetic_results;
using json = nlohmann::json;

TEST(output_summary, has_every_field) {
  const std::string text = plastix::summary_json(synthetic_results());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("\n  \"experiment\""), std::string::npos) << "not pretty-printed:\n" << text;
  const json j = json::parse(text);

  EXPECT_EQ(j.at("experiment"), "stdp_window");
  EXPECT_EQ(j.at("seed").get<std::uint64_t>(), 12345678901234ull);
  EXPECT_EQ(j.at("version"), "9.8.7");
  EXPECT_EQ(j.at("file"), "experiments/stdp_window.toml");
  EXPECT_DOUBLE_EQ(j.at("dt_ms").get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(j.at("bio_time_s").get<double>(), 2.5);
  EXPECT_DOUBLE_EQ(j.at("wall_time_s").get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j.at("realtime_factor").get<double>(), 5.0);
  EXPECT_EQ(j.at("neuron_count"), 6);
  EXPECT_EQ(j.at("synapse_count"), 8);
  EXPECT_EQ(j.at("spike_count"), 3);
  EXPECT_EQ(j.at("population_sizes"), (json{{"exc", 4}, {"inp", 2}}));
  ASSERT_EQ(j.at("phases").size(), 2u);
  EXPECT_EQ(j.at("phases")[0], (json{{"name", "baseline"}, {"duration_ms", 1000.0}}));
  EXPECT_EQ(j.at("phases")[1], (json{{"name", "induction"}, {"duration_ms", 1500.0}}));
  EXPECT_DOUBLE_EQ(j.at("metrics").at("dw_percent.ee").get<double>(), 42.5);
  EXPECT_DOUBLE_EQ(j.at("metrics").at("rate_hz.exc").get<double>(), 3.25);
  EXPECT_EQ(j.at("tables").at("window").at("dt_ms").get<std::vector<double>>(),
            (std::vector<double>{-20.0, -10.0, 10.0, 20.0}));
  EXPECT_EQ(j.at("tables").at("window").at("dw_percent").get<std::vector<double>>(),
            (std::vector<double>{-15.0, -30.0, 60.0, 35.0}));
  EXPECT_TRUE(j.at("tables").at("nothing").at("x").empty());

  // Fields appear in the documented order; table columns in their stored order.
  const nlohmann::ordered_json o = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [k, v] : o.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"experiment", "status", "seed", "version", "file", "overrides", "dt_ms",
                                            "bio_time_s", "wall_time_s", "realtime_factor", "neuron_count", "synapse_count",
                                            "spike_count", "population_sizes", "phases", "metrics", "tables"}));
  EXPECT_EQ(o.at("tables").at("window").begin().key(), "dt_ms");
}

TEST(output_summary, a_completed_run_has_status_complete_and_no_stop_reason) {
  const json j = json::parse(plastix::summary_json(synthetic_results()));
  EXPECT_EQ(j.at("status"), "complete");
  EXPECT_FALSE(j.contains("stop_reason"));
}

TEST(output_summary, a_stopped_run_has_status_stopped_and_its_reason) {
  plastix::run_results r = synthetic_results();
  r.stop_reason = "a value became NaN or infinite; the run was stopped at t = 11.5 ms";
  const json j = json::parse(plastix::summary_json(r));
  EXPECT_EQ(j.at("status"), "stopped");
  EXPECT_EQ(j.at("stop_reason"), r.stop_reason);
}

TEST(output_summary, empty_run_and_values_json_cannot_hold) {
  plastix::run_results r;
  r.metrics["undefined"] = std::numeric_limits<double>::quiet_NaN();
  r.metrics["unbounded"] = std::numeric_limits<double>::infinity();
  const json j = json::parse(plastix::summary_json(r));
  EXPECT_TRUE(j.at("realtime_factor").is_null());  // wall time 0
  EXPECT_TRUE(j.at("metrics").at("undefined").is_null());
  EXPECT_TRUE(j.at("metrics").at("unbounded").is_null());
  EXPECT_EQ(j.at("version"), plastix::version);  // empty version falls back to the library's
  EXPECT_TRUE(j.at("population_sizes").is_object());
  EXPECT_TRUE(j.at("phases").is_array());
  EXPECT_TRUE(j.at("metrics").is_object());
  EXPECT_TRUE(j.at("tables").is_object());
}

TEST(output_summary, rejects_mismatched_tables) {
  plastix::run_results r = synthetic_results();
  r.tables["window"].data[0].push_back(30.0);
  EXPECT_THROW(plastix::summary_json(r), plastix::error);
}
