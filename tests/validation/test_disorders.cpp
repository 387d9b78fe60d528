// Disorders and therapies as perturbations of plasticity (experiments/disorders.toml, therapies.toml, theta_burst.toml;
// docs/models/disorders.md). disorders.toml runs with one cue per pattern in each test instead of two (the tests
// take half as long); the outcomes asserted hold for seeds 1-3 of the file as written.
// Rows of the table `disorders`: per condition, test = 1..10 (after 1-4 presentations of the old patterns, after the
// first 60 days, after 1-4 presentations of the new ones, after the last 60 days).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

namespace {

// column → condition → its values over the tests (in test order)
using by_condition = std::map<std::string, std::map<std::string, std::vector<double>>>;

by_condition columns_by_condition(const table& t) {
  by_condition out;
  for (std::size_t c = 1; c < t.columns.size(); ++c)
    for (std::size_t row = 0; row < t.data[c].size(); ++row)
      out[t.columns[c]][t.labels.at("condition")[row]].push_back(t.data[c][row]);
  return out;
}

double mean(const std::vector<double>& v, std::size_t first, std::size_t end) {
  double s = 0.0;
  for (std::size_t i = first; i < end; ++i) s += v[i];
  return s / static_cast<double>(end - first);
}

}  // namespace

TEST(disorders, each_perturbation_of_plasticity_changes_recall_as_its_hypothesis_predicts) {
  const run_results r =
      run_ready("disorders.toml", {"phase.test_old.duration=1500 ms", "phase.test_new.duration=1500 ms"});
  const table& t = r.tables.at("disorders");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"condition", "test", "recall_old", "recall_new", "false_recall_old",
                                                 "false_recall_new", "false_alarm_old", "overlap", "synapses"}));
  ASSERT_EQ(t.data[0].size(), 50u);  // 5 conditions × 10 tests
  by_condition c = columns_by_condition(t);
  for (const auto& [name, old] : c.at("recall_old")) {
    std::printf("%-17s recall_old", name.c_str());
    for (double v : old) std::printf(" %.2f", v);
    std::printf("  recall_new");
    for (double v : c.at("recall_new").at(name)) std::printf(" %.2f", v);
    std::printf("  overlap %.3f  synapses %.0f\n", c.at("overlap").at(name).back(), c.at("synapses").at(name).back());
  }
  const auto& old = c.at("recall_old");
  const auto& fresh = c.at("recall_new");
  const auto& synapses = c.at("synapses");
  // Index k = test k + 1: 3 = old patterns learned, 4 = after the first 60 days, 8 = new ones learned, 9 = the end.
  // Control: both memories are stored (recall well above chance 0).
  EXPECT_GT(old.at("control")[3], 0.3);
  EXPECT_GT(fresh.at("control")[8], 0.4);
  // Alzheimer-like: synapses lost; the old memory (stored before the onset) declines with them, the new one (stored
  // under the raised LTP threshold) is learned worse and declines more, relative to the control.
  EXPECT_LT(synapses.at("alzheimer").back(), 0.75 * synapses.at("control").back());
  EXPECT_LT(old.at("alzheimer")[4], old.at("control")[4] - 0.03);
  EXPECT_LT(fresh.at("alzheimer")[8], fresh.at("control")[8] - 0.1);
  EXPECT_LT(fresh.at("alzheimer")[9] / fresh.at("control")[9], old.at("alzheimer")[4] / old.at("control")[4]);
  // Autism-like: less developmental pruning leaves more synapses, a better recall, more false recall of other
  // patterns and more overlap of the responses to two patterns (less pattern separation).
  EXPECT_GT(synapses.at("autism").back(), 1.3 * synapses.at("control").back());
  EXPECT_GT(old.at("autism")[3], old.at("control")[3] + 0.2);
  const auto& false_new = c.at("false_recall_new");
  EXPECT_GT(*std::max_element(false_new.at("autism").begin() + 5, false_new.at("autism").end()),
            *std::max_element(false_new.at("control").begin() + 5, false_new.at("control").end()));
  EXPECT_GT(c.at("overlap").at("autism").back(), c.at("overlap").at("control").back());
  // Depression-like: the old memory is as in the control before the onset; the new one is learned slowly.
  EXPECT_DOUBLE_EQ(old.at("depression")[3], old.at("control")[3]);
  EXPECT_LT(mean(fresh.at("depression"), 5, 9), 0.5 * mean(fresh.at("control"), 5, 9));
  // Anodal tDCS-like current during the learning of the new patterns: a partial rescue of the learning curve.
  EXPECT_GT(mean(fresh.at("alzheimer + tDCS"), 5, 9), mean(fresh.at("alzheimer"), 5, 9) + 0.05);
  EXPECT_LT(mean(fresh.at("alzheimer + tDCS"), 5, 9), mean(fresh.at("control"), 5, 9));
}

TEST(therapies, anodal_polarisation_lowers_the_frequency_for_ltp_and_cathodal_raises_it) {
  const run_results r = run_ready("therapies.toml", {R"(sweep.axis[0].values=["6 Hz", "7 Hz", "7.5 Hz"])"});
  const table& t = r.tables.at("polarisation");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"condition", "freq_hz", "dw_rel"}));
  std::map<std::string, std::map<double, double>> dw;
  for (std::size_t row = 0; row < t.data[0].size(); ++row) {
    dw[t.labels.at("condition")[row]][t.data[1][row]] = t.data[2][row];
    std::printf("%-9s %g Hz: dw_rel %+.3f\n", t.labels.at("condition")[row].c_str(), t.data[1][row], t.data[2][row]);
  }
  EXPECT_LT(dw.at("sham").at(6.0), -0.3);     // LTD at 6 Hz ...
  EXPECT_GT(dw.at("anodal").at(6.0), 0.1);    // ... LTP with anodal polarisation
  EXPECT_GT(dw.at("sham").at(7.0), 0.05);     // LTP at 7 Hz ...
  EXPECT_LT(dw.at("cathodal").at(7.0), -0.3); // ... LTD with cathodal polarisation
  for (double f : {6.0, 7.0, 7.5}) {
    EXPECT_GT(dw.at("anodal").at(f), dw.at("sham").at(f));
    EXPECT_LT(dw.at("cathodal").at(f), dw.at("sham").at(f));
  }
}

TEST(theta_burst, intermittent_theta_bursts_potentiate_and_continuous_ones_depress) {
  const run_results r = run_ready("theta_burst.toml", {"population.pre.size=1", "population.post.size=1"});
  const table& t = r.tables.at("tbs");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"condition", "dw_rel"}));
  std::map<std::string, double> dw;
  for (std::size_t row = 0; row < t.data[0].size(); ++row) {
    dw[t.labels.at("condition")[row]] = t.data[1][row];
    std::printf("%-10s dw_rel %+.3f\n", t.labels.at("condition")[row].c_str(), t.data[1][row]);
  }
  EXPECT_GT(dw.at("iTBS"), 0.3);                   // facilitation (Huang et al. 2005) ...
  EXPECT_LT(dw.at("cTBS"), -0.1);                  // ... and depression by the same 600 pulses given continuously
  EXPECT_LT(dw.at("cTBS"), dw.at("cTBS, 300"));    // the longer continuous train depresses more
}
