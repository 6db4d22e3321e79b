/** @file day_runs_cli_test.cpp
 *  @brief The docid -> day map (#12.1) through the real binaries: every
 *  write path leaves a map that describes the database exactly (or none),
 *  and --timeline counts the same with the map and without it
 *  (DATELINE_NO_DAY_RUNS): dates edited in place, late old articles,
 *  deletions, a run killed between commits, --jobs, --rebuild and a
 *  time-sharded archive (no map: several databases).
 */
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include "common/day_runs.hpp"
#include "common/schema.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <csignal>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

class Archive {
public:
  [[nodiscard]] std::string db() const { return (m_dir / "db").string(); }
  [[nodiscard]] std::string articles() const { return (m_dir / "articles").string(); }
  void add(const std::string& name, const std::string& date, const std::string& body) const {
    write_file(m_dir / "articles" / name,
               "Title: " + name + "\n" + (date.empty() ? "" : "Date: " + date + "\n") + "\n" + body + "\n");
  }
  void remove(const std::string& name) const { fs::remove(m_dir / "articles" / name); }
  [[nodiscard]] ProcessResult index(std::vector<std::string> extra = {}) const {
    // --wait: a killed run's lock may take a moment to go.
    std::vector<std::string> argv{index_binary(), "-q", "--undated=index", "--wait", "60", "--db", db()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(articles());
    return run_process(argv);
  }
  /// --timeline=day --count --format json, with the map or without it.
  [[nodiscard]] std::string timeline(const std::string& query, bool map) const {
    ProcessOptions options;
    if (!map) options.env = {{"DATELINE_NO_DAY_RUNS", "1"}};
    const ProcessResult r =
        run_process({search_binary(), "--db", db(), "--timeline=day", "--count", "--format", "json", query}, options);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
    return r.out;
  }
  /// The map as stored and usable, or nullopt.
  [[nodiscard]] std::optional<day_runs::DayRuns> map() const { return day_runs::load(Xapian::Database(db())); }
  /// The map computed afresh from the database's date values.
  [[nodiscard]] std::vector<day_runs::Run> fresh_runs() const { return day_runs::compute(Xapian::Database(db())).runs; }

private:
  TempDir m_dir;
};

const std::vector<std::string> k_queries{"harbour", "crane", "harbour OR crane", "harbour -crane",
                                         "harbour crane", "\"harbour crane\"", "date:2024-03"};

void expect_paths_agree(const Archive& a, const std::string& where) {
  for (const std::string& query : k_queries) {
    EXPECT_EQ(a.timeline(query, true), a.timeline(query, false)) << where << ": " << query;
  }
}

/// @p count articles about the harbour, five a day in date order from
/// 2024-01-01 (file names sort as their dates), every third one with a crane.
void add_harbour(const Archive& a, int first, int count) {
  for (int i = first; i < first + count; ++i) {
    const int day = i / 5 % 28 + 1;
    const int month = i / 140 % 12 + 1;
    a.add("h" + std::to_string(1000 + i) + ".txt", "2024-" + two(month) + "-" + two(day),
          i % 3 == 0 ? "The harbour crane moved." : "The harbour is busy.");
  }
}

TEST(DayRunsCli, EveryChangingRunLeavesAnExactMapAndBothPathsAgree) {
  Archive a;
  add_harbour(a, 0, 120);
  a.add("u.txt", "", "An undated harbour crane note.");
  {
    const ProcessResult run = a.index();
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  std::optional<day_runs::DayRuns> map = a.map();
  ASSERT_TRUE(map.has_value()) << "a first build writes the map";
  EXPECT_EQ(map->runs, a.fresh_runs());
  EXPECT_LT(map->runs.size(), 40U) << "docids in date order: about a run a day";
  expect_paths_agree(a, "first build");

  // A no-change rerun writes nothing: the map stays valid.
  const Xapian::rev before = Xapian::Database(a.db()).get_revision();
  {
    const ProcessResult run = a.index();
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  EXPECT_EQ(Xapian::Database(a.db()).get_revision(), before);
  EXPECT_TRUE(a.map().has_value());

  // A date edited in place (same file, same docid, same count), a late old
  // article, an article deleted.
  a.add("h1005.txt", "2019-06-30", "The harbour crane moved, as corrected.");
  a.add("late.txt", "2001-01-01", "A late harbour crane story.");
  a.remove("h1050.txt");
  {
    const ProcessResult run = a.index();
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  map = a.map();
  ASSERT_TRUE(map.has_value());
  EXPECT_EQ(map->runs, a.fresh_runs());
  expect_paths_agree(a, "edited, late and deleted");
  EXPECT_NE(a.timeline("crane", true).find("2019-06-30"), std::string::npos);
  EXPECT_NE(a.timeline("crane", true).find("2001-01-01"), std::string::npos);

  // --rebuild.
  {
    const ProcessResult run = a.index({"--rebuild"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  map = a.map();
  ASSERT_TRUE(map.has_value()) << "--rebuild writes the map";
  EXPECT_EQ(map->runs, a.fresh_runs());
  expect_paths_agree(a, "rebuilt");
}

TEST(DayRunsCli, ParallelFirstBuildWritesTheMapAfterTheMerge) {
  Archive a;
  add_harbour(a, 0, 300);
  const ProcessResult run = a.index({"--jobs", "2", "--shard-threshold", "10"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::optional<day_runs::DayRuns> map = a.map();
  ASSERT_TRUE(map.has_value());
  EXPECT_EQ(map->runs, a.fresh_runs());
  expect_paths_agree(a, "parallel build");
}

TEST(DayRunsCli, TimeShardedArchiveHasNoMapAndCountsTheSame) {
  Archive a;
  add_harbour(a, 0, 60);
  a.add("old.txt", "1999-05-05", "An old harbour crane story.");
  const ProcessResult run = a.index({"--shard-by", "year"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(a.map().has_value()) << "several databases: no one revision";
  for (const auto& entry : fs::directory_iterator(a.db())) {
    if (!entry.is_directory()) continue;
    EXPECT_EQ(Xapian::Database(entry.path().string()).get_metadata(std::string(schema::k_meta_day_runs)), "")
        << entry.path();
  }
  expect_paths_agree(a, "time shards");
}

// dateline-index killed (SIGKILL) at varying moments of runs that change
// dates in place and add articles, committing every 3 documents: whatever
// commit the database was left at, its map is exact or unusable, and the
// timelines agree.
TEST(DayRunsCli, RunKilledBetweenCommitsLeavesNoStaleMap) {
  Archive a;
  add_harbour(a, 0, 60);
  {
    const ProcessResult run = a.index();
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  ASSERT_TRUE(a.map().has_value());
  int stale_seen = 0;
  for (int round = 0; round < 6; ++round) {
    for (int i = 0; i < 60; ++i) {  // every date moves by a year, in place
      a.add("h" + std::to_string(1000 + i) + ".txt", std::to_string(2010 + round) + "-0" + std::to_string(i % 9 + 1) + "-1" +
                std::to_string(i % 9), i % 3 == 0 ? "The harbour crane moved." : "The harbour is busy.");
    }
    const int pid = spawn_process({index_binary(), "-q", "--undated=index", "--wait", "60", "--commit-every", "3",
                                   "--db", a.db(), a.articles()});
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + 40 * round));
    ::kill(pid, SIGKILL);
    (void)wait_process(pid);
    const std::optional<day_runs::DayRuns> map = a.map();
    if (map) {
      EXPECT_EQ(map->runs, a.fresh_runs()) << "round " << round;
    } else {
      ++stale_seen;
    }
    expect_paths_agree(a, "killed in round " + std::to_string(round));
  }
  {
    const ProcessResult run = a.index();
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  ASSERT_TRUE(a.map().has_value());
  expect_paths_agree(a, "finished");
  RecordProperty("rounds_without_a_usable_map", stale_seen);
}

} // namespace
} // namespace dateline::test
