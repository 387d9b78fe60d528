// Neuron models written as equations (docs/equations.md, "Neuron models"): checked when read (names, dimensions,
// positions), compiled at run time, and equivalent to the built-in models they restate on a small network with
// synaptic input through every kind of receptor (conductances with and without rise time, currents, delta jumps):
// the same spikes at every step, and the same voltages — bitwise where the equations perform the built-in's
// arithmetic in its order. A model that is not built in runs, is recorded by name and resumes from a checkpoint.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/io/resume.hpp"
#include "plastix/neuron/equations_population.hpp"
#include "plastix/record/checkpoint_file.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/run_stopped.hpp"
#include "plastix/sim/simulation.hpp"

using namespace plastix;

namespace {

namespace fs = std::filesystem;

// A fresh cache folder for this test binary's compiled models, removed at exit.
struct temporary_cache {
  std::string dir;
  temporary_cache()
      : dir((fs::temp_directory_path() / ("plastix-neuron-cache-" + std::to_string(::getpid()))).string()) {
    fs::remove_all(dir);
    ::setenv("PLASTIX_CACHE_DIR", dir.c_str(), 1);
  }
  ~temporary_cache() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};
void use_test_cache() { static const temporary_cache cache; }

// Two plain conductances (COBA: the receptors' fast path) or every kind of receptor (their buffered path).
const std::string coba_receptors = R"(
  [[population.receptor]]
  name = "exc"
  tau_decay = "5 ms"
  e_rev = "0 mV"
  [[population.receptor]]
  name = "inh"
  tau_decay = "10 ms"
  e_rev = "-80 mV"
)";
const std::string mixed_receptors = R"(
  [[population.receptor]]
  name = "exc"
  tau_decay = "5 ms"
  tau_rise = "1 ms"
  e_rev = "0 mV"
  [[population.receptor]]
  name = "inh"
  kind = "current"
  tau_decay = "10 ms"
  [[population.receptor]]
  name = "jump"
  kind = "delta"
)";

// 40 Poisson inputs onto 24 neurons of the model, which inhibit each other; with mixed receptors also delta jumps
// from the inputs.
std::string network(const std::string& model, const std::string& receptors, const std::string& drive = "4 nS") {
  std::string text = R"([experiment]
seed = 5
dt = "0.1 ms"
duration = "300 ms"

[[population]]
name = "in"
size = 40
model = "poisson"
rate = "40 Hz"

[[population]]
name = "n"
size = 24
)" + model + R"(
init = { v = { uniform = ["-65 mV", "-50 mV"] } }
)" + receptors + R"(
[[projection]]
name = "drive"
pre = "in"
post = "n"
receptor = "exc"
connector = "fixed_probability"
p = 0.3
weight = ")" + drive + R"("
delay = "1 ms"

[[projection]]
name = "rec"
pre = "n"
post = "n"
receptor = "inh"
connector = "fixed_probability"
p = 0.3
weight = ")" + (receptors == mixed_receptors ? "-40 pA" : "5 nS") + R"("
delay = "1.5 ms"
)";
  if (receptors == mixed_receptors)
    text += R"(
[[projection]]
name = "jumps"
pre = "in"
post = "n"
receptor = "jump"
connector = "fixed_probability"
p = 0.2
weight = "0.5 mV"
delay = "0.5 ms"
)";
  return text;
}

const std::string builtin_lif = R"(model = "lif"
c_m = "200 pF"
g_l = "10 nS"
e_l = "-60 mV"
v_th = "-50 mV"
v_reset = "-60 mV"
t_ref = "5 ms"
i_e = "20 pA")";

// The same model as the built-in lif, written as its exponential-Euler step computes it.
const std::string written_lif = R"(model = "equations"
t_ref = "5 ms"
constants = { c_m = "200 pF", g_l = "10 nS", e_l = "-60 mV", v_th = "-50 mV", v_reset = "-60 mV", i_e = "20 pA" }
state = { v = "-60 mV" }
equations = "dv/dt = (g_l*(e_l - v) + I_syn + i_e + I_ext)/c_m"
threshold = "v >= v_th"
reset = "v = v_reset")";

const std::string builtin_adex = R"(model = "adex"
i_e = "300 pA"
t_ref = "1 ms")";

// Brette & Gerstner 2005 as the built-in adex (its default parameters), forward Euler.
const std::string written_adex = R"(model = "equations"
method = "euler"
t_ref = "1 ms"
constants = { c_m = "281 pF", g_l = "30 nS", e_l = "-70.6 mV", delta_t = "2 mV", v_t = "-50.4 mV", v_peak = "20 mV", v_reset = "-70.6 mV", tau_w = "144 ms", a = "4 nS", b = "80.5 pA", i_e = "300 pA" }
state = { v = "-70.6 mV", w = "0 pA" }
equations = """
dv/dt = (-g_l*(v - e_l) + g_l*delta_t*exp(min((v - v_t)/delta_t, 30)) - w + I_syn + i_e + I_ext)/c_m
dw/dt = (a*(v - e_l) - w)/tau_w
"""
threshold = "v >= v_peak"
reset = """
v = v_reset
w += b
""")";

struct comparison {
  std::size_t spikes = 0;     // of the built-in model, over the run
  double max_difference = 0;  // of any compared variable, over every neuron and step
};

// Runs both files step by step; the spikes of population "n" must be the same at every step.
comparison compare(const std::string& builtin, const std::string& written, const std::vector<std::string>& variables) {
  use_test_cache();
  simulation a(parse_experiment(builtin, "builtin.toml"));
  simulation b(parse_experiment(written, "written.toml"));
  population& pa = a.population_named("n");
  population& pb = b.population_named("n");
  comparison c;
  for (int step = 0; step < 3000; ++step) {
    a.run(0.1);
    b.run(0.1);
    EXPECT_EQ(pa.spikes(), pb.spikes()) << "step " << step;
    if (pa.spikes() != pb.spikes()) break;
    c.spikes += pa.spikes().size();
    for (const std::string& x : variables)
      for (std::size_t i = 0; i < pa.size(); ++i)
        c.max_difference = std::max(c.max_difference,
                                    std::abs(pa.sample(pa.variable_id(x), i) - pb.sample(pb.variable_id(x), i)));
  }
  return c;
}

std::string error_of(const std::string& text) {
  try {
    parse_experiment(text, "bad.toml");
  } catch (const error& e) {
    return e.what();
  }
  return "no error";
}

std::string with(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST(lif_as_equations, gives_the_spikes_and_voltages_of_the_built_in_lif_bitwise_on_conductance_input) {
  const comparison c = compare(network(builtin_lif, coba_receptors), network(written_lif, coba_receptors), {"v"});
  EXPECT_GT(c.spikes, 100u);
  EXPECT_EQ(c.max_difference, 0.0);
}

TEST(lif_as_equations, gives_the_spikes_of_the_built_in_lif_with_rise_times_currents_and_delta_jumps) {
  // A current receptor's input enters v_∞ as (g_e + i) here, as g_e then + i in the built-in: one rounding apart.
  const comparison c = compare(network(builtin_lif, mixed_receptors), network(written_lif, mixed_receptors), {"v"});
  EXPECT_GT(c.spikes, 100u);
  EXPECT_LE(c.max_difference, 1e-9);  // [mV]
}

TEST(adex_as_equations, gives_the_spikes_voltages_and_adaptation_of_the_built_in_adex_bitwise) {
  for (const std::string& receptors : {coba_receptors, mixed_receptors}) {
    const comparison c = compare(network(builtin_adex, receptors), network(written_adex, receptors), {"v", "w"});
    EXPECT_GT(c.spikes, 50u);
    EXPECT_EQ(c.max_difference, 0.0);
  }
}

// Not built in: an exponential integrate-and-fire neuron whose adaptation is a potassium conductance (a spike opens
// it by dg; it pulls v towards e_k) instead of adex's current w.
const std::string conductance_adaptation = R"(model = "equations"
label = "eif_gk"
t_ref = "2 ms"
constants = { c_m = "200 pF", g_l = "10 nS", e_l = "-65 mV", delta_t = "2 mV", v_t = "-50 mV", v_reset = "-60 mV", e_k = "-80 mV", tau_k = "100 ms", dg = "2 nS", i_e = "250 pA" }
state = { v = "-65 mV", g_k = "0 nS" }
equations = """
dv/dt = (g_l*(e_l - v) + g_l*delta_t*exp((v - v_t)/delta_t) + g_k*(e_k - v) + I_syn + i_e + I_ext)/c_m
dg_k/dt = -g_k/tau_k
"""
threshold = "v > 0*mV"
reset = "v = v_reset; g_k += dg")";

const std::string adaptation_monitors = R"(
[[monitor]]
type = "state"
population = "n"
variable = "g_k"
neurons = [0, 1]
interval = "1 ms"

[[monitor]]
type = "spikes"
population = "n")";

TEST(neuron_equations, a_model_that_is_not_built_in_adapts_is_recorded_by_name_and_resumes_bitwise) {
  use_test_cache();
  // From a file on disk, which a resumed run reads again.
  const fs::path dir = fs::temp_directory_path() / ("plastix-neuron-ckpt-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path toml = dir / "gk.toml";
  std::ofstream(toml) << network(conductance_adaptation, coba_receptors, "1 nS") + adaptation_monitors;
  const experiment_spec spec = load_experiment(toml.string());
  const run_results whole = run_experiment(spec);
  ASSERT_EQ(whole.states.size(), 1u);
  const auto& g = whole.states[0];
  EXPECT_EQ(g.name, "n_g_k");
  ASSERT_FALSE(g.values.empty());
  EXPECT_GT(*std::max_element(g.values.begin(), g.values.end()), 1.0);  // [nS]: spikes opened it
  // Adaptation: the same neurons without it (dg = 0) fire more under the same input.
  ASSERT_EQ(whole.spikes.size(), 1u);
  const run_results unadapted = run_experiment(
      parse_experiment(network(with(conductance_adaptation, "dg = \"2 nS\"", "dg = \"0 nS\""), coba_receptors, "1 nS") +
                           adaptation_monitors, "gk0.toml"));
  EXPECT_GT(unadapted.spikes[0].times.size(), whole.spikes[0].times.size() * 5 / 4)
      << unadapted.spikes[0].times.size() << " " << whole.spikes[0].times.size();

  // Stopped at step 1234 and resumed from its checkpoint: the same spikes and states, bitwise.
  const fs::path file = dir / "gk.h5";
  checkpoint_options o;
  o.file = file;
  o.stop_at_step = 1234;
  EXPECT_THROW(run_experiment(spec, {}, {}, o), run_stopped);
  const checkpoint c = read_checkpoint(file);
  const run_results resumed = run_experiment(resume_spec(c), {}, {}, {}, &c);
  fs::remove_all(dir);
  ASSERT_EQ(resumed.spikes.size(), 1u);
  EXPECT_EQ(resumed.spikes[0].times, whole.spikes[0].times);
  EXPECT_EQ(resumed.spikes[0].senders, whole.spikes[0].senders);
  ASSERT_EQ(resumed.states.size(), 1u);
  EXPECT_EQ(resumed.states[0].values, whole.states[0].values);
}

TEST(neuron_equations, a_second_population_of_the_same_model_loads_it_from_the_cache) {
  use_test_cache();
  const experiment_spec spec = parse_experiment(network(written_lif, coba_receptors), "lif.toml");
  simulation first(spec);
  simulation second(spec);
  const auto& lib = dynamic_cast<equations_population&>(second.population_named("n")).library();
  EXPECT_FALSE(lib.compiled_now);
  EXPECT_NE(lib.path.find(jit::cache_dir()), std::string::npos);
}

TEST(neuron_equations_reader, a_dimension_mismatch_names_file_line_column_and_both_dimensions) {
  const std::string text = network(with(written_lif, "+ i_e + I_ext)/c_m", "+ i_e + I_ext)/c_m + v_th"), coba_receptors);
  const std::string m = error_of(text);
  EXPECT_NE(m.find("bad.toml:"), std::string::npos) << m;
  EXPECT_NE(m.find("dimensions disagree"), std::string::npos) << m;
  EXPECT_NE(m.find("mV/ms"), std::string::npos) << m;
  EXPECT_NE(m.find("column"), std::string::npos) << m;
}

TEST(neuron_equations_reader, an_unknown_name_gets_the_closest_valid_one_at_its_column) {
  const std::string m = error_of(network(with(written_lif, "v >= v_th", "v >= v_thr"), coba_receptors));
  EXPECT_NE(m.find("unknown name 'v_thr'"), std::string::npos) << m;
  EXPECT_NE(m.find("'v_th'"), std::string::npos) << m;
  EXPECT_NE(m.find("column 19"), std::string::npos) << m;  // threshold = "v >= v_thr": the quote at 13
  const std::string s = error_of(network(with(written_lif, "I_syn", "I_sin"), coba_receptors));
  EXPECT_NE(s.find("'I_syn'"), std::string::npos) << s;
}

TEST(neuron_equations_reader, a_threshold_that_is_not_a_comparison_and_a_model_without_v_are_refused) {
  EXPECT_NE(error_of(network(with(written_lif, "v >= v_th", "v - v_th"), coba_receptors)).find("comparison"),
            std::string::npos);
  const std::string no_v =
      with(with(written_lif, "state = { v = \"-60 mV\" }", "state = { u = \"-60 mV\" }"), "dv/dt", "du/dt");
  EXPECT_NE(error_of(network(no_v, coba_receptors)).find("needs the membrane voltage v"), std::string::npos);
  EXPECT_NE(error_of(network(with(written_lif, "v = v_reset", "v_th = v_reset"), coba_receptors)).find("cannot be set"),
            std::string::npos);
  EXPECT_NE(error_of(network(with(written_lif, "dv/dt = (g_l", "dv/dt = (g_k"), coba_receptors)).find("did you mean 'g_l'"),
            std::string::npos);
}
