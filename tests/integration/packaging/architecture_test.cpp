/** @file architecture_test.cpp
 *  @brief ARCHITECTURE.md is the map of the code (issue 10: "redrawn to
 *  match"): every source file of the libraries and programs (common/,
 *  indexer/, searcher/, docgen/, corpus/import/) is named in it, as `stem`,
 *  `stem.hpp`, `stem.cpp`, `stem.hpp/.cpp` or `folder/stem...`, so a new or
 *  moved file cannot leave the map behind.
 */
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

/// The file stems ARCHITECTURE.md names in code spans: `stem`, `stem.hpp`,
/// `stem.hpp/.cpp`, `indexer/stem.cpp`, `stem` followed by other words.
std::set<std::string> named_stems(const std::string& text) {
  std::set<std::string> out;
  const std::regex span(R"(`([A-Za-z0-9_./@-]+))");
  for (std::sregex_iterator it(text.begin(), text.end(), span), end; it != end; ++it) {
    std::string name = (*it)[1];
    name = name.substr(0, name.find('.'));  // encoding.hpp/.cpp -> encoding
    if (const auto slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
    if (!name.empty()) out.insert(name);
  }
  return out;
}

TEST(ArchitectureMap, NamesEverySourceFile) {
  const fs::path source = env_or_empty("DATELINE_SOURCE_DIR");
  if (source.empty() || !fs::exists(source / "ARCHITECTURE.md")) {
    GTEST_SKIP() << "the source tree (DATELINE_SOURCE_DIR) is not available";
  }
  const std::set<std::string> named = named_stems(read_file(source / "ARCHITECTURE.md"));
  std::size_t checked = 0;
  for (const char* folder : {"common", "indexer", "searcher", "docgen", "corpus/import"}) {
    for (const auto& entry : fs::directory_iterator(source / folder)) {
      const std::string extension = entry.path().extension().string();
      if (extension != ".cpp" && extension != ".hpp") continue;
      const std::string stem = entry.path().stem().string();
      if (stem == "main") continue;  // every program's one-line main.cpp
      ++checked;
      EXPECT_TRUE(named.contains(stem)) << "ARCHITECTURE.md does not name " << folder << '/'
                                        << entry.path().filename().string()
                                        << " (say in its folder's section what it is, as `" << stem << "`)";
    }
  }
  EXPECT_GT(checked, 100U);
}

TEST(ArchitectureMap, ReadsNamesInCodeSpans) {
  EXPECT_EQ(named_stems("`walker` lists; `encoding.hpp/.cpp` UTF-8; (`indexer/run_context.hpp`: x); plain words"),
            (std::set<std::string>{"walker", "encoding", "run_context"}));
}

} // namespace
} // namespace dateline::test
