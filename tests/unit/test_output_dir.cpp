// write_results, check_output_target and staged_directory: output appears all at once, failures leave nothing
// behind and keep a previous output intact, and only plastix's own results are ever replaced.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "output_test_data.hpp"
#include "plastix/core/error.hpp"
#include "plastix/record/output_dir.hpp"
#include "plastix/record/summary.hpp"

namespace fs = std::filesystem;
using plastix::run_results;
using plastix::staged_directory;
using plastix::test::scratch_dir;
using plastix::test::synthetic_results;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void put(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// Every file below `root` (relative path -> contents), to compare a directory before and after.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    out[fs::relative(e.path(), root).string()] = e.is_regular_file() ? slurp(e.path()) : "<dir>";
  return out;
}

// Names directly inside `dir`, hidden ones included.
std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A previous run's output, with files of plastix's the new run does not write (a report and a figure).
std::map<std::string, std::string> make_previous(const fs::path& dir) {
  run_results previous = synthetic_results();
  previous.experiment = "previous";
  plastix::write_results(previous, dir);
  put(dir / "report.html", "<html>old report</html>");
  put(dir / "figure.png", "old figure");
  return snapshot(dir);
}

// What a plastix version before the marker file wrote: the three files, no .plastix-result.
void make_unmarked_previous(const fs::path& dir) {
  fs::create_directories(dir);
  put(dir / "data.h5", "not read");
  put(dir / "summary.json", plastix::summary_json(synthetic_results()));
  put(dir / "experiment.toml", "[experiment]\n");
}

// The message of the plastix::error `f` throws ("" and a test failure when it throws none).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const plastix::error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no plastix::error thrown";
  return {};
}

void expect_throws_naming(const run_results& r, const fs::path& dir, const std::string& also = {}) {
  const std::string message = error_of([&] { plastix::write_results(r, dir); });
  EXPECT_NE(message.find(dir.string()), std::string::npos) << message;
  if (!also.empty()) {
    EXPECT_NE(message.find(also), std::string::npos) << message;
  }
}

// The pid of a process that has exited (and was reaped), for staging directories of killed runs.
long dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

}  // namespace

TEST(output_dir, writes_the_three_files_and_nothing_else) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "run1";
  const run_results r = synthetic_results();
  plastix::write_results(r, out);

  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"run1"});  // no staging or lock file left
  EXPECT_EQ(entries(out), (std::vector<std::string>{".plastix-result", "data.h5", "experiment.toml", "summary.json"}));
  EXPECT_EQ(slurp(out / ".plastix-result").rfind("plastix ", 0), 0u);
  EXPECT_EQ(slurp(out / "experiment.toml"), r.file_text);
  const auto summary = nlohmann::json::parse(slurp(out / "summary.json"));
  EXPECT_EQ(summary.at("experiment"), "stdp_window");
  EXPECT_GT(fs::file_size(out / "data.h5"), 0u);
}

TEST(output_dir, no_experiment_file_without_file_text_and_parents_are_created) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "results" / "nested" / "run";
  run_results r = synthetic_results();
  r.file_text.clear();
  plastix::write_results(r, out.string() + "/");  // a trailing separator names the same directory
  EXPECT_EQ(entries(out), (std::vector<std::string>{".plastix-result", "data.h5", "summary.json"}));
  EXPECT_EQ(entries(out.parent_path()), std::vector<std::string>{"run"});
}

TEST(output_dir, replaces_a_previous_output_completely) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "run";
  make_previous(out);
  plastix::write_results(synthetic_results(), out);
  EXPECT_EQ(entries(out), (std::vector<std::string>{".plastix-result", "data.h5", "experiment.toml", "summary.json"}));
  EXPECT_EQ(nlohmann::json::parse(slurp(out / "summary.json")).at("experiment"), "stdp_window");
  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"run"});  // neither staging nor old copy left

  // And again, over the output it just wrote.
  run_results second = synthetic_results();
  second.experiment = "second";
  plastix::write_results(second, out);
  EXPECT_EQ(nlohmann::json::parse(slurp(out / "summary.json")).at("experiment"), "second");
  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"run"});
}

TEST(output_dir, failure_midway_leaves_no_output_and_no_staging) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "run";
  run_results bad = synthetic_results();
  bad.tables["window"].data[1].pop_back();  // write_hdf5 throws after the staging directory exists
  expect_throws_naming(bad, out, "table 'window'");
  EXPECT_TRUE(entries(scratch.path()).empty());
}

TEST(output_dir, failure_midway_keeps_the_previous_output_intact) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "run";
  const auto before = make_previous(out);
  run_results bad = synthetic_results();
  bad.tables["window"].columns.push_back("orphan");
  expect_throws_naming(bad, out, "table 'window'");
  EXPECT_EQ(snapshot(out), before);
  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"run"});
}

TEST(output_dir, unwritable_parent_is_an_error_naming_the_path) {
  scratch_dir scratch;
  const fs::path file = scratch.path() / "a_file";
  put(file, "not a directory");
  const fs::path out = file / "run";  // its parent is a regular file: fails even for root
  expect_throws_naming(synthetic_results(), out);
  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"a_file"});
  EXPECT_EQ(slurp(file), "not a directory");

  // The target itself being a file is refused rather than replaced.
  expect_throws_naming(synthetic_results(), file, "not a directory");
  EXPECT_EQ(slurp(file), "not a directory");
}

TEST(output_dir, read_only_parent_is_an_error_naming_the_path) {
  if (::geteuid() == 0) GTEST_SKIP() << "permissions do not apply to root";
  scratch_dir scratch;
  const fs::path parent = scratch.path() / "locked";
  const fs::path out = parent / "run";
  const auto before = make_previous(out);
  fs::permissions(parent, fs::perms::owner_read | fs::perms::owner_exec);
  expect_throws_naming(synthetic_results(), out);
  fs::permissions(parent, fs::perms::owner_all);
  EXPECT_EQ(snapshot(out), before);
  EXPECT_EQ(entries(parent), std::vector<std::string>{"run"});
}

TEST(output_dir, staged_directory_cleans_up_unless_committed) {
  scratch_dir scratch;
  const fs::path target = scratch.path() / "report";
  fs::path staging;
  {
    staged_directory stage(target);
    staging = stage.path();
    EXPECT_EQ(staging.parent_path(), scratch.path());
    EXPECT_EQ(staging.filename().string().rfind(".report.partial-" + std::to_string(::getpid()) + "-", 0), 0u)
        << staging;
    EXPECT_TRUE(fs::is_directory(staging));
    put(stage.path() / "index.html", "<html/>");
    EXPECT_FALSE(fs::exists(target));
  }
  EXPECT_FALSE(fs::exists(staging));
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(entries(scratch.path()).empty());

  staged_directory a(target), b(target);  // two stagings of one target get distinct names
  EXPECT_NE(a.path(), b.path());
  put(a.path() / "index.html", "<html/>");
  a.commit();
  EXPECT_TRUE(a.committed());
  EXPECT_EQ(a.path(), target);
  EXPECT_EQ(slurp(target / "index.html"), "<html/>");
  EXPECT_THROW(a.commit(), plastix::error);

  staged_directory moved = std::move(b);  // the moved-from one must not remove anything
  const fs::path moved_staging = moved.path();
  { staged_directory sink = std::move(moved); }
  EXPECT_FALSE(fs::exists(moved_staging));
  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"report"});

  EXPECT_THROW(staged_directory(fs::path("..")), plastix::error);
  EXPECT_THROW(staged_directory(fs::path(".")), plastix::error);
  EXPECT_THROW(staged_directory(fs::path("")), plastix::error);
}

TEST(output_dir, replace_fallback_without_atomic_exchange) {
  scratch_dir scratch;
  const fs::path target = scratch.path() / "run", staging = scratch.path() / ".run.new", aside = scratch.path() / ".run.old";
  make_previous(target);
  fs::create_directory(staging);
  put(staging / "summary.json", "{\"new\": true}\n");
  plastix::detail::replace_directory(staging, target, aside, false);
  EXPECT_EQ(entries(target), std::vector<std::string>{"summary.json"});
  EXPECT_EQ(slurp(target / "summary.json"), "{\"new\": true}\n");
  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"run"});

  // When the new directory cannot be moved in, the old one is put back.
  const auto before = snapshot(target);
  EXPECT_THROW(plastix::detail::replace_directory(scratch.path() / ".missing", target, aside, false), plastix::error);
  EXPECT_EQ(snapshot(target), before);
  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"run"});
}

TEST(output_dir, never_replaces_a_directory_plastix_did_not_write) {
  scratch_dir scratch;
  const fs::path thesis = scratch.path() / "thesis";
  fs::create_directories(thesis);
  put(thesis / "chapter1.tex", "two years of work");
  const auto before = snapshot(thesis);
  const std::string message = error_of([&] { plastix::check_output_target(thesis, 0); });
  EXPECT_NE(message.find("'chapter1.tex', which plastix did not write"), std::string::npos) << message;
  expect_throws_naming(synthetic_results(), thesis, "chapter1.tex");
  EXPECT_EQ(snapshot(thesis), before);
  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"thesis"});

  // Not even a result of plastix's with one file of the user's added to it, nor a subdirectory.
  const fs::path result = scratch.path() / "result";
  make_previous(result);
  put(result / "notes.txt", "mine");
  expect_throws_naming(synthetic_results(), result, "notes.txt");
  EXPECT_EQ(slurp(result / "notes.txt"), "mine");
  fs::remove(result / "notes.txt");
  fs::create_directory(result / "figures");
  expect_throws_naming(synthetic_results(), result, "'figures'");
}

TEST(output_dir, never_replaces_a_symbolic_link_or_a_file_named_like_plastix_output) {
  scratch_dir scratch;
  const fs::path real = scratch.path() / "real";
  make_previous(real);
  fs::create_directory_symlink(real, scratch.path() / "link");
  expect_throws_naming(synthetic_results(), scratch.path() / "link", "symbolic link");
  EXPECT_TRUE(fs::is_symlink(scratch.path() / "link"));

  // A summary.json that is a symbolic link is not plastix's either.
  const fs::path linked = scratch.path() / "linked";
  fs::create_directories(linked);
  put(scratch.path() / "elsewhere.json", "{}");
  fs::create_symlink(scratch.path() / "elsewhere.json", linked / "summary.json");
  expect_throws_naming(synthetic_results(), linked, "summary.json");
}

TEST(output_dir, replaces_an_empty_directory_and_an_unmarked_result_of_an_earlier_version) {
  scratch_dir scratch;
  const fs::path empty = scratch.path() / "empty";
  fs::create_directories(empty);
  plastix::write_results(synthetic_results(), empty);
  EXPECT_TRUE(fs::exists(empty / "data.h5"));

  const fs::path old = scratch.path() / "old";
  make_unmarked_previous(old);
  put(old / "report.html", "<html/>");
  EXPECT_EQ(plastix::replaceable_problem(old), "");
  plastix::write_results(synthetic_results(), old);
  EXPECT_FALSE(fs::exists(old / "report.html"));

  // Without the marker, the summary must be plastix's and data.h5 must be there.
  const fs::path lookalike = scratch.path() / "lookalike";
  make_unmarked_previous(lookalike);
  put(lookalike / "summary.json", "{\"experiment\": \"mine\"}");
  expect_throws_naming(synthetic_results(), lookalike, "no .plastix-result file");
  EXPECT_EQ(slurp(lookalike / "summary.json"), "{\"experiment\": \"mine\"}");
  const fs::path no_data = scratch.path() / "no_data";
  make_unmarked_previous(no_data);
  fs::remove(no_data / "data.h5");
  expect_throws_naming(synthetic_results(), no_data, "no .plastix-result file");
}

TEST(output_dir, partial_results_go_next_to_the_previous_ones_and_are_marked) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "run";
  const auto before = make_previous(out);
  run_results partial = synthetic_results();
  partial.experiment = "interrupted";
  plastix::write_results(partial, scratch.path() / "run.incomplete");
  EXPECT_EQ(snapshot(out), before);
  EXPECT_EQ(entries(scratch.path()), (std::vector<std::string>{"run", "run.incomplete"}));
  EXPECT_EQ(plastix::replaceable_problem(scratch.path() / "run.incomplete"), "");
  plastix::write_results(partial, scratch.path() / "run.incomplete");  // and replaced by the next one
}

TEST(output_dir, a_second_writer_of_the_same_directory_fails_at_once) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "run";
  {
    const plastix::output_target first = plastix::check_output_target(out, 0);
    EXPECT_EQ(first.lock_file(), scratch.path() / ".run.lock");
    EXPECT_EQ(slurp(first.lock_file()), std::to_string(::getpid()) + "\n");
    const std::string message = error_of([&] { plastix::check_output_target(out.string() + "/", 0); });
    EXPECT_NE(message.find("another plastix process (pid " + std::to_string(::getpid()) + ") is writing it"),
              std::string::npos)
        << message;
    expect_throws_naming(synthetic_results(), out, ".run.lock");
    // Other directories are not affected.
    plastix::write_results(synthetic_results(), scratch.path() / "other");

    plastix::output_target moved = plastix::check_output_target(scratch.path() / "third", 0);
    plastix::output_target sink = std::move(moved);
    plastix::write_results(synthetic_results(), first);
  }
  // Released with the object, and the lock file is gone.
  EXPECT_EQ(entries(scratch.path()), (std::vector<std::string>{"other", "run"}));
  plastix::write_results(synthetic_results(), out);
}

TEST(output_dir, stale_staging_directories_of_killed_runs_are_removed_and_nothing_else) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "run";
  const std::string dead = std::to_string(dead_pid());
  const fs::path stale = scratch.path() / (".run.partial-" + dead + "-0");
  fs::create_directories(stale);
  put(stale / ".plastix-result", "plastix 0.1.0\n");
  put(stale / "data.h5", "half written");
  const fs::path unmarked = scratch.path() / (".run.partial-" + dead + "-1");  // an earlier version's
  fs::create_directories(unmarked);
  put(unmarked / "summary.json", "{");

  // Kept: a live process's, one holding a file plastix does not write, one of another target, odd names, a file.
  const fs::path live = scratch.path() / (".run.partial-" + std::to_string(::getppid()) + "-0");
  const fs::path foreign = scratch.path() / (".run.partial-" + dead + "-2");
  const fs::path other = scratch.path() / (".runs.partial-" + dead + "-0");
  const fs::path odd = scratch.path() / (".run.partial-" + dead + "-x");
  for (const auto& d : {live, foreign, other, odd}) {
    fs::create_directories(d);
    put(d / "data.h5", "keep");
  }
  put(foreign / "mine.txt", "keep");
  put(scratch.path() / (".run.partial-" + dead + "-3"), "a file, not a directory");

  plastix::write_results(synthetic_results(), out);
  const std::vector<std::string> expected = {".run.partial-" + dead + "-2", ".run.partial-" + dead + "-3",
                                             ".run.partial-" + dead + "-x",
                                             ".run.partial-" + std::to_string(::getppid()) + "-0",
                                             ".runs.partial-" + dead + "-0", "run"};
  std::vector<std::string> sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(entries(scratch.path()), sorted);
}

TEST(output_dir, a_previous_result_moved_aside_by_a_killed_run_is_restored) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "run";
  const fs::path aside = scratch.path() / (".run.partial-" + std::to_string(dead_pid()) + "-0.old");
  const auto before = make_previous(aside);  // killed between moving the old result aside and the new one in
  { const plastix::output_target target = plastix::check_output_target(out, 0); }
  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"run"});
  EXPECT_EQ(snapshot(out), before);

  // Once the target exists, such a copy is only a leftover.
  make_previous(aside);
  plastix::write_results(synthetic_results(), out);
  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"run"});
}

TEST(output_dir, too_little_free_space_is_an_error_before_the_run) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "run";
  const std::string message = error_of([&] { plastix::check_output_target(out, std::uint64_t{1} << 62); });
  EXPECT_NE(message.find("the results need about 4611686018427.4 MB, but only"), std::string::npos) << message;
  EXPECT_NE(message.find(out.string()), std::string::npos) << message;
  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{});  // and the lock is released
  const plastix::output_target fits = plastix::check_output_target(out, 1000);
  EXPECT_EQ(fits.dir(), out);
}

TEST(output_dir, names_that_become_paths_are_checked) {
  const plastix::source_ref where{"exp.toml", 3, 8, "experiment.name"};
  const std::vector<std::string> bad_names = {"", ".", "..", "/abs/path", "../../x", "a/b", "a\\b", ".hidden",
                                             "red\x1b[31m", "tab\there", std::string("nul\0x", 5), "bad\xff"};
  for (const std::string& bad : bad_names) {
    const std::string message =
        error_of([&] { plastix::check_path_name(bad, where, "the output directory results/<experiment.name>"); });
    EXPECT_EQ(message.rfind("exp.toml:3: key 'experiment.name': ", 0), 0u) << message;
    EXPECT_NE(message.find("results/<experiment.name>"), std::string::npos) << message;
    EXPECT_EQ(message.find('\x1b'), std::string::npos) << message;
  }
  for (const std::string& good : std::vector<std::string>{"stdp_window", "run 1", "Ω-test", "a.b", "x..y"})
    EXPECT_NO_THROW(plastix::check_path_name(good, where, "a directory")) << good;
}
