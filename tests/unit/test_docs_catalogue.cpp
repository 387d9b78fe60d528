// The key tables of the docs are generated from the catalogue (spec/models.hpp): each declared model has its table
// between `<!-- catalogue: FAMILY NAME -->` and `<!-- end catalogue -->` in one page of docs/, equal to
// key_table_markdown(). When they differ this test fails; PLASTIX_UPDATE_DOCS=1 rewrites the tables in place
// (then review the diff and commit it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "plastix/spec/models.hpp"

namespace plastix {
namespace {

namespace fs = std::filesystem;

const std::string end_marker = "<!-- end catalogue -->";

std::string marker(const model_info& m) { return "<!-- catalogue: " + m.family + " " + m.name + " -->"; }

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

std::vector<fs::path> doc_pages() {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(PLASTIX_SOURCE_DIR) / "docs"))
    if (e.path().extension() == ".md") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(docs_catalogue, every_declared_model_has_its_key_table_in_the_docs_as_the_catalogue_writes_it) {
  const bool update = std::getenv("PLASTIX_UPDATE_DOCS") != nullptr;
  std::map<fs::path, std::string> pages;
  for (const auto& p : doc_pages()) pages[p] = read_text(p);
  std::vector<std::string> problems;
  for (const model_info* m : catalogue()) {
    const std::string begin = marker(*m);
    const std::string table = key_table_markdown(*m);
    bool found = false;
    for (auto& [path, text] : pages) {
      const auto b = text.find(begin);
      if (b == std::string::npos) continue;
      found = true;
      const auto start = b + begin.size() + 1;  // after the marker's line
      const auto e = text.find(end_marker, start);
      if (e == std::string::npos) {
        problems.push_back(path.string() + ": " + begin + " has no " + end_marker);
        continue;
      }
      if (text.compare(start, e - start, table) == 0) continue;
      if (update) {
        text.replace(start, e - start, table);
        std::ofstream(path, std::ios::binary) << text;
      } else {
        problems.push_back(path.string() + ": the table of " + m->family + " '" + m->name +
                           "' differs from the catalogue (PLASTIX_UPDATE_DOCS=1 build/tests/unit_tests "
                           "--gtest_filter='docs_catalogue*' rewrites it):\n" + table);
      }
    }
    if (!found) problems.push_back("no page of docs/ has " + begin + " (followed by its key table and " + end_marker + ")");
  }
  for (const auto& p : problems) ADD_FAILURE() << p;
}

TEST(docs_catalogue, every_table_in_the_docs_names_a_model_of_the_catalogue) {
  const std::string prefix = "<!-- catalogue: ";
  for (const auto& path : doc_pages()) {
    const std::string text = read_text(path);
    for (auto b = text.find(prefix); b != std::string::npos; b = text.find(prefix, b + 1)) {
      const auto e = text.find(" -->", b);
      const std::string what = text.substr(b + prefix.size(), e - b - prefix.size());
      const auto space = what.rfind(' ');
      EXPECT_NE(find_model(what.substr(0, space), what.substr(space + 1)), nullptr)
          << path << ": a table of '" << what << "', which the catalogue does not declare";
    }
  }
}

}  // namespace
}  // namespace plastix
