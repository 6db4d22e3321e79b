/** @file analyzer_classes_test.cpp
 *  @brief The shared analyzer's word classes end to end: articles written to
 *  files, indexed by dateline-index, found by dateline-search with the words
 *  a reader would type (elision #9.6, U+200B #14.13, emoji ZWJ sequences
 *  #9.5, RFC 3339 date lines #9.17).
 */
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

struct Found {
  int exit_code = 0;
  std::set<std::string> files;  ///< file names of the hits
  std::set<std::string> dates;  ///< their dates
  std::string err;
};

class AnalyzerClassesTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_index = env_or_empty("DATELINE_INDEX");
    if (m_index.empty()) GTEST_SKIP() << "DATELINE_INDEX is not set (dateline-index not built)";
  }

  /// Indexes @p articles (file name -> content) with @p language.
  void index(const std::vector<std::pair<std::string, std::string>>& articles, const std::string& language) {
    for (const auto& [name, content] : articles) write_file(m_dir / ("articles/" + name), content);
    const auto r = run_process({m_index, "--db", db(), "--language", language, (m_dir / "articles").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  Found search(const std::string& query) {
    const auto r = run_process({search_binary(), "--db", db(), "--format", "json", query});
    Found found{r.exit_code, {}, {}, r.err};
    if (r.exit_code != 0) return found;
    const JsonValue answer = JsonParser::parse(r.out);
    for (const JsonValue& hit : answer.at("hits").array) {
      const std::string path = hit.at("path").string;
      found.files.insert(path.substr(path.rfind('/') + 1));
      found.dates.insert(hit.at("date").string);
    }
    return found;
  }

  [[nodiscard]] std::string db() const { return (m_dir / "db").string(); }

  TempDir m_dir;
  std::string m_index;
};

const std::vector<std::pair<std::string, std::string>>& articles() {
  static const std::vector<std::pair<std::string, std::string>> list = {
      {"vote.txt",
       "date 2024-01-05T23:30:00+09:00\nLe vote\n\nLe d\xC3\xA9" "bat sur l'\xC3\xA9lection pr\xC3\xA9sidentielle "
       "et l\xE2\x80\x99" "avenir d'Italia.\n"},
      {"curbs.txt", "date 2024-01-06T10:00:00Z\nRules\n\nNew ex\xE2\x80\x8Bport curbs were announced.\n"},
      {"love.txt", "date 2024-01-07\nGreetings\n\nWe send abc\xE2\x80\x8D\xE2\x9D\xA4 greetings.\n"},
  };
  return list;
}

TEST_F(AnalyzerClassesTest, EnglishDatabaseFindsEveryClass) {
  index(articles(), "english");
  const Found phrase = search("\"\xC3\xA9lection pr\xC3\xA9sidentielle\"");
  ASSERT_EQ(phrase.exit_code, 0) << phrase.err;
  EXPECT_EQ(phrase.files, std::set<std::string>{"vote.txt"});
  EXPECT_EQ(phrase.dates, std::set<std::string>{"2024-01-05"}) << "the date as written, not converted to UTC";
  EXPECT_EQ(search("avenir").files, std::set<std::string>{"vote.txt"});
  EXPECT_EQ(search("l'avenir").files, std::set<std::string>{"vote.txt"});
  EXPECT_EQ(search("Italia").files, std::set<std::string>{"vote.txt"});
  EXPECT_EQ(search("export").files, std::set<std::string>{"curbs.txt"});
  EXPECT_EQ(search("\"export curbs\"").files, std::set<std::string>{"curbs.txt"});
  EXPECT_EQ(search("abc").files, std::set<std::string>{"love.txt"});
}

TEST_F(AnalyzerClassesTest, FrenchDatabaseFindsElidedWords) {
  index(articles(), "french");
  EXPECT_EQ(search("\"\xC3\xA9lection pr\xC3\xA9sidentielle\"").files, std::set<std::string>{"vote.txt"});
  EXPECT_EQ(search("\xC3\xA9lections").files, std::set<std::string>{"vote.txt"}) << "stemmed after elision";
}

} // namespace
} // namespace dateline::test
