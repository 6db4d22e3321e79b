/** @file time_shards_search_test.cpp
 *  @brief Searching a time-sharded archive (#15.3): the same hits, in the
 *  same order, with the same scores (to 1e-9) as one database of the same
 *  articles (Xapian combines the shards' statistics), on the sample corpus
 *  and on a slice of Reuters-21578 from ../shared; and --since/--until open
 *  only the shards that can match, and so does a date: restriction written in
 *  the query where it is certain (ANDed at the top, not under OR or NOT),
 *  giving the answer --since/--until give. Wildcards are left out: Xapian 1.4
 *  expands a wildcard in each shard separately and weighs the expansion with
 *  that shard's statistics, so their scores differ (docs/scaling.md).
 */
#include "searcher/query_dates.hpp"
#include "searcher/searcher.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <tuple>
#include <unistd.h>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;
using searcher::Hit;
using searcher::Searcher;
using searcher::SearchRequest;
using searcher::SearchResult;

std::vector<std::string> index_command(const fs::path& db, const std::vector<std::string>& extra,
                                       const std::vector<fs::path>& roots) {
  std::vector<std::string> argv{index_binary(), "--quiet", "--db", db.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  for (const auto& root : roots) argv.push_back(root.string());
  return argv;
}

/// (score, path) of each hit; within a run of scores equal to 1e-9 (whose
/// order Xapian decides by document id, which sharding changes) by path.
std::vector<std::pair<double, std::string>> ranked(const SearchResult& result) {
  std::vector<std::pair<double, std::string>> out;
  for (const Hit& hit : result.hits) out.emplace_back(hit.score, hit.path);
  for (std::size_t i = 0; i < out.size();) {
    std::size_t j = i + 1;
    while (j < out.size() && std::fabs(out[j].first - out[i].first) <= 1e-9) ++j;
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(i), out.begin() + static_cast<std::ptrdiff_t>(j),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    i = j;
  }
  return out;
}

/// Builds @p roots unsharded and sharded by each of @p shardings, then
/// runs every query of @p queries on each and compares with the unsharded
/// answer. Returns the number of hits compared.
std::size_t expect_same_answers(const std::vector<fs::path>& roots, const std::vector<std::string>& shardings,
                                const std::vector<std::string>& queries, std::size_t feedback_depth = 0) {
  TempDir dir;
  const fs::path flat = dir / "flat";
  const auto built = run_process(index_command(flat, {}, roots));
  EXPECT_LE(built.exit_code, 1) << built.err;
  Searcher reference({flat.string()});
  std::size_t compared = 0;
  for (const std::string& by : shardings) {
    const fs::path db = dir / by;
    const auto sharded = run_process(index_command(db, {"--shard-by", by}, roots));
    EXPECT_LE(sharded.exit_code, 1) << sharded.err;
    EXPECT_TRUE(fs::exists(db / "XAPIANDB"));
    Searcher searcher({db.string()});
    EXPECT_EQ(searcher.document_count(), reference.document_count()) << by;
    for (const std::string& query : queries) {
      SearchRequest request;
      request.query = query;
      request.limit = 50;
      request.ranking.feedback_depth = feedback_depth;
      const SearchResult want = reference.search(request);
      const SearchResult got = searcher.search(request);
      EXPECT_EQ(got.total_estimate, want.total_estimate) << by << ": " << query;
      const auto a = ranked(want);
      const auto b = ranked(got);
      EXPECT_EQ(a.size(), b.size()) << by << ": " << query;
      for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        EXPECT_EQ(b[i].second, a[i].second) << by << ": " << query << " hit " << i;
        EXPECT_NEAR(b[i].first, a[i].first, 1e-9) << by << ": " << query << " hit " << i;
      }
      compared += a.size();
    }
  }
  return compared;
}

TEST(TimeShardsSearch, SampleCorpusSameHitsOrderAndScores) {
  const fs::path sample = fs::path(env_or_empty("DATELINE_SOURCE_DIR")) / "corpus/sample";
  if (!fs::is_directory(sample)) GTEST_SKIP() << "no corpus/sample in " << sample;
  const std::vector<std::string> queries{
      "canal",        "ship aground",         "semiconductor export curbs", "election",    "central bank rates",
      "storm",        "\"container ship\"",   "title:canal",                "oil OR gas",  "market -stocks",
      "floods",       "minister",             "date:2024 canal",            "trade",       "中日关系"};
  const std::size_t compared = expect_same_answers({sample}, {"year", "month"}, queries);
  EXPECT_GT(compared, 20U) << "the query set must find something";
}

// The first two Reuters files (2,000 stories of February and March 1987),
// imported into dir / "articles"; skipped where the importer or
// ../shared/corpora/reuters21578 is absent.
class TimeShardsReutersSlice : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string import = env_or_empty("DATELINE_IMPORT_REUTERS");
    const fs::path corpus = shared_corpus("reuters21578");
    if (import.empty()) GTEST_SKIP() << "DATELINE_IMPORT_REUTERS is not set";
    if (corpus.empty()) GTEST_SKIP() << "../shared/corpora/reuters21578 is absent (or DATELINE_SKIP_LARGE is set)";
    fs::create_directories(dir / "sgm");
    for (const char* name : {"reut2-000.sgm", "reut2-001.sgm"}) fs::copy_file(corpus / name, dir / "sgm" / name);
    const auto imported = run_process({import, "--quiet", (dir / "sgm").string(), (dir / "articles").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  TempDir dir;
};

TEST_F(TimeShardsReutersSlice, SameHitsOrderAndScores) {
  const std::vector<std::string> queries{
      "cocoa",       "cocoa harvest",        "oil prices opec",  "bank of japan interest rates", "wheat tender egypt",
      "coffee quota", "\"trade deficit\"",  "merger",           "title:gold",                   "crude oil -gas",
      "dividend",    "sugar OR grain",      "acquisition shares", "dollar yen",                   "topic:earn profit",
      "strike",      "brazil debt",         "shipping",            "federal reserve",              "copper"};
  const std::size_t compared = expect_same_answers({dir / "articles"}, {"month"}, queries);
  EXPECT_GT(compared, 200U);
}

TEST_F(TimeShardsReutersSlice, FeedbackDepthSameHitsOrderAndScores) {
  // --feedback-depth (#15.2) filters the expansion by document ids, kept
  // per shard: the sharded archive must still answer as one database,
  // articles tied at the depth included. The Reuters slice, as above.
  // Broad queries (feedback needs 10 articles holding every word), deeper
  // than 20 matches, so the depth cuts.
  const std::vector<std::string> queries{"cocoa", "oil prices", "dividend", "merger", "shares", "dollar",
                                         "wheat", "bank", "trade", "profit"};
  const std::size_t compared = expect_same_answers({dir / "articles"}, {"month"}, queries, 20);
  EXPECT_GT(compared, 200U);
}

/// A year-sharded archive of three copper articles (1987, 2001, 2024) whose
/// 1987 and 2001 shards are damaged: a search that opened them would fail.
fs::path damaged_copper_archive(const TempDir& dir) {
  const auto write = [&](const std::string& name, const std::string& date, const std::string& body) {
    write_file(dir / "news" / name, "date " + date + "\n" + body + "\n\n" + body + " report\n");
  };
  write("old.txt", "1987-05-01", "copper mine strike");
  write("mid.txt", "2001-05-01", "copper price falls");
  write("new.txt", "2024-02-01", "copper demand grows");
  const fs::path db = dir / "db";
  EXPECT_EQ(run_process(index_command(db, {"--shard-by", "year"}, {dir / "news"})).exit_code, 0);
  for (const char* shard : {"1987", "2001"}) {
    for (const auto& entry : fs::directory_iterator(db / shard)) fs::remove(entry.path());
    write_file(db / shard / "iamglass", "damaged");
  }
  return db;
}

TEST(TimeShardsSearch, SinceOpensOnlyTheShardsThatCanMatch) {
  TempDir dir;
  const fs::path db = damaged_copper_archive(dir);
  const auto since = run_process({search_binary(), "--db", db.string(), "--since", "2024-01-01", "--count", "copper"});
  EXPECT_EQ(since.exit_code, 0) << since.err;
  EXPECT_EQ(since.out, "1\n");
  const auto until = run_process({search_binary(), "--db", db.string(), "--until", "1990-12-31", "copper"});
  EXPECT_NE(until.exit_code, 0) << "the 1987 shard is needed and damaged";
  EXPECT_NE(until.err.find("1987"), std::string::npos) << until.err;
  const auto all = run_process({search_binary(), "--db", db.string(), "copper"});
  EXPECT_NE(all.exit_code, 0) << "without dates every shard is opened";
}

TEST(TimeShardsSearch, DateInTheQueryOpensOnlyTheShardsThatCanMatch) {
  TempDir dir;
  const fs::path db = damaged_copper_archive(dir);
  const auto search = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv{search_binary(), "--db", db.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  };
  for (const std::string query : {"date:2024 copper", "copper AND date:2024-02", "copper +date:2010..",
                                  "copper date:2024 date:2025", "(copper OR zinc) date:2024..2030"}) {
    const auto count = search({"--count", query});
    EXPECT_EQ(count.exit_code, 0) << query << ": " << count.err;
    EXPECT_EQ(count.out, "1\n") << query;
  }
  // --explain counts the shards: undated/ and 2024 of the four.
  const auto explained = search({"--explain", "copper date:2024"});
  EXPECT_EQ(explained.exit_code, 0) << explained.err;
  EXPECT_NE(explained.out.find("Shards: searched 2 of 4 (date filter 2024-01-01 .. 2024-12-31"), std::string::npos)
      << explained.out;
  // Not certain (an alternative, an exclusion), or needing 1987: every shard, so an error.
  for (const std::string query : {"copper OR date:2024", "copper -date:1987", "copper NOT date:2001",
                                  "date:..1990 copper", "(copper date:2024) OR strike"}) {
    const auto all = search({"--count", query});
    EXPECT_NE(all.exit_code, 0) << query << " must open the damaged shards";
  }
  // The query's dates and --since/--until together: the narrower.
  EXPECT_EQ(search({"--count", "--since", "1980-01-01", "copper date:2020.."}).out, "1\n");
}

TEST(TimeShardsSearch, NewSinceWithDatesOpensOnlyTheShardsThatCanMatch) {
  TempDir dir;
  const fs::path db = damaged_copper_archive(dir);
  for (const std::vector<std::string>& dates :
       {std::vector<std::string>{"--since", "2024-01-01"}, std::vector<std::string>{"--until", "2030-12-31", "date:2024.."}}) {
    const fs::path state = dir / ("watch" + std::to_string(dates.size()) + ".state");
    std::vector<std::string> argv{search_binary(), "--db", db.string(), "--new-since", state.string()};
    argv.insert(argv.end(), dates.begin(), dates.end());
    argv.push_back("copper");
    const auto first = run_process(argv);
    EXPECT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("new.txt"), std::string::npos) << first.out;
    const auto second = run_process(argv);
    EXPECT_EQ(second.exit_code, 1) << second.err << "nothing new since the first run";
  }
  // --batch opens every shard (each line may name other dates).
  write_file(dir / "queries.txt", "copper date:2024\n");
  const auto batch = run_process({search_binary(), "--db", db.string(), "--batch", (dir / "queries.txt").string()});
  EXPECT_NE(batch.exit_code, 0) << batch.out;
}

// A trailing '/' is no part of a shard's name: --db DIR/ is the archive
// --db DIR, and a stub written by hand with "auto 1987/" lines still lets
// the dates leave the damaged shards closed (they were opened: the name
// "1987/" was read as no period).
TEST(TimeShardsSearch, TrailingSlashesNameTheSameArchiveAndShards) {
  TempDir dir;
  const fs::path db = damaged_copper_archive(dir);
  const auto count = [&](const std::string& where, const std::vector<std::string>& args) {
    std::vector<std::string> argv{search_binary(), "--db", where, "--count"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  };
  for (const std::string& where : {db.string(), db.string() + "/", db.string() + "//"}) {
    const auto got = count(where, {"--since", "2024-01-01", "copper"});
    EXPECT_EQ(got.exit_code, 0) << where << ": " << got.err;
    EXPECT_EQ(got.out, "1\n") << where;
  }
  write_file(db / "XAPIANDB", "auto undated/\nauto 1987/\nauto 2001//\nauto ./2024/\n");
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--since", "2024-01-01", "copper"},
                                               std::vector<std::string>{"copper date:2024"}}) {
    const auto got = count(db.string() + "/", args);
    EXPECT_EQ(got.exit_code, 0) << args.back() << ": " << got.err;
    EXPECT_EQ(got.out, "1\n") << args.back();
  }
}

// --like names an article of the whole archive: it is found in a shard the
// dates leave closed, and docid:N means what a search of every shard said;
// the dates restrict the hits only.
TEST(TimeShardsSearch, LikeFindsItsArticleOutsideTheDates) {
  TempDir dir;
  const auto write = [&](const std::string& name, const std::string& date, const std::string& body) {
    write_file(dir / "news" / name, "date " + date + "\n" + body + "\n\n" + body + "\n");
  };
  write("old.txt", "1987-05-01", "Copper miners strike at the Andes smelter");
  write("mid.txt", "2001-05-01", "Copper smelter strike ends after talks");
  write("new.txt", "2024-02-01", "Andes copper miners strike again at the smelter");
  write("bakery.txt", "2024-03-01", "A bakery opens downtown with fresh bread");
  const fs::path db = dir / "db";
  ASSERT_EQ(run_process(index_command(db, {"--shard-by", "year"}, {dir / "news"})).exit_code, 0);
  const std::string old_path = (dir / "news/old.txt").string();
  const auto files = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv{search_binary(), "--db", db.string(), "-l"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  };
  const auto all = files({"--like", old_path});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("mid.txt"), std::string::npos) << all.out;
  for (const std::vector<std::string>& dates : {std::vector<std::string>{"--since", "2024-01-01"},
                                                std::vector<std::string>{"--since", "2024-01-01", "date:2024"}}) {
    std::vector<std::string> args{"--like", old_path};
    args.insert(args.end(), dates.begin(), dates.end());
    const auto got = files(args);
    EXPECT_EQ(got.exit_code, 0) << dates.back() << ": " << got.err;
    EXPECT_EQ(got.out, (dir / "news/new.txt").string() + "\n") << dates.back();
  }
  // docid:N from a search of every shard names the same article under --since.
  const auto json = run_process({search_binary(), "--db", db.string(), "--format", "json", "copper"});
  const auto docid_of_old = [&]() -> std::string {
    const std::size_t at = json.out.find("old.txt");
    const std::size_t key = json.out.rfind("\"docid\":", at);
    if (at == std::string::npos || key == std::string::npos) return {};
    const std::size_t start = key + 8;
    return json.out.substr(start, json.out.find_first_not_of("0123456789", start) - start);
  }();
  ASSERT_FALSE(docid_of_old.empty()) << json.out << json.err;
  const auto by_docid = files({"--like", "docid:" + docid_of_old, "--since", "2024-01-01"});
  EXPECT_EQ(by_docid.exit_code, 0) << by_docid.err;
  EXPECT_EQ(by_docid.out, (dir / "news/new.txt").string() + "\n");
}

// A time-sharded archive replicated shard by shard (docs/scaling.md): each
// shard a directory as xapian-replicate keeps it (replica_1 named by a
// XAPIANDB stub), the archive's stub copied beside them. Dates choose its
// shards as on the primary (the damaged 1987 and 2001 copies stay closed),
// and a saved search's state file carries over from the primary.
/// A replica of the archive @p db at @p replica, made shard by shard.
void replicate_shard_by_shard(const fs::path& db, const fs::path& replica) {
  for (const auto& entry : fs::directory_iterator(db)) {
    if (!entry.is_directory()) continue;
    const fs::path shard = replica / entry.path().filename();
    fs::create_directories(shard);
    fs::copy(entry.path(), shard / "replica_1", fs::copy_options::recursive);
    write_file(shard / "XAPIANDB", "auto replica_1\n");
  }
  fs::copy_file(db / "XAPIANDB", replica / "XAPIANDB");
}

TEST(TimeShardsSearch, ShardByShardReplicaChoosesShardsAndKeepsSavedSearches) {
  TempDir dir;
  const fs::path db = damaged_copper_archive(dir);
  const fs::path replica = dir / "replica";
  replicate_shard_by_shard(db, replica);
  const auto search = [&](const fs::path& where, const std::vector<std::string>& args) {
    std::vector<std::string> argv{search_binary(), "--db", where.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  };
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--since", "2024-01-01", "--count", "copper"},
                                               std::vector<std::string>{"--count", "copper date:2024"}}) {
    const auto got = search(replica, args);
    EXPECT_EQ(got.exit_code, 0) << args.back() << ": " << got.err;
    EXPECT_EQ(got.out, "1\n") << args.back();
  }
  const auto explained = search(replica, {"--explain", "--since", "2024-01-01", "copper"});
  EXPECT_NE(explained.out.find("Shards: searched 2 of 4"), std::string::npos) << explained.out << explained.err;
  // A saved search started on the primary continues on the replica.
  const std::string state = (dir / "copper.state").string();
  const auto init = search(db, {"--new-since", state, "--init", "--since", "2024-01-01", "copper"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  const auto next = search(replica, {"--new-since", state, "--since", "2024-01-01", "copper"});
  EXPECT_EQ(next.exit_code, 1) << next.out << next.err;
  EXPECT_EQ(next.err, "") << "the replica is the same database";
  // Without dates (every shard opened; an archive without damage).
  const fs::path whole = dir / "whole";
  ASSERT_EQ(run_process(index_command(whole, {"--shard-by", "year"}, {dir / "news"})).exit_code, 0);
  replicate_shard_by_shard(whole, dir / "whole-replica");
  const std::string all_state = (dir / "all.state").string();
  ASSERT_EQ(search(whole, {"--new-since", all_state, "--init", "copper"}).exit_code, 0);
  const auto all = search(dir / "whole-replica", {"--new-since", all_state, "copper"});
  EXPECT_EQ(all.exit_code, 1) << all.out << all.err;
  EXPECT_EQ(all.err, "") << "the replica is the same database";
}

// --new-since on one period of an archive (new-user pass): the shard has no
// counter of its own (it is in undated/), so every run reported nothing.
// Refused, naming the archive to give instead.
TEST(TimeShardsSearch, NewSinceOnOneShardIsRefusedNamingTheArchive) {
  TempDir dir;
  const fs::path db = damaged_copper_archive(dir);
  for (const std::string shard : {"2024", "2024/"}) {
    const auto run = run_process({search_binary(), "--db", (db / shard).string(), "--new-since",
                                  (dir / "state").string(), "copper"});
    EXPECT_EQ(run.exit_code, 2) << shard << ": " << run.out << run.err;
    EXPECT_NE(run.err.find("give the archive (--db " + db.string() + ";"), std::string::npos) << run.err;
    EXPECT_FALSE(fs::exists(dir / "state")) << shard;
  }
  // The archive itself: the first run reports the current hits.
  const auto archive = run_process(
      {search_binary(), "--db", db.string(), "--new-since", (dir / "state").string(), "--since", "2024-01-01", "copper"});
  EXPECT_EQ(archive.exit_code, 0) << archive.err;
  EXPECT_NE(archive.out.find("new.txt"), std::string::npos) << archive.out;
}

TEST(TimeShardsSearch, DateInTheQueryAnswersAsSinceAndUntil) {
  // Chosen shards are searched as --since/--until searches them (scores over
  // the opened shards' statistics, docs/scaling.md): the same hits, order and
  // scores; and the same articles as a search of every shard.
  const fs::path sample = fs::path(env_or_empty("DATELINE_SOURCE_DIR")) / "corpus/sample";
  if (!fs::is_directory(sample)) GTEST_SKIP() << "no corpus/sample in " << sample;
  struct Case {
    std::string with_date;  ///< the query with its date: restriction
    std::string words;      ///< the same without it
    std::optional<Date> since;
    std::optional<Date> until;
  };
  const std::vector<Case> cases{
      {"date:2024 canal", "canal", Date{2024, 1, 1}, Date{2024, 12, 31}},
      {"ship aground date:2023..2024", "ship aground", Date{2023, 1, 1}, Date{2024, 12, 31}},
      {"date:..2021 election", "election", std::nullopt, Date{2021, 12, 31}},
      {"storm AND date:2022-01..2023-06", "storm", Date{2022, 1, 1}, Date{2023, 6, 30}},
      {"minister date:2020..", "minister", Date{2020, 1, 1}, std::nullopt},
      {"(trade OR market) date:2019..2020", "(trade OR market)", Date{2019, 1, 1}, Date{2020, 12, 31}}};
  TempDir dir;
  std::size_t compared = 0;
  for (const std::string by : {"year", "month"}) {
    const fs::path db = dir / by;
    const auto built = run_process(index_command(db, {"--shard-by", by}, {sample}));
    ASSERT_LE(built.exit_code, 1) << built.err;
    Searcher everything({db.string()});
    for (const Case& c : cases) {
      searcher::ShardOptions by_query;
      by_query.dates = searcher::query_text_dates(c.with_date, searcher::MatchMode::natural);
      searcher::ShardOptions by_options;
      by_options.dates = {c.since, c.until};
      Searcher chosen({db.string()}, by_query);
      Searcher since({db.string()}, by_options);
      SearchRequest request;
      request.limit = 50;
      request.explain = true;
      request.query = c.with_date;
      const SearchResult got = chosen.search(request);
      const SearchResult all = everything.search(request);
      request.query = c.words;
      request.since = c.since;
      request.until = c.until;
      const SearchResult want = since.search(request);
      ASSERT_TRUE(got.explanation && got.explanation->shards) << c.with_date;
      EXPECT_LT(got.explanation->shards->searched, got.explanation->shards->total) << by << ": " << c.with_date;
      EXPECT_EQ(got.explanation->shards->searched, want.explanation->shards->searched) << by << ": " << c.with_date;
      EXPECT_EQ(got.total_estimate, want.total_estimate) << by << ": " << c.with_date;
      EXPECT_EQ(got.total_estimate, all.total_estimate) << by << ": " << c.with_date;
      const auto a = ranked(want);
      const auto b = ranked(got);
      ASSERT_EQ(a.size(), b.size()) << by << ": " << c.with_date;
      for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(b[i].second, a[i].second) << by << ": " << c.with_date << " hit " << i;
        EXPECT_NEAR(b[i].first, a[i].first, 1e-9) << by << ": " << c.with_date << " hit " << i;
      }
      std::vector<std::string> got_paths;
      std::vector<std::string> all_paths;
      for (const Hit& hit : got.hits) got_paths.push_back(hit.path);
      for (const Hit& hit : all.hits) all_paths.push_back(hit.path);
      std::sort(got_paths.begin(), got_paths.end());
      std::sort(all_paths.begin(), all_paths.end());
      EXPECT_EQ(got_paths, all_paths) << by << ": " << c.with_date << " (the same articles as every shard)";
      compared += a.size();
    }
  }
  EXPECT_GT(compared, 10U) << "the query set must find something";
}

TEST(TimeShardsSearch, MetadataOfTheArchive) {
  // Saved searches (--new-since) and the schema check read the undated
  // shard, which every search opens.
  TempDir dir;
  write_file(dir / "news/a.txt", "date 1999-01-02\nNickel output\n\nnickel output rises\n");
  const fs::path db = dir / "db";
  ASSERT_EQ(run_process(index_command(db, {"--shard-by", "month"}, {dir / "news"})).exit_code, 0);
  const fs::path state = dir / "watch.state";
  const auto first = run_process({search_binary(), "--db", db.string(), "--new-since", state.string(), "nickel"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("a.txt"), std::string::npos) << first.out;
  write_file(dir / "news/b.txt", "date 2003-04-05\nNickel price\n\nnickel price falls\n");
  ASSERT_EQ(run_process(index_command(db, {}, {dir / "news"})).exit_code, 0);
  const auto second = run_process({search_binary(), "--db", db.string(), "--new-since", state.string(), "nickel"});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("b.txt"), std::string::npos) << second.out;
  EXPECT_EQ(second.out.find("a.txt"), std::string::npos) << second.out;
}

// Session 14's administrator trial: a stub that the searcher's user may not
// read was reported as "stub file '...' cannot be read", without why.
TEST(TimeShardsSearch, AnUnreadableStubSaysWhy) {
  TempDir dir;
  write_file(dir / "news/a.txt", "date 1999-01-02\nNickel output\n\nnickel output rises\n");
  const fs::path db = dir / "db";
  ASSERT_EQ(run_process(index_command(db, {"--shard-by", "year"}, {dir / "news"})).exit_code, 0);
  std::vector<std::string> argv{search_binary(), "--db", db.string(), "nickel"};
  if (::geteuid() == 0) {
    // Root reads everything: search as nobody, who may enter the directories but not read the stub.
    if (!fs::exists("/usr/bin/setpriv")) GTEST_SKIP() << "running as root without setpriv";
    argv.insert(argv.begin(), {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
    fs::permissions(dir.path(), fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
    fs::permissions(db / "XAPIANDB", fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  } else {
    fs::permissions(db / "XAPIANDB", fs::perms::none, fs::perm_options::replace);
  }
  const auto refused = run_process(argv);
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("XAPIANDB' cannot be read: Permission denied"), std::string::npos) << refused.err;
}

// Session 16's archivist trial: a shard the archive's stub lists but that is
// not there (a replica whose stub arrived before the new period's shard, a
// shard moved away by hand) was reported as "database 'db/1999' does not
// exist (build it with dateline-index --db db/1999 FOLDER ...)", advice the
// indexer refuses (one shard) and wrong for a replica. The message names the
// archive, its stub and the entry, and what to do on a replica and a primary.
TEST(TimeShardsSearch, AMissingListedShardNamesTheArchiveStubAndWayOut) {
  TempDir dir;
  write_file(dir / "news/a.txt", "date 1999-01-02\nNickel output\n\nnickel output rises\n");
  write_file(dir / "news/b.txt", "date 2001-03-04\nNickel price\n\nnickel price falls\n");
  const fs::path db = dir / "db";
  ASSERT_EQ(run_process(index_command(db, {"--shard-by", "year"}, {dir / "news"})).exit_code, 0);
  fs::rename(db / "1999", dir / "elsewhere");
  const auto refused = run_process({search_binary(), "--db", db.string(), "nickel"});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  for (const std::string& want : {"database '" + db.string() + "'", "stub file '" + (db / "XAPIANDB").string() + "'",
                                  "lists '" + (db / "1999").string() + "', which does not exist",
                                  std::string("xapian-replicate"), std::string("restore it from a backup"),
                                  "dateline-index --db " + db.string() + " --rebuild"}) {
    EXPECT_NE(refused.err.find(want), std::string::npos) << want << " in: " << refused.err;
  }
  EXPECT_EQ(refused.err.find("build it with"), std::string::npos) << refused.err;
  // Dates that leave the missing shard closed still answer.
  const auto later = run_process({search_binary(), "--db", db.string(), "--since", "2000-01-01", "--count", "nickel"});
  EXPECT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(later.out, "1\n");
}

// Session 16's archivist trial: "--db db --db db/2001" counted an article of
// 2001 twice (the same-database note caught only the identical directory).
// A --db that is one shard of another --db's archive is left out, before or
// after it and by any spelling, with a note; a shard given alone is searched.
TEST(TimeShardsSearch, AShardBesideItsOwnArchiveIsSearchedOnce) {
  TempDir dir;
  write_file(dir / "news/a.txt", "date 1999-01-02\nNickel output\n\nnickel output rises\n");
  write_file(dir / "news/b.txt", "date 2001-03-04\nNickel price\n\nnickel price falls\n");
  const fs::path db = dir / "db";
  ASSERT_EQ(run_process(index_command(db, {"--shard-by", "year"}, {dir / "news"})).exit_code, 0);
  const std::string shard = (db / "2001").string();
  const std::vector<std::vector<std::string>> spellings{{db.string(), shard},
                                                        {shard + "/", db.string()},
                                                        {(dir / "." / "db").string() + "/", shard, shard}};
  for (const auto& dbs : spellings) {
    std::vector<std::string> argv{search_binary(), "--count"};
    for (const std::string& one : dbs) argv.insert(argv.end(), {"--db", one});
    argv.emplace_back("price");
    const auto got = run_process(argv);
    EXPECT_EQ(got.exit_code, 0) << dbs[0] << " " << dbs[1] << ": " << got.err;
    EXPECT_EQ(got.out, "1\n") << dbs[0] << " " << dbs[1];
    EXPECT_NE(got.err.find("is one shard of the time-sharded archive"), std::string::npos) << got.err;
  }
  const auto alone = run_process({search_binary(), "--count", "--db", shard, "nickel"});
  EXPECT_EQ(alone.exit_code, 0) << alone.err;
  EXPECT_EQ(alone.out, "1\n");
  EXPECT_EQ(alone.err, "");
}

} // namespace
} // namespace dateline::test
