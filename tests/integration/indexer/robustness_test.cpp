/** @file robustness_test.cpp
 *  @brief Bad files and remembered failures, lock contention, foreign database
 *  paths, kill -9 at random moments, SIGTERM.
 */
#include "tests/integration/indexer/index_helpers.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <random>
#include <thread>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

TEST(IndexRobustness, BadFilesAreSkippedCountedAndRemembered) {
  TempDir dir;
  const fs::path archive = dir / "archive";
  write_article(archive / "good.txt", "2024-01-01", "Good", "A perfectly fine article.");
  write_file(archive / "binary.txt", std::string("date 2024-01-01\nELF\0\0\0binary", 28));
  write_article(archive / "impossible.txt", "2024-02-30", "Bad", "Impossible date.");
  write_file(archive / "undated.txt", "Just some text without any date at all.\n");
  write_file(archive / "big.txt", "date 2024-01-01\n" + std::string(300000, 'x') + "\n");
  write_file(archive / "long-word.txt", "date 2024-01-02\nLong\n\nbefore " + std::string(100000, 'w') + " after\n");
  const std::string json = (dir / "s.json").string();
  const std::vector<std::string> args{"--db", (dir / "db").string(), "--max-size", "200k", "--summary-json", json,
                                      archive.string()};

  const auto first = run_index(args);
  EXPECT_EQ(first.exit_code, 1) << "new failures: exit 1\n" << first.err;
  for (const char* name : {"binary.txt", "impossible.txt", "undated.txt", "big.txt"}) {
    EXPECT_NE(first.err.find(name), std::string::npos) << name << " is warned about: " << first.err;
  }
  std::string summary = read_file(json);
  EXPECT_EQ(json_number(summary, "added"), 2) << summary;
  EXPECT_EQ(json_number(summary, "skipped.binary"), 1) << summary;
  EXPECT_EQ(json_number(summary, "skipped.bad_date"), 1) << summary;
  EXPECT_EQ(json_number(summary, "skipped.undated"), 1) << summary;
  EXPECT_EQ(json_number(summary, "skipped.too_large"), 1) << summary;
  EXPECT_EQ(json_number(summary, "failed_new"), 1) << "only the impossible date is a failure; the rest are documented skips\n" << summary;
  {
    const auto db = open_db(dir / "db");
    EXPECT_EQ(db.get_doccount(), 2U);
    EXPECT_GT(db.get_termfreq("after"), 0U) << "the 100,000-character word did not sink its document";
  }

  const auto second = run_index(args);
  EXPECT_EQ(second.exit_code, 0) << "remembered failures are not new\n" << second.err;
  EXPECT_EQ(second.err, "") << "cron stays quiet";
  summary = read_file(json);
  EXPECT_EQ(json_number(summary, "failed_remembered"), 4) << summary;
  EXPECT_EQ(json_number(summary, "skipped.binary"), 1) << summary;

  auto retry_args = args;
  retry_args.insert(retry_args.begin(), "--retry-failed");
  EXPECT_EQ(run_index(retry_args).exit_code, 0) << "same failures again are still not new";

  write_article(archive / "impossible.txt", "2024-02-28", "Fixed", "Now the date exists.");
  const auto third = run_index(args);
  EXPECT_EQ(third.exit_code, 0) << third.err;
  summary = read_file(json);
  EXPECT_EQ(json_number(summary, "added"), 1) << summary;
  EXPECT_EQ(open_db(dir / "db").get_doccount(), 3U);
}

TEST(IndexRobustness, UndatedPolicies) {
  TempDir dir;
  write_file(dir / "a/undated.txt", "Some text without any date.\n");
  ASSERT_EQ(run_index({"--db", (dir / "db1").string(), "--undated=index", (dir / "a").string()}).exit_code, 0);
  EXPECT_EQ(open_db(dir / "db1").get_termfreq("XUNDATED"), 1U);
  set_mtime(dir / "a/undated.txt", 1000000000);  // 2001-09-09 (UTC)
  ASSERT_EQ(run_index({"--db", (dir / "db2").string(), "--undated=mtime", (dir / "a").string()}).exit_code, 0);
  EXPECT_EQ(open_db(dir / "db2").get_termfreq("Y2001"), 1U);
}

TEST(IndexRobustness, SecondIndexerExits75AtOnceNamingTheDatabase) {
  TempDir dir;
  write_article(dir / "a/x.txt", "2024-01-01", "X", "Text.");
  const std::string db_path = (dir / "locked.db").string();
  Xapian::WritableDatabase holder(db_path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
  const auto start = Clock::now();
  const auto result = run_index({"--db", db_path, (dir / "a").string()});
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(result.exit_code, 75) << result.err;
  EXPECT_NE(result.err.find(db_path), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("another indexer"), std::string::npos) << result.err;
  EXPECT_LT(elapsed, std::chrono::seconds(3));

  const auto waited_start = Clock::now();
  const auto waited = run_index({"--db", db_path, "--wait", "0.5", (dir / "a").string()});
  EXPECT_EQ(waited.exit_code, 75);
  EXPECT_GE(Clock::now() - waited_start, std::chrono::milliseconds(450));

  // --wait succeeds once the holder lets go.
  std::thread release([&holder] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    holder.close();
  });
  const auto after = run_index({"--db", db_path, "--wait", "30", (dir / "a").string()});
  release.join();
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(open_db(db_path).get_doccount(), 1U);
}

TEST(IndexRobustness, RefusesPathsThatAreNotItsDatabase) {
  TempDir dir;
  write_article(dir / "a/x.txt", "2024-01-01", "X", "Text.");
  write_file(dir / "precious/thesis.tex", "do not touch");
  for (bool rebuild : {false, true}) {
    std::vector<std::string> args{"--db", (dir / "precious").string(), (dir / "a").string()};
    if (rebuild) {
      args.insert(args.begin(), "--rebuild");
    }
    const auto result = run_index(args);
    EXPECT_EQ(result.exit_code, 3) << result.err;
    EXPECT_NE(result.err.find("not a Xapian database"), std::string::npos) << result.err;
  }
  EXPECT_EQ(read_file(dir / "precious/thesis.tex"), "do not touch");
  write_file(dir / "stub", "remote :touch pwned\n");
  const auto stub = run_index({"--db", (dir / "stub").string(), (dir / "a").string()});
  EXPECT_EQ(stub.exit_code, 3) << stub.err;
  EXPECT_FALSE(fs::exists("pwned"));
  const auto missing_root = run_index({"--db", (dir / "db").string(), (dir / "nope").string()});
  EXPECT_EQ(missing_root.exit_code, 2) << missing_root.err;
}

// New-user pass: a mistyped option said only "unrecognised option
// '--rebuld' (see dateline-index --help)"; it now names the option meant,
// and nothing is written.
TEST(IndexRobustness, MistypedOptionNamesTheOptionMeant) {
  TempDir dir;
  write_article(dir / "a/x.txt", "2024-01-01", "X", "Text.");
  const auto typo = run_index({"--db", (dir / "db").string(), "--rebuld", (dir / "a").string()});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("unrecognised option '--rebuld': did you mean --rebuild? (see dateline-index --help)"),
            std::string::npos)
      << typo.err;
  const auto value = run_index({"--db", (dir / "db").string(), "--max-sise=1M", (dir / "a").string()});
  EXPECT_EQ(value.exit_code, 2);
  EXPECT_NE(value.err.find("did you mean --max-size?"), std::string::npos) << value.err;
  const auto unknown = run_index({"--db", (dir / "db").string(), "--frobnicate", (dir / "a").string()});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err.find("did you mean"), std::string::npos) << unknown.err;
  EXPECT_FALSE(fs::exists(dir / "db"));
}

/// Writes @p count small dated articles in 20 directories.
void generate_corpus(const fs::path& root, int count, std::mt19937& rng) {
  static const char* const words[] = {"market", "storm", "election", "harvest", "bank", "river", "council",
                                      "strike", "school", "festival", "court", "bridge", "oil", "wheat"};
  std::uniform_int_distribution<int> pick(0, 13);
  for (int i = 0; i < count; ++i) {
    std::string body;
    for (int w = 0; w < 60; ++w) {
      body += words[pick(rng)];
      body += ' ';
    }
    const int day = 1 + i % 28;
    write_article(root / ("d" + std::to_string(i % 20)) / ("story-" + std::to_string(i) + ".txt"),
                  "2020-02-" + std::string(day < 10 ? "0" : "") + std::to_string(day),
                  "Story " + std::to_string(i) + " " + words[pick(rng)], body);
  }
}

TEST(IndexRobustness, KillNineAtRandomMomentsThenRerunGivesExactCount) {
  const unsigned seed = test_seed();
  std::mt19937 rng(seed);
  TempDir dir;
  constexpr int k_articles = 2000;
  generate_corpus(dir / "a", k_articles, rng);
  const std::string db = (dir / "db").string();
  // --shard-threshold 0: this test is about the single writer's batches;
  // sharded_test.cpp kills the parallel first build.
  const std::vector<std::string> argv{index_binary(), "--db",          db, "--commit-every", "100",
                                      "--shard-threshold", "0", (dir / "a").string()};
  std::uniform_int_distribution<int> delay_ms(100, 1500);
  for (int kill_round = 0; kill_round < 4; ++kill_round) {
    const int pid = spawn_process(argv);
    const int delay = delay_ms(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    ::kill(pid, SIGKILL);
    const int status = wait_process(pid);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", kill after " + std::to_string(delay) + " ms");
    if (!fs::exists(fs::path(db) / "iamglass")) {
      continue;  // killed before the database was created
    }
    const auto handle = open_db(db);
    EXPECT_TRUE(unique_ids_consistent(handle));
    EXPECT_LE(handle.get_doccount(), static_cast<Xapian::doccount>(k_articles));
    if (status != 0) {
      EXPECT_EQ(handle.get_doccount() % 100, 0U) << "only whole batches are committed";
    }
    expect_check_clean(db);
  }
  const auto final_run = run_process(argv);
  ASSERT_EQ(final_run.exit_code, 0) << final_run.err;
  const auto handle = open_db(db);
  EXPECT_EQ(handle.get_doccount(), static_cast<Xapian::doccount>(k_articles)) << "seed " << seed;
  EXPECT_TRUE(unique_ids_consistent(handle)) << "seed " << seed;
  expect_check_clean(db);
}

TEST(IndexRobustness, SigtermCommitsWholeDocumentsAndExits143) {
  const unsigned seed = test_seed();
  std::mt19937 rng(seed);
  TempDir dir;
  constexpr int k_articles = 3000;
  generate_corpus(dir / "a", k_articles, rng);
  const std::string db = (dir / "db").string();
  const std::string json = (dir / "s.json").string();
  // The signal must land while documents are being written, after the
  // database appears.
  const int status = interrupt_with_sigterm({index_binary(), "--db", db, "--commit-every", "100000",
                                             "--shard-threshold", "0", "--summary-json", json, (dir / "a").string()},
                                            db, fs::path(db) / "iamglass");
  ASSERT_NE(status, 0) << "every run finished before SIGTERM arrived, even with no wait after the database appeared";
  EXPECT_EQ(status, 143);
  const auto summary = read_file(json);
  const auto handle = open_db(db);
  EXPECT_GT(handle.get_doccount(), 0U) << "work done before the signal is committed, not lost";
  EXPECT_EQ(static_cast<long>(handle.get_doccount()), json_number(summary, "documents")) << summary;
  EXPECT_NE(summary.find("\"interrupted\": true"), std::string::npos);
  EXPECT_TRUE(unique_ids_consistent(handle));
  const auto rerun = run_index({"--db", db, (dir / "a").string()});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(open_db(db).get_doccount(), static_cast<Xapian::doccount>(k_articles));
}

} // namespace
} // namespace dateline::test
