/** @file word_classes_test.cpp
 *  @brief TextAnalyzer on the classes of words that issues 9 and 14 found
 *  split, dropped or glued: invisible characters inside words (#14.13),
 *  emoji sequences next to words (#9.5), elided articles (#9.6) and numbers
 *  or acronyms with inner punctuation that must stay one term (#9.5).
 *  Every row runs through both segmenters (the ASCII fast path and ICU).
 */
#include "common/text_analyzer.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace dateline {
namespace {

struct ClassCase {
  const char* name;
  const char* language;
  std::string input;
  std::vector<std::string> expected;
};

void PrintTo(const ClassCase& row, std::ostream* os) { *os << row.name; }

std::vector<std::string> terms_of(const TextAnalyzer& analyzer, const std::string& text, Segmenter segmenter) {
  std::vector<std::string> terms;
  for (const Token& token : analyzer.tokenize(text, segmenter)) terms.push_back(token.term);
  return terms;
}

class WordClassTest : public ::testing::TestWithParam<ClassCase> {};

TEST_P(WordClassTest, Terms) {
  const ClassCase& row = GetParam();
  const TextAnalyzer analyzer(row.language);
  EXPECT_EQ(terms_of(analyzer, row.input, Segmenter::automatic), row.expected) << row.name;
  EXPECT_EQ(terms_of(analyzer, row.input, Segmenter::icu), row.expected) << row.name << " (ICU alone)";
}

TEST_P(WordClassTest, SpansCoverTheWholeWord) {
  // A token's span starts and ends on visible text: normalising the span
  // gives back the term (elision aside, which drops a leading article, and
  // apostrophes at the word's end, which are never part of a term).
  const ClassCase& row = GetParam();
  const TextAnalyzer analyzer(row.language);
  for (const Token& token : analyzer.tokenize(row.input)) {
    ASSERT_LE(token.end, row.input.size());
    std::string span = analyzer.normalize(row.input.substr(token.begin, token.end - token.begin));
    while (!span.empty() && span.back() == '\'') span.pop_back();
    EXPECT_TRUE(span.ends_with(token.term)) << row.name << ": span '" << span << "' term '" << token.term << "'";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Invisible, WordClassTest,
    ::testing::Values(
        // #14.13: U+200B is the only default-ignorable code point that UAX #29
        // does not ignore inside a word; the others already are.
        ClassCase{"zwsp inside a word", "english", "ex\u200Bport curbs", {"export", "curbs"}},
        ClassCase{"two zwsp inside a word", "english", "ex\u200B\u200Bport", {"export"}},
        ClassCase{"zwsp at the edges of a word", "english", "\u200Bexport\u200B curbs", {"export", "curbs"}},
        ClassCase{"zwsp inside a number", "english", "20\u200B24", {"2024"}},
        ClassCase{"zwsp inside cyrillic", "english", "\u041C\u043E\u0441\u200B\u043A\u0432\u0430", {"\u043C\u043E\u0441\u043A\u0432\u0430"}},
        ClassCase{"zwsp next to an apostrophe", "english", "Japan\u200B's", {"japan's"}},
        ClassCase{"word joiner", "english", "ex\u2060port", {"export"}},
        ClassCase{"bom inside text", "english", "ex\uFEFFport", {"export"}},
        ClassCase{"mongolian vowel separator", "english", "ex\u180Eport", {"export"}},
        ClassCase{"soft hyphen", "english", "ex\u00ADport", {"export"}},
        ClassCase{"zwnj", "english", "ex\u200Cport", {"export"}},
        ClassCase{"zwj", "english", "ex\u200Dport", {"export"}},
        // Scripts written without spaces use U+200B as their word separator.
        ClassCase{"zwsp separates thai words", "english",
                  "\u0E09\u0E31\u0E19\u0E23\u0E31\u0E01\u200B\u0E20\u0E32\u0E29\u0E32",
                  {"\u0E09\u0E31\u0E19", "\u0E23\u0E31\u0E01", "\u0E20\u0E32\u0E29\u0E32"}},
        ClassCase{"zwsp separates chinese words", "english", "\u4E2D\u65E5\u200B\u5173\u7CFB",
                  {"\u4E2D\u65E5", "\u5173\u7CFB"}}),
    test::RowName{});

INSTANTIATE_TEST_SUITE_P(
    Emoji, WordClassTest,
    ::testing::Values(
        // #9.5: ZWJ + pictograph glued a word into an emoji sequence that ICU
        // does not count as a word, and the word vanished.
        ClassCase{"zwj heart after a word", "english", "abc\u200D\u2764 def", {"abc", "def"}},
        ClassCase{"zwj heart between words", "english", "abc\u200D\u2764def", {"abc", "def"}},
        ClassCase{"zwj heart with vs16", "english", "love\u200D\u2764\uFE0F news", {"love", "news"}},
        ClassCase{"zwj family after a word", "english",
                  "family\u200D\U0001F468\u200D\U0001F469\u200D\U0001F467 day", {"family", "day"}},
        ClassCase{"zwj emoji after a number", "english", "2024\u200D\U0001F389", {"2024"}},
        ClassCase{"zwj emoji after cyrillic", "english", "\u043C\u0438\u0440\u200D\u2764",
                  {"\u043C\u0438\u0440"}},
        ClassCase{"zwj emoji before a word", "english", "\u2764\u200Dabc", {"abc"}},
        ClassCase{"emoji with vs16 between words", "english", "abc\u2764\uFE0Fdef", {"abc", "def"}},
        ClassCase{"skin tone modifier between words", "english", "ok\U0001F44D\U0001F3FDok", {"ok", "ok"}},
        ClassCase{"flag before a word", "english", "\U0001F1EB\U0001F1F7France", {"france"}},
        ClassCase{"keycap", "english", "1\uFE0F\u20E3 first", {"1", "first"}},
        ClassCase{"emoji alone", "english", "\u2764\uFE0F \U0001F44D\U0001F3FD", {}},
        ClassCase{"variation selector after a word", "english", "abc\uFE0F", {"abc"}},
        // A ZWJ inside a word of an Indic script is part of its spelling.
        ClassCase{"devanagari zwj is kept inside the word", "english", "\u0915\u094D\u200D\u0937",
                  {"\u0915\u094D\u0937"}}),
    test::RowName{});

INSTANTIATE_TEST_SUITE_P(
    Elision, WordClassTest,
    ::testing::Values(
        // #9.6, under the languages that elide (Lucene's ElisionFilter articles).
        ClassCase{"french", "french", "l'\u00E9lection pr\u00E9sidentielle", {"election", "presidentielle"}},
        ClassCase{"french curly apostrophe", "french", "d\u2019Italie", {"italie"}},
        ClassCase{"french qu", "french", "qu'il lorsqu'elle jusqu'\u00E0 puisqu'on quoiqu'il",
                  {"il", "elle", "a", "on", "il"}},
        ClassCase{"french before a consonant", "french", "c'mon", {"mon"}},
        ClassCase{"french capitals", "french", "L'\u00C9LECTION", {"election"}},
        ClassCase{"french ascii line", "french", "l'election d'Italie", {"election", "italie"}},
        ClassCase{"french keeps other apostrophes", "french", "aujourd'hui presqu'\u00EEle prud'homme",
                  {"aujourd'hui", "presqu'ile", "prud'homme"}},
        ClassCase{"french strips one article", "french", "l'l'a", {"l'a"}},
        ClassCase{"italian", "italian", "dell'Unione l'anno un'altra gl'italiani", {"unione", "anno", "altra", "italiani"}},
        ClassCase{"catalan", "catalan", "l'Ajuntament d'Espanya s'ha", {"ajuntament", "espanya", "ha"}},
        ClassCase{"irish", "irish", "d'fh\u00E1g m'athair b'fh\u00E9idir", {"fhag", "athair", "fheidir"}},
        // Under every other language (english is the default) the same
        // articles are dropped only before a vowel, h or (Irish) fh: French
        // and Italian quoted in English text, never English words.
        ClassCase{"english with french text", "english", "l'\u00E9lection pr\u00E9sidentielle",
                  {"election", "presidentielle"}},
        ClassCase{"english with names", "english", "Giscard d'Estaing, L'Or\u00E9al, D\u2019Angelo",
                  {"giscard", "estaing", "oreal", "angelo"}},
        ClassCase{"english with italian", "english", "dell'Unione all'estero", {"unione", "estero"}},
        ClassCase{"english before h", "english", "l'homme d'hier", {"homme", "hier"}},
        ClassCase{"english with irish", "english", "d'fh\u00E1g", {"fhag"}},
        ClassCase{"english ascii line", "english", "l'election qu'il", {"election", "il"}},
        ClassCase{"english words are untouched", "english", "c'mon s'pose don't O'Brien rock'n'roll Japan's",
                  {"c'mon", "s'pose", "don't", "o'brien", "rock'n'roll", "japan's"}},
        ClassCase{"none elides like english", "none", "l'\u00E9lection c'mon", {"election", "c'mon"}},
        ClassCase{"german elides like english", "german", "l'Europe", {"europe"}}),
    test::RowName{});

INSTANTIATE_TEST_SUITE_P(
    OneTerm, WordClassTest,
    ::testing::Values(
        // #9.5: these stay one term in the index (the query side reads them
        // back as one term too: parity_test).
        ClassCase{"swiss thousands", "english", "CHF 1'000'000", {"chf", "1'000'000"}},
        ClassCase{"arabic thousands separator", "english", "1\u066C000", {"1\u066C000"}},
        ClassCase{"hebrew acronyms with ascii quote", "english", "\u05E6\u05D4\"\u05DC \u05D0\u05E8\u05D4\"\u05D1",
                  {"\u05E6\u05D4\"\u05DC", "\u05D0\u05E8\u05D4\"\u05D1"}},
        ClassCase{"french numbers are not elided", "french", "1'000", {"1'000"}},
        // The Hebrew punctuation marks are the same terms as their ASCII stand-ins,
        // which most Hebrew keyboards type: gershayim U+05F4 is '"', geresh U+05F3 is '\''.
        ClassCase{"hebrew gershayim is the ascii quote", "english", "\u05E6\u05D4\u05F4\u05DC \u05D0\u05E8\u05D4\u05F4\u05D1",
                  {"\u05E6\u05D4\"\u05DC", "\u05D0\u05E8\u05D4\"\u05D1"}},
        ClassCase{"hebrew geresh is the apostrophe", "english", "\u05D2\u05F3\u05D5\u05E8\u05D2\u05F3 \u05D2'\u05D5\u05E8\u05D2'",
                  {"\u05D2'\u05D5\u05E8\u05D2", "\u05D2'\u05D5\u05E8\u05D2"}}),
    test::RowName{});

} // namespace
} // namespace dateline
