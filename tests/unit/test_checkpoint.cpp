// Checkpoints (docs/checkpoints.md): a run stopped at any step and resumed from its checkpoint gives bitwise the
// results of the run that was never stopped (here experiments/examples/minimal.toml, which has spike sources with a
// rate profile, spike times, delays and a dendritic delay, several receptors, STDP, every kind of monitor; the other
// experiments are covered by tests/checkpoint/resume_exact.py, ctest checkpoint.resume_exact); a checkpoint of another
// experiment, version or network is refused with a clear error, and a file that is not a checkpoint is never
// overwritten. A session (sim/session.hpp: Python's Simulation) continued in pieces or saved between two steps gives
// the same results.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iterator>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/core/state_visitor.hpp"
#include "plastix/io/config.hpp"
#include "plastix/io/resume.hpp"
#include "plastix/record/checkpoint_file.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/run_stopped.hpp"
#include "plastix/sim/session.hpp"

using namespace plastix;

namespace {

const std::string minimal = std::string(PLASTIX_SOURCE_DIR) + "/experiments/examples/minimal.toml";

std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("plastix_test_checkpoint_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

// Runs spec until `step`, where it writes a checkpoint to `file` and stops (as on Ctrl-C).
void run_until(const experiment_spec& spec, std::int64_t step, const std::filesystem::path& file) {
  checkpoint_options o;
  o.file = file;
  o.stop_at_step = step;
  EXPECT_THROW(run_experiment(spec, {}, {}, o), run_stopped);
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

void expect_same_results(const run_results& a, const run_results& b) {
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  for (const auto& [k, v] : a.metrics) EXPECT_TRUE(same_bits<double>({v}, {b.metrics.at(k)})) << k;
  EXPECT_EQ(a.spike_count, b.spike_count);
  EXPECT_EQ(a.bio_time, b.bio_time);
  ASSERT_EQ(a.spikes.size(), b.spikes.size());
  for (std::size_t k = 0; k < a.spikes.size(); ++k) {
    EXPECT_TRUE(same_bits(a.spikes[k].times, b.spikes[k].times)) << a.spikes[k].name;
    EXPECT_TRUE(same_bits(a.spikes[k].senders, b.spikes[k].senders)) << a.spikes[k].name;
  }
  ASSERT_EQ(a.states.size(), b.states.size());
  for (std::size_t k = 0; k < a.states.size(); ++k) {
    EXPECT_TRUE(same_bits(a.states[k].times, b.states[k].times)) << a.states[k].name;
    EXPECT_TRUE(same_bits(a.states[k].values, b.states[k].values)) << a.states[k].name;
  }
  ASSERT_EQ(a.weights.size(), b.weights.size());
  for (std::size_t k = 0; k < a.weights.size(); ++k) {
    EXPECT_TRUE(same_bits(a.weights[k].times, b.weights[k].times)) << a.weights[k].name;
    EXPECT_TRUE(same_bits(a.weights[k].values, b.weights[k].values)) << a.weights[k].name;
  }
  ASSERT_EQ(a.rates.size(), b.rates.size());
  for (std::size_t k = 0; k < a.rates.size(); ++k) EXPECT_TRUE(same_bits(a.rates[k].rates, b.rates[k].rates));
  ASSERT_EQ(a.transmissions.size(), b.transmissions.size());
  for (std::size_t k = 0; k < a.transmissions.size(); ++k)
    EXPECT_TRUE(same_bits(a.transmissions[k].efficacy, b.transmissions[k].efficacy));
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(checkpoint, a_run_stopped_at_any_step_and_resumed_gives_bitwise_the_results_of_the_whole_run) {
  const experiment_spec spec = load_experiment(minimal);
  const run_results whole = run_experiment(spec);
  const auto steps = static_cast<std::int64_t>(std::llround(whole.bio_time / whole.dt));
  for (const std::int64_t cut : {std::int64_t{1}, std::int64_t{97}, steps / 2 + 13, steps - 1}) {
    const auto file = scratch("cut.h5");
    run_until(spec, cut, file);
    const checkpoint c = read_checkpoint(file);
    EXPECT_EQ(c.header.step, cut);
    const experiment_spec again = resume_spec(c);
    SCOPED_TRACE("cut at step " + std::to_string(cut));
    expect_same_results(whole, run_experiment(again, {}, {}, {}, &c));
  }
}

TEST(checkpoint, a_checkpoint_resumed_and_stopped_again_resumes_bitwise_too) {
  const experiment_spec spec = load_experiment(minimal);
  const run_results whole = run_experiment(spec);
  const auto first = scratch("first.h5"), second = scratch("second.h5");
  run_until(spec, 1200, first);
  checkpoint_options o;
  o.file = second;
  o.stop_at_step = 3100;
  const checkpoint c1 = read_checkpoint(first);
  EXPECT_THROW(run_experiment(spec, {}, {}, o, &c1), run_stopped);
  const checkpoint c2 = read_checkpoint(second);
  expect_same_results(whole, run_experiment(spec, {}, {}, {}, &c2));
}

TEST(checkpoint, a_checkpoint_at_the_end_resumes_to_the_same_results) {
  const experiment_spec spec = load_experiment(minimal);
  checkpoint_options o;
  o.file = scratch("end.h5");
  o.at_end = true;
  const run_results whole = run_experiment(spec, {}, {}, o);
  const checkpoint c = read_checkpoint(o.file);
  EXPECT_EQ(c.header.phase_index, spec.phases.size());
  expect_same_results(whole, run_experiment(spec, {}, {}, {}, &c));
}

namespace {

// minimal.toml with a parameter change in its first phase (set = { ... } at the phase's start).
experiment_spec minimal_with_a_set() {
  std::ifstream in(minimal);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string baseline = "name = \"baseline\"\nduration = \"200 ms\"\n";
  const auto at = text.find(baseline);
  EXPECT_NE(at, std::string::npos);
  text.insert(at + baseline.size(), "set = { \"population.exc.v_th\" = \"-52 mV\" }\n");
  return parse_experiment(text, minimal);
}

}  // namespace

TEST(checkpoint, a_parameter_set_in_an_earlier_phase_holds_after_resuming_in_a_later_one) {
  const experiment_spec spec = minimal_with_a_set();
  const run_results whole = run_experiment(spec);
  EXPECT_NE(whole.spike_count, run_experiment(load_experiment(minimal)).spike_count);  // the set matters
  const auto file = scratch("later_phase.h5");
  run_until(spec, 3100, file);  // in the phase "drive", after "baseline" set v_th
  const checkpoint c = read_checkpoint(file);
  EXPECT_EQ(c.header.phase, "drive");
  expect_same_results(whole, run_experiment(spec, {}, {}, {}, &c));
}

TEST(session, a_run_continued_in_pieces_of_any_sizes_is_bitwise_the_run_at_once) {
  const experiment_spec spec = minimal_with_a_set();
  const run_results whole = run_experiment(spec);
  session run(spec);
  for (const double ms : {0.0, 0.1, 13.7, 186.2, 0.0, 0.1, 99.9, 150.0})  // across the phase boundary at 200 ms
    run.run(ms);
  EXPECT_EQ(run.sim().step(), 4500);
  EXPECT_THROW(run.run(50.1), error);  // past the declared phases
  expect_same_results(whole, run.finish());
}

TEST(session, a_save_between_two_steps_resumes_bitwise_and_changes_nothing) {
  const experiment_spec spec = minimal_with_a_set();
  const run_results whole = run_experiment(spec);
  session run(spec);
  run.run(237.3);
  const auto file = scratch("session.h5");
  run.save(file);
  const checkpoint c = read_checkpoint(file);
  EXPECT_EQ(c.header.step, 2373);
  expect_same_results(whole, run_experiment(spec, {}, {}, {}, &c));
  expect_same_results(whole, run.finish());
}

TEST(checkpoint, an_existing_file_that_is_not_a_checkpoint_is_never_overwritten) {
  const auto file = scratch("notes.h5");
  std::ofstream(file) << "my notes";
  const experiment_spec spec = load_experiment(minimal);
  checkpoint_options o;
  o.file = file;
  o.stop_at_step = 10;
  const std::string message = error_of([&] { run_experiment(spec, {}, {}, o); });
  EXPECT_NE(message.find("is not a plastix checkpoint"), std::string::npos) << message;
  std::ifstream in(file);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "my notes");
  EXPECT_NE(error_of([&] { read_checkpoint(file); }).find("not an HDF5 file"), std::string::npos);
}

TEST(checkpoint, a_checkpoint_of_another_version_or_a_changed_experiment_file_is_refused) {
  const auto file = scratch("v.h5");
  run_until(load_experiment(minimal), 50, file);
  checkpoint c = read_checkpoint(file);
  checkpoint other_version = c;
  other_version.header.version = "0.0.1";
  EXPECT_NE(error_of([&] { resume_spec(other_version); }).find("written by plastix 0.0.1"), std::string::npos);
  checkpoint changed = c;
  changed.header.file_text_hash = text_hash("another experiment");
  EXPECT_NE(error_of([&] { resume_spec(changed); }).find("changed since the checkpoint"), std::string::npos);
}

TEST(checkpoint, a_network_that_does_not_match_the_checkpoint_is_refused_naming_the_value) {
  const auto file = scratch("m.h5");
  run_until(load_experiment(minimal), 50, file);
  const checkpoint c = read_checkpoint(file);
  const experiment_spec bigger = load_experiment(minimal, {"population.exc.size=41"});
  const std::string message = error_of([&] { run_experiment(bigger, {}, {}, {}, &c); });
  EXPECT_NE(message.find("populations/exc/"), std::string::npos) << message;
  EXPECT_NE(message.find("does not match"), std::string::npos) << message;
}

TEST(state_visitor, one_function_saves_and_loads_and_loading_checks_type_and_length) {
  struct part {
    std::vector<double> v{1.5, -2.0};
    std::vector<std::vector<std::uint32_t>> ring{{1, 2}, {}, {3}};
    std::int64_t step = 42;
    bool on = true;
    void visit(state_visitor& s) {
      const auto scope = s.scope("part");
      s.fixed("v", v);
      s.nested("ring", ring);
      s.scalar("step", step);
      s.flag("on", on);
    }
  };
  state_archive archive;
  part saved;
  state_visitor saver(archive, false);
  saved.visit(saver);
  EXPECT_EQ(archive.entries.count("part/v"), 1u);
  part loaded;
  loaded.ring.clear();
  loaded.step = 0;
  loaded.on = false;
  state_visitor loader(archive, true);
  loaded.visit(loader);
  EXPECT_EQ(loaded.ring, saved.ring);
  EXPECT_EQ(loaded.step, 42);
  EXPECT_TRUE(loaded.on);
  part shorter;
  shorter.v.resize(3);
  EXPECT_NE(error_of([&] { shorter.visit(loader); }).find("'part/v' holds 2 values, the network has 3"),
            std::string::npos);
  std::vector<std::int32_t> as_int(2);
  EXPECT_NE(error_of([&] { loader.fixed("part/v", as_int); }).find("stored as f64, expected i32"), std::string::npos);
}
