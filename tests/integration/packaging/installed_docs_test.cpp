/** @file installed_docs_test.cpp
 *  @brief The documentation as installed (staged by packaging/CMakeLists.txt
 *  in DATELINE_STAGED_DOC_DIR, the tree under share/doc/dateline/): every
 *  link from one page to another page, or to the licence, resolves there.
 *  corpus/README.md is installed as article-format.md and LICENSE as
 *  copyright, and the installed README.md and docs/indexer.md linked to the
 *  source names. Links to source files (common/schema.hpp ...) are not
 *  checked: they point into a checkout. examples/crontab.example holds
 *  README's crontab lines.
 */
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

const fs::path k_staged = DATELINE_STAGED_DOC_DIR;

TEST(InstalledDocs, LinksBetweenPagesResolve) {
  ASSERT_TRUE(fs::exists(k_staged / "README.md")) << k_staged;
  ASSERT_TRUE(fs::exists(k_staged / "article-format.md"));
  ASSERT_TRUE(fs::exists(k_staged / "docs/indexer.md"));
  const std::regex link(R"(\]\(([^)#\s]+)(#[^)\s]*)?\))");
  int checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(k_staged)) {
    if (entry.path().extension() != ".md") continue;
    const std::string text = read_file(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it) {
      const std::string target = (*it)[1].str();
      if (target.find("://") != std::string::npos || target.rfind("mailto:", 0) == 0) continue;
      const fs::path name = fs::path(target).filename();
      if (name.extension() != ".md" && name != "LICENSE" && name != "copyright") continue;
      ++checked;
      EXPECT_TRUE(fs::exists(entry.path().parent_path() / target))
          << fs::relative(entry.path(), k_staged).string() << " links to " << target
          << ", which is not installed there";
    }
  }
  EXPECT_GT(checked, 10) << "the pages link to each other";
}

/// The crontab entries (lines starting with a schedule such as "*/5 ") of @p text.
std::vector<std::string> crontab_entries(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  const std::regex entry(R"(^[*0-9][0-9*/,-]* [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ \S)");
  for (std::string line; std::getline(in, line);) {
    if (std::regex_search(line, entry)) out.push_back(line);
  }
  return out;
}

// examples/crontab.example (packaging/) holds README's crontab lines, the same.
TEST(InstalledDocs, CrontabExampleHoldsReadmesLines) {
  const fs::path source = env_or_empty("DATELINE_SOURCE_DIR");
  if (source.empty() || !fs::exists(source / "packaging/crontab.example")) {
    GTEST_SKIP() << "the source tree (DATELINE_SOURCE_DIR) is not available";
  }
  const auto readme = crontab_entries(read_file(source / "README.md"));
  EXPECT_EQ(readme.size(), 2U) << "README's crontab lines";
  EXPECT_EQ(crontab_entries(read_file(source / "packaging/crontab.example")), readme);
}

} // namespace
} // namespace dateline::test
