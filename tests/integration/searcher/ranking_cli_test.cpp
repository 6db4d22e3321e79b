/** @file ranking_cli_test.cpp
 *  @brief #13.1 ranking options through the real binaries: --title-weight
 *  lifts a headline match, --proximity words close together, --bm25-b and
 *  --bm25-k1 change length normalisation and saturation, --pair-proximity
 *  grades neighbouring pairs, --all-words-boost sets how far every word
 *  counts, --specific-bm25-b gives specific queries their own b; none of
 *  them adds or removes a match. --feedback: ranking_feedback_cli_test.cpp.
 */
#include "tests/integration/searcher/ranking_cli_fixture.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repeat.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

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
