/** @file cjk_query_test.cpp
 *  @brief CJK groups searched as words or bigrams (#13.3): what the rewriter
 *  asks for (table-driven), what the builder makes of it, which documents
 *  match, and snippet highlights that cover exactly the matched characters,
 *  also for a fragment that starts and ends inside words.
 */
#include "common/term_generator.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/snippet.hpp"

#include "tests/support/param_name.hpp"

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

/// The 'c' spec of the only group of @p query (nullopt when it is not one).
std::optional<TermSpec> fragment_spec(const std::string& query) {
  const RewrittenQuery rewritten = QueryRewriter(analyzer()).rewrite(query);
  const std::string prefix = std::string(k_term_spec_field) + ":";
  std::string text = rewritten.text;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.erase(0, 1);
  if (!text.starts_with(prefix) || text.find(' ') != std::string::npos) return std::nullopt;
  std::optional<TermSpec> spec = decode_term_spec(text.substr(prefix.size()));
  if (!spec || spec->kind != 'c') return std::nullopt;
  return spec;
}

struct GroupCase {
  const char* name;
  std::string query;
  std::vector<std::string> words;               ///< the word reading
  std::vector<std::vector<std::string>> parts;  ///< the bigram reading (XBI omitted)
};

const std::vector<GroupCase>& group_cases() {
  static const std::vector<GroupCase> cases = {
      {"OneWord", "银行", {"银行"}, {{"银行"}}},
      {"Run", "中国人民银行", {}, {{"中国", "国人", "人民", "民银", "银行"}}},
      {"Punctuation", "中国，美国", {}, {{"中国"}, {"美国"}}},
      // A number or one CJK character at an edge may be cut from a longer word.
      // (Session 13: a number or Latin word written against a run asks for
      // the run's character joined to what the fragment holds of it, XBP /
      // XBN, used where the database has them.)
      {"EdgeNumberAndCharacterDropped", "19年中国经济增长5", {},
       {{"XBP19年"}, {"年中", "中国", "国经", "经济", "济增", "增长"}, {"XBN长5"}}},
      {"TrailingCutNumberJoinsTheRun", "病例11", {}, {{"病例"}, {"XBN例11"}}},
      {"LeadingCutNumberJoinsTheRun", "672例，", {}, {{"XBP672例"}, {"例"}}},
      {"JoinHoldsAtMostFourCharacters", "者18576", {}, {{"XBL者"}, {"XBN者1857"}}},
      {"JoinedLatinWord", "新媒体CG", {}, {{"新媒", "媒体"}, {"XBN体cg"}}},
      {"JoinsAloneAreEnough", "A股", {}, {{"XBPa股"}, {"XBF股"}}},
      {"InnerNumberKept", "中国2019年增长", {}, {{"中国"}, {"2019"}, {"年增", "增长"}}},
      // A Latin word at an edge may be cut too ("CG" out of "CGTN"): only
      // the word reading asks for it; inside, it is required.
      {"EdgeLatinDropped", "新媒体、CG", {}, {{"新媒", "媒体"}}},
      {"InnerLatinKept", "手机iPhone销量", {}, {{"手机"}, {"iphone"}, {"销量"}}},
      // Without a run of two characters (#13.3 seed-13 misses): the words
      // strictly inside still match, consecutive ones as a phrase (they are
      // whole, so the article holds them side by side).
      {"NoRunInnerNumber", "表2379人", {}, {{"XBL表"}, {"2379"}, {"XBF人"}}},
      {"NoRunInnerWordsArePhrase", "0月26日0—24时，3", {}, {{"XBP0月"}, {"月", "26", "日", "0", "24", "时"}}},
      // A word is cut only when it touches the fragment's edge: punctuation
      // before or after it means it is whole.
      {"PunctuationShieldsEdgeWord", "（12月16日）通", {}, {{"12", "月", "16", "日"}, {"XBF通"}}},
      // One CJK character cut at an edge (the rest of its run is outside the
      // fragment) asks for a run that ends (leading edge) or starts
      // (trailing edge) with it: XBL / XBF, used where the database has them.
      {"LeadingCutCharacterEndsARun", "惠。中方", {}, {{"XBL惠"}, {"中方"}}},
      {"TrailingCutCharacterStartsARun", "民生，扎", {}, {{"民生"}, {"XBF扎"}}},
      {"BothEdgesCut", "影。今年，安", {}, {{"XBL影"}, {"今年"}, {"XBF安"}}},
      {"PunctuationShieldsRunEdge", "，中国2019年。", {}, {{"中国"}, {"2019", "年"}}},
      {"Japanese", "東京タワー", {}, {{"東京", "京タ", "タワ", "ワー"}}},
      {"Korean", "서울에서", {}, {{"서울", "울에", "에서"}}},
  };
  return cases;
}

class CjkGroupTable : public ::testing::TestWithParam<GroupCase> {};

TEST_P(CjkGroupTable, WordsOrBigrams) {
  const GroupCase& row = GetParam();
  const std::optional<TermSpec> spec = fragment_spec(row.query);
  ASSERT_TRUE(spec) << row.query << " -> " << QueryRewriter(analyzer()).rewrite(row.query).text;
  std::vector<std::string> words;
  for (const Token& token : analyzer().tokenize(row.query)) words.push_back(token.term);
  if (!row.words.empty()) {
    EXPECT_EQ(words, row.words);
  }
  const std::vector<std::string> spec_words(spec->terms.begin(), spec->terms.begin() + spec->window);
  EXPECT_EQ(spec_words, words);
  std::vector<std::vector<std::string>> parts;
  for (std::size_t k = spec->window; k < spec->terms.size(); ++k) {
    if (spec->terms[k] == k_fragment_part) {
      parts.emplace_back();
      continue;
    }
    std::string term = spec->terms[k];
    if (term.starts_with("XBI")) term.erase(0, 3);
    parts.back().push_back(term);
  }
  EXPECT_EQ(parts, row.parts);
}

INSTANTIATE_TEST_SUITE_P(Table, CjkGroupTable, ::testing::ValuesIn(group_cases()), test::RowName{});

TEST(CjkGroup, NoBigramsForOneCharacterTitleOrWildcard) {
  EXPECT_FALSE(fragment_spec("中"));
  EXPECT_FALSE(fragment_spec("title:中国人民"));
  EXPECT_FALSE(fragment_spec("中国*"));
  EXPECT_FALSE(fragment_spec("oil"));
  // One edge part alone is no fragment reading: too little to go on.
  EXPECT_FALSE(fragment_spec("惠。"));
  EXPECT_FALSE(fragment_spec("，扎"));
  EXPECT_TRUE(QueryRewriter(analyzer()).rewrite("oil -中国人民").text.starts_with("oil -dlterm:c"));
}

TEST(CjkGroup, MalformedSpecsAreRefused) {
  for (const TermSpec& bad : {TermSpec{'c', 0, {",", "a"}}, TermSpec{'c', 1, {"a"}}, TermSpec{'c', 1, {"a", "b"}},
                              TermSpec{'c', 1, {"a", ","}}, TermSpec{'c', 1, {"a", ",", ",", "b"}},
                              TermSpec{'c', 2, {"a", ",", "b"}}}) {
    EXPECT_FALSE(decode_term_spec(encode_term_spec(bad))) << encode_term_spec(bad);
  }
  const TermSpec good{'c', 1, {"a", ",", "XBIab", ",", "b"}};
  EXPECT_TRUE(decode_term_spec(encode_term_spec(good)));
}

/// A small in-memory index through the real term generator.
class CjkSearch : public ::testing::Test {
protected:
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
  QueryBuilder builder{"english"};

  /// @p edges: the document carries schema::k_term_cjk_edges, as every
  /// document the indexer writes since #13.3 (false: an older indexer's;
  /// its edge terms are then also left out); @p joins: the same for
  /// schema::k_term_cjk_joins and the join terms (session 13).
  void add(const std::string& text, bool edges = true, bool joins = true) {
    Xapian::Document doc;
    std::vector<IndexTerm> terms;
    TermOptions options;
    Xapian::termpos bigram_position = 1;
    options.bigram_position = &bigram_position;
    (void)generate_terms(analyzer(), text, options, terms);
    if (!edges) {
      std::erase_if(terms, [](const IndexTerm& t) { return t.term.starts_with("XBF") || t.term.starts_with("XBL"); });
    }
    if (!joins) {
      std::erase_if(terms, [](const IndexTerm& t) { return t.term.starts_with("XBN") || t.term.starts_with("XBP"); });
    }
    add_terms(doc, terms);
    if (edges) doc.add_boolean_term("XCJKEDGES");
    if (joins) doc.add_boolean_term("XCJKJOINS");
    doc.set_data(text);
    db.add_document(doc);
  }

  std::vector<Xapian::docid> search(const std::string& query) {
    const RewrittenQuery rewritten = QueryRewriter(analyzer()).rewrite(query);
    Xapian::Enquire enquire(db);
    enquire.set_query(builder.build(rewritten, {MatchMode::natural, std::nullopt, std::nullopt}, db));
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
      out += snippets.front().text.substr(at, begin - at) + "[[" +
             snippets.front().text.substr(begin, end - begin) + "]]";
      at = end;
    }
    return out + snippets.front().text.substr(at);
  }
};

constexpr const char* k_bank = "中国人民银行今天宣布下调存款准备金率";
constexpr const char* k_other = "中国银行今天在北京发布人民币报告";

TEST_F(CjkSearch, FragmentInsideWordsFindsTheArticle) {
  add(k_other);
  add(k_bank);
  // Starts inside 人民 and ends inside 今天: the words of the fragment are
  // not the words of the article, its bigrams are.
  EXPECT_EQ(search("民银行今"), std::vector<Xapian::docid>{2});
  EXPECT_EQ(search("下调存款准"), std::vector<Xapian::docid>{2});
}

TEST_F(CjkSearch, FragmentWithoutRunFindsTheArticle) {
  add("会议代表2379人出席");
  add("会议代表2379名出席");
  add("统计时间为10月26日0—24时，31个省报告");
  add("统计时间为11月25日0—24时，31个省报告");
  // 表 and 人 are cut from 代表 and 人出席; no run has two characters: the
  // number and the edges (a run ending with 表, one starting with 人).
  EXPECT_EQ(search("表2379人"), std::vector<Xapian::docid>({1}));
  // 0 is cut from 10, 3 from 31: the words inside are a phrase.
  EXPECT_EQ(search("0月26日0—24时，3"), std::vector<Xapian::docid>({3}));
  EXPECT_EQ(highlighted("0月26日0—24时，3", "统计时间为10月26日0—24时，31个省报告"),
            "统计时间为1[[0月26日0]]—[[24时]]，31个省报告");  // the dash is no word; 0月 is a join (session 13)
}

TEST_F(CjkSearch, CutEdgeCharacterFindsOnlyTheArticle) {
  add("国际油价优惠。中方表示欢迎");
  add("会谈中。中方表示欢迎");
  add("保障和改善民生，扎实推进");
  add("保障和改善民生，稳步推进");
  // 惠 ends the run 国际油价优惠 of the first article only, 扎 starts a run
  // of the third only; the bigram reading alone matches both of each pair.
  EXPECT_EQ(search("惠。中方"), std::vector<Xapian::docid>{1});
  EXPECT_EQ(search("改善民生，扎"), std::vector<Xapian::docid>{3});
}

TEST_F(CjkSearch, CutEdgeCharacterIsHighlightedAlone) {
  add("国际油价优惠。中方表示欢迎");
  // The edge character, not its word 优惠; every run ending (starting)
  // with it, as a word is highlighted wherever it stands.
  EXPECT_EQ(highlighted("惠。中方", "国际油价优惠。中方表示欢迎"), "国际油价优[[惠]]。[[中方]]表示欢迎");
  EXPECT_EQ(highlighted("改善民生，扎", "保障和改善民生，扎实推进，扎根"), "保障和[[改善民生]]，[[扎]]实推进，[[扎]]根");
  EXPECT_EQ(highlighted("惠。中方", "惠及中方"), "惠及[[中方]]");  // 惠 starts its run here
}

TEST_F(CjkSearch, WithoutTheMarkerOnEveryDocumentEdgesAreNotAskedFor) {
  add("国际油价优惠。中方表示欢迎");
  add("会谈中。中方表示欢迎", false);  // written before #13.3
  // As before #13.3: the bigram reading without edges, so the older article
  // is not lost for want of terms it cannot have.
  std::vector<Xapian::docid> found = search("惠。中方");
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<Xapian::docid>{1, 2}));
}

TEST_F(CjkSearch, NumberCutAtAnEdgeFindsOnlyTheArticle) {
  add("本土病例1102例，无症状感染者");
  add("本土病例1203例，无症状感染者");
  add("本土病例11例，无症状感染者");
  // 11 is cut from 1102, 02 from 1102: the run's character joined to what
  // the fragment holds of the number finds the article that has it; the
  // bigrams alone match all three. The article holding the whole word 11
  // matches both readings and ranks first.
  EXPECT_EQ(search("土病例11"), std::vector<Xapian::docid>({3, 1}));
  EXPECT_EQ(search("土病例110"), std::vector<Xapian::docid>{1});
  EXPECT_EQ(search("02例，无"), std::vector<Xapian::docid>{1});
  EXPECT_EQ(highlighted("土病例11", "本土病例1102例，无症状"), "本[[土病例11]]02例，无症状");
  EXPECT_EQ(highlighted("02例，无", "本土病例1102例，无症状"), "本土病例11[[02例]]，[[无]]症状");
}

TEST_F(CjkSearch, WithoutTheJoinMarkerOnEveryDocumentJoinsAreNotAskedFor) {
  add("本土病例1102例，无症状感染者");
  add("本土病例1203例，无症状感染者", true, false);  // written before session 13
  std::vector<Xapian::docid> found = search("土病例110");
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<Xapian::docid>{1, 2}));
  // A group left with one edge part is searched as its words, as before.
  const Xapian::Query built = builder.build(QueryRewriter(analyzer()).rewrite("A股"),
                                            {MatchMode::natural, std::nullopt, std::nullopt}, db);
  EXPECT_EQ(built.get_description().find("XB"), std::string::npos) << built.get_description();
}

TEST_F(CjkSearch, EnglishQueriesAreUntouchedByJoins) {
  add("export 2024 figures");
  const RewrittenQuery rewritten = QueryRewriter(analyzer()).rewrite("export 2024");
  EXPECT_FALSE(rewritten.cjk_join_parts);
  EXPECT_EQ(search("export 2024"), std::vector<Xapian::docid>{1});
}

TEST_F(CjkSearch, WholeWordsRankAboveCharactersAcrossWords) {
  add("工人民兵训练");    // 人民 only across the words 工人 + 民兵
  add("人民代表大会");    // the word 人民
  const std::vector<Xapian::docid> found = search("人民");
  ASSERT_EQ(found.size(), 2U);
  EXPECT_EQ(found.front(), 2U);
}

TEST_F(CjkSearch, ExcludedGroupExcludesItsCharacters) {
  add(k_other);
  add(k_bank);
  EXPECT_EQ(search("今天 -民银行今"), std::vector<Xapian::docid>{1});
}

TEST_F(CjkSearch, FragmentHighlightCoversExactlyItsCharacters) {
  EXPECT_EQ(highlighted("民银行今", k_bank), "中国人[[民银行今]]天宣布下调存款准备金率");
  EXPECT_EQ(highlighted("人民", k_other), "中国银行今天在北京发布[[人民]]币报告");
  EXPECT_EQ(highlighted("中国 报告", k_other), "[[中国]]银行今天在北京发布人民币[[报告]]");
  // Latin words keep whole-word highlights next to CJK ones.
  EXPECT_EQ(highlighted("oil 石油", "oil 石油价格 oils"), "[[oil 石油]]价格 [[oils]]");
}

} // namespace
} // namespace dateline::searcher
