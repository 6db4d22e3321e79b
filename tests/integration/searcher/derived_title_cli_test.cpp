/** @file derived_title_cli_test.cpp
 *  @brief #13.1 (session 12) through the real binaries: a title derived from
 *  an article's first sentence (corpus/README.md §1.3 rule 3) is shown, but
 *  its words earn no headline evidence and no `title:` match; a real
 *  headline still does. The articles are written here (no corpus text).
 */
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

class DerivedTitleCli : public ::testing::Test {
protected:
  TempDir dir;
  std::string db = (dir / "db").string();

  void SetUp() override {
    // first.txt and later.txt hold the same words, so the same body terms;
    // neither has a headline, and only first.txt opens with the marmot
    // sentence, which becomes its (derived) title. headline.txt has a real
    // headline; other.txt has no marmot at all.
    write_file(dir / "articles/first.txt",
               "date 2024-05-01\nMarmot seen near the lake. Weather was fine and calm all day.\n");
    write_file(dir / "articles/later.txt",
               "date 2024-05-02\nWeather was fine and calm all day. Marmot seen near the lake.\n");
    write_file(dir / "articles/headline.txt",
               "date 2024-05-03\nMarmot census\n\nRangers counted animals in the alpine valleys.\n");
    write_file(dir / "articles/other.txt", "date 2024-05-04\nRangers walked to the lake in fine weather.\n");
    const ProcessResult indexed = run_process({index_binary(), "--db", db, (dir / "articles").string()});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }

  JsonValue search(const std::string& query) {
    const ProcessResult r = run_process({search_binary(), "--db", db, "--format", "json", "--duplicates=show", "--", query});
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;  // 1: no hits
    return JsonParser::parse(r.out);
  }

  std::vector<std::string> sorted_names(const std::string& query) {
    std::vector<std::string> out = hit_names(search(query));
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(DerivedTitleCli, TitleFieldMatchesRealHeadlinesOnly) {
  // Before: first.txt's derived title "Marmot seen near the lake" was
  // indexed under S too, so title:marmot found it.
  EXPECT_EQ(sorted_names("title:marmot"), std::vector<std::string>{"headline.txt"});
  EXPECT_EQ(sorted_names("title:lake"), std::vector<std::string>{});
  EXPECT_EQ(sorted_names("title:\"marmot census\""), std::vector<std::string>{"headline.txt"});
  // The words are still found as body text.
  EXPECT_EQ(sorted_names("marmot"), (std::vector<std::string>{"first.txt", "headline.txt", "later.txt"}));
}

TEST_F(DerivedTitleCli, DerivedTitleEarnsNoHeadlineEvidence) {
  // Before: first.txt scored above later.txt (title wdf and title evidence
  // for its first sentence); now both hold the same terms and score alike.
  const auto scores = hit_score_map(search("marmot lake"));
  ASSERT_EQ(scores.count("first.txt"), 1U);
  ASSERT_EQ(scores.count("later.txt"), 1U);
  EXPECT_DOUBLE_EQ(scores.at("first.txt"), scores.at("later.txt"));
}

TEST_F(DerivedTitleCli, DerivedTitleIsShownAndSaidToBeDerived) {
  const JsonValue answer = search("marmot");
  for (const JsonValue& hit : answer.at("hits").array) {
    const std::string name = hit_name(hit);
    if (name == "headline.txt") {
      EXPECT_EQ(hit.at("title").string, "Marmot census");
      EXPECT_FALSE(hit.has("title_derived")) << "absent unless derived";
    } else {
      EXPECT_EQ(hit.at("title").string, name == "first.txt" ? "Marmot seen near the lake"
                                                            : "Weather was fine and calm all day");
      ASSERT_TRUE(hit.has("title_derived")) << name;
      EXPECT_EQ(hit.at("title_derived").type, JsonValue::Type::boolean) << name;
      EXPECT_TRUE(hit.at("title_derived").boolean) << name;
    }
  }
}

} // namespace
} // namespace dateline::test
