// The ASCII fast path of TextAnalyzer::tokenize must give exactly what ICU's
// word break gives: same words, offsets, scripts and joins. Checked on a
// table of edge cases, on seeded random text mixing every ASCII class with
// non-ASCII pieces, and on real text (Reuters-21578 and the Chinese corpus).
#include "common/text_analyzer.hpp"

#include "tests/support/param_name.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <bitset>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace dateline {
namespace {

std::string describe(const Token& t) {
  return "[" + t.term + " " + std::to_string(t.begin) + "-" + std::to_string(t.end) + " s" +
         std::to_string(static_cast<int>(t.script)) + (t.joined_to_previous ? " joined" : "") + "]";
}

bool same(const Token& a, const Token& b) {
  return a.term == b.term && a.begin == b.begin && a.end == b.end && a.script == b.script &&
         a.joined_to_previous == b.joined_to_previous;
}

/// Empty when both segmenters agree on @p text, else the first difference
/// with the text around it.
std::string difference(const TextAnalyzer& analyzer, const std::string& text) {
  const std::vector<Token> fast = analyzer.tokenize(text, Segmenter::automatic);
  const std::vector<Token> icu = analyzer.tokenize(text, Segmenter::icu);
  std::size_t i = 0;
  while (i < fast.size() && i < icu.size() && same(fast[i], icu[i])) ++i;
  if (i == fast.size() && i == icu.size()) return {};
  const std::size_t at = i < icu.size() ? icu[i].begin : fast[i].begin;
  const std::size_t from = at > 40 ? at - 40 : 0;
  return "token " + std::to_string(i) + " near \"" + text.substr(from, 80) + "\"\nfast path: " +
         (i < fast.size() ? describe(fast[i]) : "(none)") + "\nICU:       " +
         (i < icu.size() ? describe(icu[i]) : "(none)");
}

struct SegmentCase {
  const char* name;
  std::string input;
};

class SegmenterTableTest : public ::testing::TestWithParam<SegmentCase> {
protected:
  static inline TextAnalyzer analyzer{"english"};
};

TEST_P(SegmenterTableTest, FastPathEqualsIcu) {
  EXPECT_EQ(difference(analyzer, GetParam().input), "");
}

INSTANTIATE_TEST_SUITE_P(
    Table, SegmenterTableTest,
    ::testing::Values(
        SegmentCase{"letters and digits join", "abc123 123abc a1b2"},
        SegmentCase{"mid letter", "a:b a.b a'b a;b a,b"},
        SegmentCase{"mid number", "1,2 1;2 1.2 1'2 1:2"},
        SegmentCase{"mixed mids", "a.1 1.a a.b.c 1.2.3 a..b 1,,2"},
        SegmentCase{"mids at the edges", ".a a. 'a a' ,1 1, :a a:"},
        SegmentCase{"at sign is a letter to ICU", "a@b @ x@ @1 mail@example.com"},
        SegmentCase{"underscore", "_ __ a_ _a 1_ _1 a_b 1_2 a_.b a._b"},
        SegmentCase{"acronyms", "U.S. U.S.A the u.s. e.g. i.e."},
        SegmentCase{"apostrophes", "Japan's students' '90s rock'n'roll"},
        SegmentCase{"control characters", "a\tb\x0b""c\x0c""d\re\r\nf\x7fg\x01h"},
        SegmentCase{"quotes and brackets", "\"quoted\" (paren) [x] {y} <z>"},
        SegmentCase{"mixed lines", "plain ascii\ncafé line\nascii again\n中日关系\nend"},
        SegmentCase{"non-ascii line runs", "中日\n关系\nabc\nThaï\n\nx"},
        SegmentCase{"empty lines", "\n\n\na\n\n"},
        SegmentCase{"long word", std::string(200, 'x') + " a"},
        SegmentCase{"elided articles", "l'election d'Italie qu'il jusqu'a dell'Unione L'HOMME d'fhag"},
        SegmentCase{"apostrophes that are not elision", "c'mon s'pose O'Brien don't l' 'l d'1990 l''a"},
        SegmentCase{"elision next to separators", "l'a.b u.s.'s l'_x l'@ d'example.com"},
        // The length limit applies to the term after elision on both paths
        // (found by fuzz_analyzer: "C'aRRR...", 66 bytes, a 64-byte term).
        SegmentCase{"elided word at the length limit",
                    "C'a" + std::string(63, 'r') + " l'a" + std::string(62, 'r') + " qu'a" + std::string(63, 'r') +
                        " d'a" + std::string(64, 'r') + " l'" + std::string(65, 'x')}),
    test::RowName{});

TEST(SegmenterElisionTest, FastPathEqualsIcuUnderEveryElisionRule) {
  // The fast path drops elided articles itself; each rule (the elision
  // languages' own lists, and the vowel-only union of the others) must agree.
  const std::string text =
      "l'election d'Italie qu'il lorsqu'elle c'mon s'pose dell'anno un'altra gl'italiani s'ha m'athair "
      "b'fheidir t'other O'Brien L'EUROPE d'hier jusqu'au\nrock'n'roll students' '90s 1'000 l'1";
  for (const char* language : {"english", "none", "french", "italian", "catalan", "irish", "german"}) {
    const TextAnalyzer analyzer(language);
    EXPECT_EQ(difference(analyzer, text), "") << language;
  }
}

TEST(SegmenterPropertyTest, RandomTextAgrees) {
  // Pieces weighted towards the ASCII classes UAX #29 distinguishes, with a
  // few non-ASCII ones so line grouping and mixed lines are exercised too.
  const std::vector<std::string> pieces = {
      "a", "b", "Z", "e", "1", "0", "9", ".", ",", ";", ":", "'", "_", " ", " ", "\n", "\r", "\t",
      "-", "\"", "\x0b", "\x0c", "\x7f", "\x01", "/", "@", "$", "%", "é", "中", "关系", "ก", "\xCC\x81",
      "\xE2\x80\x99", "\xEF\xBC\x8E", "ア", "\xC2\xB7", "\xC2\xA0",
      // elided articles; U+200B, ZWJ, a pictograph, a skin tone, VS16
      "l'", "d'", "qu'", "h", "\xE2\x80\x8B", "\xE2\x80\x8D", "\xE2\x9D\xA4", "\xF0\x9F\x8F\xBD", "\xEF\xB8\x8F"};
  const unsigned seed = 20261128;
  std::mt19937 random(seed);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 24);
  std::uniform_int_distribution<int> non_ascii_odds(0, 3);
  TextAnalyzer analyzer("english");
  int failures = 0;
  for (int i = 0; i < 100000 && failures < 5; ++i) {
    const bool ascii_only = non_ascii_odds(random) != 0;
    std::string text;
    for (int n = length(random); n > 0;) {
      const std::string& piece = pieces[pick(random)];
      if (ascii_only && static_cast<unsigned char>(piece[0]) >= 0x80) continue;
      text += piece;
      --n;
    }
    const std::string diff = difference(analyzer, text);
    if (!diff.empty()) {
      ADD_FAILURE() << "seed " << seed << ", case " << i << "\n" << diff;
      ++failures;
    }
  }
}

TEST(SegmenterPropertyTest, SpansKeepOnlyWantedTerms) {
  // tokenize_spans() == tokenize()'s spans, with the tokens of wanted first bytes.
  std::bitset<256> wanted;
  wanted.set('o');
  wanted.set('p');
  wanted.set('1');
  wanted.set(0xE4);  // first byte of many CJK characters
  TextAnalyzer analyzer("english");
  for (const std::string text :
       {"Oil prices rose 1.5 pct; OPEC's output fell.", "U.S. oil_price p.o. box 10,000", "油价上涨 oil 价格",
        "Ölpreise: über 100 Prozent", "line one\npetrol\n\n'pop' o'clock", "l'or d'Ottawa l'election pour l'\xC3\xA9t\xC3\xA9", ""}) {
    const auto full = analyzer.tokenize(text);
    const WordSpans spans = analyzer.tokenize_spans(text, wanted);
    ASSERT_EQ(spans.words.size(), full.size()) << text;
    std::size_t next_term = 0;
    for (std::size_t i = 0; i < full.size(); ++i) {
      EXPECT_EQ(spans.words[i].begin, full[i].begin) << text << " word " << i;
      EXPECT_EQ(spans.words[i].end, full[i].end) << text << " word " << i;
      if (!wanted.test(static_cast<unsigned char>(full[i].term.front()))) continue;
      ASSERT_LT(next_term, spans.terms.size()) << text;
      const auto& [index, token] = spans.terms[next_term++];
      EXPECT_EQ(index, i) << text;
      EXPECT_EQ(token.term, full[i].term);
      EXPECT_EQ(token.begin, full[i].begin);
      EXPECT_EQ(token.end, full[i].end);
      EXPECT_EQ(token.script, full[i].script);
      EXPECT_EQ(token.joined_to_previous, full[i].joined_to_previous);
    }
    EXPECT_EQ(next_term, spans.terms.size()) << text << ": no unwanted term";
  }
}

/// Every file under @p dir (recursively) through both segmenters.
void expect_corpus_agrees(const std::filesystem::path& dir) {
  TextAnalyzer analyzer("english");
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string text = test::read_file(entry.path());
    const std::string diff = difference(analyzer, text);
    ASSERT_EQ(diff, "") << entry.path();
    ++files;
  }
  EXPECT_GT(files, 0U) << dir;
}

TEST(SegmenterCorpusTest, ReutersAgrees) {
  const auto corpus = test::shared_corpus("reuters21578");
  if (corpus.empty()) GTEST_SKIP() << "needs ../shared/corpora/reuters21578 (absent or DATELINE_SKIP_LARGE set)";
  expect_corpus_agrees(corpus);
}

TEST(SegmenterCorpusTest, ChineseNewsAgrees) {
  const auto corpus = test::shared_corpus("xwlb");
  if (corpus.empty()) GTEST_SKIP() << "needs ../shared/corpora/xwlb (absent or DATELINE_SKIP_LARGE set)";
  expect_corpus_agrees(corpus);
}

} // namespace
} // namespace dateline
