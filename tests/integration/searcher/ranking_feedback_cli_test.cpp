/** @file ranking_feedback_cli_test.cpp
 *  @brief #13.1 --feedback through the real binaries: it re-ranks by words
 *  of the top articles (and not for long or specific queries), counted for
 *  the first pass's best articles only (--feedback-depth, --feedback-window,
 *  pages neither repeating nor skipping), leaving out common stems
 *  (--feedback-max-share), independent of document ids.
 */
#include "tests/integration/searcher/ranking_cli_fixture.hpp"
#include "tests/support/process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dateline::test {
namespace {

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

} // namespace
} // namespace dateline::test
