/** @file term_generator_test.cpp
 *  @brief Piecewise term generation equals whole-text analysis; the word
 *  budget; where pieces are cut (table-driven).
 */
#include "common/term_generator.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace dateline {
namespace {

std::vector<std::string> whole_text_terms(const TextAnalyzer& analyzer, std::string_view text) {
  std::vector<std::string> out;
  for (const Token& token : analyzer.tokenize(text)) out.push_back(token.term);
  return out;
}

std::vector<std::string> generated_terms(const TextAnalyzer& analyzer, std::string_view text) {
  std::vector<IndexTerm> terms;
  TermOptions options;
  options.with_stems = false;
  const Xapian::termpos next = generate_terms(analyzer, text, options, terms);
  std::vector<std::string> out;
  Xapian::termpos expected = 1;
  for (const IndexTerm& t : terms) {
    EXPECT_EQ(t.position, expected++);
    out.push_back(t.term);
  }
  EXPECT_EQ(next, expected);
  return out;
}

struct ChunkCase {
  const char* name;
  std::string unit;  ///< repeated until the text is several pieces long
};

class PiecewiseTerms : public ::testing::TestWithParam<ChunkCase> {};

// Text longer than k_term_chunk_bytes gives exactly the terms of analysing it
// whole: pieces are cut where every script has a word boundary.
TEST_P(PiecewiseTerms, EqualWholeTextAnalysis) {
  const TextAnalyzer analyzer("english");
  std::string text;
  while (text.size() < 3 * k_term_chunk_bytes + 777) text += GetParam().unit;
  EXPECT_EQ(generated_terms(analyzer, text), whole_text_terms(analyzer, text));
}

INSTANTIATE_TEST_SUITE_P(
    Scripts, PiecewiseTerms,
    ::testing::Values(ChunkCase{"Ascii", "Oil prices rose 3.5% on Monday, U.S. officials said. "},
                      ChunkCase{"CrLf", "Line one\r\nline two\r\n"},
                      ChunkCase{"Accents", "Zoë's café, naïve coöperation; "},
                      ChunkCase{"CjkWithSpaces", "東京都の天気 晴れ 北京 "},
                      ChunkCase{"Thai", "ภาษาไทยง่ายนิดเดียว "},
                      ChunkCase{"Combining", "e\xCC\x81t\xC3\xA9 \xCC\x81x "}),
    test::RowName{});

TEST(PiecewiseTerms, PiecesEndOnWordBoundariesOrCodePoints) {
  struct Row {
    const char* name;
    std::string text;
    std::size_t chunk;
    std::size_t expected_end;
  };
  const std::string no_space(100, 'a');
  const std::string cjk = "\xE6\x9D\xB1\xE4\xBA\xAC\xE6\x9D\xB1\xE4\xBA\xAC\xE6\x9D\xB1\xE4\xBA\xAC"
                          "\xE6\x9D\xB1\xE4\xBA\xAC\xE6\x9D\xB1\xE4\xBA\xAC\xE6\x9D\xB1\xE4\xBA\xAC"
                          "\xE6\x9D\xB1\xE4\xBA\xAC\xE6\x9D\xB1\xE4\xBA\xAC\xE6\x9D\xB1\xE4\xBA\xAC"
                          "\xE6\x9D\xB1\xE4\xBA\xAC\xE6\x9D\xB1\xE4\xBA\xAC\xE6\x9D\xB1\xE4\xBA\xAC";
  for (const Row& row : {Row{"short", "abc def", 16, 7},
                         Row{"last space", "aaaa bbbb cccc dddd eeee ffff", 16, 15},
                         Row{"no CR LF split", "aaaaaaaaaaaaaa\r\nbbbbbbbbbbbbbbbbbbbbb", 16, 16},
                         Row{"space further on", "aaaaaaaaaaaaaaaaaaaaaa bb" + no_space, 16, 23},
                         Row{"code point", cjk, 16, 15}}) {
    EXPECT_EQ(term_chunk_end(row.text, 0, row.chunk), row.expected_end) << row.name;
  }
  EXPECT_EQ(term_chunk_end(no_space, 0, 16), 16U);
}

TEST(WordBudget, RefusesTheFirstNewWordOverTheCapAndStays) {
  WordBudget budget(2);
  EXPECT_TRUE(budget.admit("a"));
  EXPECT_TRUE(budget.admit("b"));
  EXPECT_TRUE(budget.admit("a"));
  EXPECT_FALSE(budget.exhausted());
  EXPECT_FALSE(budget.admit("c"));
  EXPECT_TRUE(budget.exhausted());
  EXPECT_FALSE(budget.admit("a"));
  EXPECT_EQ(budget.size(), 2U);
}

TEST(WordBudget, GenerationStopsAtTheRefusedWord) {
  const TextAnalyzer analyzer("none");
  WordBudget budget(3);
  TermOptions options;
  options.budget = &budget;
  std::vector<IndexTerm> terms;
  const Xapian::termpos next = generate_terms(analyzer, "a b a c d a b", options, terms);
  ASSERT_EQ(terms.size(), 4U);
  EXPECT_EQ(terms.back().term, "c");
  EXPECT_EQ(next, 5U);
  EXPECT_TRUE(budget.exhausted());
}

} // namespace
} // namespace dateline

namespace dateline {
namespace {

/// #13.3: CJK runs also give XBI bigrams, positional among themselves
/// (consecutive in a run, one apart between runs), after the words admitted.
// #15.5: the title is analysed once. The copies generate_terms hands to
// TermOptions::copy_sink are exactly the terms of a second call with the
// copy's prefix (S for the title), and the main terms are those of a call
// without copies, for every kind of title: stems, CJK (whose bigrams are not
// copied), words at Xapian's term limit under a long copy prefix (a word
// that fits unprefixed but not under the copy's prefix, so the copy's
// positions after it differ from the unprefixed ones; the analyzer drops
// words over 64 bytes, so with S this cannot happen), a word budget that
// stops the text, several pieces.
struct CopyCase {
  const char* name;
  std::string text;
  std::size_t budget = 0;  ///< 0 = none
  std::string prefix = "S";
};

class CopyTerms : public ::testing::TestWithParam<CopyCase> {};

std::vector<IndexTerm> terms_with(const TextAnalyzer& analyzer, const CopyCase& c, TermOptions options) {
  WordBudget budget(c.budget);
  if (c.budget > 0) options.budget = &budget;
  std::vector<IndexTerm> out;
  (void)generate_terms(analyzer, c.text, options, out);
  return out;
}

std::vector<std::tuple<std::string, Xapian::termpos, Xapian::termcount>> flat(const std::vector<IndexTerm>& terms) {
  std::vector<std::tuple<std::string, Xapian::termpos, Xapian::termcount>> out;
  for (const IndexTerm& t : terms) out.emplace_back(t.term, t.position, t.wdf);
  return out;
}

TEST_P(CopyTerms, EqualASecondCallWithTheCopysPrefix) {
  const TextAnalyzer analyzer("english");
  const CopyCase& c = GetParam();
  TermOptions main;
  main.wdf = 3;
  Xapian::termpos bigrams = 1;
  main.bigram_position = &bigrams;
  const std::vector<IndexTerm> expected_main = terms_with(analyzer, c, main);
  TermOptions second;
  second.prefix = c.prefix;
  const std::vector<IndexTerm> expected_copies = terms_with(analyzer, c, second);
  ASSERT_FALSE(expected_copies.empty());

  std::vector<IndexTerm> copies;
  const TermSink copy_sink = [&copies](std::vector<IndexTerm>& piece) {
    copies.insert(copies.end(), piece.begin(), piece.end());
  };
  TermOptions both = main;
  bigrams = 1;
  both.copy_sink = &copy_sink;
  both.copy_prefix = c.prefix;
  const std::vector<IndexTerm> got_main = terms_with(analyzer, c, both);
  EXPECT_EQ(flat(got_main), flat(expected_main));
  EXPECT_EQ(flat(copies), flat(expected_copies));
}

// Session 15 (#15.2): with stems only where they differ, the wdf of every
// stem term left out, the copies' too, is counted
// (TermOptions::left_out_stem_wdf), so the marker can keep the document's
// length: the wdf of all terms with every stem is the wdf of those written
// plus the count, for every kind of title above (stems that do not fit under
// a long copy prefix, budgets, pieces).
TEST_P(CopyTerms, LeftOutStemsAreCountedToTheirWdf) {
  const TextAnalyzer analyzer("english");
  const CopyCase& c = GetParam();
  const auto total = [&](TermOptions options) {
    std::vector<IndexTerm> copies;
    const TermSink copy_sink = [&copies](std::vector<IndexTerm>& piece) {
      copies.insert(copies.end(), piece.begin(), piece.end());
    };
    Xapian::termpos bigrams = 1;
    options.wdf = 3;
    options.bigram_position = &bigrams;
    options.copy_sink = &copy_sink;
    options.copy_prefix = c.prefix;
    Xapian::termcount sum = 0;
    for (const IndexTerm& t : terms_with(analyzer, c, options)) sum += t.wdf;
    for (const IndexTerm& t : copies) sum += t.wdf;
    return sum;
  };
  Xapian::termcount left_out = 0;
  TermOptions differing;
  differing.stems_only_where_differ = true;
  differing.left_out_stem_wdf = &left_out;
  const Xapian::termcount written = total(differing);
  EXPECT_EQ(total(TermOptions{}), written + left_out);
}

TEST(LeftOutStems, CountTheWordsAndCopiesThatAreTheirOwnStem) {
  const TextAnalyzer analyzer("english");
  std::vector<IndexTerm> terms;
  const TermSink sink = [&terms](std::vector<IndexTerm>& piece) { terms.insert(terms.end(), piece.begin(), piece.end()); };
  TermOptions options;
  options.wdf = 3;
  options.copy_sink = &sink;
  options.copy_prefix = "S";
  options.stems_only_where_differ = true;
  Xapian::termcount left_out = 0;
  options.left_out_stem_wdf = &left_out;
  (void)generate_terms(analyzer, "Oil prices and oil", options, sink);
  // "oil" twice (Z wdf 3, ZS wdf 1 each); "prices" -> "price" differs; "and" is its own stem.
  EXPECT_EQ(left_out, 3U * (3 + 1));
  left_out = 0;
  options.stems_only_where_differ = false;  // every stem written: nothing left out
  (void)generate_terms(analyzer, "Oil prices and oil", options, sink);
  EXPECT_EQ(left_out, 0U);
}

INSTANTIATE_TEST_SUITE_P(
    Titles, CopyTerms,
    ::testing::Values(CopyCase{"Plain", "Oil prices rose sharply as OPEC ministers met"},
                      CopyCase{"RepeatedWords", "Talks on talks: the talking stops"},
                      CopyCase{"Accents", "Zoë's café reopens; naïve coöperation"},
                      CopyCase{"MixedCjk", "北京 talks 中国人民银行 rates"},
                      CopyCase{"WordsAtTheLimit",
                               "before " + std::string(60, 'w') + " after " + std::string(55, 'v') + " end " +
                                   std::string(54, 'u') + " last " + std::string(50, 'x') + "ing done",
                               0, std::string(190, 'X')},
                      CopyCase{"BudgetStops", "one two three two four five six", 3},
                      CopyCase{"SeveralPieces", [] {
                                 std::string text;
                                 while (text.size() < 2 * k_term_chunk_bytes + 99) text += "Floods hit the valley again. ";
                                 return text;
                               }()}),
    test::RowName{});

TEST(CjkBigramTerms, PositionalBigramsOfEachRun) {
  const TextAnalyzer analyzer("english");
  std::vector<IndexTerm> terms;
  TermOptions options;
  options.with_stems = false;
  Xapian::termpos bigram_position = 7;
  options.bigram_position = &bigram_position;
  (void)generate_terms(analyzer, "中国人民 oil 银行", options, terms);
  std::vector<std::pair<std::string, Xapian::termpos>> bigrams;
  for (const IndexTerm& t : terms) {
    if (t.term.starts_with("XBI")) bigrams.emplace_back(t.term, t.position);
  }
  const std::vector<std::pair<std::string, Xapian::termpos>> expected = {
      {"XBI中国", 7}, {"XBI国人", 8}, {"XBI人民", 9}, {"XBI银行", 11}};
  EXPECT_EQ(bigrams, expected);
  EXPECT_EQ(bigram_position, 13U);
}

TEST(CjkBigramTerms, NoneWithoutAPositionToStartFrom) {
  const TextAnalyzer analyzer("english");
  std::vector<IndexTerm> terms;
  (void)generate_terms(analyzer, "中国人民", TermOptions{}, terms);
  for (const IndexTerm& t : terms) EXPECT_FALSE(t.term.starts_with("XBI")) << t.term;
}

TEST(CjkBigramTerms, StopWhereTheWordBudgetStops) {
  const TextAnalyzer analyzer("english");
  std::vector<IndexTerm> terms;
  TermOptions options;
  WordBudget budget(1);
  options.budget = &budget;
  Xapian::termpos bigram_position = 1;
  options.bigram_position = &bigram_position;
  (void)generate_terms(analyzer, "银行 中国人民", options, terms);
  std::vector<std::string> bigrams;
  for (const IndexTerm& t : terms) {
    if (t.term.starts_with("XBI")) bigrams.push_back(t.term);
  }
  EXPECT_EQ(bigrams, std::vector<std::string>{"XBI银行"});
}

TEST(CjkEdgeTerms, FirstAndLastCharacterOfEachRunWithoutPositions) {
  const TextAnalyzer analyzer("english");
  std::vector<IndexTerm> terms;
  TermOptions options;
  options.with_stems = false;
  options.wdf = 3;
  Xapian::termpos bigram_position = 1;
  options.bigram_position = &bigram_position;
  (void)generate_terms(analyzer, "优惠。中方 oil 惠", options, terms);
  std::vector<std::string> edges;
  for (const IndexTerm& t : terms) {
    if (!t.term.starts_with("XBF") && !t.term.starts_with("XBL")) continue;
    edges.push_back(t.term);
    EXPECT_EQ(t.position, 0U) << t.term;
    EXPECT_EQ(t.wdf, 3U) << t.term;
  }
  const std::vector<std::string> expected = {"XBF优", "XBL惠", "XBF中", "XBL方", "XBF惠", "XBL惠"};
  EXPECT_EQ(edges, expected);
  // Edge terms take no bigram positions: the same positions as before them.
  EXPECT_EQ(bigram_position, 5U);
}

TEST(CjkEdgeTerms, NoneWithoutBigramsOrPastTheWordBudget) {
  const TextAnalyzer analyzer("english");
  std::vector<IndexTerm> terms;
  (void)generate_terms(analyzer, "优惠。中方", TermOptions{}, terms);
  TermOptions options;
  WordBudget budget(1);
  options.budget = &budget;
  Xapian::termpos bigram_position = 1;
  options.bigram_position = &bigram_position;
  (void)generate_terms(analyzer, "优惠 中方", options, terms);
  std::vector<std::string> edges;
  for (const IndexTerm& t : terms) {
    if (t.term.starts_with("XBF") || t.term.starts_with("XBL")) edges.push_back(t.term);
  }
  EXPECT_EQ(edges, (std::vector<std::string>{"XBF优", "XBL惠"}));
}

} // namespace
} // namespace dateline
