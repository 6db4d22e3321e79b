/** @file cjk_graded_cli_test.cpp
 *  @brief Session 16 (#13.3) through the real binaries: a pasted Chinese or
 *  Japanese sentence with one character changed finds its article first
 *  (before, every bigram part had to match: nothing was found), with the
 *  changed character left unhighlighted; a short fragment still finds only
 *  the article holding all of it; quotes and --all keep the exact reading.
 *  The articles are written here (no corpus text).
 */
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::test {
namespace {

// 润 of the stats article replaced by 闰, 充 of the Tokyo one by 大.
constexpr const char* k_changed = "今年前十个月全国规模以上工业企业利闰同比增长百分之五";
constexpr const char* k_changed_japanese = "来年度の予算案で子育て支援を大幅に拡大する方針を発表しました";

class CjkGradedCli : public ::testing::Test {
protected:
  TempDir dir;
  std::string db = (dir / "db").string();

  void SetUp() override {
    write_file(dir / "articles/stats.txt",
               "date 2024-11-15\n工业利润\n\n国家统计局今天发布数据显示，今年前十个月全国规模以上工业企业利润同比"
               "增长百分之五。\n");
    write_file(dir / "articles/grain.txt",
               "date 2024-11-16\n粮食产量\n\n国家统计局局长在记者会上回答了有关全国粮食产量和农业生产的提问。\n");
    write_file(dir / "articles/trade.txt",
               "date 2024-11-17\n外贸数据\n\n海关总署今天发布数据显示，今年前十个月我国货物贸易进出口总值同比增长。\n");
    write_file(dir / "articles/tokyo.txt",
               "date 2024-11-18\n予算案\n\n東京都は今日、来年度の予算案で子育て支援を大幅に拡充する方針を発表しました。\n");
    write_file(dir / "articles/osaka.txt",
               "date 2024-11-19\n交通\n\n大阪府は今日、観光客の増加に対応するため交通機関の整備を発表しました。\n");
    const ProcessResult indexed = run_process({index_binary(), "--db", db, (dir / "articles").string()});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }

  ProcessResult search(std::vector<std::string> args) {
    std::vector<std::string> argv{search_binary(), "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }

  /// The hits' file names, best first ({} when none).
  std::vector<std::string> names(std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "json"});
    const ProcessResult r = search(args);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;  // 1: no hits
    if (r.exit_code != 0) return {};
    return hit_names(JsonParser::parse(r.out));
  }
};

TEST_F(CjkGradedCli, PastedSentenceWithACharacterChangedFindsItsArticleFirst) {
  const std::vector<std::string> found = names({"--", k_changed});
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front(), "stats.txt");
  const std::vector<std::string> any = names({"--any", "--", k_changed});
  ASSERT_FALSE(any.empty());
  EXPECT_EQ(any.front(), "stats.txt");
  const std::vector<std::string> japanese = names({"--", k_changed_japanese});
  ASSERT_FALSE(japanese.empty());
  EXPECT_EQ(japanese.front(), "tokyo.txt");
}

TEST_F(CjkGradedCli, ChangedCharacterIsNotHighlighted) {
  const ProcessResult text = search({"--", k_changed});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("[[今年前十个月全国规模以上工业企业利]]润[[同比增长百分之五]]"), std::string::npos)
      << text.out;
  const ProcessResult japanese = search({"--", k_changed_japanese});
  ASSERT_EQ(japanese.exit_code, 0) << japanese.err;
  EXPECT_NE(japanese.out.find("[[来年度の予算案で子育て支援を大幅に拡]]充[[する方針を発表しました]]"),
            std::string::npos)
      << japanese.out;
}

TEST_F(CjkGradedCli, ShortFragmentFindsOnlyTheArticleHoldingAllOfIt) {
  // 统计局 is in grain.txt too and 今天发布数据 in trade.txt.
  EXPECT_EQ(names({"--", "统计局今天发布数据"}), std::vector<std::string>{"stats.txt"});
  EXPECT_EQ(names({"--any", "--", "统计局今天发布数据"}), std::vector<std::string>{"stats.txt"});
}

TEST_F(CjkGradedCli, QuotesAndAllKeepTheExactReading) {
  EXPECT_EQ(names({"--", std::string("\"") + k_changed + "\""}), std::vector<std::string>{});
  EXPECT_EQ(names({"--all", "--", k_changed}), std::vector<std::string>{});
  EXPECT_EQ(names({"--all", "--", "今年前十个月全国规模以上工业企业利润同比增长百分之五"}),
            std::vector<std::string>{"stats.txt"});
}

} // namespace
} // namespace dateline::test
