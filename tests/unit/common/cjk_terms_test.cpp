/** @file cjk_terms_test.cpp
 *  @brief The one pass over CJK runs (session 14): cjk_terms gives a text's
 *  bigrams, run edges and joins together, and each kind asked for alone
 *  (cjk_bigrams, cjk_run_edges, cjk_joins) gives the same rows. The rows are
 *  what the three separate walks of session 13 (main f55cacd) gave on these
 *  strings: numbers and Latin on both edges, punctuation, mixed scripts,
 *  Japanese kana, Korean, normalisation that changes a word's length,
 *  one-character runs, empty text.
 */
#include "common/cjk_bigrams.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline {
namespace {

struct TermsCase {
  const char* name;
  std::string text;
  /// "RUN TERM TEXT": each bigram, the run it belongs to and the text it covers.
  std::vector<std::string> bigrams;
  /// "RUN FIRST TEXT LAST TEXT": each run's edge characters and the text they cover.
  std::vector<std::string> edges;
  /// "N|P TOKEN CHARACTERS TERM TEXT": each join (N: the word follows the run), the word's token, its characters in
  /// the term, the term and the text it covers.
  std::vector<std::string> joins;
};

const std::vector<TermsCase>& terms_cases() {
  static const std::vector<TermsCase> cases = {
      {"Empty", "", {}, {}, {}},
      {"NoCjk", "export 2024", {}, {}, {}},
      {"OneCharacterAlone", "中", {}, {"0 中 中 中 中"}, {}},
      {"OneCharacterLatinBothSides", "A中B", {}, {"0 中 中 中 中"}, {"P 0 1 a中 A中", "N 2 1 中b 中B"}},
      {"LatinBeforeOneCharacter", "x中", {}, {"0 中 中 中 中"}, {"P 0 1 x中 x中"}},
      {"LatinAfterOneCharacter", "中x", {}, {"0 中 中 中 中"}, {"N 1 1 中x 中x"}},
      {"NumberBetweenRuns", "病例1102例",
       {"0 病例 病例"},
       {"0 病 病 例 例", "1 例 例 例 例"},
       {"N 1 1 例1 例1", "N 1 2 例11 例11", "N 1 3 例110 例110", "N 1 4 例1102 例1102", "P 1 1 2例 2例",
        "P 1 2 02例 02例", "P 1 3 102例 102例", "P 1 4 1102例 1102例"}},
      {"NumbersAndLatinOnBothEdges", "2020年GDP增长6.1%，CPI上涨2.5%",
       {"1 增长 增长", "2 上涨 上涨"},
       {"0 年 年 年 年", "1 增 增 长 长", "2 上 上 涨 涨"},
       {"P 0 1 0年 0年", "P 0 2 20年 20年", "P 0 3 020年 020年", "P 0 4 2020年 2020年", "N 2 1 年g 年G",
        "N 2 2 年gd 年GD", "N 2 3 年gdp 年GDP", "P 2 1 p增 P增", "P 2 2 dp增 DP增", "P 2 3 gdp增 GDP增",
        "N 4 1 长6 长6", "N 4 2 长6. 长6.", "N 4 3 长6.1 长6.1", "P 5 1 i上 I上", "P 5 2 pi上 PI上",
        "P 5 3 cpi上 CPI上", "N 7 1 涨2 涨2", "N 7 2 涨2. 涨2.", "N 7 3 涨2.5 涨2.5"}},
      {"DatelineWithPunctuation", "新华社北京12月1日电（记者王某）",
       {"0 新华 新华", "0 华社 华社", "0 社北 社北", "0 北京 北京", "2 日电 日电", "3 记者 记者", "3 者王 者王",
        "3 王某 王某"},
       {"0 新 新 京 京", "1 月 月 月 月", "2 日 日 电 电", "3 记 记 某 某"},
       {"N 2 1 京1 京1", "N 2 2 京12 京12", "P 2 1 2月 2月", "P 2 2 12月 12月", "N 4 1 月1 月1", "P 4 1 1日 1日"}},
      {"PunctuationEndsRuns", "中国，美国。“你好”！",
       {"0 中国 中国", "1 美国 美国", "2 你好 你好"},
       {"0 中 中 国 国", "1 美 美 国 国", "2 你 你 好 好"},
       {}},
      {"CyrillicAndLatinAgainstRun", "Москва莫斯科abc",
       {"0 莫斯 莫斯", "0 斯科 斯科"},
       {"0 莫 莫 科 科"},
       {"P 0 1 а莫 а莫", "P 0 2 ва莫 ва莫", "P 0 3 ква莫 ква莫", "P 0 4 сква莫 сква莫", "N 2 1 科a 科a",
        "N 2 2 科ab 科ab", "N 2 3 科abc 科abc"}},
      {"LongLatinWordBeforeRun", "Samsung电子", {"0 电子 电子"}, {"0 电 电 子 子"},
       {"P 0 1 g电 g电", "P 0 2 ng电 ng电", "P 0 3 ung电 ung电", "P 0 4 sung电 sung电"}},
      {"LatinWithDigitsBeforeRun", "iPhone15手机", {"0 手机 手机"}, {"0 手 手 机 机"},
       {"P 0 1 5手 5手", "P 0 2 15手 15手", "P 0 3 e15手 e15手", "P 0 4 ne15手 ne15手"}},
      {"HyphenatedWordBeforeRun", "COVID-19疫情", {"0 疫情 疫情"}, {"0 疫 疫 情 情"},
       {"P 1 1 9疫 9疫", "P 1 2 19疫 19疫"}},
      {"JapaneseKanaAndNumber", "東京タワーへ行く2回目",
       {"0 東京 東京", "0 京タ 京タ", "0 タワ タワ", "0 ワー ワー", "0 ーへ ーへ", "0 へ行 へ行", "0 行く 行く",
        "1 回目 回目"},
       {"0 東 東 く く", "1 回 回 目 目"},
       {"N 3 1 く2 く2", "P 3 1 2回 2回"}},
      {"KatakanaProlongedMark", "コーヒー3杯", {"0 コー コー", "0 ーヒ ーヒ", "0 ヒー ヒー"},
       {"0 コ コ ー ー", "1 杯 杯 杯 杯"}, {"N 1 1 ー3 ー3", "P 1 1 3杯 3杯"}},
      // Half-width ｶﾞｲﾄﾞ is ガイド after NFKC (five code points became
      // three): each of its characters spans the whole word; ﾂｱｰ keeps its
      // three.
      {"NormalisationChangesLength", "ｶﾞｲﾄﾞ2ﾂｱｰ",
       {"0 ガイ ｶﾞｲﾄﾞ", "0 イド ｶﾞｲﾄﾞ", "1 ツア ﾂｱ", "1 アー ｱｰ"},
       {"0 ガ ｶﾞｲﾄﾞ ド ｶﾞｲﾄﾞ", "1 ツ ﾂ ー ｰ"},
       {"N 1 1 ド2 ｶﾞｲﾄﾞ2", "P 1 1 2ツ 2ﾂ"}},
      {"FullWidthDigits", "第１２３号", {}, {"0 第 第 第 第", "1 号 号 号 号"},
       {"N 1 1 第1 第１", "N 1 2 第12 第１２", "N 1 3 第123 第１２３", "P 1 1 3号 ３号", "P 1 2 23号 ２３号",
        "P 1 3 123号 １２３号"}},
      {"KoreanWithNumber", "서울2024년 만나요",
       {"0 서울 서울", "2 만나 만나", "2 나요 나요"},
       {"0 서 서 울 울", "1 년 년 년 년", "2 만 만 요 요"},
       {"N 1 1 울2 울2", "N 1 2 울20 울20", "N 1 3 울202 울202", "N 1 4 울2024 울2024", "P 1 1 4년 4년",
        "P 1 2 24년 24년", "P 1 3 024년 024년", "P 1 4 2024년 2024년"}},
      {"HanjaAndHangulInOneRun", "大韓民國한국어KBS",
       {"0 大韓 大韓", "0 韓民 韓民", "0 民國 民國", "0 國한 國한", "0 한국 한국", "0 국어 국어"},
       {"0 大 大 어 어"},
       {"N 2 1 어k 어K", "N 2 2 어kb 어KB", "N 2 3 어kbs 어KBS"}},
      {"EmojiSeparatesRuns", "中国🇨🇳加油", {"0 中国 中国", "1 加油 加油"}, {"0 中 中 国 国", "1 加 加 油 油"}, {}},
      {"OneCharacterRunsAmongSpaces", "我 你 他们", {"2 他们 他们"}, {"0 我 我 我 我", "1 你 你 你 你", "2 他 他 们 们"},
       {}},
  };
  return cases;
}

std::string covered(const std::string& text, std::size_t begin, std::size_t end) {
  EXPECT_LE(begin, end);
  EXPECT_LE(end, text.size());
  return end <= text.size() && begin <= end ? text.substr(begin, end - begin) : "<out of the text>";
}

std::vector<std::string> bigram_rows(const std::string& text, const std::vector<CjkBigram>& bigrams) {
  std::vector<std::string> rows;
  for (const CjkBigram& b : bigrams) {
    rows.push_back(std::to_string(b.run) + " " + b.term + " " + covered(text, b.begin, b.end));
  }
  return rows;
}

std::vector<std::string> edge_rows(const std::string& text, const std::vector<CjkRunEdges>& edges) {
  std::vector<std::string> rows;
  for (const CjkRunEdges& e : edges) {
    rows.push_back(std::to_string(e.run) + " " + e.first + " " + covered(text, e.first_begin, e.first_end) + " " +
                   e.last + " " + covered(text, e.last_begin, e.last_end));
  }
  return rows;
}

std::vector<std::string> join_rows(const std::string& text, const std::vector<CjkJoin>& joins) {
  std::vector<std::string> rows;
  for (const CjkJoin& j : joins) {
    rows.push_back(std::string(j.after ? "N " : "P ") + std::to_string(j.token) + " " + std::to_string(j.characters) +
                   " " + j.term + " " + covered(text, j.begin, j.end));
  }
  return rows;
}

class CjkTermsTable : public ::testing::TestWithParam<TermsCase> {
protected:
  TextAnalyzer analyzer{"english"};
};

TEST_P(CjkTermsTable, OnePassGivesBigramsEdgesAndJoins) {
  const TermsCase& row = GetParam();
  const std::vector<Token> tokens = analyzer.tokenize(row.text);
  const CjkTerms all = cjk_terms(row.text, tokens);
  EXPECT_EQ(bigram_rows(row.text, all.bigrams), row.bigrams) << row.text;
  EXPECT_EQ(edge_rows(row.text, all.edges), row.edges) << row.text;
  EXPECT_EQ(join_rows(row.text, all.joins), row.joins) << row.text;
}

TEST_P(CjkTermsTable, EachKindAloneIsTheSame) {
  const TermsCase& row = GetParam();
  const std::vector<Token> tokens = analyzer.tokenize(row.text);
  const CjkTerms bigrams = cjk_terms(row.text, tokens, k_cjk_bigrams);
  EXPECT_EQ(bigram_rows(row.text, bigrams.bigrams), row.bigrams);
  EXPECT_TRUE(bigrams.edges.empty() && bigrams.joins.empty());
  const CjkTerms edges = cjk_terms(row.text, tokens, k_cjk_edges);
  EXPECT_EQ(edge_rows(row.text, edges.edges), row.edges);
  EXPECT_TRUE(edges.bigrams.empty() && edges.joins.empty());
  const CjkTerms joins = cjk_terms(row.text, tokens, k_cjk_joins);
  EXPECT_EQ(join_rows(row.text, joins.joins), row.joins);
  EXPECT_TRUE(joins.bigrams.empty() && joins.edges.empty());
  const CjkTerms two = cjk_terms(row.text, tokens, k_cjk_bigrams | k_cjk_joins);
  EXPECT_EQ(bigram_rows(row.text, two.bigrams), row.bigrams);
  EXPECT_EQ(join_rows(row.text, two.joins), row.joins);
  EXPECT_TRUE(two.edges.empty());
  EXPECT_EQ(bigram_rows(row.text, cjk_bigrams(row.text, tokens)), row.bigrams);
  EXPECT_EQ(edge_rows(row.text, cjk_run_edges(row.text, tokens)), row.edges);
  EXPECT_EQ(join_rows(row.text, cjk_joins(row.text, tokens)), row.joins);
}

INSTANTIATE_TEST_SUITE_P(Table, CjkTermsTable, ::testing::ValuesIn(terms_cases()), test::RowName{});

} // namespace
} // namespace dateline
