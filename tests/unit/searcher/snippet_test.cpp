/** @file snippet_test.cpp
 *  @brief Snippet windows, cut points and highlight ranges (table-driven).
 */
#include "searcher/snippet.hpp"

#include "common/encoding.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::searcher {
namespace {

TextAnalyzer& english() {
  static TextAnalyzer analyzer("english");
  return analyzer;
}

/// The snippet with highlights written as [[...]], for readable expectations.
std::string marked(const Snippet& snippet) {
  std::string out;
  std::size_t at = 0;
  for (const auto& [begin, end] : snippet.highlights) {
    out += snippet.text.substr(at, begin - at) + "[[" + snippet.text.substr(begin, end - begin) + "]]";
    at = end;
  }
  return out + snippet.text.substr(at);
}

struct SnippetCase {
  const char* name;
  std::string text;
  std::vector<std::string> terms;
  std::vector<std::string> stems;
  std::size_t max_chars;
  std::vector<std::string> expected;  ///< marked fragments
  std::size_t fragments = 1;
};

class SnippetTest : public ::testing::TestWithParam<SnippetCase> {};

TEST_P(SnippetTest, CutsAndHighlights) {
  const SnippetCase& row = GetParam();
  HighlightTerms terms;
  terms.terms.insert(row.terms.begin(), row.terms.end());
  terms.stems.insert(row.stems.begin(), row.stems.end());
  const std::vector<Snippet> snippets = make_snippets(row.text, terms, english(), {row.fragments, row.max_chars});
  std::vector<std::string> got;
  for (const Snippet& s : snippets) {
    EXPECT_TRUE(is_valid_utf8(s.text));
    got.push_back(marked(s));
  }
  EXPECT_EQ(got, row.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SnippetTest,
    ::testing::Values(
        SnippetCase{"whole short text", "Oil prices rose.", {"oil"}, {}, 200, {"[[Oil]] prices rose."}},
        SnippetCase{"no match starts at the beginning", "Alpha beta gamma delta epsilon zeta.", {"omega"}, {}, 17,
                    {"Alpha beta gamma…"}},
        SnippetCase{"cut on word boundaries with ellipses",
                    "one two three four five six seven eight nine ten eleven twelve", {"seven"}, {}, 20,
                    {"…six [[seven]] eight nine…"}},
        SnippetCase{"stem matches", "The curbs were tightened; curbing exports.", {}, {"curb"}, 200,
                    {"The [[curbs]] were tightened; [[curbing]] exports."}},
        SnippetCase{"adjacent matches merge (phrase)", "said the foreign minister of Japan", {"foreign", "minister"},
                    {}, 200, {"said the [[foreign minister]] of Japan"}},
        SnippetCase{"densest window wins",
                    "oil at the start. filler filler filler filler filler filler filler filler filler filler. "
                    "opec oil output here",
                    {"oil", "opec", "output"}, {}, 30, {"…filler. [[opec oil output]] here"}},
        SnippetCase{"two fragments in text order",
                    "alpha one two three four five six seven eight nine beta ten eleven twelve thirteen fourteen "
                    "fifteen gamma",
                    {"alpha", "gamma"}, {}, 12, {"[[alpha]] one…", "…[[gamma]]"}, 2},
        SnippetCase{"whitespace collapsed and controls stripped", "Oil\n\n  prices\x07 \x1b[31mrose\x1b[0m",
                    {"prices"}, {}, 200, {"Oil [[prices]] rose"}},
        SnippetCase{"cjk never split", "中日两国外长在万象会晤，中日关系正处于关键时期。", {"关系"}, {}, 8,
                    {"…中日[[关系]]正处于…"}},
        // A text shown to its end ends as it does: closing punctuation other than ASCII
        // (CJK 。, curly quotes, guillemets) is kept and no "…" claims that more follows.
        SnippetCase{"cjk full stop ends a whole text", "中日两国外长会晤，中日关系正处于关键时期。", {"关系"}, {},
                    200, {"中日两国外长会晤，中日[[关系]]正处于关键时期。"}},
        SnippetCase{"cjk closing bracket and full stop", "外长表示：「关系稳定。」", {"关系"}, {}, 200,
                    {"外长表示：「[[关系]]稳定。」"}},
        SnippetCase{"curly quote ends a whole text", "He said \u201cthe port is closed.\u201d", {"port"}, {}, 200,
                    {"He said \u201cthe [[port]] is closed.\u201d"}},
        SnippetCase{"guillemet ends a whole text", "Il a dit \u00abc'est le port\u00bb", {"port"}, {}, 200,
                    {"Il a dit \u00abc'est le [[port]]\u00bb"}},
        SnippetCase{"accented text matches folded term", "Le café était fermé.", {"cafe"}, {}, 200,
                    {"Le [[café]] était fermé."}},
        SnippetCase{"empty text", "", {"oil"}, {}, 200, {}},
        SnippetCase{"one overlong word kept alone", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbb", {"bbb"}, {}, 20,
                    {"…[[bbb]]"}}),
    test::RowName{});

TEST(SnippetTest, ZeroFragmentsGivesNothing) {
  HighlightTerms terms;
  terms.terms.insert("oil");
  EXPECT_TRUE(make_snippets("oil", terms, english(), {0, 100}).empty());
}

TEST(SnippetTest, InvalidUtf8IsRepaired) {
  HighlightTerms terms;
  terms.terms.insert("oil");
  const auto snippets = make_snippets("oil \xff\xfe prices", terms, english(), {1, 100});
  ASSERT_EQ(snippets.size(), 1U);
  EXPECT_TRUE(is_valid_utf8(snippets[0].text));
}

TEST(SnippetTest, WildcardPrefixesMatch) {
  HighlightTerms terms;
  terms.prefixes.push_back("export");
  const auto snippets = make_snippets("Exporters and exports rose, imports fell", terms, english(), {1, 200});
  ASSERT_EQ(snippets.size(), 1U);
  EXPECT_EQ(marked(snippets[0]), "[[Exporters]] and [[exports]] rose, imports fell");
}

TEST(SnippetTest, StemmersThatRemovePrefixesStillHighlight) {
  // Indonesian "menulis" stems to "ulis": the first-byte shortcut must not
  // hide it (nor Irish "bhfear" -> "fear").
  struct Row {
    const char* language;
    const char* stem;
    std::string text;
    std::string expected;
  };
  for (const Row& row : {Row{"indonesian", "ulis", "Dia menulis surat", "Dia [[menulis]] surat"},
                         Row{"irish", "fear", "an bhfear mor", "an [[bhfear]] mor"}}) {
    const TextAnalyzer analyzer(row.language);
    EXPECT_FALSE(analyzer.stems_keep_first_byte()) << row.language;
    HighlightTerms terms;
    terms.stems.insert(row.stem);
    const auto snippets = make_snippets(row.text, terms, analyzer, {1, 200});
    ASSERT_EQ(snippets.size(), 1U) << row.language;
    EXPECT_EQ(marked(snippets[0]), row.expected) << row.language;
  }
  EXPECT_TRUE(english().stems_keep_first_byte());
}

/// Wall-clock seconds of one make_snippets call.
double seconds_for(std::string_view text, const HighlightTerms& terms, const SnippetOptions& options,
                   std::vector<Snippet>& out) {
  const auto start = std::chrono::steady_clock::now();
  out = make_snippets(text, terms, english(), options);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Issue 14, item 7: choosing windows cost matches x window size x distinct
// keys (67 s for the first row, minutes for the second). Linear now: each row
// takes milliseconds; the bound is generous for sanitizer builds.
TEST(SnippetTest, WindowChoiceIsLinearInTheMatches) {
  std::string distinct_words;  // 10,000 distinct words starting with x, ~72 KB
  for (int i = 0; i < 10000; ++i) distinct_words += "x" + std::to_string(i * 7919 % 100000) + "ab ";
  std::string one_word;  // "zz zz zz ...", 1 MB (the first 256 KB are scanned)
  for (int i = 0; i < 1024 * 1024 / 3; ++i) one_word += "zz ";
  HighlightTerms prefix_x;
  prefix_x.prefixes.push_back("x");
  HighlightTerms zz;
  zz.terms.insert("zz");
  struct Row {
    const char* name;
    const std::string& text;
    const HighlightTerms& terms;
    SnippetOptions options;
  };
  for (const Row& row : {Row{"x* one fragment", distinct_words, prefix_x, {1, 10000}},
                         Row{"x* ten fragments", distinct_words, prefix_x, {10, 10000}},
                         Row{"zz ten fragments", one_word, zz, {10, 10000}}}) {
    std::vector<Snippet> snippets;
    const double seconds = seconds_for(row.text, row.terms, row.options, snippets);
    EXPECT_LT(seconds, 3.0) << row.name;
    ASSERT_FALSE(snippets.empty()) << row.name;
    EXPECT_FALSE(snippets[0].highlights.empty()) << row.name;
  }
}

// The sliding window keeps the old ranking: distinct words first, then
// adjacent matches, then count; ties go to the earliest window.
TEST(SnippetTest, SlidingWindowKeepsTheRanking) {
  HighlightTerms terms;
  terms.terms = {"oil", "price", "opec"};
  const std::string text =
      "oil oil oil oil filler filler filler filler filler filler filler filler filler filler filler filler "
      "oil and the price filler filler filler filler filler filler filler filler filler filler filler filler "
      "opec oil price rose";
  const auto snippets = make_snippets(text, terms, english(), {2, 30});
  ASSERT_EQ(snippets.size(), 2U);
  EXPECT_EQ(marked(snippets[1]), "\u2026filler [[opec oil price]] rose");
  EXPECT_EQ(marked(snippets[0]), "\u2026[[oil]] and the [[price]] filler\u2026");
}

TEST(SnippetTest, HighlightTermsComeFromThePositiveQuery) {
  const Xapian::Query query(
      Xapian::Query::OP_AND_NOT,
      Xapian::Query(Xapian::Query::OP_OR,
                    Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("oil"), Xapian::Query("Zcurb")),
                    Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("Sopec"), Xapian::Query("ZSprice"))),
      Xapian::Query("gas"));
  const Xapian::Query filtered(Xapian::Query::OP_FILTER, query, Xapian::Query("XTOPICcoffee"));
  const HighlightTerms terms = collect_highlight_terms(filtered, RewrittenQuery{});
  EXPECT_TRUE(terms.terms.count("oil"));
  EXPECT_TRUE(terms.terms.count("opec"));
  EXPECT_TRUE(terms.stems.count("curb"));
  EXPECT_TRUE(terms.stems.count("price"));
  EXPECT_FALSE(terms.terms.count("gas"));
  EXPECT_FALSE(terms.terms.count("XTOPICcoffee"));
  EXPECT_EQ(terms.terms.size(), 2U);
}

/// A synonym expansion as Xapian's QueryParser builds it (FLAG_AUTO_SYNONYMS,
/// FLAG_AUTO_MULTIWORD_SYNONYMS): the typed word's stem, one-word synonyms
/// and each multi-word synonym as a phrase of unstemmed terms.
Xapian::Query synonyms(const std::string& stem, const std::vector<std::string>& words,
                       const std::vector<std::vector<std::string>>& phrases) {
  std::vector<Xapian::Query> parts{Xapian::Query("Z" + stem)};
  for (const std::string& word : words) parts.emplace_back(word);
  for (const auto& phrase : phrases) parts.emplace_back(Xapian::Query::OP_PHRASE, phrase.begin(), phrase.end(), phrase.size());
  return Xapian::Query(Xapian::Query::OP_SYNONYM, parts.begin(), parts.end());
}

Xapian::Query phrase(const std::vector<std::string>& words, Xapian::termcount window) {
  return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), window);
}

struct SynonymPhraseCase {
  const char* name;
  Xapian::Query query;
  std::string text;
  std::string expected;  ///< marked
};

class SynonymPhraseTest : public ::testing::TestWithParam<SynonymPhraseCase> {};

// #12.2: a multi-word synonym matches as a phrase, so its words are
// highlighted where the phrase stands, not wherever each word does ("usa"
// highlighted every "of" through "united states of america").
TEST_P(SynonymPhraseTest, PhraseWordsOnlyWhereThePhraseStands) {
  const SynonymPhraseCase& row = GetParam();
  const HighlightTerms terms = collect_highlight_terms(row.query, RewrittenQuery{});
  const std::vector<Snippet> snippets = make_snippets(row.text, terms, english(), {1, 1000});
  ASSERT_EQ(snippets.size(), 1U);
  EXPECT_EQ(marked(snippets.front()), row.expected);
}

const Xapian::Query k_usa = synonyms("usa", {"america"}, {{"united", "states"}, {"united", "states", "of", "america"}});
const Xapian::Query k_boj = synonyms("boj", {}, {{"bank", "of", "japan"}});

INSTANTIATE_TEST_SUITE_P(
    Rows, SynonymPhraseTest,
    ::testing::Values(
        SynonymPhraseCase{"words_alone_are_not_the_phrase", k_usa, "Exports of chips to the states of America.",
                          "Exports of chips to the states of [[America]]."},
        SynonymPhraseCase{"the_phrase", k_usa, "Japan joined the United States in the talks.",
                          "Japan joined the [[United States]] in the talks."},
        SynonymPhraseCase{"the_longer_phrase", k_usa, "The United States of America said so.",
                          "The [[United States of America]] said so."},
        SynonymPhraseCase{"cut_short", k_usa, "The United Nations of Europe.", "The United Nations of Europe."},
        SynonymPhraseCase{"phrase_and_stray_words", k_boj,
                          "The Bank of Japan raised rates; on the bank of a river in Japan.",
                          "The [[Bank of Japan]] raised rates; on the bank of a river in Japan."},
        SynonymPhraseCase{"phrase_at_the_end", k_boj, "Rates held by the bank of japan",
                          "Rates held by the [[bank of japan]]"},
        SynonymPhraseCase{"a_typed_word_stays_a_word",
                          Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("of"), k_boj),
                          "Talk of the Bank of Japan.", "Talk [[of]] the [[Bank of Japan]]."},
        // A typed quoted phrase is highlighted the same way (Lucene's
        // phrase-aware highlighters do so): not every "of".
        SynonymPhraseCase{"a_typed_phrase", phrase({"shortage", "of", "chips"}, 3),
                          "A shortage of chips, a kind of shortage.", "A [[shortage of chips]], a kind of shortage."},
        SynonymPhraseCase{"a_typed_phrase_beside_a_word",
                          Xapian::Query(Xapian::Query::OP_AND, phrase({"oil", "prices"}, 2), Xapian::Query("opec")),
                          "Oil rose; OPEC said oil prices held.", "Oil rose; [[OPEC]] said [[oil prices]] held."},
        // ADJ/n builds a phrase with a wider window: its words are found in
        // order but not in a row, so each is highlighted where it stands.
        SynonymPhraseCase{"a_wider_window_highlights_its_words", phrase({"oil", "prices"}, 4),
                          "Oil and gas prices.", "[[Oil]] and gas [[prices]]."}),
    test::RowName{});

} // namespace
} // namespace dateline::searcher
