/** @file recency_like_cli_test.cpp
 *  @brief --recency (#11.2) and --like (#11.3) through the real
 *  dateline-search: recency orders equal-text hits newest first, --now moves
 *  age 0, text and JSON show text score and bonus, several databases and
 *  --batch; --like finds related articles, never the given one, combines
 *  with dates and a query, refuses unknown articles (exit 2) and takes no
 *  function word as an expansion term.
 */
#include "common/schema.hpp"
#include "tests/integration/searcher/fixture_db.hpp"
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

constexpr const char* k_strike = "Dockers at the port walked out over pay and the cranes stood still.";

/// Equal text, different dates (docids in date order, oldest first), one undated;
/// then the tariff story, its follow-ups and an unrelated article.
std::vector<FixtureArticle> articles() {
  return {
      {"r/1.txt", "2020-01-10", "Port strike", k_strike, "", "", {}},
      {"r/2.txt", "2021-01-10", "Port strike", k_strike, "", "", {}},
      {"r/3.txt", "2022-01-10", "Port strike", k_strike, "", "", {}},
      {"r/4.txt", "", "Port strike", k_strike, "", "", {}},
      {"l/a.txt", "2024-01-05", "Steel tariff talks",
       "Negotiators discussed the steel tariff and aluminium quotas at the trade talks in Geneva.", "", "", {}},
      {"l/b.txt", "2024-02-10", "Steel tariff raised",
       "The government raised the steel tariff after the trade talks on aluminium quotas failed.", "", "", {}},
      {"l/c.txt", "2023-11-01", "Earlier quota row",
       "Aluminium quotas and the steel tariff were first disputed at trade talks in Geneva last year.", "", "", {}},
      {"l/d.txt", "2024-02-11", "Cup final", "The home side won the cup final with a late goal.", "", "", {}},
  };
}

class RecencyLikeCliTest : public FixtureDbSuite<articles> {
protected:
  static ProcessResult search(std::vector<std::string> args, const std::string& stdin_data = {}) {
    std::vector<std::string> argv{search_binary(), "--db", db(), "--snippets", "0"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options;
    options.stdin_data = stdin_data;
    return run_process(argv, options);
  }
  static JsonValue json(std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "json"});
    const ProcessResult r = search(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return JsonParser::parse(r.out);
  }
};

const std::string r1 = "/fixture/r/1.txt", r2 = "/fixture/r/2.txt", r3 = "/fixture/r/3.txt", r4 = "/fixture/r/4.txt";

TEST_F(RecencyLikeCliTest, RecencyOrdersEqualTextNewestFirst) {
  EXPECT_EQ(hit_paths(json({"dockers"})), (std::vector<std::string>{r1, r2, r3, r4})) << "equal scores: docid order";
  const JsonValue v = json({"--recency", "365d", "--now", "2022-01-10", "dockers"});
  EXPECT_EQ(hit_paths(v), (std::vector<std::string>{r3, r2, r1, r4})) << "undated last: no bonus";
  const auto& hits = v.at("hits").array;
  const double text = hits[0].at("text_score").number;
  EXPECT_GT(text, 0.0);
  for (const JsonValue& hit : hits) {
    EXPECT_NEAR(hit.at("text_score").number, text, 1e-9) << "the text score is unchanged";
    EXPECT_NEAR(hit.at("score").number, hit.at("text_score").number + hit.at("recency").number, 1e-9);
  }
  // 2022-01-10 is age 0, 2021-01-10 one half-life (365 days) older, 2020-01-10 two (2020 has 366 days).
  EXPECT_NEAR(hits[1].at("recency").number, hits[0].at("recency").number / 2, 1e-9);
  EXPECT_NEAR(hits[2].at("recency").number, hits[0].at("recency").number * std::exp2(-731.0 / 365), 1e-9);
  EXPECT_EQ(hits[3].at("recency").number, 0.0);
  // Without --recency the JSON carries no recency fields.
  EXPECT_FALSE(json({"dockers"}).at("hits").array[0].has("recency"));
}

TEST_F(RecencyLikeCliTest, NowMovesAgeZero) {
  // By default age 0 is the newest article date in the database (the cup final).
  const JsonValue by_default = json({"--recency", "365d", "--explain", "dockers"});
  const JsonValue at_newest = json({"--recency", "365d", "--now", "2022-01-10", "--explain", "dockers"});
  const JsonValue later = json({"--recency", "365d", "--now", "2023-01-10", "--explain", "dockers"});
  const double max_bonus = at_newest.at("explain").at("recency").at("max_bonus").number;
  EXPECT_GT(max_bonus, 0.0);
  EXPECT_EQ(by_default.at("explain").at("recency").at("now").string, "2024-02-11");
  EXPECT_EQ(later.at("explain").at("recency").at("now").string, "2023-01-10");
  EXPECT_NEAR(at_newest.at("hits").array[0].at("recency").number, max_bonus, 1e-9);
  EXPECT_NEAR(later.at("hits").array[0].at("recency").number, max_bonus / 2, 1e-9);
  EXPECT_LT(by_default.at("hits").array[0].at("recency").number, max_bonus / 2);
  // Before every article: all count as age 0, equal bonuses, docid order again.
  EXPECT_EQ(hit_paths(json({"--recency", "365d", "--now", "2019", "dockers"})), (std::vector<std::string>{r1, r2, r3, r4}));
}

// Trial pass: one article dated 2999-12-31 (a typo, an embargo) made it
// the default "now", every real article ~1000 years old and --recency a
// no-op. The default now is the newest date not after today; the archive is
// from 1987 and the outlier from 2999, so whatever today is, the result is
// the one without the outlier.
TEST(RecencyFarFutureTest, AFarFutureDateDoesNotBecomeNow) {
  TempDir dir;
  const std::vector<FixtureArticle> real{
      {"1.txt", "1987-03-02", "Port strike", k_strike, "", "", {}},
      {"2.txt", "1987-06-15", "Port strike", k_strike, "", "", {}},
      {"3.txt", "1987-10-19", "Port strike", k_strike, "", "", {}},
  };
  std::vector<FixtureArticle> with_outlier = real;
  with_outlier.push_back({"typo.txt", "2999-12-31", "Cup final", "The home side won the cup final.", "", "", {}});
  build_fixture_db(dir.path() / "real", real);
  build_fixture_db(dir.path() / "outlier", with_outlier);
  const auto run = [&](const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv{search_binary(), "--db", (dir.path() / db).string(), "--snippets", "0"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult r = run_process(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
  };
  const JsonValue expected =
      JsonParser::parse(run("real", {"--format", "json", "--recency", "30d", "--explain", "dockers"}).out);
  const JsonValue v =
      JsonParser::parse(run("outlier", {"--format", "json", "--recency", "30d", "--explain", "dockers"}).out);
  const std::vector<std::string> order{"/fixture/3.txt", "/fixture/2.txt", "/fixture/1.txt"};
  ASSERT_EQ(hit_paths(expected), order);
  EXPECT_EQ(hit_paths(v), order) << "recency orders as without the outlier";
  ASSERT_EQ(v.at("hits").array.size(), 3U);
  // The bonuses as fractions of the bonus at age 0 (the text scores differ:
  // one more article changes the words' statistics).
  const double max_bonus = v.at("explain").at("recency").at("max_bonus").number;
  const double expected_max = expected.at("explain").at("recency").at("max_bonus").number;
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(v.at("hits").array[i].at("recency").number / max_bonus,
                expected.at("hits").array[i].at("recency").number / expected_max, 1e-9);
  }
  EXPECT_NEAR(v.at("hits").array[0].at("recency").number, max_bonus, 1e-9) << "the newest real article is age 0";
  const JsonValue& recency = v.at("explain").at("recency");
  EXPECT_EQ(recency.at("now").string, "1987-10-19");
  EXPECT_EQ(recency.at("future_dates_up_to").string, "2999-12-31") << "says which dates were passed over";
  const ProcessResult text = run("outlier", {"--recency", "30d", "--explain", "dockers"});
  EXPECT_NE(text.out.find("age counted from 1987-10-19"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("2999-12-31"), std::string::npos) << text.out;
  // Without future dates the field is absent; --now given explicitly wins.
  EXPECT_FALSE(JsonParser::parse(run("real", {"--format", "json", "--recency", "30d", "--explain", "dockers"}).out)
                   .at("explain").at("recency").has("future_dates_up_to"));
  const JsonValue given = JsonParser::parse(
      run("outlier", {"--format", "json", "--recency", "30d", "--now", "1987-06-15", "--explain", "dockers"}).out);
  EXPECT_EQ(given.at("explain").at("recency").at("now").string, "1987-06-15");
  EXPECT_FALSE(given.at("explain").at("recency").has("future_dates_up_to"));
}

TEST_F(RecencyLikeCliTest, ExplainShowsTextScoreAndBonus) {
  const ProcessResult r = search({"--recency", "1y", "--explain", "dockers"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Recency: bonus "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("age counted from 2024-02-11"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" = text "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" + recency "), std::string::npos) << r.out;
  EXPECT_EQ(search({"--explain", "dockers"}).out.find(" + recency "), std::string::npos);
}

TEST_F(RecencyLikeCliTest, FilterOnlyQueriesAreOrderedByRecency) {
  EXPECT_EQ(hit_paths(json({"--recency", "30d", "date:2020..2022"})), (std::vector<std::string>{r3, r2, r1}));
}

TEST_F(RecencyLikeCliTest, RecencyOptionErrors) {
  EXPECT_EQ(search({"--recency", "30", "dockers"}).exit_code, 2);
  EXPECT_EQ(search({"--recency", "30d", "--sort", "newest", "dockers"}).exit_code, 2);
  EXPECT_EQ(search({"--recency", "30d", "--count", "dockers"}).exit_code, 2);
  EXPECT_EQ(search({"--now", "2024", "dockers"}).exit_code, 2);
  EXPECT_EQ(search({"--recency-weight", "1", "dockers"}).exit_code, 2);
  EXPECT_EQ(search({"--recency", "30d", "--recency-weight", "0", "dockers"}).exit_code, 2);
  EXPECT_EQ(search({"--recency", "30d", "--now", "2024-02-30", "dockers"}).exit_code, 2);
  // --sort newest stays the strict date order.
  EXPECT_EQ(hit_paths(json({"--sort", "newest", "dockers"})), (std::vector<std::string>{r3, r2, r1, r4}));
}

TEST_F(RecencyLikeCliTest, RecencyAcrossSeveralDatabasesAndInBatch) {
  TempDir other;
  build_fixture_db(other.path() / "db2", {{"n/5.txt", "2022-07-10", "Port strike", k_strike, "", "", {}}},
                   FixtureOptions{"english", std::to_string(schema::k_schema_version), "/other"});
  const ProcessResult r = run_process({search_binary(), "--db", db(), "--db", (other.path() / "db2").string(),
                                       "--format", "json", "--snippets", "0", "--recency", "365d", "dockers"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> got = hit_paths(JsonParser::parse(r.out));
  EXPECT_EQ(got, (std::vector<std::string>{"/other/n/5.txt", r3, r2, r1, r4})) << "age 0 is the newest of both";
  const ProcessResult batch = search({"--recency", "365d", "--batch", "-"}, "dockers\nport\n");
  ASSERT_EQ(batch.exit_code, 0) << batch.err;
  std::size_t lines = 0;
  for (std::size_t at = 0, end; (end = batch.out.find('\n', at)) != std::string::npos; at = end + 1, ++lines) {
    const JsonValue line = JsonParser::parse(batch.out.substr(at, end - at));
    EXPECT_EQ(hit_paths(line).front(), r3);
    EXPECT_TRUE(line.at("hits").array[0].has("recency"));
  }
  EXPECT_EQ(lines, 2U);
}

TEST_F(RecencyLikeCliTest, LikeFindsRelatedArticlesButNotItself) {
  const JsonValue v = json({"--like", "/fixture/l/a.txt"});
  const std::vector<std::string> got = hit_paths(v);
  ASSERT_GE(got.size(), 2U);
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + 2),
            (std::vector<std::string>{"/fixture/l/c.txt", "/fixture/l/b.txt"}));
  for (const std::string& path : got) {
    EXPECT_NE(path, "/fixture/l/a.txt") << "the given article is excluded";
    EXPECT_NE(path, "/fixture/l/d.txt") << "nothing in common but stop words";
  }
  ASSERT_EQ(v.at("like").array.size(), 1U);
  EXPECT_EQ(v.at("like").array[0].string, "/fixture/l/a.txt");
  const ProcessResult text = search({"--like", "/fixture/l/a.txt"});
  EXPECT_NE(text.out.find(" like /fixture/l/a.txt, "), std::string::npos) << text.out;
}

// --explain printed --like's exclusion of the given article's copies (its
// content hash, value slot 4: 8 binary bytes) as those bytes, Xapian's \x
// escapes mixed with raw ones, in "Query parsed as"; now as the 16 hex digits.
TEST_F(RecencyLikeCliTest, ExplainShowsTheContentHashInHex) {
  const ProcessResult r = search({"--like", "/fixture/l/a.txt", "--explain"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::size_t at = r.out.find("Query parsed as: ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
  EXPECT_TRUE(std::regex_search(line, std::regex("VALUE_RANGE 4 content hash [0-9a-f]{16}\\)"))) << line;
  EXPECT_EQ(line.find("\\x"), std::string::npos) << line;
  for (const char c : line) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << line;
  const JsonValue v = json({"--like", "/fixture/l/a.txt", "--explain"});
  EXPECT_TRUE(std::regex_search(v.at("parsed").string, std::regex("VALUE_RANGE 4 content hash [0-9a-f]{16}\\)")))
      << v.at("parsed").string;
}

TEST_F(RecencyLikeCliTest, LikeCombinesWithDatesAndAQuery) {
  EXPECT_EQ(hit_paths(json({"--like", "/fixture/l/a.txt", "--since", "2024-01-06"})),
            std::vector<std::string>{"/fixture/l/b.txt"});
  EXPECT_EQ(hit_paths(json({"--like", "/fixture/l/a.txt", "date:..2023"})), std::vector<std::string>{"/fixture/l/c.txt"});
  EXPECT_EQ(hit_paths(json({"--like", "/fixture/l/a.txt", "government"})), std::vector<std::string>{"/fixture/l/b.txt"});
  // Several given articles: both left out.
  const std::vector<std::string> both = hit_paths(json({"--like", "/fixture/l/a.txt", "--like", "/fixture/l/c.txt"}));
  ASSERT_FALSE(both.empty());
  EXPECT_EQ(both.front(), "/fixture/l/b.txt");
  for (const std::string& path : both) EXPECT_TRUE(path != "/fixture/l/a.txt" && path != "/fixture/l/c.txt") << path;
}

TEST_F(RecencyLikeCliTest, LikeByDocidAndErrors) {
  const JsonValue found = json({"title:tariff", "talks"});
  double docid = 0;
  for (const JsonValue& hit : found.at("hits").array) {
    if (hit.at("path").string == "/fixture/l/a.txt") docid = hit.at("docid").number;
  }
  ASSERT_GT(docid, 0);
  EXPECT_EQ(hit_paths(json({"--like", "docid:" + std::to_string(static_cast<int>(docid))})),
            hit_paths(json({"--like", "/fixture/l/a.txt"})));
  const ProcessResult missing = search({"--like", "/fixture/l/zzz.txt"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("'/fixture/l/zzz.txt' is not an article in the database, and there is no such file"),
            std::string::npos)
      << missing.err;
  // A file that exists but was never indexed is not called missing.
  const ProcessResult unindexed = search({"--like", "/"});
  EXPECT_EQ(unindexed.exit_code, 2);
  EXPECT_NE(unindexed.err.find("'/' is not an article in the database ("), std::string::npos) << unindexed.err;
  EXPECT_EQ(search({"--like", "docid:999"}).exit_code, 2);
  EXPECT_EQ(search({"--like", ""}).exit_code, 2);
}

TEST_F(RecencyLikeCliTest, LikeAcrossSeveralDatabasesAndInBatch) {
  // The given article in one database, its neighbours in the other.
  TempDir other;
  build_fixture_db(other.path() / "db2",
                   {{"x/q.txt", "2024-03-01", "Quotas again",
                     "Aluminium quotas and the steel tariff return to the trade talks in Geneva.", "", "", {}}},
                   FixtureOptions{"english", std::to_string(schema::k_schema_version), "/other"});
  const ProcessResult r = run_process({search_binary(), "--db", db(), "--db", (other.path() / "db2").string(), "--format",
                                       "json", "--snippets", "0", "--like", "/other/x/q.txt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> got = hit_paths(JsonParser::parse(r.out));
  ASSERT_GE(got.size(), 3U);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.begin() + 3),
            (std::set<std::string>{"/fixture/l/a.txt", "/fixture/l/b.txt", "/fixture/l/c.txt"}));
  EXPECT_TRUE(std::find(got.begin(), got.end(), "/other/x/q.txt") == got.end());
  // --batch: every line narrows the same --like.
  const ProcessResult batch = search({"--like", "/fixture/l/a.txt", "--batch", "-"}, "government\ndate:..2023\n");
  ASSERT_EQ(batch.exit_code, 0) << batch.err;
  const std::size_t newline = batch.out.find('\n');
  ASSERT_NE(newline, std::string::npos);
  EXPECT_EQ(hit_paths(JsonParser::parse(batch.out.substr(0, newline))), std::vector<std::string>{"/fixture/l/b.txt"});
  EXPECT_EQ(hit_paths(JsonParser::parse(batch.out.substr(newline + 1))), std::vector<std::string>{"/fixture/l/c.txt"});
}

TEST_F(RecencyLikeCliTest, JsonFollowsTheSchema) {
  // The fields docs/json-output.md lists for --recency and --like, with their types.
  using Type = JsonValue::Type;
  const JsonValue v = json({"--recency", "30d", "--like", "/fixture/l/a.txt", "--explain", "tariff"});
  ASSERT_EQ(v.at("like").type, Type::array);
  EXPECT_EQ(v.at("like").array.at(0).type, Type::string);
  ASSERT_FALSE(v.at("hits").array.empty());
  for (const JsonValue& hit : v.at("hits").array) {
    EXPECT_EQ(hit.at("score").type, Type::number);
    EXPECT_EQ(hit.at("text_score").type, Type::number);
    EXPECT_EQ(hit.at("recency").type, Type::number);
  }
  const JsonValue& recency = v.at("explain").at("recency");
  for (const char* key : {"half_life_days", "weight", "max_text_score", "max_bonus"}) {
    EXPECT_EQ(recency.at(key).type, Type::number) << key;
  }
  EXPECT_EQ(recency.at("now").type, Type::string);
  EXPECT_NEAR(recency.at("weight").number, 0.1, 1e-12) << "the documented default";
  EXPECT_NEAR(recency.at("max_bonus").number, 0.1 * recency.at("max_text_score").number, 1e-9);
  ASSERT_EQ(v.at("explain").at("like_terms").type, Type::array);
  EXPECT_FALSE(v.at("explain").at("like_terms").array.empty());
  // Without the options none of these fields appear.
  const JsonValue plain = json({"--explain", "tariff"});
  EXPECT_FALSE(plain.has("like"));
  EXPECT_FALSE(plain.at("explain").has("recency"));
  EXPECT_FALSE(plain.at("explain").has("like_terms"));
}

TEST(RecencyLikeSampleTest, LikeFindsTheRelatedSampleArticle) {
  const std::filesystem::path sample = std::filesystem::path(env_or_empty("DATELINE_SOURCE_DIR")) / "corpus/sample";
  if (!std::filesystem::is_directory(sample)) GTEST_SKIP() << "no corpus/sample in " << sample;
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  const ProcessResult indexed = run_process({index_binary(), "-q", "--db", db, sample.string()});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  // A path spelled with "..": found the way the indexer identified the file.
  const std::string given = (sample / "2023/../2023/opec-plus-surprise-cut.txt").string();
  const ProcessResult r =
      run_process({search_binary(), "--db", db, "--format", "json", "--snippets", "0", "--limit", "3", "--like", given});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const JsonValue v = JsonParser::parse(r.out);
  ASSERT_EQ(v.at("hits").array.size(), 3U);
  for (const JsonValue& hit : v.at("hits").array) {
    EXPECT_EQ(hit.at("path").string.find("opec-plus-surprise-cut"), std::string::npos) << "not itself";
  }
  const std::string first = v.at("hits").array[0].at("path").string;
  EXPECT_NE(first.find("opec"), std::string::npos) << first;
  // The storm story and what followed it two days later (corpus/README.md).
  const std::string storm = (sample / "2024/storm-closes-port.txt").string();
  for (const std::vector<std::string>& dates : {std::vector<std::string>{}, {"--since", "2024-02-13", "--until", "2024-03"}}) {
    std::vector<std::string> argv{search_binary(), "--db", db, "--format", "json", "--snippets", "0", "--like", storm};
    argv.insert(argv.end(), dates.begin(), dates.end());
    const ProcessResult s = run_process(argv);
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const JsonValue hits = JsonParser::parse(s.out);
    ASSERT_FALSE(hits.at("hits").array.empty());
    const std::string top = hits.at("hits").array[0].at("path").string;
    EXPECT_NE(top.find("2024/port-reopens-after-storm.txt"), std::string::npos) << top;
    if (!dates.empty()) {  // every hit inside the dates (the canal story of 2024-03-11 is related too)
      for (const JsonValue& hit : hits.at("hits").array) {
        const std::string date = hit.at("date").string;
        EXPECT_TRUE(date >= "2024-02-13" && date <= "2024-03-31") << date;
      }
    }
  }
}

// Session 14: the search's stop list keeps "will" (meaningful in news
// phrases), and --like took it and "outside" as expansion terms: in a small
// archive every word is rare, so an article sharing only those two words
// with the given one was a hit. Indexed by the real dateline-index.
TEST(LikeFunctionWordsCliTest, AFunctionWordAloneFindsNothing) {
  TempDir dir;
  const std::filesystem::path folder = dir.path() / "news";
  write_file(folder / "given.txt", "Date: 2024-05-02\nTitle: Engineers inspect reservoir\n\n"
                                   "Engineers will inspect the reservoir dam outside the valley as the drought deepens.\n");
  write_file(folder / "related.txt", "Date: 2024-05-09\nTitle: Reservoir falls\n\n"
                                     "The drought lowered the reservoir behind the dam to a record low.\n");
  write_file(folder / "function-words.txt", "Date: 2024-05-10\nTitle: Cup final\n\n"
                                            "The team will play outside the capital in the cup final.\n");
  write_file(folder / "ferry.txt", "Date: 2024-05-11\nTitle: Ferry returns\n\nThe ferry resumed service to the islands.\n");
  write_file(folder / "chips.txt", "Date: 2024-05-12\nTitle: Chip prices\n\nChipmakers raised prices for memory chips.\n");
  const std::string db = (dir.path() / "db").string();
  const ProcessResult indexed = run_process({index_binary(), "-q", "--db", db, folder.string()});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  const ProcessResult r = run_process({search_binary(), "--db", db, "--format", "json", "--snippets", "0", "--explain",
                                       "--like", (folder / "given.txt").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const JsonValue v = JsonParser::parse(r.out);
  EXPECT_EQ(hit_paths(v), std::vector<std::string>{(folder / "related.txt").string()});
  std::vector<std::string> terms;
  for (const JsonValue& term : v.at("explain").at("like_terms").array) terms.push_back(term.string);
  for (const char* word : {"will", "outside"}) {
    EXPECT_TRUE(std::find(terms.begin(), terms.end(), word) == terms.end()) << word << " is an expansion term";
  }
  EXPECT_TRUE(std::find(terms.begin(), terms.end(), "reservoir") != terms.end());
  // The search's own stop list is unchanged: "will" is still searched.
  const ProcessResult will = run_process({search_binary(), "--db", db, "--format", "json", "--snippets", "0", "will"});
  ASSERT_EQ(will.exit_code, 0) << will.err;
  EXPECT_EQ(JsonParser::parse(will.out).at("hits").array.size(), 2U);
}

} // namespace
} // namespace dateline::test
