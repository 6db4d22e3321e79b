/** @file cjk_bigrams_test.cpp
 *  @brief CJK runs and their bigrams (#13.3), table-driven: Chinese, mixed
 *  Han and kana, Korean, one-character runs, CJK next to Latin, digits and
 *  punctuation, normalisation that changes the number of characters.
 */
#include "common/cjk_bigrams.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace dateline {
namespace {

struct BigramCase {
  const char* name;
  std::string text;
  /// (term, the original text it covers), in order; an empty term starts a
  /// new run (the runs of the result must change exactly there).
  std::vector<std::pair<std::string, std::string>> expected;
};

const std::vector<BigramCase>& bigram_cases() {
  static const std::vector<BigramCase> cases = {
      {"ChineseRun", "中国人民银行", {{"中国", "中国"}, {"国人", "国人"}, {"人民", "人民"}, {"民银", "民银"}, {"银行", "银行"}}},
      {"PunctuationEndsRun", "中国，美国。", {{"中国", "中国"}, {"", ""}, {"美国", "美国"}}},
      {"SpaceEndsRun", "中日关系 半导体", {{"中日", "中日"}, {"日关", "日关"}, {"关系", "关系"}, {"", ""}, {"半导", "半导"}, {"导体", "导体"}}},
      {"LatinAndDigitsEndRuns", "iPhone手机2019年销量", {{"手机", "手机"}, {"", ""}, {"年销", "年销"}, {"销量", "销量"}}},
      {"OneCharacterRunsHaveNone", "5月12日 A中B", {}},
      {"HanAndKanaInOneRun", "東京タワーへ行く", {{"東京", "東京"}, {"京タ", "京タ"}, {"タワ", "タワ"}, {"ワー", "ワー"}, {"ーへ", "ーへ"}, {"へ行", "へ行"}, {"行く", "行く"}}},
      {"Hiragana", "ひらがな", {{"ひら", "ひら"}, {"らが", "らが"}, {"がな", "がな"}}},
      {"KoreanWordsAreRuns", "서울에서 만나요", {{"서울", "서울"}, {"울에", "울에"}, {"에서", "에서"}, {"", ""}, {"만나", "만나"}, {"나요", "나요"}}},
      // Half-width ｶﾞｲﾄﾞ is ガイド after NFKC: five code points became three,
      // so every character spans the whole word.
      {"NormalisationChangesLength", "ｶﾞｲﾄﾞ", {{"ガイ", "ｶﾞｲﾄﾞ"}, {"イド", "ｶﾞｲﾄﾞ"}}},
      // Full-width Latin is Latin: no bigrams.
      {"FullWidthLatin", "ＯＰＥＣ２０２４", {}},
      {"NoCjk", "Semiconductor export curbs", {}},
  };
  return cases;
}

class CjkBigramTable : public ::testing::TestWithParam<BigramCase> {
protected:
  TextAnalyzer analyzer{"english"};
};

TEST_P(CjkBigramTable, BigramsOfEachRun) {
  const BigramCase& row = GetParam();
  const std::vector<Token> tokens = analyzer.tokenize(row.text);
  const std::vector<CjkBigram> bigrams = cjk_bigrams(row.text, tokens);
  std::vector<std::pair<std::string, std::string>> got;
  for (std::size_t k = 0; k < bigrams.size(); ++k) {
    if (k > 0 && bigrams[k].run != bigrams[k - 1].run) got.emplace_back("", "");
    ASSERT_LE(bigrams[k].begin, bigrams[k].end);
    ASSERT_LE(bigrams[k].end, row.text.size());
    got.emplace_back(bigrams[k].term, row.text.substr(bigrams[k].begin, bigrams[k].end - bigrams[k].begin));
  }
  EXPECT_EQ(got, row.expected) << row.text;
}

INSTANTIATE_TEST_SUITE_P(Table, CjkBigramTable, ::testing::ValuesIn(bigram_cases()), test::RowName{});

struct EdgeCase {
  const char* name;
  std::string text;
  /// Per run: first character, the text it covers, last character, the text it covers.
  std::vector<std::vector<std::string>> expected;
};

const std::vector<EdgeCase>& edge_cases() {
  static const std::vector<EdgeCase> cases = {
      {"ChineseRun", "中国人民银行", {{"中", "中", "行", "行"}}},
      {"OneCharacterRunIsBothEdges", "优惠。中方", {{"优", "优", "惠", "惠"}, {"中", "中", "方", "方"}}},
      {"DigitsAndLatinEndRuns", "5月12日 A中B", {{"月", "月", "月", "月"}, {"日", "日", "日", "日"}, {"中", "中", "中", "中"}}},
      {"HanAndKana", "東京タワーへ行く", {{"東", "東", "く", "く"}}},
      {"Korean", "서울에서 만나요", {{"서", "서", "서", "서"}, {"만", "만", "요", "요"}}},
      {"NormalisationChangesLength", "ｶﾞｲﾄﾞ", {{"ガ", "ｶﾞｲﾄﾞ", "ド", "ｶﾞｲﾄﾞ"}}},
      {"NoCjk", "Semiconductor export curbs 2024", {}},
  };
  return cases;
}

class CjkEdgeTable : public ::testing::TestWithParam<EdgeCase> {
protected:
  TextAnalyzer analyzer{"english"};
};

TEST_P(CjkEdgeTable, FirstAndLastCharacterOfEachRun) {
  const EdgeCase& row = GetParam();
  const std::vector<Token> tokens = analyzer.tokenize(row.text);
  std::vector<std::vector<std::string>> got;
  for (const CjkRunEdges& edges : cjk_run_edges(row.text, tokens)) {
    ASSERT_LE(edges.first_begin, edges.first_end);
    ASSERT_LE(edges.last_begin, edges.last_end);
    ASSERT_LE(edges.last_end, row.text.size());
    got.push_back({edges.first, row.text.substr(edges.first_begin, edges.first_end - edges.first_begin), edges.last,
                   row.text.substr(edges.last_begin, edges.last_end - edges.last_begin)});
  }
  EXPECT_EQ(got, row.expected) << row.text;
}

INSTANTIATE_TEST_SUITE_P(Table, CjkEdgeTable, ::testing::ValuesIn(edge_cases()), test::RowName{});

struct JoinCase {
  const char* name;
  std::string text;
  /// Each join: 'N' (the word after the run) or 'P' (before), its term and the text it covers.
  std::vector<std::vector<std::string>> expected;
};

const std::vector<JoinCase>& join_cases() {
  static const std::vector<JoinCase> cases = {
      {"NumberAfterRun", "病例1102",
       {{"N", "例1", "例1"}, {"N", "例11", "例11"}, {"N", "例110", "例110"}, {"N", "例1102", "例1102"}}},
      {"NumberBeforeRun", "2379人", {{"P", "9人", "9人"}, {"P", "79人", "79人"}, {"P", "379人", "379人"},
                                      {"P", "2379人", "2379人"}}},
      // At most k_max_join_characters of the word; a word between two runs
      // joins both.
      {"LongNumberBetweenRuns", "者18576例",
       {{"N", "者1", "者1"}, {"N", "者18", "者18"}, {"N", "者185", "者185"}, {"N", "者1857", "者1857"},
        {"P", "6例", "6例"}, {"P", "76例", "76例"}, {"P", "576例", "576例"}, {"P", "8576例", "8576例"}}},
      {"LatinNormalised", "新媒体CGTN", {{"N", "体c", "体C"}, {"N", "体cg", "体CG"}, {"N", "体cgt", "体CGT"},
                                         {"N", "体cgtn", "体CGTN"}}},
      // A separator between them: no join.
      {"PunctuationOrSpaceSeparates", "病例，1102 病例 1102", {}},
      {"NoCjk", "export 2024", {}},
  };
  return cases;
}

class CjkJoinTable : public ::testing::TestWithParam<JoinCase> {
protected:
  TextAnalyzer analyzer{"english"};
};

TEST_P(CjkJoinTable, EdgeCharacterAndTheWordWrittenAgainstIt) {
  const JoinCase& row = GetParam();
  const std::vector<Token> tokens = analyzer.tokenize(row.text);
  std::vector<std::vector<std::string>> got;
  for (const CjkJoin& join : cjk_joins(row.text, tokens)) {
    ASSERT_LE(join.begin, join.end);
    ASSERT_LE(join.end, row.text.size());
    got.push_back({join.after ? "N" : "P", join.term, row.text.substr(join.begin, join.end - join.begin)});
  }
  EXPECT_EQ(got, row.expected) << row.text;
}

INSTANTIATE_TEST_SUITE_P(Table, CjkJoinTable, ::testing::ValuesIn(join_cases()), test::RowName{});

TEST(CjkRuns, CountCharactersOfTokensWrittenTogether) {
  const TextAnalyzer analyzer("english");
  const std::string text = "中国人民 x 中 日本の外務大臣";
  const std::vector<Token> tokens = analyzer.tokenize(text);
  const std::vector<CjkRun> runs = cjk_runs(tokens);
  ASSERT_EQ(runs.size(), 3U);
  EXPECT_EQ(runs[0].characters, 4U);
  EXPECT_EQ(runs[1].characters, 1U);
  EXPECT_EQ(runs[2].characters, 7U);
  EXPECT_EQ(runs[2].last_token, tokens.size());
}

} // namespace
} // namespace dateline
