/** @file ranking_cli_test.cpp
 *  @brief #13.1 ranking options through the real binaries: --title-weight
 *  lifts a headline match, --proximity words close together, --bm25-b and
 *  --bm25-k1 change length normalisation and saturation, --feedback
 *  re-ranks by words of the top articles (and not for long or specific
 *  queries), --pair-proximity grades neighbouring pairs, --all-words-boost
 *  sets how far every word counts, --specific-bm25-b gives specific queries
 *  their own b; none of them adds or removes a match.
 */
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repeat.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>
#include <set>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

class RankingCliTest : public ::testing::Test {
protected:
  void write_article(const std::string& name, const std::string& title, const std::string& body) const {
    write_file(dir / ("articles/" + name), "date 2024-03-01\n" + title + "\n\n" + body + "\n");
  }

  /// Unrelated articles, so that the test words are rare (positive idf).
  void write_fillers(int count) const {
    for (int i = 0; i < count; ++i) {
      write_article("filler" + std::to_string(i) + ".txt", "Weather today",
                    "Rain and wind are expected across the region this week, forecasters said.");
    }
  }

  /// Ten volcano updates, four fillers, and two island stories: "related"
  /// shares the eruption's words; "lone" has the query word twice and
  /// nothing else in common. Indexed.
  void write_volcano_articles() const {
    write_fillers(4);
    for (int i = 0; i < 10; ++i) {
      write_article("v" + std::to_string(i) + ".txt", "Volcano update " + std::to_string(i),
                    "The volcano sent lava and ash into the sky; the eruption continued.");
    }
    write_article("related.txt", "Island news",
                  "A volcano is near. " + repeat_words("fishermen mended nets in the harbour", 5) +
                      "Lava, ash and an eruption were reported.");
    write_article("lone.txt", "Island news",
                  "Volcano volcano. " + repeat_words("fishermen mended nets in the harbour", 5));
    index();
  }

  /// The hits (file name, score) of `volcano` with --feedback-weight 2, every
  /// copy shown, at @p offset / @p limit, with @p extra options.
  std::vector<std::pair<std::string, double>> volcano_hits(const std::vector<std::string>& extra, int offset,
                                                           int limit) const {
    std::vector<std::string> argv{search_binary(), "--db", db, "--format", "json", "--duplicates=show",
                                  "--feedback-weight", "2", "--offset", std::to_string(offset),
                                  "--limit", std::to_string(limit)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.emplace_back("volcano");
    const ProcessResult result = run_process(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    if (result.exit_code != 0) return {};
    return hit_name_scores(JsonParser::parse(result.out));
  }

  void index() const {
    const ProcessResult result = run_process({index_binary(), "--db", db, (dir / "articles").string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }

  /// The JSON answer for @p args, up to 100 hits; nullopt when the search
  /// fails. Every article, near-duplicates included: the fixtures share
  /// their filler text, and these tests are about order, not stories (#11.1).
  std::optional<JsonValue> answer(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{search_binary(), "--db", db, "--format", "json", "--limit", "100",
                                  "--duplicates=show"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult result = run_process(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    if (result.exit_code != 0) return std::nullopt;
    return JsonParser::parse(result.out);
  }

  /// File names of the hits for @p args, best first.
  std::vector<std::string> ranking(const std::vector<std::string>& args) const {
    const std::optional<JsonValue> parsed = answer(args);
    return parsed ? hit_names(*parsed) : std::vector<std::string>{};
  }

  /// File name -> score of the hits for @p args.
  std::map<std::string, double> scores(const std::vector<std::string>& args) const {
    const std::optional<JsonValue> parsed = answer(args);
    return parsed ? hit_score_map(*parsed) : std::map<std::string, double>{};
  }

  /// Where @p name is in @p names (its size when absent).
  static std::size_t position(const std::vector<std::string>& names, const std::string& name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  }

  static std::set<std::string> as_set(const std::vector<std::string>& names) { return {names.begin(), names.end()}; }

  TempDir dir;
  std::string db = (dir / "db").string();
};

TEST_F(RankingCliTest, TitleWeightLiftsTheHeadlineMatch) {
  write_fillers(8);
  write_article("body.txt", "Market report", "Copper " + repeat_words("copper traders watched copper prices", 3));
  write_article("headline.txt", "Copper miners strike", "Workers walked out at the mine on Monday; copper output fell.");
  index();
  const std::vector<std::string> plain = ranking({"--title-weight", "0", "copper"});
  ASSERT_EQ(plain, (std::vector<std::string>{"body.txt", "headline.txt"})) << "the body's many copper words win";
  EXPECT_EQ(ranking({"copper"}), (std::vector<std::string>{"headline.txt", "body.txt"}))
      << "title evidence is on by default (0.5)";
  const std::vector<std::string> titled = ranking({"--title-weight", "10", "copper"});
  EXPECT_EQ(titled, (std::vector<std::string>{"headline.txt", "body.txt"}));
  EXPECT_EQ(ranking({"--title-weight", "0", "copper"}), plain) << "0 is off";
}

TEST_F(RankingCliTest, ProximityLiftsWordsCloseTogether) {
  write_fillers(8);
  const std::string gap = repeat_words("officials discussed the economy at length", 2);  // 12 words
  write_article("apart.txt", "Quarterly figures",
                "Trade figures were published. " + gap + "The deficit widened. " + gap + "Trade talks continue. " +
                    gap + "The deficit remains.");
  write_article("close.txt", "Quarterly figures",
                "The trade deficit widened. " + gap + gap + gap);
  index();
  const std::vector<std::string> plain = ranking({"trade deficit"});
  ASSERT_EQ(plain, (std::vector<std::string>{"apart.txt", "close.txt"})) << "more occurrences win without proximity";
  EXPECT_EQ(ranking({"--proximity", "5", "trade deficit"}), (std::vector<std::string>{"close.txt", "apart.txt"}));
  EXPECT_EQ(ranking({"--proximity", "5", "trade"}), ranking({"trade"})) << "one word: nothing to be near";
}

TEST_F(RankingCliTest, PairProximityGradesNeighbouringPairs) {
  write_fillers(8);
  const std::string gap = repeat_words("officials discussed the economy at length", 2);  // 12 words
  // Every word twice, far apart: wins on occurrences alone.
  write_article("scattered.txt", "Quarterly figures",
                "Central figures. " + gap + "The bank spoke. " + gap + "Rates held. " + gap + "Central office. " + gap +
                    "A bank. " + gap + "Rates again.");
  // Two of the three words next to each other, the third far away: no
  // all-words window holds them, but one neighbouring pair is a phrase.
  write_article("pair.txt", "Quarterly figures", "Central figures. " + gap + gap + "The bank rates held.");
  // All three in order.
  write_article("inorder.txt", "Quarterly figures", "The central bank rates held. " + gap + gap);
  index();
  const std::vector<std::string> plain = ranking({"central bank rates"});
  ASSERT_EQ(plain.front(), "scattered.txt") << "more occurrences win without proximity";
  const std::vector<std::string> graded = ranking({"--pair-proximity", "5", "central bank rates"});
  EXPECT_EQ(graded, (std::vector<std::string>{"inorder.txt", "pair.txt", "scattered.txt"}));
  EXPECT_EQ(as_set(graded), as_set(plain)) << "re-orders, never adds or removes a match";
  // The all-words window cannot tell pair.txt from scattered.txt.
  const std::vector<std::string> near = ranking({"--proximity", "5", "central bank rates"});
  EXPECT_EQ(near.front(), "inorder.txt");
  EXPECT_LT(std::find(near.begin(), near.end(), "scattered.txt"), std::find(near.begin(), near.end(), "pair.txt"));
  EXPECT_EQ(ranking({"--pair-proximity", "5", "central"}), ranking({"central"})) << "one word: no pair";
  EXPECT_EQ(ranking({"--pair-proximity", "0", "central bank rates"}), plain) << "0 is off";
}

TEST_F(RankingCliTest, AllWordsBoostPutsEveryWordFirstOrNot) {
  write_fillers(8);
  write_article("rich.txt", "Metals", "Copper copper copper copper copper prices.");
  write_article("both.txt", "Metals", "Copper miners met.");
  for (int i = 0; i < 6; ++i) write_article("m" + std::to_string(i) + ".txt", "Metals", "Miners rested.");
  index();
  auto position = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) - names.begin();
  };
  const std::vector<std::string> plain = ranking({"copper miners"});
  EXPECT_EQ(plain.front(), "both.txt") << "by default an article with every word ranks first";
  EXPECT_EQ(ranking({"--all-words-boost", "10", "copper miners"}), plain) << "10 is the default";
  const std::vector<std::string> or_only = ranking({"--all-words-boost", "0", "copper miners"});
  EXPECT_LT(position(or_only, "rich.txt"), position(or_only, "both.txt")) << "0: plain OR ranking, five coppers win";
  EXPECT_EQ(as_set(or_only), as_set(plain)) << "the boost re-orders, never adds or removes a match";
}

TEST_F(RankingCliTest, BroadAllWordsBoostOnlyForQueriesManyArticlesMatchInFull) {
  // "copper miners": ten articles hold both words (a broad query); cu.txt
  // has copper eight times and nothing else. "copper prices": only rich.txt
  // and pair.txt hold both (a specific query; "prices" alone is common), and
  // without the boost cu.txt passes pair.txt.
  // Feedback off: this is about the all-words boost alone.
  write_fillers(30);
  write_article("cu.txt", "Metals", "Copper copper copper copper copper copper copper copper.");
  write_article("rich.txt", "Metals", "Copper copper copper prices.");
  write_article("pair.txt", "Metals", "Copper prices fell.");
  for (int i = 0; i < 10; ++i) {
    write_article("b" + std::to_string(i) + ".txt", "Metals",
                  "Copper miners met. " + repeat_words("the union said talks would go on", 3));
  }
  for (int i = 0; i < 6; ++i) write_article("m" + std::to_string(i) + ".txt", "Metals", "Miners rested.");
  for (int i = 0; i < 30; ++i) write_article("p" + std::to_string(i) + ".txt", "Markets", "Prices rose.");
  index();
  auto with = [](std::vector<std::string> args, const std::vector<std::string>& query) {
    args.insert(args.end(), query.begin(), query.end());
    return args;
  };
  const std::vector<std::string> broad{"--feedback", "0", "copper", "miners"};
  const std::vector<std::string> every_word_first = ranking(with({"--broad-all-words-boost", "10"}, broad));
  ASSERT_FALSE(every_word_first.empty());
  EXPECT_EQ(every_word_first.front().front(), 'b') << "boost 10: an article with every word ranks first";
  const std::vector<std::string> or_only = ranking(with({"--all-words-boost", "0"}, broad));
  ASSERT_FALSE(or_only.empty());
  ASSERT_EQ(or_only.front(), "cu.txt") << "plain OR: eight coppers win";
  EXPECT_EQ(ranking(with({"--broad-all-words-boost", "0"}, broad)), or_only) << "a broad query takes the broad boost";
  EXPECT_EQ(ranking(with({"--all-words-boost", "0", "--broad-all-words-boost", "10"}, broad)), every_word_first);
  EXPECT_EQ(ranking(with({"--all-words-boost", "10"}, broad)), every_word_first)
      << "--all-words-boost alone sets one boost for every query";
  EXPECT_EQ(as_set(or_only), as_set(every_word_first)) << "re-orders, never adds or removes a match";
  // A specific query keeps --all-words-boost's value.
  const std::vector<std::string> specific{"--feedback", "0", "copper", "prices"};
  const std::vector<std::string> specific_default = ranking(specific);
  const std::vector<std::string> specific_or = ranking(with({"--all-words-boost", "0"}, specific));
  ASSERT_NE(specific_or, specific_default) << "the boost matters for this query (pair.txt against cu.txt)";
  EXPECT_EQ(ranking(with({"--broad-all-words-boost", "0"}, specific)), specific_default);
  EXPECT_EQ(ranking(with({"--all-words-boost", "0", "--broad-all-words-boost", "10"}, specific)), specific_or);
}

TEST_F(RankingCliTest, BroadQueriesTakeALowAllWordsBoostOnlyWhenAsked) {
  // Session 8 (docs/benchmarks.md): with --broad-all-words-boost 0.3 a broad
  // query's articles with one word many times can outrank ones that hold
  // every word once; by default every query keeps the boost of 10. "miners" is common (70 articles), "copper"
  // rare; ten articles hold both (broad); cu.txt has copper eight times.
  write_fillers(30);
  write_article("cu.txt", "Metals", "Copper copper copper copper copper copper copper copper.");
  for (int i = 0; i < 10; ++i) {
    write_article("b" + std::to_string(i) + ".txt", "Metals",
                  "Copper miners met. " + repeat_words("the union said talks would go on", 3));
  }
  for (int i = 0; i < 60; ++i) write_article("m" + std::to_string(i) + ".txt", "Metals", "Miners rested.");
  index();
  const std::vector<std::string> query{"--feedback", "0", "copper", "miners"};
  auto with = [&query](std::vector<std::string> args) {
    args.insert(args.end(), query.begin(), query.end());
    return args;
  };
  const std::vector<std::string> mild = ranking(with({"--broad-all-words-boost", "0.3"}));
  ASSERT_FALSE(mild.empty());
  EXPECT_EQ(mild.front(), "cu.txt") << "boost 0.3: eight coppers outweigh copper and a common word";
  const std::vector<std::string> by_default = ranking(query);
  ASSERT_FALSE(by_default.empty());
  EXPECT_EQ(by_default.front().front(), 'b') << "the default boost 10: an article with every word first";
  EXPECT_EQ(ranking(with({"--broad-all-words-boost", "10"})), by_default) << "the default is one boost, 10";
  EXPECT_EQ(ranking(with({"--all-words-boost", "10"})), by_default) << "--all-words-boost sets it for every query";
  EXPECT_EQ(as_set(mild), as_set(by_default)) << "re-orders, never adds or removes a match";
}

TEST_F(RankingCliTest, Bm25ParametersChangeLengthNormalisation) {
  write_fillers(8);
  write_article("short.txt", "Metals", "Nickel rose.");
  write_article("long.txt", "Metals",
                "Nickel and more nickel. " + repeat_words("analysts expect the market to stay calm", 30));
  index();
  EXPECT_EQ(ranking({"--bm25-b", "0", "nickel"}), (std::vector<std::string>{"long.txt", "short.txt"}));
  EXPECT_EQ(ranking({"--bm25-b", "1", "nickel"}), (std::vector<std::string>{"short.txt", "long.txt"}));
  // k1 = 0: only whether the word occurs counts; both still match.
  EXPECT_EQ(as_set(ranking({"--bm25-k1", "0", "nickel"})), (std::set<std::string>{"long.txt", "short.txt"}));
}

TEST_F(RankingCliTest, SpecificBm25BOnlyForQueriesFewArticlesMatchInFull) {
  // #13.1, session 9: "nickel" is held by two articles (a specific query),
  // "cobalt" by twelve of different lengths (a broad one: at least 10).
  // --specific-bm25-b B ranks the first as --bm25-b B does, the second with
  // the general b; an explicit --bm25-b sets one b for both. Scores, with
  // the recency bonus (it scales with the query's highest possible score).
  write_fillers(30);
  write_article("short.txt", "Metals", "Nickel rose.");
  write_article("long.txt", "Metals",
                "Nickel and more nickel. " + repeat_words("analysts expect the market to stay calm", 30));
  for (int i = 0; i < 12; ++i) {
    write_article("c" + std::to_string(i) + ".txt", "Metals",
                  repeat_words("cobalt rose", 1 + i % 3) +
                      repeat_words("analysts expect the market to stay calm", 3 * i));
  }
  index();
  auto with = [](std::vector<std::string> args, const std::string& word) {
    args.push_back(word);
    return args;
  };
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{}, std::vector<std::string>{"--recency", "30d", "--now", "2024-06-01"}}) {
    SCOPED_TRACE(extra.empty() ? "plain" : "with --recency");
    auto opts = [&extra](std::vector<std::string> args) {
      args.insert(args.end(), extra.begin(), extra.end());
      return args;
    };
    const std::map<std::string, double> specific_full = scores(with(opts({"--bm25-b", "1"}), "nickel"));
    ASSERT_NE(specific_full, scores(with(opts({}), "nickel"))) << "b matters for the specific query";
    EXPECT_EQ(scores(with(opts({"--specific-bm25-b", "1"}), "nickel")), specific_full)
        << "a specific query takes --specific-bm25-b";
    EXPECT_EQ(scores(with(opts({"--specific-bm25-b", "1", "--bm25-b", "0"}), "nickel")),
              scores(with(opts({"--bm25-b", "0"}), "nickel")))
        << "--bm25-b given: one b for every query";
    const std::map<std::string, double> broad_default = scores(with(opts({}), "cobalt"));
    ASSERT_EQ(broad_default.size(), 12U);
    ASSERT_NE(scores(with(opts({"--bm25-b", "1"}), "cobalt")), broad_default) << "b matters for the broad query";
    EXPECT_EQ(scores(with(opts({"--specific-bm25-b", "1"}), "cobalt")), broad_default)
        << "a broad query keeps the general b";
  }
  EXPECT_EQ(ranking({"--specific-bm25-b", "1", "nickel"}), (std::vector<std::string>{"short.txt", "long.txt"}));
  // --explain says which b was used and why.
  const auto explained = [this](const std::vector<std::string>& args) {
    std::vector<std::string> argv{search_binary(), "--db", db, "--explain"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult result = run_process(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  };
  EXPECT_NE(explained({"--specific-bm25-b", "0.6", "nickel"})
                .find("Length normalisation: BM25 b 0.600 (a specific query: fewer than 10 articles"),
            std::string::npos);
  EXPECT_NE(explained({"--specific-bm25-b", "0.6", "cobalt"})
                .find("Length normalisation: BM25 b 0.200 (a broad query: at least 10 articles"),
            std::string::npos);
  EXPECT_NE(explained({"--specific-bm25-b", "0.6", "--bm25-b", "0.3", "nickel"})
                .find("Length normalisation: BM25 b 0.300 (--bm25-b given"),
            std::string::npos);
  EXPECT_EQ(explained({"nickel"}).find("Length normalisation"), std::string::npos) << "nothing new without the option";
  const JsonValue json = JsonParser::parse(
      run_process({search_binary(), "--db", db, "--format", "json", "--explain", "--specific-bm25-b", "0.6", "nickel"})
          .out);
  EXPECT_DOUBLE_EQ(json.at("explain").at("length_normalisation").at("b").number, 0.6);
}

TEST_F(RankingCliTest, FeedbackReRanksByWordsOfTheTopArticles) {
  write_volcano_articles();
  auto position = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) - names.begin();
  };
  const std::vector<std::string> plain = ranking({"--feedback", "0", "volcano"});
  ASSERT_LT(position(plain, "lone.txt"), position(plain, "related.txt"));
  const std::vector<std::string> by_default = ranking({"volcano"});
  EXPECT_LT(position(by_default, "related.txt"), position(by_default, "lone.txt")) << "feedback is on by default (10)";
  const std::vector<std::string> fed = ranking({"--feedback", "20", "--feedback-weight", "2", "volcano"});
  EXPECT_LT(position(fed, "related.txt"), position(fed, "lone.txt"));
  EXPECT_EQ(as_set(fed), as_set(plain)) << "feedback re-orders, never adds or removes a match";
  // Drift guard: a query of more than 4 words gets no feedback.
  const std::vector<std::string> long_query{"volcano", "island", "news", "harbour", "fishermen"};
  std::vector<std::string> with = {"--feedback", "5", "--feedback-weight", "2"};
  with.insert(with.end(), long_query.begin(), long_query.end());
  EXPECT_EQ(ranking(with), ranking(long_query));
}

TEST_F(RankingCliTest, FeedbackMaxWordsSetsWhichQueriesGetFeedback) {
  // "volcano sky": two words that the ten volcano updates hold in full, so
  // by default (at most 4 words) feedback lifts related.txt (lava, ash,
  // eruption) above lone.txt (the query word twice). --feedback-max-words 1
  // leaves two-word queries without feedback: the ranking of --feedback 0.
  write_volcano_articles();
  auto position = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) - names.begin();
  };
  const std::vector<std::string> plain = ranking({"--feedback", "0", "volcano", "sky"});
  ASSERT_LT(position(plain, "lone.txt"), position(plain, "related.txt"));
  const std::vector<std::string> by_default = ranking({"volcano", "sky"});
  EXPECT_LT(position(by_default, "related.txt"), position(by_default, "lone.txt")) << "two words get feedback";
  EXPECT_EQ(ranking({"--feedback-max-words", "2", "volcano", "sky"}), by_default);
  EXPECT_EQ(ranking({"--feedback-max-words", "1", "volcano", "sky"}), plain) << "more than 1 word: no feedback";
  // One word is never more than the limit.
  EXPECT_EQ(ranking({"--feedback-max-words", "1", "volcano"}), ranking({"volcano"}));
}

TEST_F(RankingCliTest, FeedbackDepthCountsTheExpansionForTheFirstPassBestOnly) {
  // #15.2: with --feedback-depth N the expansion weighs only for the N best
  // articles of feedback's first pass (the query alone: --feedback 0
  // --title-weight 0 ranks as it does); every other article scores as
  // without feedback. 12 articles say "volcano".
  write_volcano_articles();
  const std::vector<std::string> first_pass = ranking({"--feedback", "0", "--title-weight", "0", "volcano"});
  ASSERT_EQ(first_pass.size(), 12u);
  const std::map<std::string, double> fed = scores({"--feedback-weight", "2", "volcano"});
  const std::map<std::string, double> plain = scores({"--feedback", "0", "volcano"});
  const std::map<std::string, double> deep = scores({"--feedback-weight", "2", "--feedback-depth", "11", "volcano"});
  ASSERT_EQ(fed.size(), 12u);
  ASSERT_EQ(deep.size(), 12u);
  for (std::size_t rank = 0; rank < first_pass.size(); ++rank) {
    const std::string& name = first_pass[rank];
    if (rank < 11) {
      EXPECT_NEAR(deep.at(name), fed.at(name), 1e-9) << name << " is among the first pass's 11 best";
    } else {
      ASSERT_GT(fed.at(name), plain.at(name) + 1e-6) << name << ": feedback must lift it for the test to mean anything";
      EXPECT_NEAR(deep.at(name), plain.at(name), 1e-9) << name << " is beyond the depth: no feedback";
    }
  }
  // A depth that every match is within, and 0, change nothing.
  EXPECT_EQ(scores({"--feedback-weight", "2", "--feedback-depth", "12", "volcano"}), fed);
  EXPECT_EQ(scores({"--feedback-weight", "2", "--feedback-depth", "0", "volcano"}), fed);
}

TEST_F(RankingCliTest, FeedbackWindowIsTheDepthTiedToThePage) {
  // #15.2: --feedback-window K ranks as --feedback-depth K x (offset +
  // limit); only the page's match is cheaper (among the window's articles
  // and those whose headline holds a query word). 12 articles say
  // "volcano"; the first pass's 11th is lone.txt, its 12th related.txt,
  // which feedback lifts above lone.txt when the expansion counts for it.
  write_volcano_articles();
  const auto page = [&](const std::vector<std::string>& extra, int offset, int limit) {
    return volcano_hits(extra, offset, limit);
  };
  const auto expect_same = [](const std::vector<std::pair<std::string, double>>& got,
                              const std::vector<std::pair<std::string, double>>& want, const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].first, want[i].first) << what << ", rank " << i + 1;
      EXPECT_NEAR(got[i].second, want[i].second, 1e-9) << what << ", " << got[i].first;
    }
  };
  const auto contains = [](const std::vector<std::pair<std::string, double>>& hits, const std::string& name) {
    return std::any_of(hits.begin(), hits.end(), [&](const auto& hit) { return hit.first == name; });
  };
  const auto whole = page({}, 0, 11);
  ASSERT_EQ(whole.size(), 11u);
  ASSERT_TRUE(contains(whole, "related.txt")) << "feedback must lift related.txt for the test to mean anything";
  const auto deep = page({"--feedback-depth", "11"}, 0, 11);
  ASSERT_FALSE(contains(deep, "related.txt")) << "beyond the depth: not lifted, below lone.txt";
  expect_same(page({"--feedback-window", "1"}, 0, 11), deep, "window 1 x 11");
  // A second page: the window is 1 x 5, the page size; the offset does not move it.
  expect_same(page({"--feedback-window", "1"}, 6, 5), page({"--feedback-depth", "5"}, 6, 5), "offset 6, limit 5");
  // A window that every match is within changes nothing: the default's
  // (10 x 11) and 2 x 11 here; 0 is every match.
  expect_same(page({"--feedback-window", "2"}, 0, 11), whole, "window 2 x 11");
  expect_same(page({"--feedback-window", "0"}, 0, 11), whole, "window 0");
}

TEST_F(RankingCliTest, FeedbackWindowPagesNeitherRepeatNorSkip) {
  // Paging through a result with one page size must show every article
  // once, in one order: the window is K x limit, not K x (offset + limit),
  // which re-ranked a deeper window for each later page (as Elasticsearch's
  // rescore documentation warns: a window that changes between pages moves
  // hits across them). The 12 volcano articles in pages of 6 at K = 1: both
  // pages rank as --feedback-depth 6, so related.txt (12th in the first
  // pass, lifted only when the expansion counts for it) stays 12th.
  write_volcano_articles();
  const auto names = [&](const std::vector<std::string>& extra, int offset, int limit) {
    std::vector<std::string> out;
    for (const auto& [name, score] : volcano_hits(extra, offset, limit)) out.push_back(name);
    return out;
  };
  ASSERT_NE(names({"--feedback-depth", "12"}, 0, 12), names({"--feedback-depth", "6"}, 0, 12))
      << "the depth must matter on this fixture for the test to mean anything";
  std::vector<std::string> paged = names({"--feedback-window", "1"}, 0, 6);
  const std::vector<std::string> second = names({"--feedback-window", "1"}, 6, 6);
  paged.insert(paged.end(), second.begin(), second.end());
  EXPECT_EQ(paged, names({"--feedback-depth", "6"}, 0, 12));
  std::vector<std::string> sorted = paged;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "an article on both pages";
}

TEST_F(RankingCliTest, FeedbackWindowCountsStoriesAsTheWholeMatchDoes) {
  // #15.2: where --feedback-window's page is matched among the window
  // alone, the count comes from feedback's first pass, which counts every
  // copy; while stories are collapsed (the default) it must not be taken
  // as the exact number of stories. The ten volcano updates are copies of
  // one story; a page of 1 has a window of 1 (the tied ten).
  write_volcano_articles();
  const auto count = [&](const std::string& window) {
    const ProcessResult result = run_process({search_binary(), "--db", db, "--format", "json", "--limit", "1",
                                              "--feedback-window", window, "volcano"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    if (result.exit_code != 0) return std::make_pair(-1.0, false);
    const JsonValue parsed = JsonParser::parse(result.out);
    return std::make_pair(parsed.at("total_estimate").number, parsed.at("total_exact").boolean);
  };
  const auto whole = count("0");
  ASSERT_TRUE(whole.second);
  ASSERT_LT(whole.first, 12.0) << "the copies must be collapsed for the test to mean anything";
  EXPECT_EQ(count("1"), whole);
  EXPECT_EQ(count("10"), whole);
}

TEST_F(RankingCliTest, FeedbackMaxShareLeavesOutCommonStems) {
  // #15.2: --feedback-max-share F leaves out expansion stems held by more
  // than F of the articles. The eruption's words (lava, ash, eruption, sky)
  // are in 11 of the 16 articles; related.txt is lifted by them alone, so
  // with a limit below 11/16 it is not lifted and lone.txt stays above it.
  write_volcano_articles();
  const std::vector<std::string> fed = ranking({"--feedback-weight", "2", "volcano"});
  ASSERT_LT(position(fed, "related.txt"), position(fed, "lone.txt"));
  EXPECT_EQ(ranking({"--feedback-weight", "2", "--feedback-max-share", "1", "volcano"}), fed) << "1: none left out";
  const std::vector<std::string> kept = ranking({"--feedback-weight", "2", "--feedback-max-share", "0.7", "volcano"});
  EXPECT_LT(position(kept, "related.txt"), position(kept, "lone.txt")) << "11 of 16 is below 0.7: kept";
  const std::vector<std::string> capped = ranking({"--feedback-weight", "2", "--feedback-max-share", "0.6", "volcano"});
  EXPECT_LT(position(capped, "lone.txt"), position(capped, "related.txt")) << "11 of 16 is above 0.6: left out";
}

TEST_F(RankingCliTest, FeedbackSkipsQueriesFewArticlesMatchInFull) {
  // As above: 12 articles say "volcano", but only related.txt and lone.txt
  // hold both words of "volcano fishermen": a specific query (a known
  // item, a headline), which feedback from the top 10 would pull towards
  // the ten volcano updates.
  write_volcano_articles();
  const std::vector<std::string> specific{"volcano", "fishermen"};
  std::vector<std::string> with = {"--feedback", "20", "--feedback-weight", "2"};
  with.insert(with.end(), specific.begin(), specific.end());
  EXPECT_EQ(ranking(with), ranking(specific));
  // (FeedbackReRanksByWordsOfTheTopArticles: "volcano", which 12 articles
  // hold, still gets feedback.)
}

TEST_F(RankingCliTest, FeedbackDoesNotDependOnDocumentIds) {
  // Twelve articles tie on "harbour" (same length, the word once, the same
  // title shape) and differ in every other word, so which ten of them feed
  // the expansion decides the ranking. Xapian breaks ties by document id,
  // which is the order the files were indexed in: the same articles indexed
  // in the opposite order must still rank with the same scores.
  const std::string consonants = "bdfgklmnprtvz";
  const std::string vowels = "aiou";
  auto content = [&](int i) {
    std::string body = "Harbour";
    for (int j = 0; j < 30; ++j) {
      body += std::string(" ") + consonants[static_cast<std::size_t>(i)] + vowels[static_cast<std::size_t>(j % 4)] +
              consonants[static_cast<std::size_t>(j % 13)] + "on";
    }
    return std::pair<std::string, std::string>{std::string("Harbour ") + consonants[static_cast<std::size_t>(i)] + "ax",
                                               body + "."};
  };
  auto scores = [&](const std::string& folder, bool reversed) {
    for (int i = 0; i < 12; ++i) {
      const auto [title, body] = content(reversed ? 11 - i : i);
      const std::string name = (i < 10 ? "0" : "") + std::to_string(i) + ".txt";
      write_file(dir / folder / "articles" / name, "date 2024-03-01\n" + title + "\n\n" + body + "\n");
    }
    // Unrelated articles, so that each article's own words weigh positively
    // in the expansion (in 12 articles alone they would not).
    for (int i = 0; i < 100; ++i) {
      write_file(dir / folder / "articles" / ("filler" + std::to_string(i) + ".txt"),
                 "date 2024-03-01\nWeather today\n\nRain and wind are expected across the region this week.\n");
    }
    const std::string database = (dir / folder / "db").string();
    const ProcessResult built = run_process({index_binary(), "--db", database, (dir / folder / "articles").string()});
    EXPECT_EQ(built.exit_code, 0) << built.err;
    const ProcessResult result = run_process({search_binary(), "--db", database, "--format", "json", "--limit", "100",
                                              "--duplicates=show", "harbour"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::map<std::string, double> out;
    if (result.exit_code != 0) return out;
    const JsonValue parsed = JsonParser::parse(result.out);
    for (const JsonValue& hit : parsed.at("hits").array) {
      out[hit.at("title").string] = hit.at("score").number;
    }
    return out;
  };
  const std::map<std::string, double> forward = scores("forward", false);
  const std::map<std::string, double> backward = scores("backward", true);
  ASSERT_EQ(forward.size(), 12u);
  ASSERT_EQ(backward.size(), 12u);
  for (const auto& [title, score] : forward) {
    ASSERT_TRUE(backward.contains(title)) << title;
    EXPECT_NEAR(backward.at(title), score, 1e-6) << title;
  }
}

TEST_F(RankingCliTest, OptionsNeverChangeTheCount) {
  write_fillers(3);
  write_article("a.txt", "Copper strike", "Copper output fell as miners struck.");
  write_article("b.txt", "Gold", "Gold and copper prices rose.");
  index();
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{}, {"--title-weight", "5"}, {"--proximity", "5"}, {"--pair-proximity", "5"},
        {"--feedback", "5"}, {"--feedback-depth", "1"}, {"--all-words-boost", "0"}}) {
    std::vector<std::string> argv{search_binary(), "--db", db, "--count"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back("copper miners");
    const ProcessResult result = run_process(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "2\n") << (extra.empty() ? "" : extra.front());
  }
  const ProcessResult bad = run_process({search_binary(), "--db", db, "--bm25-b", "2", "copper"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--bm25-b"), std::string::npos) << bad.err;
}

} // namespace
} // namespace dateline::test
