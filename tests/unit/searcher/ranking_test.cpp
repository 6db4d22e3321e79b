/** @file ranking_test.cpp
 *  @brief #13.1 ranking options in-process: parsing (values, defaults, errors)
 *  and the evidence queries of searcher/ranking (terms used, shapes).
 */
#include "searcher/options.hpp"
#include "searcher/ranking.hpp"

#include "common/error.hpp"
#include "common/text_analyzer.hpp"
#include "searcher/query_rewriter.hpp"

#include "tests/support/param_name.hpp"
#include "tests/unit/searcher/option_errors.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

TEST(RankingOptionsTest, Defaults) {
  // Feedback (10 terms) and title evidence (0.5) are on by default since
  // session 6 (chosen on the eval's tuning halves); the rest is off.
  const RankingOptions r = parse_search_options({"oil"}).ranking;
  EXPECT_FALSE(r.bm25_k1 || r.bm25_b);
  EXPECT_DOUBLE_EQ(r.title_weight, 0.5);
  EXPECT_EQ(r.proximity_weight, 0.0);
  EXPECT_EQ(r.feedback_terms, 10U);
  EXPECT_DOUBLE_EQ(r.feedback_weight, k_default_feedback_weight);
  EXPECT_EQ(r.feedback_max_words, 4U);
  EXPECT_EQ(r.feedback_depth, 0U) << "the expansion counts for every match by default";
  EXPECT_EQ(r.feedback_window, 10U) << "session 9: the expansion counts for the best 10 x limit";
  EXPECT_DOUBLE_EQ(r.feedback_max_share, 1.0) << "no expansion stem is too common by default";
  EXPECT_TRUE(r.any_evidence());
  const RankingOptions off = parse_search_options({"--feedback", "0", "--title-weight", "0", "oil"}).ranking;
  EXPECT_EQ(off.feedback_terms, 0U);
  EXPECT_EQ(off.title_weight, 0.0);
  EXPECT_FALSE(off.any_evidence());
}

TEST(RankingOptionsTest, OthersOffByDefault) {
  const RankingOptions r = parse_search_options({"oil"}).ranking;
  EXPECT_EQ(r.pair_proximity_weight, 0.0);
  EXPECT_FALSE(r.all_words_boost);
  EXPECT_FALSE(r.broad_all_words_boost);
  EXPECT_FALSE(r.specific_bm25_b) << "session 9: off unless its rule passes";
}

TEST(RankingOptionsTest, Values) {
  const RankingOptions r =
      parse_search_options({"--bm25-k1", "0.9", "--bm25-b=0.75", "--title-weight", "2", "--proximity", "0.5",
                            "--feedback", "10", "--feedback-weight", "1e-1", "oil"})
          .ranking;
  EXPECT_DOUBLE_EQ(r.bm25_k1.value_or(-1), 0.9);
  EXPECT_DOUBLE_EQ(r.bm25_b.value_or(-1), 0.75);
  EXPECT_DOUBLE_EQ(r.title_weight, 2.0);
  EXPECT_DOUBLE_EQ(r.proximity_weight, 0.5);
  EXPECT_EQ(r.feedback_terms, 10U);
  EXPECT_DOUBLE_EQ(r.feedback_weight, 0.1);
  EXPECT_TRUE(r.any_evidence());
  EXPECT_DOUBLE_EQ(parse_search_options({"--feedback", "3", "oil"}).ranking.feedback_weight, k_default_feedback_weight);
  const RankingOptions pairs = parse_search_options({"--pair-proximity", "0.25", "oil"}).ranking;
  EXPECT_DOUBLE_EQ(pairs.pair_proximity_weight, 0.25);
  EXPECT_TRUE(pairs.any_evidence());
  const RankingOptions boost = parse_search_options({"--all-words-boost", "0", "oil"}).ranking;
  EXPECT_DOUBLE_EQ(boost.all_words_boost.value_or(-1), 0.0);
  EXPECT_EQ(boost.any_evidence(), RankingOptions{}.any_evidence())
      << "the boost is part of the built query, not extra evidence";
}

TEST(RankingOptionsTest, HelpListsThem) {
  const std::string help = search_help_text(true);  // --help-all: ranking tuning
  for (const char* option : {"--bm25-k1 K1", "--bm25-b B", "--title-weight W", "--proximity W", "--feedback N",
                             "--feedback-weight W", "--feedback-max-words N", "--feedback-depth N",
                             "--feedback-window K", "--feedback-max-share F",
                             "--pair-proximity W",
                             "--all-words-boost W", "--broad-all-words-boost W", "--specific-bm25-b B"}) {
    EXPECT_NE(help.find(option), std::string::npos) << option;
  }
}

struct FeedbackMaxWordsRow {
  const char* name;
  std::vector<std::string> args;
  std::size_t expected;
};

class FeedbackMaxWordsTest : public ::testing::TestWithParam<FeedbackMaxWordsRow> {};

TEST_P(FeedbackMaxWordsTest, Parses) {
  EXPECT_EQ(parse_search_options(GetParam().args).ranking.feedback_max_words, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, FeedbackMaxWordsTest,
    ::testing::Values(FeedbackMaxWordsRow{"default", {"oil"}, k_feedback_max_words},
                      FeedbackMaxWordsRow{"one", {"--feedback-max-words", "1", "oil"}, 1},
                      FeedbackMaxWordsRow{"equals form", {"--feedback-max-words=2", "oil"}, 2},
                      FeedbackMaxWordsRow{"largest", {"--feedback-max-words", "20", "oil"}, 20},
                      FeedbackMaxWordsRow{"with feedback terms", {"--feedback", "5", "--feedback-max-words", "3", "oil"},
                                          3}),
    test::RowName{});

class FeedbackDepthTest : public ::testing::TestWithParam<FeedbackMaxWordsRow> {};

TEST_P(FeedbackDepthTest, Parses) {
  EXPECT_EQ(parse_search_options(GetParam().args).ranking.feedback_depth, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, FeedbackDepthTest,
    ::testing::Values(FeedbackMaxWordsRow{"default", {"oil"}, 0},
                      FeedbackMaxWordsRow{"zero", {"--feedback-depth", "0", "oil"}, 0},
                      FeedbackMaxWordsRow{"one", {"--feedback-depth", "1", "oil"}, 1},
                      FeedbackMaxWordsRow{"equals form", {"--feedback-depth=100", "oil"}, 100},
                      FeedbackMaxWordsRow{"largest", {"--feedback-depth", "100000", "oil"}, k_feedback_depth_limit},
                      FeedbackMaxWordsRow{"with feedback terms", {"--feedback", "5", "--feedback-depth", "30", "oil"},
                                          30}),
    test::RowName{});

class FeedbackWindowTest : public ::testing::TestWithParam<FeedbackMaxWordsRow> {};

TEST_P(FeedbackWindowTest, Parses) {
  EXPECT_EQ(parse_search_options(GetParam().args).ranking.feedback_window, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, FeedbackWindowTest,
    ::testing::Values(FeedbackMaxWordsRow{"default", {"oil"}, k_default_feedback_window},
                      FeedbackMaxWordsRow{"zero", {"--feedback-window", "0", "oil"}, 0},
                      FeedbackMaxWordsRow{"off with a depth", {"--feedback-depth", "100", "oil"}, 0},
                      FeedbackMaxWordsRow{"off with depth zero", {"--feedback-depth", "0", "oil"}, 0},
                      FeedbackMaxWordsRow{"one", {"--feedback-window", "1", "oil"}, 1},
                      FeedbackMaxWordsRow{"equals form", {"--feedback-window=10", "oil"}, 10},
                      FeedbackMaxWordsRow{"largest", {"--feedback-window", "100", "oil"}, k_feedback_window_limit},
                      FeedbackMaxWordsRow{"with feedback terms", {"--feedback", "5", "--feedback-window", "3", "oil"},
                                          3}),
    test::RowName{});

struct FeedbackShareRow {
  const char* name;
  std::vector<std::string> args;
  double expected;
};

class FeedbackMaxShareTest : public ::testing::TestWithParam<FeedbackShareRow> {};

TEST_P(FeedbackMaxShareTest, Parses) {
  EXPECT_DOUBLE_EQ(parse_search_options(GetParam().args).ranking.feedback_max_share, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, FeedbackMaxShareTest,
    ::testing::Values(FeedbackShareRow{"default", {"oil"}, 1.0},
                      FeedbackShareRow{"zero", {"--feedback-max-share", "0", "oil"}, 0.0},
                      FeedbackShareRow{"fraction", {"--feedback-max-share", "0.05", "oil"}, 0.05},
                      FeedbackShareRow{"equals form", {"--feedback-max-share=0.5", "oil"}, 0.5},
                      FeedbackShareRow{"one", {"--feedback-max-share", "1", "oil"}, 1.0}),
    test::RowName{});

struct BroadBoostRow {
  const char* name;
  std::vector<std::string> args;
  std::optional<double> broad;
  std::optional<double> all;
};

class BroadAllWordsBoostTest : public ::testing::TestWithParam<BroadBoostRow> {};

TEST_P(BroadAllWordsBoostTest, Parses) {
  const RankingOptions r = parse_search_options(GetParam().args).ranking;
  EXPECT_EQ(r.broad_all_words_boost, GetParam().broad);
  EXPECT_EQ(r.all_words_boost, GetParam().all);
  EXPECT_EQ(r.any_evidence(), RankingOptions{}.any_evidence()) << "part of the built query, not extra evidence";
}

INSTANTIATE_TEST_SUITE_P(
    Table, BroadAllWordsBoostTest,
    ::testing::Values(BroadBoostRow{"unset", {"oil"}, std::nullopt, std::nullopt},
                      BroadBoostRow{"zero", {"--broad-all-words-boost", "0", "oil"}, 0.0, std::nullopt},
                      BroadBoostRow{"fraction", {"--broad-all-words-boost=0.3", "oil"}, 0.3, std::nullopt},
                      BroadBoostRow{"largest", {"--broad-all-words-boost", "100", "oil"}, 100.0, std::nullopt},
                      BroadBoostRow{"beside the other", {"--all-words-boost", "10", "--broad-all-words-boost", "1", "oil"},
                                    1.0, 10.0}),
    test::RowName{});

struct BroadBoostInUse {
  const char* name;
  std::vector<std::string> args;
  std::optional<double> in_use;  ///< nullopt: broad queries take --all-words-boost's value
};

class BroadBoostInUseTest : public ::testing::TestWithParam<BroadBoostInUse> {};

// A broad query takes --all-words-boost's value unless
// --broad-all-words-boost is given (session 8 kept it off by default for its
// cost at a million articles).
TEST_P(BroadBoostInUseTest, Resolves) {
  EXPECT_EQ(parse_search_options(GetParam().args).ranking.broad_all_words_boost, GetParam().in_use);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BroadBoostInUseTest,
    ::testing::Values(BroadBoostInUse{"default", {"oil"}, std::nullopt},
                      BroadBoostInUse{"suggested", {"--broad-all-words-boost", "0.3", "oil"},
                                      k_suggested_broad_all_words_boost},
                      BroadBoostInUse{"all words boost alone", {"--all-words-boost", "0", "oil"}, std::nullopt},
                      BroadBoostInUse{"all words boost ten", {"--all-words-boost", "10", "oil"}, std::nullopt},
                      BroadBoostInUse{"broad alone", {"--broad-all-words-boost", "10", "oil"}, 10.0},
                      BroadBoostInUse{"both", {"--all-words-boost", "0", "--broad-all-words-boost", "1", "oil"}, 1.0}),
    test::RowName{});

struct SpecificBRow {
  const char* name;
  std::vector<std::string> args;
  std::optional<double> specific;
  std::optional<double> general;
};

class SpecificBm25BTest : public ::testing::TestWithParam<SpecificBRow> {};

// --specific-bm25-b (#13.1, session 9): off unless given; --bm25-b beside it
// is kept (the searcher then uses --bm25-b for every query).
TEST_P(SpecificBm25BTest, Parses) {
  const RankingOptions r = parse_search_options(GetParam().args).ranking;
  EXPECT_EQ(r.specific_bm25_b, GetParam().specific);
  EXPECT_EQ(r.bm25_b, GetParam().general);
  EXPECT_EQ(r.any_evidence(), RankingOptions{}.any_evidence()) << "a weighting choice, not extra evidence";
}

INSTANTIATE_TEST_SUITE_P(
    Table, SpecificBm25BTest,
    ::testing::Values(SpecificBRow{"unset", {"oil"}, std::nullopt, std::nullopt},
                      SpecificBRow{"zero", {"--specific-bm25-b", "0", "oil"}, 0.0, std::nullopt},
                      SpecificBRow{"half", {"--specific-bm25-b=0.5", "oil"}, 0.5, std::nullopt},
                      SpecificBRow{"one", {"--specific-bm25-b", "1", "oil"}, 1.0, std::nullopt},
                      SpecificBRow{"beside bm25 b", {"--bm25-b", "0.3", "--specific-bm25-b", "0.75", "oil"}, 0.75,
                                   0.3}),
    test::RowName{});

using RankingError = option_errors::OptionError;

class RankingErrorTest : public ::testing::TestWithParam<RankingError> {};

TEST_P(RankingErrorTest, Throws) {
  option_errors::expect_refused(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Table, RankingErrorTest,
    ::testing::Values(RankingError{"b above one", {"--bm25-b", "1.5", "x"}, "--bm25-b"},
                      RankingError{"b negative", {"--bm25-b=-0.1", "x"}, "--bm25-b"},
                      RankingError{"k1 too large", {"--bm25-k1", "11", "x"}, "--bm25-k1"},
                      RankingError{"k1 not a number", {"--bm25-k1", "high", "x"}, "--bm25-k1"},
                      RankingError{"k1 trailing garbage", {"--bm25-k1", "1.2x", "x"}, "--bm25-k1"},
                      RankingError{"k1 nan", {"--bm25-k1", "nan", "x"}, "--bm25-k1"},
                      RankingError{"title weight empty", {"--title-weight=", "x"}, "--title-weight"},
                      RankingError{"title weight too large", {"--title-weight", "1000", "x"}, "--title-weight"},
                      RankingError{"proximity infinite", {"--proximity", "inf", "x"}, "--proximity"},
                      RankingError{"all-words boost negative", {"--all-words-boost=-1", "x"}, "--all-words-boost"},
                      RankingError{"specific b above one", {"--specific-bm25-b", "1.5", "x"}, "--specific-bm25-b"},
                      RankingError{"specific b negative", {"--specific-bm25-b=-0.1", "x"}, "--specific-bm25-b"},
                      RankingError{"specific b not a number", {"--specific-bm25-b", "half", "x"},
                                   "--specific-bm25-b"},
                      RankingError{"broad boost negative", {"--broad-all-words-boost=-1", "x"},
                                   "--broad-all-words-boost"},
                      RankingError{"broad boost too large", {"--broad-all-words-boost", "101", "x"},
                                   "--broad-all-words-boost"},
                      RankingError{"broad boost not a number", {"--broad-all-words-boost", "low", "x"},
                                   "--broad-all-words-boost"},
                      RankingError{"pair proximity negative", {"--pair-proximity=-1", "x"}, "--pair-proximity"},
                      RankingError{"pair proximity too large", {"--pair-proximity", "101", "x"}, "--pair-proximity"},
                      RankingError{"feedback fraction", {"--feedback", "2.5", "x"}, "--feedback"},
                      RankingError{"feedback too many", {"--feedback", "51", "x"}, "--feedback"},
                      RankingError{"feedback weight with zero", {"--feedback", "0", "--feedback-weight", "1", "x"},
                                   "not --feedback 0"},
                      RankingError{"feedback max words zero", {"--feedback-max-words", "0", "x"},
                                   "--feedback-max-words"},
                      RankingError{"feedback max words too many", {"--feedback-max-words", "21", "x"},
                                   "--feedback-max-words"},
                      RankingError{"feedback max words fraction", {"--feedback-max-words", "2.5", "x"},
                                   "--feedback-max-words"},
                      RankingError{"feedback max words with zero", {"--feedback", "0", "--feedback-max-words", "2", "x"},
                                   "not --feedback 0"},
                      RankingError{"feedback depth negative", {"--feedback-depth=-1", "x"}, "--feedback-depth"},
                      RankingError{"feedback depth too large", {"--feedback-depth", "100001", "x"}, "--feedback-depth"},
                      RankingError{"feedback depth fraction", {"--feedback-depth", "2.5", "x"}, "--feedback-depth"},
                      RankingError{"feedback depth with zero", {"--feedback", "0", "--feedback-depth", "10", "x"},
                                   "not --feedback 0"},
                      RankingError{"feedback window negative", {"--feedback-window=-1", "x"}, "--feedback-window"},
                      RankingError{"feedback window too large", {"--feedback-window", "101", "x"}, "--feedback-window"},
                      RankingError{"feedback window fraction", {"--feedback-window", "2.5", "x"}, "--feedback-window"},
                      RankingError{"feedback window with zero", {"--feedback", "0", "--feedback-window", "10", "x"},
                                   "not --feedback 0"},
                      RankingError{"feedback window with depth",
                                   {"--feedback-depth", "100", "--feedback-window", "10", "x"}, "exclude each other"},
                      RankingError{"feedback window zero with depth",
                                   {"--feedback-window", "0", "--feedback-depth", "100", "x"}, "exclude each other"},
                      RankingError{"feedback max share negative", {"--feedback-max-share=-0.1", "x"},
                                   "--feedback-max-share"},
                      RankingError{"feedback max share above one", {"--feedback-max-share", "1.5", "x"},
                                   "--feedback-max-share"},
                      RankingError{"feedback max share not a number", {"--feedback-max-share", "few", "x"},
                                   "--feedback-max-share"},
                      RankingError{"feedback max share with zero", {"--feedback", "0", "--feedback-max-share", "0.1", "x"},
                                   "not --feedback 0"}),
    test::RowName{});

struct WindowPageRow {
  const char* name;
  std::vector<double> weights;
  std::size_t limit;
  double outside_at_most;
  bool holds;
};

class WindowPageHoldsTest : public ::testing::TestWithParam<WindowPageRow> {};

TEST_P(WindowPageHoldsTest, Decides) {
  // #15.2: a page matched among --feedback-window's articles is the whole
  // match's page only when it is full and its last hit beats every article
  // left out, beyond rounding.
  const WindowPageRow& row = GetParam();
  EXPECT_EQ(window_page_holds(row.weights, row.limit, row.outside_at_most), row.holds);
}

INSTANTIATE_TEST_SUITE_P(
    Table, WindowPageHoldsTest,
    ::testing::Values(WindowPageRow{"full and above", {9.0, 8.0, 7.5}, 3, 7.0, true},
                      WindowPageRow{"last hit below", {9.0, 8.0, 6.5}, 3, 7.0, false},
                      WindowPageRow{"last hit tied", {9.0, 8.0, 7.0}, 3, 7.0, false},
                      WindowPageRow{"tied up to rounding", {9.0, 8.0, 7.0 + 1e-12}, 3, 7.0, false},
                      WindowPageRow{"just above rounding", {9.0, 8.0, 7.0 + 1e-6}, 3, 7.0, true},
                      WindowPageRow{"short page", {9.0, 8.0}, 3, 1.0, false},
                      WindowPageRow{"empty page", {}, 0, 1.0, false}),
    test::RowName{});

RewrittenQuery rewrite(const std::string& text) {
  static const TextAnalyzer analyzer("english");
  return QueryRewriter(analyzer).rewrite(text);
}

TEST(RankingEvidenceTest, TermsArePlainWordsOnce) {
  EXPECT_EQ(evidence_terms(rewrite("Oil prices oil")), (std::vector<std::string>{"oil", "prices"}));
  EXPECT_EQ(evidence_terms(rewrite("oil -gas export* title:opec \"crude output\"")),
            (std::vector<std::string>{"oil", "crude", "output"}));
  EXPECT_TRUE(evidence_terms(rewrite("-gas oil")).size() == 1);
}

TEST(RankingEvidenceTest, TitleTermsAsTypedOrByStem) {
  // Session 11: --title-match word (the default) looks the words up among
  // the headline words (S), --title-match stem among the headline stems
  // (ZS), as the body's Z terms and title: match them; once each.
  EXPECT_EQ(parse_search_options({"oil"}).ranking.title_match, TitleMatch::word);
  EXPECT_EQ(parse_search_options({"--title-match", "stem", "oil"}).ranking.title_match, TitleMatch::stem);
  EXPECT_EQ(parse_search_options({"--title-match", "word", "oil"}).ranking.title_match, TitleMatch::word);
  EXPECT_THROW((void)parse_search_options({"--title-match", "stems", "oil"}), UsageError);
  EXPECT_THROW((void)parse_search_options({"--title-weight", "0", "--title-match", "stem", "oil"}), UsageError)
      << "no title evidence to match";
  const RewrittenQuery query = rewrite("Soybeans gives soybean -gas export* title:opec");
  EXPECT_EQ(title_terms(query, TitleMatch::word), (std::vector<std::string>{"Ssoybeans", "Sgives", "Ssoybean"}));
  EXPECT_EQ(title_terms(query, TitleMatch::stem), (std::vector<std::string>{"ZSsoybean", "ZSgive"}));
  const std::string stemmed = headline_evidence(title_terms(query, TitleMatch::stem), 0.5).get_description();
  EXPECT_NE(stemmed.find("ZSsoybean"), std::string::npos) << stemmed;
  const std::string words = headline_evidence(title_terms(query, TitleMatch::word), 0.5).get_description();
  EXPECT_NE(words.find("0.5 * (Ssoybeans OR Sgives OR Ssoybean)"), std::string::npos) << words;
  EXPECT_TRUE(headline_evidence({}, 0.5).empty());
  EXPECT_TRUE(headline_evidence({"ZSsoybean"}, 0.0).empty());
}

TEST(RankingEvidenceTest, Shapes) {
  const std::vector<std::string> terms{"oil", "prices"};
  const std::vector<std::string> headline{"Soil", "Sprices"};
  EXPECT_TRUE(headline_evidence(headline, 0.0).empty());
  EXPECT_TRUE(headline_evidence({}, 2.0).empty());
  const std::string title = headline_evidence(headline, 2.0).get_description();
  EXPECT_NE(title.find("2 * (Soil OR Sprices)"), std::string::npos) << title;
  EXPECT_TRUE(proximity_evidence({"oil"}, 1.0).empty()) << "one word has nothing to be near";
  const std::string near = proximity_evidence(terms, 1.0).get_description();
  EXPECT_NE(near.find("NEAR 8"), std::string::npos) << near;
  const std::vector<std::string> many{"a1", "b2", "c3", "d4", "e5", "f6"};
  EXPECT_NE(proximity_evidence(many, 1.0).get_description().find("NEAR 12"), std::string::npos);
  EXPECT_TRUE(pair_proximity_evidence({"oil"}, 1.0).empty()) << "one word has no pair";
  EXPECT_TRUE(pair_proximity_evidence(terms, 0.0).empty());
  // Three words: two neighbouring pairs, each a phrase and a window of 8.
  const std::string pairs = pair_proximity_evidence({"central", "bank", "rates"}, 1.0).get_description();
  EXPECT_NE(pairs.find("(central PHRASE 2 bank)"), std::string::npos) << pairs;
  EXPECT_NE(pairs.find("(bank PHRASE 2 rates)"), std::string::npos) << pairs;
  EXPECT_NE(pairs.find("(central NEAR 8 bank)"), std::string::npos) << pairs;
  EXPECT_NE(pairs.find("(bank NEAR 8 rates)"), std::string::npos) << pairs;
  EXPECT_EQ(pairs.find("central PHRASE 2 rates"), std::string::npos) << "only neighbours pair up: " << pairs;
  EXPECT_NE(pairs.find("0.5 *"), std::string::npos) << "the unordered window counts half: " << pairs;
  const Xapian::Query base("oil");
  EXPECT_EQ(with_evidence(base, Xapian::Query()).get_description(), base.get_description());
  EXPECT_NE(with_evidence(base, headline_evidence(headline, 2.0)).get_description().find("AND_MAYBE"), std::string::npos);
}

} // namespace
} // namespace dateline::searcher
