/** @file weighting_cli_test.cpp
 *  @brief --weighting (#13.1, session 10) through the real binaries:
 *  `--weighting bm25` is the default byte for byte; every other model ranks
 *  the same matches with its own scores, and the evidence around the text
 *  match (headline terms, feedback, the recency bonus scaled to the query's
 *  highest possible score) is weighed by the chosen model.
 */
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repeat.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace dateline::test {
namespace {

const std::vector<std::string> k_other_models{"bm25plus", "dph", "ineb2", "bb2", "lm", "lm-two-stage"};

class WeightingCliTest : public ::testing::Test {
protected:
  void SetUp() override {
    int day = 1;
    auto write = [this, &day](const std::string& name, const std::string& title, const std::string& body) {
      const std::string date = "2024-0" + std::to_string(1 + day % 5) + "-1" + std::to_string(day % 10);
      ++day;
      write_file(dir / ("articles/" + name), "date " + date + "\n" + title + "\n\n" + body + "\n");
    };
    for (int i = 0; i < 30; ++i) {
      write("filler" + std::to_string(i) + ".txt", "Weather today",
            "Rain and wind are expected across the region this week, forecasters said.");
    }
    write("short.txt", "Metals", "Nickel rose.");
    write("long.txt", "Metals",
          "Nickel and more nickel. " + repeat_words("analysts expect the market to stay calm", 30));
    for (int i = 0; i < 12; ++i) {
      write("c" + std::to_string(i) + ".txt", "Metals",
            repeat_words("cobalt rose", 1 + i % 3) + repeat_words("analysts expect the market to stay calm", 3 * i));
    }
    for (int i = 0; i < 10; ++i) {
      write("v" + std::to_string(i) + ".txt", "Volcano update " + std::to_string(i),
            "The volcano sent lava and ash into the sky; the eruption continued. " + repeat_words("villagers left", i));
    }
    write("related.txt", "Island news",
          "A volcano is near. " + repeat_words("fishermen mended nets in the harbour", 5) +
              "Lava, ash and an eruption.");
    write("lone.txt", "Island news", "Volcano volcano. " + repeat_words("fishermen mended nets in the harbour", 5));
    const ProcessResult result = run_process({index_binary(), "--db", db, (dir / "articles").string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }

  ProcessResult search(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{search_binary(), "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }

  /// The JSON answer for @p args (every copy, up to 100 hits).
  JsonValue json(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--format", "json", "--limit", "100", "--duplicates=show"});
    const ProcessResult result = search(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.exit_code == 0 ? JsonParser::parse(result.out) : JsonValue{};
  }

  /// File name -> score of the hits for @p args.
  std::map<std::string, double> scores(const std::vector<std::string>& args) const {
    const JsonValue parsed = json(args);
    return parsed.has("hits") ? hit_score_map(parsed) : std::map<std::string, double>{};
  }

  static std::set<std::string> names(const std::map<std::string, double>& hits) {
    std::set<std::string> out;
    for (const auto& [name, score] : hits) out.insert(name);
    return out;
  }

  TempDir dir;
  std::string db = (dir / "db").string();
};

TEST_F(WeightingCliTest, Bm25IsTheDefaultByteForByte) {
  const std::regex seconds(", [0-9]+\\.[0-9]+ s\n");
  const std::vector<std::vector<std::string>> cases{
      {"--format", "json", "--explain", "--duplicates=show", "--limit", "100", "volcano"},
      {"--format", "json", "--explain", "--recency", "30d", "--now", "2024-06-01", "cobalt"},
      {"--format", "json", "--duplicates=show", "nickel cobalt"},
      {"--format", "json", "--duplicates=show", "--feedback-window", "0", "--feedback-weight", "2", "volcano"},
      {"--format", "json", "--bm25-k1", "0.9", "--specific-bm25-b", "0.9", "--explain", "nickel"},
      {"--explain", "--duplicates=show", "volcano eruption"},
      {"--count", "cobalt OR nickel"},
  };
  for (const std::vector<std::string>& args : cases) {
    SCOPED_TRACE(args.back());
    std::vector<std::string> chosen{"--weighting", "bm25"};
    chosen.insert(chosen.end(), args.begin(), args.end());
    const ProcessResult by_default = search(args);
    const ProcessResult bm25 = search(chosen);
    ASSERT_EQ(by_default.exit_code, 0) << by_default.err;
    ASSERT_EQ(bm25.exit_code, 0) << bm25.err;
    EXPECT_FALSE(by_default.out.empty());
    EXPECT_EQ(std::regex_replace(bm25.out, seconds, ", 0.000 s\n"),
              std::regex_replace(by_default.out, seconds, ", 0.000 s\n"));
    EXPECT_EQ(bm25.err, by_default.err);
  }
}

TEST_F(WeightingCliTest, EveryModelRanksTheSameMatchesWithItsOwnScores) {
  for (const std::string query : {"volcano", "nickel cobalt", "cobalt rose"}) {
    const std::map<std::string, double> bm25 = scores({query});
    ASSERT_FALSE(bm25.empty()) << query;
    const std::string count = search({"--count", query}).out;
    for (const std::string& model : k_other_models) {
      SCOPED_TRACE(model + ": " + query);
      const std::map<std::string, double> hits = scores({"--weighting", model, query});
      EXPECT_EQ(names(hits), names(bm25)) << "a model re-orders the matches, never adds or removes one";
      EXPECT_NE(hits, bm25) << "the model's own scores";
      for (const auto& [name, score] : hits) EXPECT_TRUE(std::isfinite(score) && score >= 0.0) << name << ' ' << score;
      const ProcessResult counted = search({"--weighting", model, "--count", query});
      EXPECT_EQ(counted.exit_code, 0) << counted.err;
      EXPECT_EQ(counted.out, count);
    }
  }
}

TEST_F(WeightingCliTest, HeadlineEvidenceAndFeedbackAreWeighedByTheModel) {
  for (const std::string& model : k_other_models) {
    SCOPED_TRACE(model);
    const std::map<std::string, double> plain = scores({"--weighting", model, "--title-weight", "0", "--feedback", "0",
                                                        "volcano"});
    const std::map<std::string, double> titled = scores({"--weighting", model, "--feedback", "0", "volcano"});
    ASSERT_EQ(names(titled), names(plain));
    // v0..v9 hold "volcano" in their headlines, lone.txt and related.txt do not.
    EXPECT_GT(titled.at("v3.txt"), plain.at("v3.txt")) << "a headline match adds evidence";
    EXPECT_DOUBLE_EQ(titled.at("lone.txt"), plain.at("lone.txt")) << "no headline match, nothing added";
    const std::map<std::string, double> fed =
        scores({"--weighting", model, "--title-weight", "0", "--feedback-window", "0", "--feedback-weight", "2",
                "volcano"});
    EXPECT_NE(fed, plain) << "feedback's expansion counts";
  }
}

TEST_F(WeightingCliTest, RecencyBonusScalesWithTheModelsHighestScore) {
  const auto recency = [this](const std::string& model) {
    return json({"--weighting", model, "--explain", "--recency", "30d", "--now", "2024-06-01", "cobalt"})
        .at("explain")
        .at("recency");
  };
  const double bm25_max = recency("bm25").at("max_text_score").number;
  for (const std::string model : {"dph", "lm", "bb2"}) {
    SCOPED_TRACE(model);
    const JsonValue explained = recency(model);
    const double max_text = explained.at("max_text_score").number;
    EXPECT_GT(max_text, 0.0);
    EXPECT_GT(std::abs(max_text - bm25_max), 1e-6 * bm25_max) << "the model's own bound, not BM25's";
    EXPECT_NEAR(explained.at("max_bonus").number, 0.1 * max_text, 1e-9 * max_text);
    // No hit scores above the model's bound plus the largest bonus.
    const std::map<std::string, double> hits =
        scores({"--weighting", model, "--recency", "30d", "--now", "2024-06-01", "--title-weight", "0", "--feedback",
                "0", "cobalt"});
    ASSERT_FALSE(hits.empty());
    for (const auto& [name, score] : hits) EXPECT_LE(score, max_text * 1.1 * (1 + 1e-9)) << name;
  }
}

// Feedback's first pass has a short cut for one-term queries that reasons
// about BM25's weights (searcher/first_pass.hpp); under another model the
// first pass must weigh every match with that model. The same search over
// the same articles split into two databases (where the short cut never
// runs) is the reference: the top hits and scores must agree.
TEST(WeightingFirstPassTest, OneTermFeedbackUnderAnotherModelMatchesTheShardedSearch) {
  TempDir dir;
  // 175 of 1400 articles hold "quartz" (an eighth, as many as the short cut
  // takes), 160 of them two to four times: enough for it to weigh only those.
  // The long ones hold it four times among mining words, the short ones two
  // or three times beside trade words: BM25 (weak length normalisation)
  // puts the long ones first, the other models the short ones, and feedback
  // takes its words from whichever come first.
  for (int i = 0; i < 1400; ++i) {
    std::string body;
    const int j = i / 8;
    if (i % 8 == 0 && j % 12 == 0) {
      body = "quartz trade";
    } else if (i % 8 == 0 && j % 2 == 0) {
      body = "quartz quartz " + std::string(j % 4 == 0 ? "quartz " : "") + "tariff exports";
    } else if (i % 8 == 0) {
      body = "quartz quartz quartz quartz " + repeat_words("miners strike copper smelter union talks", 6 + j % 5);
    } else {
      body = "Rain and wind are expected across the region this week " + std::to_string(i % 97);
    }
    const std::string shard = i % 2 == 0 ? "even" : "odd";
    write_file(dir / ("all/a" + std::to_string(i) + ".txt"), "date 2024-03-01\nNews " + std::to_string(i) + "\n\n" + body + "\n");
    write_file(dir / (shard + "/a" + std::to_string(i) + ".txt"),
               "date 2024-03-01\nNews " + std::to_string(i) + "\n\n" + body + "\n");
  }
  for (const std::string name : {"all", "even", "odd"}) {
    const ProcessResult indexed =
        run_process({index_binary(), "--db", (dir / (name + ".db")).string(), (dir / name).string()});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }
  const auto top = [&](const std::vector<std::string>& dbs, const std::string& model, const std::string& limit) {
    std::vector<std::string> argv{search_binary()};
    for (const std::string& db : dbs) {
      argv.emplace_back("--db");
      argv.push_back((dir / (db + ".db")).string());
    }
    for (const char* arg : {"--format", "json", "--duplicates=show", "--weighting"}) argv.emplace_back(arg);
    argv.push_back(model);
    argv.emplace_back("--limit");
    argv.push_back(limit);
    argv.emplace_back("quartz");
    const ProcessResult result = run_process(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::vector<std::pair<std::string, double>> hits;
    if (result.exit_code != 0) return hits;
    const JsonValue parsed = JsonParser::parse(result.out);
    EXPECT_TRUE(parsed.has("hits")) << result.out;
    if (!parsed.has("hits")) return hits;
    for (const JsonValue& hit : parsed.at("hits").array) {
      EXPECT_TRUE(hit.has("score")) << result.out;
      if (!hit.has("score")) return hits;
      hits.emplace_back(hit_name(hit), hit.at("score").number);
    }
    return hits;
  };
  for (const std::string model : {"bm25", "dph", "lm", "bb2"}) {
    for (const std::string limit : {"1", "3"}) {
      SCOPED_TRACE(model + " --limit " + limit);
      const auto whole = top({"all"}, model, limit);
      const auto sharded = top({"even", "odd"}, model, limit);
      ASSERT_EQ(whole.size(), sharded.size());
      ASSERT_FALSE(whole.empty());
      for (std::size_t i = 0; i < whole.size(); ++i) {
        EXPECT_EQ(whole[i].first, sharded[i].first) << i;
        EXPECT_NEAR(whole[i].second, sharded[i].second, 1e-6 * std::max(1.0, whole[i].second)) << i;
      }
    }
  }
}

} // namespace
} // namespace dateline::test
