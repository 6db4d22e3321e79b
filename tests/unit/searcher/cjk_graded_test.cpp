/** @file cjk_graded_test.cpp
 *  @brief Long CJK groups read graded (session 16): which groups the
 *  rewriter marks 'g' (long, unquoted, neither '+' nor '-'), and what the
 *  builder makes of them: a pasted sentence with a character changed or a
 *  word left out still finds its article, the verbatim article ranks first,
 *  short fragments keep the all-or-nothing reading, --all and exclusion
 *  stay exact, and highlights cover exactly the matched characters.
 *  The texts are written here (no corpus text).
 */
#include "common/term_generator.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/snippet.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

TextAnalyzer& analyzer() {
  static TextAnalyzer instance("english");
  return instance;
}

/// The kind of the dlterm: spec of the only group of @p query ('\0' when
/// the query is not one spec).
char spec_kind(const std::string& query) {
  std::string text = QueryRewriter(analyzer()).rewrite(query).text;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.erase(0, 1);
  const std::string prefix = std::string(k_term_spec_field) + ":";
  if (!text.starts_with(prefix) || text.find(' ') != std::string::npos) return '\0';
  const std::optional<TermSpec> spec = decode_term_spec(text.substr(prefix.size()));
  return spec ? spec->kind : '\0';
}

// 26 characters in one run (25 bigrams), and the same with 润 replaced.
constexpr const char* k_stats = "国家统计局今天发布数据显示，今年前十个月全国规模以上工业企业利润同比增长百分之五。";
constexpr const char* k_changed = "今年前十个月全国规模以上工业企业利闰同比增长百分之五";
constexpr const char* k_grain = "国家统计局局长在记者会上回答了有关全国粮食产量和农业生产的提问。";
constexpr const char* k_trade = "海关总署今天发布数据显示，今年前十个月我国货物贸易进出口总值同比增长。";

TEST(CjkGradedSpec, LongGroupsAreGradedShortOnesExact) {
  EXPECT_EQ(spec_kind(k_changed), 'g');
  // 13 characters (12 bigrams) is long, 12 characters (11) is a fragment.
  EXPECT_EQ(spec_kind("今年前十个月全国规模以上工"), 'g');
  EXPECT_EQ(spec_kind("今年前十个月全国规模以上"), 'c');
  // Bigrams of all the group's runs count: 7 + 6 = 13.
  EXPECT_EQ(spec_kind("今天发布数据显示，今年前十个月"), 'g');
  EXPECT_EQ(spec_kind("统计局今天发布数据"), 'c');
}

TEST(CjkGradedSpec, QuotedRequiredAndExcludedGroupsStayExact) {
  EXPECT_EQ(spec_kind(std::string("\"") + k_changed + "\""), 'c');
  EXPECT_EQ(spec_kind(std::string("+") + k_changed), 'c');
  EXPECT_NE(QueryRewriter(analyzer()).rewrite(std::string("oil -") + k_changed).text.find("-dlterm:c"),
            std::string::npos);
  EXPECT_NE(QueryRewriter(analyzer()).rewrite(std::string("oil NOT ") + k_changed).text.find("dlterm:c"),
            std::string::npos);
}

TEST(CjkGradedSpec, GradedSpecsRoundTripAndMalformedOnesAreRefused) {
  const TermSpec good{'g', 1, {"a", ",", "XBIab", ",", "b"}};
  const std::optional<TermSpec> decoded = decode_term_spec(encode_term_spec(good));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->kind, 'g');
  EXPECT_EQ(decoded->terms, good.terms);
  EXPECT_FALSE(decode_term_spec(encode_term_spec(TermSpec{'g', 1, {"a"}})));
  EXPECT_FALSE(decode_term_spec(encode_term_spec(TermSpec{'g', 1, {"a", ","}})));
}

/// A small in-memory index through the real term generator.
class CjkGraded : public ::testing::Test {
protected:
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
  QueryBuilder builder{"english"};

  void add(const std::string& text) {
    Xapian::Document doc;
    std::vector<IndexTerm> terms;
    TermOptions options;
    Xapian::termpos bigram_position = 1;
    options.bigram_position = &bigram_position;
    (void)generate_terms(analyzer(), text, options, terms);
    add_terms(doc, terms);
    doc.add_boolean_term("XCJKEDGES");
    doc.add_boolean_term("XCJKJOINS");
    db.add_document(doc);
  }

  Xapian::Query build(const std::string& query, MatchMode mode) {
    return builder.build(QueryRewriter(analyzer()).rewrite(query), {mode, std::nullopt, std::nullopt}, db);
  }

  std::vector<Xapian::docid> search(const std::string& query, MatchMode mode = MatchMode::natural) {
    Xapian::Enquire enquire(db);
    enquire.set_query(build(query, mode));
    std::vector<Xapian::docid> out;
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
    return out;
  }

  std::string highlighted(const std::string& query, const std::string& text) {
    const RewrittenQuery rewritten = QueryRewriter(analyzer()).rewrite(query);
    const Xapian::Query built = builder.build(rewritten, {MatchMode::natural, std::nullopt, std::nullopt}, db);
    const auto snippets = make_snippets(text, collect_highlight_terms(built, rewritten), analyzer(), {1, 1000});
    if (snippets.empty()) return {};
    std::string out;
    std::size_t at = 0;
    for (const auto& [begin, end] : snippets.front().highlights) {
      out += snippets.front().text.substr(at, begin - at) + "[[" + snippets.front().text.substr(begin, end - begin) +
             "]]";
      at = end;
    }
    return out + snippets.front().text.substr(at);
  }

  void add_three() {
    add(k_grain);
    add(k_trade);
    add(k_stats);
  }
};

TEST_F(CjkGraded, SentenceWithACharacterChangedFindsItsArticleFirst) {
  add_three();
  for (const MatchMode mode : {MatchMode::natural, MatchMode::any}) {
    const std::vector<Xapian::docid> found = search(k_changed, mode);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found.front(), 3U);
  }
  // --all asks for every word: the exact reading, which no article holds.
  EXPECT_TRUE(search(k_changed, MatchMode::all).empty());
}

TEST_F(CjkGraded, SentenceWithAWordLeftOutFindsItsArticleFirst) {
  add_three();
  // 利润 left out; k_trade shares 今天发布数据显示，今年前十个月 and 同比增长.
  const std::vector<Xapian::docid> found = search("今天发布数据显示，今年前十个月全国规模以上工业企业同比增长");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front(), 3U);
}

TEST_F(CjkGraded, VerbatimArticleRanksAboveArticlesSharingMostOfIt) {
  add("今年前十个月全国规模以上工业企业利闰同比增长百分之五，今年前十个月全国规模以上工业企业");
  add(k_stats);
  // The first holds the query verbatim; the second all but two bigrams
  // (and more of the other words' occurrences would not outrank the boost).
  const std::vector<Xapian::docid> found = search(k_changed);
  ASSERT_EQ(found.size(), 2U);
  EXPECT_EQ(found.front(), 1U);
  const std::vector<Xapian::docid> exact = search("今年前十个月全国规模以上工业企业利润同比增长百分之五");
  ASSERT_EQ(exact.size(), 2U);
  EXPECT_EQ(exact.front(), 2U);
}

TEST_F(CjkGraded, ShortFragmentStillNeedsEveryBigram) {
  add_three();
  // 统计局 is in k_grain too, 今天发布数据 in k_trade: a fragment of 9
  // characters keeps the all-or-nothing reading and finds k_stats alone.
  EXPECT_EQ(search("统计局今天发布数据"), std::vector<Xapian::docid>{3});
  EXPECT_EQ(search("统计局今天发布数据", MatchMode::any), std::vector<Xapian::docid>{3});
}

TEST_F(CjkGraded, ExcludedLongGroupExcludesOnlyItsExactReading) {
  add_three();
  // Graded, the exclusion would drop every article sharing a bigram.
  std::vector<Xapian::docid> found = search(std::string("数据显示 -") + k_changed);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<Xapian::docid>{2, 3}));
  EXPECT_EQ(search(std::string("数据显示 -") + "今年前十个月全国规模以上工业企业利润同比增长百分之五"),
            std::vector<Xapian::docid>{2});
}

TEST_F(CjkGraded, HighlightsCoverExactlyTheMatchedCharacters) {
  // 润 is not highlighted: the query's bigrams around it hold 闰.
  EXPECT_EQ(highlighted(k_changed, k_stats),
            "国家统计局今天发布数据显示，[[今年前十个月全国规模以上工业企业利]]润[[同比增长百分之五]]。");
  // A bigram of the query elsewhere in the article is a match of its own.
  EXPECT_EQ(highlighted(k_changed, "全国人民"), "[[全国]]人民");
}

TEST_F(CjkGraded, JapaneseAndKoreanSentences) {
  add("東京都は今日、来年度の予算案で子育て支援を大幅に拡充する方針を発表しました。");
  add("大阪府は今日、観光客の増加に対応するため交通機関の整備を発表しました。");
  add("서울시는 오늘 내년도 예산안에서 육아 지원을 대폭 확대하는 방침을 발표했습니다.");
  // 拡充 -> 拡大: kana and kanji in one run.
  const std::vector<Xapian::docid> japanese = search("来年度の予算案で子育て支援を大幅に拡大する方針を発表しました");
  ASSERT_FALSE(japanese.empty());
  EXPECT_EQ(japanese.front(), 1U);
  // Korean words are written with spaces: each group is short and searched
  // as before (a word, or a run's bigrams), so nothing changes here.
  EXPECT_EQ(spec_kind("예산안에서"), 'c');
}

} // namespace
} // namespace dateline::searcher
