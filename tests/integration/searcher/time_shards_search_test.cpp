/** @file time_shards_search_test.cpp
 *  @brief Searching a time-sharded archive (#15.3): the same hits, in the
 *  same order, with the same scores (to 1e-9) as one database of the same
 *  articles (Xapian combines the shards' statistics), on the sample corpus
 *  and on a slice of Reuters-21578 from ../shared; and --since/--until open
 *  only the shards that can match. Wildcards are left out: Xapian 1.4
 *  expands a wildcard in each shard separately and weighs the expansion with
 *  that shard's statistics, so their scores differ (docs/scaling.md).
 */
#include "searcher/searcher.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <tuple>

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
                                const std::vector<std::string>& queries) {
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

TEST(TimeShardsSearch, ReutersSliceSameHitsOrderAndScores) {
  const std::string import = env_or_empty("DATELINE_IMPORT_REUTERS");
  const fs::path corpus = shared_corpus("reuters21578");
  if (import.empty()) GTEST_SKIP() << "DATELINE_IMPORT_REUTERS is not set";
  if (corpus.empty()) GTEST_SKIP() << "../shared/corpora/reuters21578 is absent (or DATELINE_SKIP_LARGE is set)";
  // A slice: the first two files, 2,000 stories of February and March 1987.
  TempDir dir;
  fs::create_directories(dir / "sgm");
  for (const char* name : {"reut2-000.sgm", "reut2-001.sgm"}) fs::copy_file(corpus / name, dir / "sgm" / name);
  const auto imported = run_process({import, "--quiet", (dir / "sgm").string(), (dir / "articles").string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const std::vector<std::string> queries{
      "cocoa",       "cocoa harvest",        "oil prices opec",  "bank of japan interest rates", "wheat tender egypt",
      "coffee quota", "\"trade deficit\"",  "merger",           "title:gold",                   "crude oil -gas",
      "dividend",    "sugar OR grain",      "acquisition shares", "dollar yen",                   "topic:earn profit",
      "strike",      "brazil debt",         "shipping",            "federal reserve",              "copper"};
  const std::size_t compared = expect_same_answers({dir / "articles"}, {"month"}, queries);
  EXPECT_GT(compared, 200U);
}

TEST(TimeShardsSearch, SinceOpensOnlyTheShardsThatCanMatch) {
  TempDir dir;
  const auto write = [&](const std::string& name, const std::string& date, const std::string& body) {
    write_file(dir / "news" / name, "date " + date + "\n" + body + "\n\n" + body + " report\n");
  };
  write("old.txt", "1987-05-01", "copper mine strike");
  write("mid.txt", "2001-05-01", "copper price falls");
  write("new.txt", "2024-02-01", "copper demand grows");
  const fs::path db = dir / "db";
  ASSERT_EQ(run_process(index_command(db, {"--shard-by", "year"}, {dir / "news"})).exit_code, 0);
  // Damage the old shards: a search that opened them would fail.
  for (const char* shard : {"1987", "2001"}) {
    for (const auto& entry : fs::directory_iterator(db / shard)) fs::remove(entry.path());
    write_file(db / shard / "iamglass", "damaged");
  }
  const auto since = run_process({search_binary(), "--db", db.string(), "--since", "2024-01-01", "--count", "copper"});
  EXPECT_EQ(since.exit_code, 0) << since.err;
  EXPECT_EQ(since.out, "1\n");
  const auto until = run_process({search_binary(), "--db", db.string(), "--until", "1990-12-31", "copper"});
  EXPECT_NE(until.exit_code, 0) << "the 1987 shard is needed and damaged";
  EXPECT_NE(until.err.find("1987"), std::string::npos) << until.err;
  const auto all = run_process({search_binary(), "--db", db.string(), "copper"});
  EXPECT_NE(all.exit_code, 0) << "without dates every shard is opened";
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

} // namespace
} // namespace dateline::test
