// Every declared key of every rule of the catalogue is decided for [[phase]] set (spec/param_changes.hpp
// the declaration's changes_during_run / fixed_during_run): either it changes during a run, and a change at the start of a run gives bitwise the
// run of a rule started with the new value, or it is refused naming the phase, the key and why. Generated from the
// catalogue: a new rule fails here until it decides.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastix/spec/models.hpp"
#include "plastix/spec/param_changes.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "plastix/synapse/projection.hpp"
#include "test_config_support.hpp"

namespace plastix {
namespace {

// Spiking rules: Poisson input onto driven lif neurons; rate rules: correlated rate input onto a rate unit. Two
// phases; `set` goes into the first.
const std::string spiking_file = R"([experiment]
dt = "0.1 ms"
seed = 3

[[population]]
name = "inp"
size = 5
model = "poisson"
rate = "80 Hz"

[[population]]
name = "exc"
size = 4
model = "lif"
i_e = "500 pA"

  [[population.receptor]]
  name = "ampa"
  tau_decay = "5 ms"

[[projection]]
name = "ee"
pre = "inp"
post = "exc"
receptor = "ampa"
weight = "1 nS"
)";

const std::string rate_file = R"([experiment]
dt = "1 ms"
seed = 3

[[population]]
name = "inp"
model = "rate_gaussian"
interval = "1 ms"
covariance = { groups = [2, 2], correlation = [0.5, 0.2] }

[[population]]
name = "out"
size = 1
model = "rate"

[[projection]]
name = "ee"
pre = "inp"
post = "out"
weight = 0.1
)";

// The experiment with rule m on projection "ee" (`line`: one more "key = value" of the rule, or "") and two phases,
// the first with `set` ("" for none).
std::string experiment_with(const model_info& m, const std::string& line, const std::string& set) {
  std::string text = (m.rates ? rate_file : spiking_file) + "\n  [[projection.plasticity]]\n  rule = \"" + m.name + "\"\n";
  if (!line.empty()) text += "  " + line + "\n";
  text += config_test::keys_rule_needs(m) + (m.find_key("climbing_fibre") ? config_test::tables_rule_needs(m) : "");
  if (m.find_key("modulator"))  // a three-factor rule: the modulator it reads, with rewards in both phases
    text += "\n[[modulator]]\nname = \"dopamine\"\ntau = \"20 ms\"\ntimes = [\"5 ms\", \"25 ms\", \"45 ms\", \"65 ms\"]\n"
            "amounts = [\"0.5 uM\", \"0.5 uM\", \"0.5 uM\", \"0.5 uM\"]\n";
  const std::string duration = m.rates ? "\"20 ms\"" : "\"40 ms\"";
  text += "\n[[phase]]\nname = \"a\"\nduration = " + duration + "\n";
  if (!set.empty()) text += "set = { " + set + " }\n";
  text += "\n[[phase]]\nname = \"b\"\nduration = " + duration + "\n";
  return text;
}

// Values to try for key k, as written in a file: other than the default, the first ones most likely in range.
std::vector<std::string> other_values(const model_info& m, const key_info& k) {
  std::vector<std::string> out;
  switch (k.type) {
    case value_type::choice:
      for (const std::string& c : k.choices)
        if (c != k.default_text) out.push_back("\"" + c + "\"");
      return out;
    case value_type::flag: return {k.default_text == "true" ? "false" : "true"};
    case value_type::count: return {std::to_string(std::stoull(k.default_text) + 1), "1", "2"};
    default: break;
  }
  std::size_t used = 0;
  double x = 0.0;
  try {
    x = std::stod(k.default_text, &used);
  } catch (const std::exception&) {
  }
  if (used == 0 && k.type == value_type::quantity && k.dim == dimension::time) return {"\"10 ms\"", "\"30 ms\""};  // no default (lif's tau_m)
  std::string unit = k.default_text.substr(used);
  if (k.type == value_type::weight && !m.rates) unit = " nS";
  std::vector<double> values;
  if (std::isfinite(x)) values = {x * 1.5, x * 0.5, x + 1.0, x - 0.5};
  for (double v : {0.5, 1.0, 2.0, 0.25, 0.75, 5.0, 0.01}) values.push_back(v);
  for (double v : values) {
    if (!std::isfinite(v) || v == x) continue;
    const std::string number = fmt::format("{}", v);
    out.push_back(k.type == value_type::number || (k.type == value_type::weight && m.rates) ? number
                                                                                           : "\"" + number + unit + "\"");
  }
  return out;
}

// What a run left: every weight of "ee" and the state of the post population, after each phase.
std::vector<double> run_of(const experiment_spec& spec) {
  simulation sim(spec);
  std::vector<double> out;
  for (const phase_spec& phase : spec.phases) {
    sim.run_phase(phase);
    for (double w : sim.projection_named("ee").weights()) out.push_back(w);
    const population& post = *sim.populations()[1];
    for (std::size_t i = 0; i < post.size(); ++i) out.push_back(post.sample(0, i));
  }
  return out;
}

// The values of every declared key of p, in declaration order.
std::vector<double> declared_values(const rule_params& p) {
  return std::visit(
      [](const auto& q) {
        std::vector<double> out;
        for (const auto& e : std::decay_t<decltype(q)>::declare().entries())
          if (e.get) out.push_back(e.get(q));
        return out;
      },
      p);
}

bool fixed(const model_info& m, const std::string& key) {
  const auto* keys = rule_keys_fixed_during_run(m.name);
  return keys && std::any_of(keys->begin(), keys->end(), [&](const fixed_key& f) { return f.key == key; });
}

}  // namespace

TEST(phase_set_catalogue, every_rule_decides_which_of_its_keys_may_change_during_a_run) {
  for (const model_info* m : rule_models()) {
    const auto* keys = rule_keys_fixed_during_run(m->name);
    if (!keys) {
      EXPECT_FALSE(m->no_changes_why.empty())
          << "rule '" << m->name << "' has not decided which keys may change during a run: give it set_params and "
          << "declare the keys that stay (declaration::changes_during_run / fixed_during_run beside its parameters), "
          << "or declare no_changes_during_run with the reason";
      continue;
    }
    for (const fixed_key& f : *keys) {
      EXPECT_NE(m->find_key(f.key), nullptr) << m->name << ": '" << f.key << "' is not a declared key";
      EXPECT_FALSE(f.why.empty()) << m->name << "." << f.key;
    }
  }
}

TEST(phase_set_catalogue, each_key_changed_at_the_start_runs_bitwise_like_a_rule_started_with_it_or_is_refused) {
  std::map<std::string, int> compared;  // keys per rule whose change was run and compared
  for (const model_info* m : rule_models()) {
    if (!rule_keys_fixed_during_run(m->name)) continue;  // no key may change (the test above checks the reason)
    for (const key_info& k : m->keys) {
      if (k.type == value_type::choice && k.choices.empty()) continue;  // a name the rule resolves when built (modulator)
      const std::string key = "\"projection.ee.plasticity[0]." + k.name + "\"";
      std::string last_problem = "no value to try";
      bool decided = false, refused_like_the_file = false;
      for (const std::string& value : other_values(*m, k)) {
        const std::string changed = experiment_with(*m, "", key + " = " + value);
        if (fixed(*m, k.name)) {
          try {
            parse_experiment(changed, "set.toml");
            last_problem = "accepted " + value;
            continue;
          } catch (const error& e) {
            last_problem = e.what();
            if (e.message().find("cannot change during a run (") == std::string::npos) continue;
            EXPECT_NE(e.message().find("phase 'a': projection.ee.plasticity[0]." + k.name + ": " + k.name), std::string::npos)
                << e.what();
            EXPECT_EQ(e.where().key, "phase.a.set.projection.ee.plasticity[0]." + k.name) << e.what();
            decided = true;
            break;
          }
        }
        experiment_spec spec_changed, spec_started;
        try {
          spec_started = parse_experiment(experiment_with(*m, k.name + " = " + value, ""), "started.toml");
        } catch (const error& e) {
          // Not a valid value of the key here (or the key does not apply here: tag_trigger's p_ltp with voltage
          // induction): then a set of it must be refused with the same message.
          last_problem = e.what();
          try {
            parse_experiment(changed, "set.toml");
            ADD_FAILURE() << m->name << "." << k.name << " = " << value << " is refused in the rule (" << e.message()
                          << ") but accepted in a set";
            decided = true;
            break;
          } catch (const error& in_set) {
            refused_like_the_file |= in_set.message().find(e.message()) != std::string::npos;
          }
          continue;  // try the next value
        }
        try {
          spec_changed = parse_experiment(changed, "set.toml");
        } catch (const error& e) {
          ADD_FAILURE() << m->name << "." << k.name << " = " << value << " is valid in the rule but refused in a set: "
                        << e.what();
          decided = true;
          break;
        }
        std::vector<double> started;
        try {
          started = run_of(spec_started);
        } catch (const error& e) {
          last_problem = e.what();
          continue;  // a value that makes the rule run away: try the next
        }
        ASSERT_EQ(spec_changed.phases[0].changes.size(), 1u);
        // The parameter object of the change has the new value: every declared key as in the rule started with it.
        const rule_params& after = std::get<rule_params>(spec_changed.phases[0].changes[0].params);
        EXPECT_EQ(declared_values(after), declared_values(spec_started.network.projections[0].plasticity[0].params))
            << m->name << "." << k.name << " = " << value;
        std::vector<double> changed_run;
        try {
          changed_run = run_of(spec_changed);
        } catch (const error& e) {
          ADD_FAILURE() << m->name << "." << k.name << " = " << value << ": " << e.what();
        }
        ++compared[m->name];
        EXPECT_EQ(changed_run, started)
            << m->name << "." << k.name << " = " << value << ": a change at the start is not a rule started with it";
        decided = true;
        break;
      }
      EXPECT_TRUE(decided || refused_like_the_file) << m->name << "." << k.name << ": " << last_problem;
    }
    // Every rule has keys that change (none is refused as a whole), and they were run.
    EXPECT_GT(compared[m->name], 0) << m->name;
    if (std::getenv("PLASTIX_TEST_VERBOSE")) std::printf("%s: %d keys compared\n", m->name.c_str(), compared[m->name]);
  }
}

}  // namespace plastix

namespace plastix {
namespace {

// The initial state of each membrane model, given so that it does not depend on the keys (v starts at e_l ...).
std::string initial_state(const std::string& model) {
  if (model == "adex") return R"(init = { v = "-65 mV", w = "0 pA" })";
  if (model == "izhikevich") return R"(init = { v = "-65 mV", u = "-13 mV" })";
  if (model == "adex_clopath") return R"(init = { v = "-65 mV", w = "0 pA", z = "0 pA", v_t = "-50 mV" })";
  return R"(init = { v = "-65 mV" })";
}

// The spiking experiment with population "exc" of model `model` (plus `line`) and a set in the first phase.
std::string neuron_experiment(const std::string& model, const std::string& line, const std::string& set) {
  std::string text = config_test::with(spiking_file, "model = \"lif\"\ni_e = \"500 pA\"\n",
                                       "model = \"" + model + "\"\n" + (line.empty() ? "" : line + "\n") +
                                           initial_state(model) + "\n");
  text += "\n[[phase]]\nname = \"a\"\nduration = \"40 ms\"\n";
  if (!set.empty()) text += "set = { " + set + " }\n";
  return text + "\n[[phase]]\nname = \"b\"\nduration = \"40 ms\"\n";
}

}  // namespace

TEST(phase_set_catalogue, each_key_of_a_membrane_model_changed_at_the_start_runs_bitwise_like_a_model_started_with_it) {
  for (const std::string model : {"lif", "adex", "izhikevich", "adex_clopath"}) {
    const model_info* m = find_model("neuron model", model);
    ASSERT_NE(m, nullptr) << model;
    int compared = 0;
    for (const key_info& k : m->keys) {
      bool decided = false;
      std::string last_problem = "no value to try";
      for (const std::string& value : other_values(*m, k)) {
        experiment_spec started, changed;
        try {
          started = parse_experiment(neuron_experiment(model, k.name + " = " + value, ""), "started.toml");
        } catch (const error& e) {
          last_problem = e.what();
          continue;
        }
        try {
          changed = parse_experiment(neuron_experiment(model, "", "\"population.exc." + k.name + "\" = " + value), "set.toml");
        } catch (const error& e) {
          ADD_FAILURE() << model << "." << k.name << " = " << value << " is valid in the model but refused in a set: " << e.what();
          decided = true;
          break;
        }
        std::vector<double> a;
        try {
          a = run_of(started);
        } catch (const error& e) {
          last_problem = e.what();
          continue;
        }
        EXPECT_EQ(run_of(changed), a) << model << "." << k.name << " = " << value;
        ++compared;
        decided = true;
        break;
      }
      EXPECT_TRUE(decided) << model << "." << k.name << ": " << last_problem;
    }
    EXPECT_GT(compared, 0) << model;
  }
}

TEST(phase_set, the_parameters_of_sources_and_rate_populations_are_refused_with_the_reason) {
  struct item {
    const std::string* file;
    std::string population, model;
  };
  for (const item& it : {item{&spiking_file, "inp", "poisson"}, item{&rate_file, "inp", "rate_gaussian"},
                         item{&rate_file, "out", "rate"}}) {
    const model_info* m = find_model(it.model == "rate" ? "neuron model" : "source", it.model);
    ASSERT_NE(m, nullptr) << it.model;
    int refused_as_unchangeable = 0;
    for (const key_info& k : m->keys) {
      const std::vector<std::string> values = other_values(*m, k);
      if (values.empty()) continue;
      const std::string text = *it.file + "\n[[phase]]\nname = \"a\"\nduration = \"10 ms\"\nset = { \"population." +
                               it.population + "." + k.name + "\" = " + values.front() + " }\n";
      try {
        parse_experiment(text, "set.toml");
        ADD_FAILURE() << it.model << "." << k.name << " accepted";
      } catch (const error& e) {
        EXPECT_NE(e.message().find("phase 'a': population." + it.population + "." + k.name + ": "), std::string::npos) << e.what();
        // Refused at the key: "cannot change during a run", or the reader's own problem with the value written.
        EXPECT_EQ(e.where().key, "phase.a.set.population." + it.population + "." + k.name) << e.what();
        refused_as_unchangeable += e.message().find("cannot change during a run") != std::string::npos;
      }
    }
    EXPECT_GT(refused_as_unchangeable, 0) << it.model;
  }
}

}  // namespace plastix
