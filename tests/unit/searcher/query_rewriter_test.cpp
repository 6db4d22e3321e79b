/** @file query_rewriter_test.cpp
 *  @brief Table-driven tests of the user query -> QueryParser text rewriting.
 */
#include "searcher/query_rewriter.hpp"

#include "common/error.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace dateline::searcher {
namespace {

TextAnalyzer& english() {
  static TextAnalyzer analyzer("english");
  return analyzer;
}

struct RewriteCase {
  const char* name;
  std::string query;
  std::string expected;
};

class RewriteTest : public ::testing::TestWithParam<RewriteCase> {};

/// The dlterm: text of a CJK group (#13.3): its words, or its bigram reading.
std::string cjk_group(std::vector<std::string> words, const std::vector<std::vector<std::string>>& parts) {
  TermSpec spec{'c', static_cast<unsigned>(words.size()), std::move(words)};
  for (const auto& part : parts) {
    spec.terms.emplace_back(k_fragment_part);
    for (const std::string& bigram : part) spec.terms.push_back("XBI" + bigram);
  }
  return std::string(k_term_spec_field) + ":" + encode_term_spec(spec);
}

TEST_P(RewriteTest, Text) {
  const QueryRewriter rewriter(english());
  EXPECT_EQ(rewriter.rewrite(GetParam().query).text, GetParam().expected) << GetParam().query;
}

INSTANTIATE_TEST_SUITE_P(
    Table, RewriteTest,
    ::testing::Values(
        RewriteCase{"plain words", "Semiconductor Export CURBS", "semiconductor export curbs"},
        RewriteCase{"accents folded", "Café Zürich", "cafe zurich"},
        RewriteCase{"lower and is a word", "salt and pepper", "salt and pepper"},
        RewriteCase{"operators kept", "oil AND opec OR gas", "oil AND opec OR gas"},
        RewriteCase{"not and xor", "oil NOT gas XOR coal", "oil NOT gas XOR coal"},
        RewriteCase{"phrase", "\"Foreign Minister\"", "\"foreign minister\""},
        RewriteCase{"love hate", "+OPEC -Saudi", "+opec -saudi"},
        RewriteCase{"brackets", "(oil OR gas) AND prices", "(oil OR gas) AND prices"},
        RewriteCase{"near with window", "wang NEAR/5 kamikawa", "wang NEAR/5 kamikawa"},
        RewriteCase{"adj", "china ADJ japan", "china ADJ japan"},
        RewriteCase{"phrase near word", "\"foreign minister\" NEAR japan",
                    "(\"foreign minister\" AND foreign NEAR minister NEAR japan)"},
        RewriteCase{"hyphenated becomes phrase", "China-Japan relations", "\"china japan\" relations"},
        RewriteCase{"acronym", "U.S. trade", "us trade"},
        RewriteCase{"apostrophe unified", "Japan\xE2\x80\x99s", "japan's"},
        RewriteCase{"wildcard", "Export*", "export*"},
        RewriteCase{"title word", "title:OPEC", "title:opec"},
        RewriteCase{"title phrase", "title:\"Oil Prices\"", "title:\"oil prices\""},
        RewriteCase{"title wildcard", "title:sem*", "title:sem*"},
        RewriteCase{"field names any case", "Title:opec", "title:opec"},
        RewriteCase{"author normalised", "author:\"Yoko  Kamikawa\"", "author:\"yoko-kamikawa\""},
        RewriteCase{"source accents", "source:Agence-Presse-Française", "source:\"agence-presse-francaise\""},
        RewriteCase{"topic", "topic:Coffee", "topic:\"coffee\""},
        RewriteCase{"date year", "date:2024", "date:20240101..20241231"},
        RewriteCase{"date month", "date:2024-02", "date:20240201..20240229"},
        RewriteCase{"date range", "date:2024-07-01..2024-07-31", "date:20240701..20240731"},
        RewriteCase{"date open start", "date:..1987-03", "date:..19870331"},
        RewriteCase{"date open end", "date:1987..", "date:19870101.."},
        // A CJK group is its words (a phrase) or its bigrams (#13.3).
        RewriteCase{"cjk run becomes phrase", "中日关系", cjk_group({"中日", "关系"}, {{"中日", "日关", "关系"}})},
        RewriteCase{"single cjk word quoted", "中日", cjk_group({"中日"}, {{"中日"}})},
        RewriteCase{"cjk inside quotes", "\"中日关系 good\"",
                    cjk_group({"中日", "关系", "good"}, {{"中日", "日关", "关系"}})},
        RewriteCase{"one cjk character quoted", "中", "\"中\""},
        RewriteCase{"thai", "ฉันรักภาษาไทย", "\"ฉัน รัก ภาษา ไทย\""},
        RewriteCase{"numbers", "5.93 mln", "5.93 mln"},
        RewriteCase{"url is text", "http://example.com", "\"http example com\""},
        RewriteCase{"trailing punctuation", "curbs?!", "curbs"},
        RewriteCase{"control characters removed", "oil\x1b[31m\x07 gas", "oil gas"},
        RewriteCase{"newlines are spaces", "oil\ngas", "oil gas"},
        RewriteCase{"minus inside word", "e-mail", "\"e mail\""},
        RewriteCase{"field with love", "+title:opec", "+title:opec"}),
    test::RowName{});

struct ErrorCase {
  const char* name;
  std::string query;
  std::string message_part;
};

class RewriteErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(RewriteErrorTest, ThrowsUsageError) {
  const QueryRewriter rewriter(english());
  try {
    (void)rewriter.rewrite(GetParam().query);
    FAIL() << "no error for " << GetParam().query;
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam().message_part), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, RewriteErrorTest,
    ::testing::Values(
        ErrorCase{"empty", "", "empty"},
        ErrorCase{"blank", "   \t ", "empty"},
        ErrorCase{"open brackets", "(((", "unbalanced bracket"},
        ErrorCase{"close bracket", "oil)", "unbalanced bracket"},
        // New-user pass: a ')' at the end was "the ')' before '' has no matching '('".
        ErrorCase{"close bracket at the end", "oil gas) ", "the ')' at the end has no matching '('"},
        ErrorCase{"close bracket before words", "oil)  gas", "the ')' before 'gas' has no matching '('"},
        ErrorCase{"unknown field", "foo:bar", "unknown field 'foo:'"},
        ErrorCase{"field without value", "title:", "needs a value"},
        // New-user pass: Lucene's title:(a OR b) said "field 'title:' needs a value".
        ErrorCase{"field before bracket", "title:(storm OR port)",
                  "'title:(': a field takes one word or a \"phrase\", not a bracket; write title:storm OR title:port"},
        ErrorCase{"header field before bracket", "oil topic:(crude gas)", "write topic:crude OR topic:gas"},
        ErrorCase{"date without value", "date:", "needs a value"},
        // Session 17: a field name, ':' and a space before more text is a
        // word (NoteTest); with nothing after it, a field without a value.
        ErrorCase{"field then space at the end", "oil date: ", "needs a value"},
        ErrorCase{"field without space keeps its meaning", "date:march", "malformed date"},
        ErrorCase{"bad date", "date:2024-13", "2024-13"},
        ErrorCase{"impossible day", "date:2023-02-29", "2023-02-29"},
        ErrorCase{"inverted date", "date:2025..2024", "inverted"},
        ErrorCase{"open both ends", "date:..", "at least one date"},
        ErrorCase{"lone star", "*", "'*'"},
        ErrorCase{"near window too big", "a NEAR/9999999999 b", "from 1 to 100"},
        ErrorCase{"near window zero", "a NEAR/0 b", "from 1 to 100"},
        ErrorCase{"only operators", "AND OR", "no searchable words"},
        ErrorCase{"only punctuation", "!!! ???", "no searchable words"},
        ErrorCase{"only excluded", "-oil -gas", "excluded"},
        ErrorCase{"not alone", "NOT oil", "excluded"},
        ErrorCase{"too many bytes", std::string(5000, 'a'), "bytes"},
        ErrorCase{"too many words", [] {
                    std::string q;
                    for (int i = 0; i < 65; ++i) q += "w" + std::to_string(i) + " ";
                    return q;
                  }(),
                  "more than 64 words"},
        // Session 17: the cap's message said only "shorten it" to someone who
        // pasted a paragraph; it says what to search instead.
        ErrorCase{"too many words says what to do", [] {
                    std::string q;
                    for (int i = 0; i < 65; ++i) q += "w" + std::to_string(i) + " ";
                    return q;
                  }(),
                  "a phrase of some of them in quotes; for articles like one already indexed, use --like PATH"}),
    test::RowName{});

/// Session 17 (outside trial): pasted text that used to be refused (exit 2)
/// runs as plain words, and RewrittenQuery::notes says how.
struct NoteCase {
  const char* name;
  std::string query;
  std::string expected;   ///< the rewritten text
  std::string note_part;  ///< in the one note
};

class NoteTest : public ::testing::TestWithParam<NoteCase> {};

TEST_P(NoteTest, SearchedAsWordsWithOneNote) {
  const QueryRewriter rewriter(english());
  const RewrittenQuery rewritten = rewriter.rewrite(GetParam().query);
  EXPECT_EQ(rewritten.text, GetParam().expected) << GetParam().query;
  ASSERT_EQ(rewritten.notes.size(), 1U) << GetParam().query;
  EXPECT_NE(rewritten.notes.front().find(GetParam().note_part), std::string::npos) << rewritten.notes.front();
  EXPECT_EQ(rewritten.notes.front().find('\n'), std::string::npos) << "one line";
}

INSTANTIATE_TEST_SUITE_P(
    Table, NoteTest,
    ::testing::Values(
        NoteCase{"field name colon space", "coffee talks date: march", "coffee talks date march",
                 "'date: ' is searched as the word date: a field takes its value right after the colon (date:2024-07)"},
        NoteCase{"source colon space", "the source: brazil officials", "the source brazil officials",
                 "'source: ' is searched as the word source"},
        NoteCase{"pasted header", "Date: March 3 coffee", "date march 3 coffee", "'Date: ' is searched as the word date"},
        NoteCase{"title colon space", "title: oil prices", "title oil prices", "the word title"},
        NoteCase{"unbalanced quote", "\"oil prices", "oil prices",
                 "the '\"' at '\"oil prices' is never closed: it was ignored"},
        NoteCase{"pasted quotation end", "critical point: advance or be left behind,\" Wang told Kamikawa",
                 "critical point advance or be left behind wang told kamikawa", "is never closed"},
        NoteCase{"inch mark", "a 12\" pipe", "a 12 pipe", "the '\"' at '\" pipe' is never closed"},
        NoteCase{"unbalanced field quote", "author:\"smith", "author:\"smith\"", "'\"smith' is never closed"}),
    test::RowName{});

TEST(NoteTest, TypedQueriesHaveNone) {
  const QueryRewriter rewriter(english());
  for (const char* query : {"coffee date:2024", "\"oil prices\" gas", "title:opec", "point: of order"}) {
    EXPECT_TRUE(rewriter.rewrite(query).notes.empty()) << query;
  }
}

TEST(RewriteTest, WordsCarryStemsSpansAndFlags) {
  const QueryRewriter rewriter(english());
  const RewrittenQuery q = rewriter.rewrite("Curbs title:exports -gas export*");
  ASSERT_EQ(q.words.size(), 4U);
  EXPECT_EQ(q.words[0].term, "curbs");
  EXPECT_EQ(q.words[0].stem, "curb");
  EXPECT_EQ(q.cleaned.substr(q.words[0].begin, q.words[0].end - q.words[0].begin), "Curbs");
  EXPECT_TRUE(q.words[1].in_title);
  EXPECT_TRUE(q.words[2].excluded);
  EXPECT_TRUE(q.words[3].wildcard);
  EXPECT_FALSE(q.words[3].excluded);
}

TEST(RewriteTest, DatesAreRecorded) {
  const QueryRewriter rewriter(english());
  const RewrittenQuery q = rewriter.rewrite("oil date:1987-03");
  ASSERT_EQ(q.dates.size(), 1U);
  ASSERT_TRUE(q.dates[0].first && q.dates[0].last);
  EXPECT_EQ(q.dates[0].first->iso(), "1987-03-01");
  EXPECT_EQ(q.dates[0].last->iso(), "1987-03-31");
}

TEST(RewriteTest, InvalidUtf8IsRepairedNotFatal) {
  const QueryRewriter rewriter(english());
  const RewrittenQuery q = rewriter.rewrite("oil \xff\xfe prices");
  EXPECT_EQ(q.text, "oil prices");
}

TEST(RewriteTest, LimitsAreConfigurable) {
  QueryLimits limits;
  limits.max_words = 2;
  const QueryRewriter rewriter(english(), limits);
  EXPECT_NO_THROW((void)rewriter.rewrite("a b"));
  EXPECT_THROW((void)rewriter.rewrite("a b c"), UsageError);
}

} // namespace
} // namespace dateline::searcher
