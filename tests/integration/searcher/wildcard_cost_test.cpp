/** @file wildcard_cost_test.cpp
 *  @brief Issue 14, items 7 and 8 through dateline-search: a wildcard
 *  highlights only the terms it expanded to, and a wildcard that too many
 *  terms start with is refused with exit 2 and a message naming it.
 */
#include "searcher/query_builder.hpp"

#include "tests/integration/searcher/fixture_db.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::test {
namespace {

ProcessResult search(const std::string& db, std::vector<std::string> args) {
  std::vector<std::string> argv{search_binary(), "--db", db};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

// 'q*' expands to the 100 most frequent q-words (qb0..qb99, in two or three
// documents each); the article's qa1, qa2 and quiet (one document each) are
// not part of the expansion and must not be highlighted.
TEST(WildcardHighlights, OnlyTheTermsTheExpansionUsed) {
  TempDir dir;
  std::vector<FixtureArticle> articles;
  articles.push_back({"mixed.txt", "2024-01-02", "Mixed", "qb1 qa1 qa2 quiet qb1", "", "", {}});
  for (int copy = 0; copy < 2; ++copy) {
    for (int i = 0; i < 100; ++i) {
      const std::string name = "qb" + std::to_string(i);
      articles.push_back({name + "-" + std::to_string(copy) + ".txt", "2024-01-01", "Other", name + " filler", "", "", {}});
    }
  }
  build_fixture_db(dir.path() / "db", articles);
  const auto r = search((dir.path() / "db").string(), {"--format", "json", "--limit", "300", "q*"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const JsonValue v = JsonParser::parse(r.out);
  bool found = false;
  for (const JsonValue& hit : v.at("hits").array) {
    if (hit.at("path").string.find("mixed.txt") == std::string::npos) continue;
    found = true;
    ASSERT_EQ(hit.at("snippets").array.size(), 1U);
    const JsonValue& snippet = hit.at("snippets").array[0];
    const std::string& text = snippet.at("text").string;
    std::vector<std::string> highlighted;
    for (const JsonValue& h : snippet.at("highlights").array) {
      const auto begin = static_cast<std::size_t>(h.array[0].number);
      const auto end = static_cast<std::size_t>(h.array[1].number);
      highlighted.push_back(text.substr(begin, end - begin));
    }
    EXPECT_EQ(highlighted, (std::vector<std::string>{"qb1", "qb1"})) << text;
  }
  EXPECT_TRUE(found) << r.out;
}

TEST(WildcardScan, TooManyTermsIsAClearUsageError) {
  TempDir dir;
  std::string words;
  for (std::size_t i = 0; i <= searcher::k_max_wildcard_scan; ++i) words += "zq" + std::to_string(i) + " ";
  build_fixture_db(dir.path() / "db", {{"words.txt", "2024-01-01", "Words", words, "", "", {}}});
  const std::string db = (dir.path() / "db").string();
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--count", "zq*"},
                                               std::vector<std::string>{"zq*"},
                                               std::vector<std::string>{"--explain", "zq*"}}) {
    const auto r = search(db, args);
    EXPECT_EQ(r.exit_code, 2) << args.back() << r.err;
    EXPECT_NE(r.err.find("too many words start with 'zq'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("make the prefix longer"), std::string::npos) << r.err;
  }
  const auto longer = search(db, {"--count", "zq99*"});
  EXPECT_EQ(longer.exit_code, 0) << longer.err;
}

} // namespace
} // namespace dateline::test
