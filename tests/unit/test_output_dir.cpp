// write_results and staged_directory: output appears all at once, failures leave nothing behind and keep a
// previous output intact.
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

// A previous run's output with a file the new run does not write.
std::map<std::string, std::string> make_previous(const fs::path& dir) {
  fs::create_directories(dir / "figures");
  put(dir / "summary.json", "{\"old\": true}\n");
  put(dir / "figures" / "old.txt", "from an earlier run");
  return snapshot(dir);
}

void expect_throws_naming(const run_results& r, const fs::path& dir, const std::string& also = {}) {
  try {
    plastix::write_results(r, dir);
    ADD_FAILURE() << "write_results did not throw";
  } catch (const plastix::error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(dir.string()), std::string::npos) << message;
    if (!also.empty()) {
      EXPECT_NE(message.find(also), std::string::npos) << message;
    }
  }
}

}  // namespace

TEST(output_dir, writes_the_three_files_and_nothing_else) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "run1";
  const run_results r = synthetic_results();
  plastix::write_results(r, out);

  EXPECT_EQ(entries(scratch.path()), std::vector<std::string>{"run1"});  // no staging directory left
  EXPECT_EQ(entries(out), (std::vector<std::string>{"data.h5", "experiment.toml", "summary.json"}));
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
  EXPECT_EQ(entries(out), (std::vector<std::string>{"data.h5", "summary.json"}));
  EXPECT_EQ(entries(out.parent_path()), std::vector<std::string>{"run"});
}

TEST(output_dir, replaces_a_previous_output_completely) {
  scratch_dir scratch;
  const fs::path out = scratch.path() / "run";
  make_previous(out);
  plastix::write_results(synthetic_results(), out);
  EXPECT_EQ(entries(out), (std::vector<std::string>{"data.h5", "experiment.toml", "summary.json"}));
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
