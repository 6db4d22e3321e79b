#include "common/text_analyzer.hpp"

#include "common/error.hpp"
#include "common/term_generator.hpp"
#include "common/schema.hpp"

#include "tests/support/param_name.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace dateline {
namespace {

std::vector<std::string> terms_of(const TextAnalyzer& analyzer, const std::string& text) {
  std::vector<std::string> terms;
  for (const Token& token : analyzer.tokenize(text)) terms.push_back(token.term);
  return terms;
}

struct TermCase {
  const char* name;
  std::string input;
  std::vector<std::string> expected;
};

class AnalyzerTermsTest : public ::testing::TestWithParam<TermCase> {
protected:
  static inline TextAnalyzer analyzer{"english"};
};

TEST_P(AnalyzerTermsTest, Terms) {
  EXPECT_EQ(terms_of(analyzer, GetParam().input), GetParam().expected) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, AnalyzerTermsTest,
    ::testing::Values(
        TermCase{"simple", "Wang met Kamikawa.", {"wang", "met", "kamikawa"}},
        TermCase{"accents", "Café in Zürich, élection", {"cafe", "in", "zurich", "election"}},
        TermCase{"decomposed accent", "cafe\xCC\x81", {"cafe"}},
        TermCase{"apostrophe", "Japan's talks", {"japan's", "talks"}},
        TermCase{"curly apostrophe", "Japan\xE2\x80\x99s", {"japan's"}},
        TermCase{"edge apostrophes", "'90s students'", {"90s", "students"}},
        TermCase{"hyphen", "China-Japan relations", {"china", "japan", "relations"}},
        TermCase{"numbers", "5.93 mln, 155,221 bags in 1987", {"5.93", "mln", "155,221", "bags", "in", "1987"}},
        TermCase{"acronym", "the U.S. ally", {"the", "us", "ally"}},
        TermCase{"dotted word", "example.com site", {"example", "com", "site"}},
        TermCase{"e-mail address", "write to desk@example.com", {"write", "to", "desk", "example", "com"}},
        TermCase{"lone at sign", "meet @ noon", {"meet", "noon"}},
        TermCase{"colon word", "title:opec", {"title", "opec"}},
        TermCase{"full-width", "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 \xEF\xBC\x91\xEF\xBC\x92", {"abc", "12"}},
        TermCase{"ligature", "\xEF\xAC\x81nance", {"finance"}},
        TermCase{"german sharp s", "Straße", {"strasse"}},
        TermCase{"greek", "Αθήνα", {"αθηνα"}},
        TermCase{"chinese", "中日关系", {"中日", "关系"}},
        TermCase{"japanese keeps dakuten", "ガス", {"ガス"}},
        TermCase{"thai", "ฉันรักภาษาไทย", {"ฉัน", "รัก", "ภาษา", "ไทย"}},
        TermCase{"punctuation only", "... -- !!", {}},
        TermCase{"empty", "", {}}), test::RowName{});

TEST(AnalyzerTest, OffsetsPointIntoTheOriginal) {
  TextAnalyzer analyzer("english");
  const std::string text = "  Café «Zürich» 中日关系";
  for (const Token& token : analyzer.tokenize(text)) {
    ASSERT_LE(token.end, text.size());
    EXPECT_EQ(analyzer.normalize(text.substr(token.begin, token.end - token.begin)), token.term);
  }
}

TEST(AnalyzerTest, CjkRunsAreJoined) {
  TextAnalyzer analyzer("english");
  const auto tokens = analyzer.tokenize("中日关系 good");
  ASSERT_EQ(tokens.size(), 3U);
  EXPECT_FALSE(tokens[0].joined_to_previous);
  EXPECT_TRUE(tokens[1].joined_to_previous);
  EXPECT_FALSE(tokens[2].joined_to_previous);
  EXPECT_EQ(tokens[0].script, Script::cjk);
}

TEST(AnalyzerTest, WordsStartingWithALetterAreStemmedEvenWithDigits) {
  // Xapian's QueryParser stems every word whose first character is a letter;
  // the index must then have the Z term (regression: "story123" was unfindable).
  TextAnalyzer analyzer("english");
  const auto tokens = analyzer.tokenize("story123 1980s");
  ASSERT_EQ(tokens.size(), 2U);
  EXPECT_EQ(tokens[0].script, Script::latin_like);
  EXPECT_EQ(analyzer.stem(tokens[0]), "story123");
  EXPECT_EQ(tokens[1].script, Script::number);
  EXPECT_EQ(analyzer.stem(tokens[1]), "");
}

TEST(AnalyzerTest, StemsLatinOnly) {
  TextAnalyzer analyzer("english");
  const auto tokens = analyzer.tokenize("curbs 1987 关系");
  ASSERT_EQ(tokens.size(), 3U);
  EXPECT_EQ(analyzer.stem(tokens[0]), "curb");
  EXPECT_EQ(analyzer.stem(tokens[1]), "");
  EXPECT_EQ(analyzer.stem(tokens[2]), "");
  TextAnalyzer none("none");
  EXPECT_EQ(none.stem(none.tokenize("curbs")[0]), "");
}

TEST(AnalyzerTest, StemsAreCached) {
  // #15.5: a word's stem is computed once per analyzer, and a full cache is
  // emptied, never wrong.
  TextAnalyzer analyzer("english");
  const auto tokens = analyzer.tokenize("curbs rallies curbs Curbs rallies 1987");
  ASSERT_EQ(tokens.size(), 6U);
  EXPECT_EQ(analyzer.stem(tokens[0]), "curb");
  EXPECT_EQ(analyzer.stem(tokens[1]), "ralli");
  EXPECT_EQ(analyzer.stem(tokens[2]), "curb");
  EXPECT_EQ(analyzer.stem(tokens[3]), "curb");
  EXPECT_EQ(analyzer.stem(tokens[4]), "ralli");
  EXPECT_EQ(analyzer.stem(tokens[5]), "");
  EXPECT_EQ(analyzer.stemmer_calls(), 2U) << "two distinct words, numbers never stemmed";

  const Xapian::Stem snowball("english");
  Token token = tokens[0];
  for (std::size_t i = 0; i <= k_stem_cache_entries; ++i) {
    token.term = "walk" + std::to_string(i) + "ings";
    ASSERT_EQ(analyzer.stem(token), snowball(token.term)) << token.term;
  }
  EXPECT_EQ(analyzer.stemmer_calls(), k_stem_cache_entries + 3);
  EXPECT_EQ(analyzer.stem(tokens[0]), "curb") << "after the cache was emptied";
  EXPECT_EQ(analyzer.stem(tokens[4]), "ralli");
}

struct MayStemCase {
  const char* name;
  const char* language;
  const char* word;
  const char* stem;
  bool possible;
};

class MayStemTest : public ::testing::TestWithParam<MayStemCase> {};

TEST_P(MayStemTest, RulesOutOnlyImpossibleStems) {
  const MayStemCase& row = GetParam();
  const TextAnalyzer analyzer(row.language);
  EXPECT_EQ(analyzer.may_stem_to(row.word, row.stem), row.possible);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MayStemTest,
    ::testing::Values(
        // The english rows marked true are real stems (Xapian 1.4's Porter2).
        MayStemCase{"plural", "english", "houses", "hous", true},
        MayStemCase{"exceptional form", "english", "dying", "die", true},
        MayStemCase{"y to i", "english", "happy", "happi", true},
        MayStemCase{"suffix replaced", "english", "probability", "probabl", true},
        MayStemCase{"e added", "english", "hoping", "hope", true},
        MayStemCase{"other word same first byte", "english", "his", "hous", false},
        MayStemCase{"differs inside the kept prefix", "english", "hymn", "hous", false},
        MayStemCase{"only the kept prefix is compared", "english", "hotel", "hous", true},
        MayStemCase{"other first byte", "english", "mouse", "hous", false},
        MayStemCase{"two-byte stem", "english", "is", "is", true},
        MayStemCase{"german checks the first byte only", "german", "hotel", "haus", true},
        MayStemCase{"german other first byte", "german", "maus", "haus", false},
        MayStemCase{"prefix-removing stemmer: anything", "indonesian", "menulis", "ulis", true}),
    test::RowName{});

/// Every distinct Latin-script word of @p dir's files, as the analyzer sees them.
std::set<std::string> corpus_words(const TextAnalyzer& analyzer, const std::filesystem::path& dir) {
  std::set<std::string> words;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    for (const Token& token : analyzer.tokenize(test::read_file(entry.path()))) {
      if (token.script == Script::latin_like) words.insert(token.term);
    }
  }
  return words;
}

TEST(AnalyzerCorpusTest, EnglishStemsKeepAllButTheirLastTwoBytes) {
  // may_stem_to() for english rests on this: checked on every word of the
  // English corpora that are present.
  const TextAnalyzer analyzer("english");
  std::size_t checked = 0;
  for (const char* name : {"reuters21578", "time", "bbc"}) {
    const auto dir = test::shared_corpus(name);
    if (dir.empty()) continue;
    for (const std::string& word : corpus_words(analyzer, dir)) {
      Token token;
      token.term = word;
      const std::string stem = analyzer.stem(token);
      ASSERT_TRUE(analyzer.may_stem_to(word, stem)) << word << " -> " << stem;
      ++checked;
    }
  }
  if (checked == 0) GTEST_SKIP() << "needs ../shared/corpora/{reuters21578,time,bbc} (absent or DATELINE_SKIP_LARGE set)";
  EXPECT_GT(checked, 10000U);
}

TEST(AnalyzerTest, DropsOverlongWordsAndRepairsNothingItCannot) {
  TextAnalyzer analyzer("english");
  const std::string huge(100000, 'x');
  EXPECT_EQ(terms_of(analyzer, "a " + huge + " b"), (std::vector<std::string>{"a", "b"}));
  // Invalid UTF-8 must not throw.
  EXPECT_NO_THROW((void)analyzer.tokenize("ok \xFF\xFE bad \xC3"));
}

TEST(AnalyzerTest, UnknownLanguageIsAUsageError) {
  EXPECT_THROW(TextAnalyzer("klingon"), UsageError);
  EXPECT_TRUE(TextAnalyzer::is_known_language("french"));
  EXPECT_TRUE(TextAnalyzer::is_known_language("none"));
}

TEST(TermGeneratorTest, PrefixesPositionsAndStems) {
  TextAnalyzer analyzer("english");
  std::vector<IndexTerm> terms;
  const auto next = generate_terms(analyzer, "Export curbs", {schema::k_prefix_title, 1, 3, true}, terms);
  EXPECT_EQ(next, 3U);
  ASSERT_EQ(terms.size(), 4U);
  EXPECT_EQ(terms[0].term, "Sexport");
  EXPECT_EQ(terms[0].position, 1U);
  EXPECT_EQ(terms[0].wdf, 3U);
  EXPECT_EQ(terms[1].term, "ZSexport");
  EXPECT_EQ(terms[1].position, 0U);
  EXPECT_EQ(terms[2].term, "Scurbs");
  EXPECT_EQ(terms[3].term, "ZScurb");
}

TEST(TermGeneratorTest, NoTermOverXapiansLimit) {
  TextAnalyzer analyzer("english");
  std::vector<IndexTerm> terms;
  std::string text;
  for (int i = 0; i < 50; ++i) text += std::string(static_cast<std::size_t>(60 + i), 'a') + " ";
  (void)generate_terms(analyzer, text, {schema::k_prefix_title, 1, 1, true}, terms);
  for (const auto& t : terms) EXPECT_LE(t.term.size(), schema::k_xapian_max_term_bytes);
}

} // namespace
} // namespace dateline
