/** @file cjk_edges_cli_test.cpp
 *  @brief #13.3 CJK run edges through the real binaries: a Chinese fragment
 *  whose first character is cut from a longer word finds only its article
 *  (with the character highlighted alone), and a database where some
 *  article lacks the edge marker (written before #13.3) answers as before;
 *  the same for a fragment whose number is cut at an edge, joined to its
 *  run (session 13, XBN/XBP) and their marker.
 *  The articles are written here (no corpus text).
 */
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

class CjkEdgesCli : public ::testing::Test {
protected:
  TempDir dir;
  std::string db = (dir / "db").string();

  void SetUp() override {
    // 惠 ends the run 国际油价优惠 of the first article and 合 starts one;
    // the second has 中方表示欢迎 too, but no run ending with 惠 or
    // starting with 合.
    write_file(dir / "articles/offer.txt", "date 2024-03-01\n油价\n\n国际油价优惠。中方表示欢迎，合作共赢。\n");
    write_file(dir / "articles/talks.txt", "date 2024-03-02\n会谈\n\n两国会谈中。中方表示欢迎各方参与合作。\n");
    write_file(dir / "articles/english.txt", "date 2024-03-03\nOil prices\n\nOil prices fell on Friday.\n");
    const ProcessResult indexed = run_process({index_binary(), "--db", db, (dir / "articles").string()});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }

  ProcessResult search(std::vector<std::string> args) {
    std::vector<std::string> argv{search_binary(), "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }

  std::vector<std::string> names(const std::string& query) {
    const ProcessResult r = search({"--format", "json", "--", query});
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;  // 1: no hits
    if (r.exit_code != 0) return {};
    std::vector<std::string> out = hit_names(JsonParser::parse(r.out));
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(CjkEdgesCli, FragmentWithACutFirstCharacterFindsOnlyItsArticle) {
  // Before #13.3's run edges the fragment was read as 中方 alone: both.
  EXPECT_EQ(names("惠。中方"), std::vector<std::string>{"offer.txt"});
  const ProcessResult text = search({"惠。中方"});
  EXPECT_NE(text.out.find("国际油价优[[惠]]。[[中方]]表示"), std::string::npos) << text.out;
  // A cut last character: a run starting with 合.
  EXPECT_EQ(names("表示欢迎，合"), std::vector<std::string>{"offer.txt"});
  EXPECT_EQ(names("会谈中。合"), std::vector<std::string>{});
}

TEST_F(CjkEdgesCli, DatabaseWithAnArticleWithoutTheMarkerAnswersAsBefore) {
  {
    // talks.txt as an indexer from before #13.3 wrote it: no edge terms,
    // no marker (an older database that a newer indexer added offer.txt to).
    Xapian::WritableDatabase writable(db, Xapian::DB_OPEN);
    const Xapian::docid talks = *writable.postlist_begin("XBL中");
    Xapian::Document doc = writable.get_document(talks);
    std::vector<std::string> edges;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      const std::string term = *it;
      if (term == "XCJKEDGES" || term.starts_with("XBF") || term.starts_with("XBL")) edges.push_back(term);
    }
    ASSERT_FALSE(edges.empty());
    for (const std::string& term : edges) doc.remove_term(term);
    writable.replace_document(talks, doc);
    writable.commit();
  }
  // The bigram reading without edges, as before: both articles hold 中方.
  EXPECT_EQ(names("惠。中方"), (std::vector<std::string>{"offer.txt", "talks.txt"}));
  const ProcessResult explained = search({"--explain", "惠。中方"});
  EXPECT_EQ(explained.out.find("XBL"), std::string::npos) << explained.out;
}

class CjkJoinsCli : public CjkEdgesCli {
protected:
  void SetUp() override {
    // The same counts report, with 1102 and 1203 cases: a fragment cut
    // inside the number finds only the article that has it.
    write_file(dir / "joins/a.txt", "date 2024-03-04\n疫情通报\n\n本土病例1102例，无症状感染者。\n");
    write_file(dir / "joins/b.txt", "date 2024-03-05\n疫情通报二\n\n本土病例1203例，无症状感染者。\n");
    const ProcessResult indexed = run_process({index_binary(), "--db", db, (dir / "joins").string()});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }
};

TEST_F(CjkJoinsCli, FragmentWithANumberCutAtAnEdgeFindsOnlyItsArticle) {
  // Before session 13 the cut number was left out: 土病例 alone, both.
  EXPECT_EQ(names("土病例110"), std::vector<std::string>{"a.txt"});
  EXPECT_EQ(names("02例，无"), std::vector<std::string>{"a.txt"});
  const ProcessResult text = search({"土病例110"});
  EXPECT_NE(text.out.find("本[[土病例110]]2例"), std::string::npos) << text.out;
}

TEST_F(CjkJoinsCli, DatabaseWithAnArticleWithoutTheJoinMarkerAnswersAsBefore) {
  {
    // b.txt as an indexer from before session 13 wrote it: no join terms.
    Xapian::WritableDatabase writable(db, Xapian::DB_OPEN);
    const Xapian::docid b = *writable.postlist_begin("XBP03例");
    Xapian::Document doc = writable.get_document(b);
    std::vector<std::string> joins;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      const std::string term = *it;
      if (term == "XCJKJOINS" || term.starts_with("XBN") || term.starts_with("XBP")) joins.push_back(term);
    }
    for (const std::string& term : joins) doc.remove_term(term);
    writable.replace_document(b, doc);
    writable.commit();
  }
  EXPECT_EQ(names("土病例110"), (std::vector<std::string>{"a.txt", "b.txt"}));
  const ProcessResult explained = search({"--explain", "土病例110"});
  EXPECT_EQ(explained.out.find("XBN"), std::string::npos) << explained.out;
}

} // namespace
} // namespace dateline::test
