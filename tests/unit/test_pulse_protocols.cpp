// tetanus, lfs and theta_burst protocols (spike times, file keys, errors) and [[phase.intervention]] NMDA blocks.
#include <gtest/gtest.h>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/plasticity/calcium_control.hpp"
#include "plastix/sim/simulation.hpp"

using namespace plastix;

namespace {

const std::string base = R"([experiment]
dt = "0.1 ms"

[[population]]
name = "pre"
size = 2
model = "spike_times"

[[population]]
name = "post"
size = 1
model = "spike_times"

[[protocol]]
PROTOCOL

[[projection]]
name = "syn"
pre = "pre"
post = "post"
weight = "0.25 nS"
  [[projection.plasticity]]
  rule = "calcium_control"

[[phase]]
name = "induction"
duration = "300 ms"
PHASE
)";

std::string file(const std::string& protocol, const std::string& phase = "") {
  std::string s = base;
  s.replace(s.find("PROTOCOL"), 8, protocol);
  s.replace(s.find("PHASE"), 5, phase);
  return s;
}

std::vector<double> times_of(const experiment_spec& spec) {
  experiment_spec filled = spec;
  fill_defaults(filled);
  return std::get<spike_times_source::params>(filled.network.populations[0].model).times.at(1);
}

void expect_error_with(const std::string& text, const std::vector<std::string>& expected) {
  try {
    experiment_spec spec = parse_experiment(text, "bad.toml");
    simulation sim(spec);  // validation
    ADD_FAILURE() << "no error";
  } catch (const error& e) {
    for (const auto& s : expected) EXPECT_NE(std::string(e.what()).find(s), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(pulse_protocols, tetanus_lfs_and_theta_burst_times) {
  pulse_train_protocol weak = tetanus_protocol{};
  weak.n = 21;
  const auto t = pulse_train_times(weak);
  ASSERT_EQ(t.size(), 21u);
  EXPECT_DOUBLE_EQ(t.front(), 100.0);
  EXPECT_DOUBLE_EQ(t.back(), 100.0 + 20 * 10.0);  // 100 Hz
  EXPECT_EQ(pulse_train_times(lfs_protocol{}).size(), 900u);
  EXPECT_DOUBLE_EQ(pulse_train_times(lfs_protocol{}).back(), 100.0 + 899 * 1000.0);
  theta_burst_protocol tb;
  tb.n = 2;
  tb.trains = 2;
  const auto b = pulse_train_times(tb);  // 2 trains x 2 bursts x 4 pulses at 100 Hz, bursts 200 ms, trains 10 s apart
  const std::vector<double> expected{100, 110, 120, 130, 300, 310, 320, 330, 10100, 10110, 10120, 10130,
                                     10300, 10310, 10320, 10330};
  ASSERT_EQ(b.size(), expected.size());
  for (std::size_t k = 0; k < b.size(); ++k) EXPECT_NEAR(b[k], expected[k], 1e-9);
}

TEST(pulse_protocols, read_from_files) {
  const auto tet = times_of(parse_experiment(file("type = \"tetanus\"\npopulation = \"pre\"\nduration = \"1 s\"\n"
                                                  "frequency = \"50 Hz\"\nstart = \"0 ms\""), "ok.toml"));
  ASSERT_EQ(tet.size(), 50u);
  EXPECT_NEAR(tet[1], 20.0, 1e-12);
  const auto lfs = times_of(parse_experiment(file("type = \"lfs\"\npopulation = \"pre\"\nn = 3\npulses = 3"), "ok.toml"));
  ASSERT_EQ(lfs.size(), 9u);  // strong LFS: bursts of 3 at 20 Hz every second
  EXPECT_NEAR(lfs[1] - lfs[0], 50.0, 1e-12);
  EXPECT_NEAR(lfs[3] - lfs[0], 1000.0, 1e-12);
  const auto tb = times_of(parse_experiment(
      file("type = \"theta_burst\"\npopulation = \"pre\"\nn = 5\npulses = 5\npulse_frequency = \"200 Hz\""), "ok.toml"));
  ASSERT_EQ(tb.size(), 25u);
  EXPECT_NEAR(tb[5] - tb[0], 200.0, 1e-12);
  expect_error_with(file("type = \"tetanus\"\npopulation = \"post2\""), {"no population named 'post2'"});
  expect_error_with(file("type = \"theta_burst\"\npopulation = \"pre\"\npulses = 30"), {"must end before the next burst"});
  expect_error_with(file("type = \"tetanus\"\npopulation = \"pre\"\nn = 5\nduration = \"1 s\""), {"either n"});
  expect_error_with(file("type = \"lfs\"\npopulation = \"pre\"\nn = 0"), {"n must be >= 1"});
  expect_error_with(file("type = \"tetanus\"\npopulation = \"pre\"\nrate = \"5 Hz\""), {"unknown key 'rate'"});
}

TEST(interventions, nmda_block_for_one_phase) {
  const std::string train = "type = \"tetanus\"\npopulation = \"pre\"\nn = 20\nstart = \"1 ms\"";
  const std::string blocked = "  [[phase.intervention]]\n  type = \"block_nmda\"\n  population = \"post\"\n";
  for (bool block : {false, true}) {
    simulation sim(parse_experiment(file(train, block ? blocked : ""), "ok.toml"));
    const phase_spec& ph = sim.spec().phases.at(0);
    ASSERT_EQ(ph.interventions.size(), block ? 1u : 0u);
    sim.run_phase(ph);
    projection& syn = sim.projection_named("syn");
    const double peak = calcium_control_peak_calcium(*syn.rules().front())[0];
    if (block) {
      EXPECT_EQ(peak, 0.0);
      EXPECT_NEAR(syn.weights()[0], 0.25, 1e-12);
    } else {
      EXPECT_GT(peak, 0.55);
      EXPECT_GT(syn.weights()[0], 0.26);
    }
    EXPECT_EQ(syn.block("nmda"), 0.0);  // removed at the end of the phase
  }
  expect_error_with(file(train, "  [[phase.intervention]]\n  type = \"block\"\n  population = \"nope\"\n"),
                    {"no population named 'nope'"});
  expect_error_with(file(train, "  [[phase.intervention]]\n  type = \"block\"\n  population = \"post\"\n  "
                                "projection = \"syn\"\n"),
                    {"one target, not both"});
  expect_error_with(file(train, "  [[phase.intervention]]\n  type = \"block\"\n  projection = \"syn\"\n  fraction = 2\n"),
                    {"fraction must be in [0, 1]"});
  expect_error_with(file(train, "  [[phase.intervention]]\n  type = \"ttx\"\n  projection = \"syn\"\n"), {"type"});
}
