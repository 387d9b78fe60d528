// io/config: a valid experiment file becomes an experiment_spec in internal units.
#include <fstream>
#include <sstream>

#include "test_config_support.hpp"
#include "plastix/neuron/models.hpp"

using namespace plastix;
using config_test::base_file;
using config_test::with;

namespace {

const std::string minimal_path = std::string(PLASTIX_SOURCE_DIR) + "/experiments/examples/minimal.toml";

const population_spec& population(const experiment_spec& s, const std::string& name) {
  for (const auto& p : s.network.populations)
    if (p.name == name) return p;
  throw std::runtime_error("no population " + name);
}

const projection_spec& projection_named(const experiment_spec& s, const std::string& name) {
  for (const auto& p : s.network.projections)
    if (p.name == name) return p;
  throw std::runtime_error("no projection " + name);
}

}  // namespace

TEST(config_parse, minimal_example_in_internal_units) {
  const experiment_spec s = load_experiment(minimal_path);
  EXPECT_EQ(s.name, "minimal");
  EXPECT_EQ(s.seed, 7u);
  EXPECT_DOUBLE_EQ(s.dt, 0.1);
  EXPECT_EQ(s.file, minimal_path);
  std::ifstream in(minimal_path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(s.file_text, text.str());
  ASSERT_EQ(s.network.populations.size(), 4u);

  const auto& input = population(s, "input");
  EXPECT_EQ(input.size, 20u);
  const auto& poisson = std::get<poisson_source::params>(input.model);
  EXPECT_DOUBLE_EQ(poisson.rate, 5.0);
  ASSERT_EQ(poisson.profile.size(), 2u);
  EXPECT_DOUBLE_EQ(poisson.profile[1].first, 200.0);
  EXPECT_DOUBLE_EQ(poisson.profile[1].second, 20.0);
  EXPECT_GT(input.where.line, 0);
  EXPECT_EQ(input.where.key, "population.input");

  const auto& cue = population(s, "cue");
  EXPECT_EQ(cue.size, 2u);  // one list of times per neuron
  const auto& times = std::get<spike_times_source::params>(cue.model).times;
  ASSERT_EQ(times.size(), 2u);
  EXPECT_EQ(times[0], (std::vector<double>{10.0, 20.0}));

  const auto& exc = population(s, "exc");
  const auto& lif_p = std::get<lif::params>(exc.model);
  EXPECT_DOUBLE_EQ(lif_p.c_m, 200.0);
  EXPECT_DOUBLE_EQ(lif_p.g_l, 10.0);
  EXPECT_DOUBLE_EQ(lif_p.e_l, -60.0);
  EXPECT_DOUBLE_EQ(lif_p.t_ref, 5.0);
  ASSERT_EQ(exc.init.size(), 1u);
  EXPECT_EQ(exc.init[0].first, "v");
  EXPECT_EQ(exc.init[0].second.type, distribution::kind::uniform);
  EXPECT_DOUBLE_EQ(exc.init[0].second.a, -60.0);
  EXPECT_DOUBLE_EQ(exc.init[0].second.b, -50.0);
  ASSERT_EQ(exc.receptors.size(), 3u);
  EXPECT_EQ(exc.receptors[0].name, "ampa");
  EXPECT_DOUBLE_EQ(exc.receptors[0].tau_decay, receptor_preset("ampa").tau_decay);
  EXPECT_TRUE(exc.receptors[1].mg_block);
  EXPECT_DOUBLE_EQ(exc.receptors[1].mg, 1.0);  // [mM]
  EXPECT_DOUBLE_EQ(exc.receptors[1].tau_rise, 2.0);
  EXPECT_EQ(exc.receptors[2].kind, receptor_kind::current);

  const auto& adex_p = std::get<adex::params>(population(s, "inh").model);
  EXPECT_DOUBLE_EQ(adex_p.tau_w, 144.0);
  EXPECT_DOUBLE_EQ(adex_p.a, 4.0);
  EXPECT_DOUBLE_EQ(adex_p.b, 80.5);
  EXPECT_DOUBLE_EQ(adex_p.c_m, adex::params{}.c_m);  // default kept

  const auto& in_exc = projection_named(s, "in_exc");
  EXPECT_EQ(in_exc.connector.type, connector_spec::kind::fixed_probability);
  EXPECT_DOUBLE_EQ(in_exc.connector.p, 0.2);
  EXPECT_EQ(in_exc.weight.type, distribution::kind::normal);
  EXPECT_DOUBLE_EQ(in_exc.weight.a, 1.0);
  EXPECT_DOUBLE_EQ(in_exc.weight.b, 0.2);
  EXPECT_DOUBLE_EQ(in_exc.weight.lo, 0.0);
  EXPECT_DOUBLE_EQ(in_exc.weight.hi, 2.0);
  ASSERT_TRUE(in_exc.delay.has_value());
  EXPECT_EQ(in_exc.delay->type, distribution::kind::uniform);
  EXPECT_DOUBLE_EQ(in_exc.dendritic_delay, 0.5);

  const auto& exc_exc = projection_named(s, "exc_exc");  // default name "<pre>_<post>"
  EXPECT_EQ(exc_exc.connector.indegree, 8u);
  EXPECT_FALSE(exc_exc.connector.autapses);
  EXPECT_FALSE(exc_exc.delay.has_value());

  const auto& cue_exc = projection_named(s, "cue_exc");
  EXPECT_EQ(cue_exc.connector.pairs, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 1}, {1, 2}}));
  EXPECT_EQ(cue_exc.connector.weights, (std::vector<double>{100.0, 150.0}));  // [pA]: current receptor
  EXPECT_EQ(cue_exc.connector.delays, (std::vector<double>{1.0, 2.0}));

  ASSERT_EQ(s.monitors.size(), 4u);
  EXPECT_EQ(s.monitors[0].name, "exc");  // default: the target (+ "_<variable>" for state)
  EXPECT_EQ(s.monitors[1].name, "exc_v");
  EXPECT_EQ(s.monitors[1].variable, "v");
  EXPECT_EQ(s.monitors[1].indices, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_DOUBLE_EQ(s.monitors[1].interval, 1.0);
  EXPECT_EQ(s.monitors[2].type, monitor_spec::kind::weights);
  EXPECT_EQ(s.monitors[2].target, "in_exc");
  EXPECT_DOUBLE_EQ(s.monitors[2].interval, 100.0);
  EXPECT_EQ(s.monitors[3].type, monitor_spec::kind::rate);
  EXPECT_DOUBLE_EQ(s.monitors[3].interval, 5.0);

  ASSERT_EQ(s.phases.size(), 2u);
  EXPECT_EQ(s.phases[1].name, "drive");
  EXPECT_DOUBLE_EQ(s.phases[1].duration, 300.0);
  ASSERT_EQ(s.phases[1].stimuli.size(), 2u);
  EXPECT_EQ(s.phases[1].stimuli[0].type, stimulus_spec::kind::rate);
  EXPECT_DOUBLE_EQ(s.phases[1].stimuli[0].value, 20.0);
  EXPECT_EQ(s.phases[1].stimuli[1].type, stimulus_spec::kind::current);
  EXPECT_DOUBLE_EQ(s.phases[1].stimuli[1].value, 100.0);
  EXPECT_EQ(s.phases[1].stimuli[1].where.key, "phase.drive.stimulus[1]");
}

TEST(config_parse, defaults_and_unit_conversion) {
  std::string text = with(base_file, "t_ref = \"2 ms\"", "tau_m = \"0.02 s\"");
  text = with(text, "weight = \"1 nS\"", "weight = \"0.5 uS\"");
  const experiment_spec s = parse_experiment(text, "dir/my_run.toml");
  EXPECT_EQ(s.name, "my_run");  // file stem
  EXPECT_EQ(s.seed, 1u);
  EXPECT_DOUBLE_EQ(s.dt, 0.1);
  ASSERT_EQ(s.phases.size(), 1u);  // experiment.duration: one phase named "run"
  EXPECT_EQ(s.phases[0].name, "run");
  EXPECT_DOUBLE_EQ(s.phases[0].duration, 100.0);
  const auto& p = std::get<lif::params>(s.network.populations[1].model);
  EXPECT_DOUBLE_EQ(p.g_l, 200.0 / 20.0);  // tau_m = c_m / g_l with the default c_m
  EXPECT_DOUBLE_EQ(p.t_ref, lif::params{}.t_ref);
  EXPECT_DOUBLE_EQ(s.network.projections[0].weight.a, 500.0);
  EXPECT_EQ(s.network.projections[0].connector.type, connector_spec::kind::all_to_all);
}

TEST(config_parse, init_sets_model_state_receptor_state_and_external_current) {
  const std::string text =
      with(base_file, "t_ref = \"2 ms\"", "init = { v = \"-65 mV\", g_ampa = { normal = [\"1 nS\", \"0.5 nS\"] }, i_ext = \"5 pA\" }");
  const experiment_spec s = parse_experiment(text, "x.toml");
  const auto& init = s.network.populations[1].init;
  ASSERT_EQ(init.size(), 3u);
  EXPECT_EQ(init[0].first, "g_ampa");
  EXPECT_EQ(init[0].second.type, distribution::kind::normal);
  EXPECT_DOUBLE_EQ(init[1].second.a, 5.0);
  EXPECT_DOUBLE_EQ(init[2].second.a, -65.0);
}

TEST(config_parse, shipped_experiments_are_valid) {
  for (const char* file : {"/experiments/coba.toml", "/experiments/examples/minimal.toml"}) {
    SCOPED_TRACE(file);
    EXPECT_NO_THROW(load_experiment(std::string(PLASTIX_SOURCE_DIR) + file));
  }
}
