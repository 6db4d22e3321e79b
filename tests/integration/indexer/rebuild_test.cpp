/** @file rebuild_test.cpp
 *  @brief Readers never see a gap (issue 14 item 2, issue 9 item 14): a
 *  --rebuild (single writer and parallel shards) is built beside the old
 *  database and swapped in, so searches during it always answer from the old
 *  or the new database and kill -9 at any point keeps the old one; a first
 *  build is absent or valid from its first byte. Also the lock policy
 *  (--if-locked, issue 9 item 15) and hints that lead somewhere (item 16).
 */
#include "tests/integration/indexer/index_helpers.hpp"
#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <random>
#include <set>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <thread>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

fs::path build_dir_of(const fs::path& db) { return db.parent_path() / ("." + db.filename().string() + ".dateline-build"); }

/// @p count articles under @p root, each with the word "common" and a body
/// long enough that indexing them takes a while.
void write_corpus(const fs::path& root, int first, int count) {
  static const char* const words[] = {"market", "storm", "election", "harvest", "bank",  "council",
                                      "strike", "wheat", "crude",    "tariff",  "merger", "drought"};
  for (int i = first; i < first + count; ++i) {
    std::string body = "common";
    for (int w = 0; w < 300; ++w) {
      body += ' ';
      body += words[(i * 7 + w * 13) % 12];
    }
    write_article(root / ("d" + std::to_string(i % 10)) / ("s" + std::to_string(i) + ".txt"), "2021-03-04",
                  "Story " + std::to_string(i), body);
  }
}

ProcessResult search_count(const fs::path& db) {
  // Articles, not near-duplicate stories: the synthetic bodies repeat one another.
  return run_process({search_binary(), "--db", db.string(), "--count", "--duplicates=show", "common"});
}

struct Mode {
  const char* name;
  std::vector<std::string> args;
};

const Mode k_single{"single", {"--jobs", "1", "--commit-every", "50"}};
const Mode k_sharded{"sharded", {"--jobs", "2", "--shard-threshold", "1"}};

std::vector<std::string> index_argv(const fs::path& db, const Mode& mode, const fs::path& root,
                                    const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv{index_binary(), "--db", db.string()};
  argv.insert(argv.end(), mode.args.begin(), mode.args.end());
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(root.string());
  return argv;
}

class RebuildTest : public ::testing::TestWithParam<Mode> {};

// #14.2: one-shot searches in a loop during a rebuild always answer from the
// old database (k_old documents) or the new one (k_new), exit 0.
TEST_P(RebuildTest, SearchesDuringARebuildAlwaysFindTheOldOrTheNewDatabase) {
  TempDir dir;
  constexpr int k_old = 1200;
  constexpr int k_added = 30;
  write_corpus(dir / "a", 0, k_old);
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_process(index_argv(db, GetParam(), dir / "a")).exit_code, 0);
  write_corpus(dir / "a", k_old, k_added);

  std::atomic<bool> done{false};
  std::vector<std::string> bad;
  std::set<std::string> answers;
  int searches = 0;
  std::thread searcher([&] {
    while (!done.load()) {
      const auto result = search_count(db);
      ++searches;
      answers.insert(result.out);
      if (result.exit_code != 0 ||
          (result.out != std::to_string(k_old) + "\n" && result.out != std::to_string(k_old + k_added) + "\n")) {
        bad.push_back("exit " + std::to_string(result.exit_code) + ": " + result.out + result.err);
      }
    }
  });
  // On a loaded machine (or under the sanitizers) one rebuild may be over
  // after a search or two: rebuild again (same files, so old == new) until
  // enough searches ran during rebuilds, at most 5 times.
  ProcessResult rebuild;
  for (int round = 0; round < 5 && (round == 0 || searches < 5); ++round) {
    rebuild = run_process(index_argv(db, GetParam(), dir / "a", {"--rebuild"}));
    if (rebuild.exit_code != 0) break;
  }
  done.store(true);
  searcher.join();
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_TRUE(bad.empty()) << bad.size() << " of " << searches << " searches saw a gap, first: " << bad.front();
  EXPECT_GE(searches, 5) << "the rebuild was too quick to be observed";
  EXPECT_EQ(open_db(db).get_doccount(), static_cast<Xapian::doccount>(k_old + k_added));
  EXPECT_FALSE(fs::exists(build_dir_of(db)));
  expect_check_clean(db);
  RecordProperty("searches", searches);
}

// #14.2: kill -9 at several points of a rebuild leaves the old database with
// every document (or, once the swap happened, the whole new one); the next
// run removes the leftover build directory.
TEST_P(RebuildTest, KillNineAtAnyPointKeepsTheOldDatabaseWhole) {
  const unsigned seed = test_seed();
  std::mt19937 rng(seed);
  TempDir dir;
  constexpr int k_old = 1200;
  constexpr int k_added = 30;
  write_corpus(dir / "a", 0, k_old);
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_process(index_argv(db, GetParam(), dir / "a")).exit_code, 0);
  write_corpus(dir / "a", k_old, k_added);
  const auto argv = index_argv(db, GetParam(), dir / "a", {"--rebuild"});
  bool saw_leftover = false;
  int old_kept = 0;
  for (const int delay : {100, 300, 700, 1200, std::uniform_int_distribution<int>(50, 2500)(rng)}) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", kill -9 after " + std::to_string(delay) + " ms");
    const int pid = spawn_process(argv);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    ::kill(pid, SIGKILL);
    const int status = wait_process(pid);
    saw_leftover = saw_leftover || fs::exists(build_dir_of(db));
    const auto handle = open_db(db);
    const auto count = handle.get_doccount();
    if (status != 0) {
      EXPECT_TRUE(count == k_old || count == k_old + k_added) << count << " documents";
    } else {
      EXPECT_EQ(count, static_cast<Xapian::doccount>(k_old + k_added));
    }
    old_kept += count == k_old ? 1 : 0;
    EXPECT_TRUE(unique_ids_consistent(handle));
    const auto search = search_count(db);
    EXPECT_EQ(search.exit_code, 0) << search.err;
    expect_check_clean(db);
  }
  EXPECT_GT(old_kept, 0) << "every kill came after the swap";
  const auto rerun = run_process(index_argv(db, GetParam(), dir / "a"));
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_FALSE(fs::exists(build_dir_of(db))) << "the next run removes a killed run's build directory";
  EXPECT_EQ(open_db(db).get_doccount(), static_cast<Xapian::doccount>(k_old + k_added));
  RecordProperty("saw_leftover", saw_leftover ? "yes" : "no");
}

// An interrupted rebuild (SIGTERM) keeps the old database unchanged: a partial
// rebuild must never replace a whole database. The signal goes 150 ms after
// the build directory appears; a rebuild that finished sooner (a fast machine,
// the parallel path) is tried again with 30 more articles and a shorter delay,
// down to none, so the test never depends on how fast the machine is.
TEST_P(RebuildTest, SigtermDuringARebuildKeepsTheOldDatabase) {
  TempDir dir;
  constexpr int k_old = 1200;
  write_corpus(dir / "a", 0, k_old);
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_process(index_argv(db, GetParam(), dir / "a")).exit_code, 0);
  const auto json = dir / "s.json";
  int status = 0;
  int articles = k_old;
  for (const int delay_ms : {150, 40, 10, 0}) {
    ASSERT_EQ(open_db(db).get_doccount(), static_cast<Xapian::doccount>(articles));
    write_corpus(dir / "a", articles, 30);
    const int pid = spawn_process(index_argv(db, GetParam(), dir / "a", {"--rebuild", "--summary-json", json.string()}));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!fs::exists(build_dir_of(db)) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGTERM);
    status = wait_process(pid);
    if (status != 0) break;
    articles += 30;  // finished before the signal: the new articles are in; try again sooner
  }
  ASSERT_EQ(status, 143) << "every rebuild finished before SIGTERM, even with no delay";
  EXPECT_EQ(open_db(db).get_doccount(), static_cast<Xapian::doccount>(articles));
  EXPECT_EQ(json_number(read_file(json), "documents"), articles);
  // Session 16 trial: the summary claimed the thrown-away build's files as
  // added; they are counted as discarded, and nothing as written.
  const std::string summary = read_file(json);
  EXPECT_EQ(json_number(summary, "added"), 0) << summary;
  EXPECT_EQ(json_number(summary, "updated"), 0) << summary;
  EXPECT_NE(summary.find("\"discarded\": "), std::string::npos) << summary;
  EXPECT_FALSE(fs::exists(build_dir_of(db)));
}

INSTANTIATE_TEST_SUITE_P(Writers, RebuildTest, ::testing::Values(k_single, k_sharded),
                         RowName{});

// #9.14: during a first single-writer build the database is absent or valid:
// never "not a Dateline database" (exit 3) once it exists.
TEST(FirstBuild, SearchesSeeNoDatabaseOrAValidOneNeverAHalfCreatedOne) {
  TempDir dir;
  write_corpus(dir / "a", 0, 600);
  int bad = 0;
  int searches = 0;
  std::string first_bad;
  for (int round = 0; round < 3; ++round) {
    const fs::path db = dir / ("news" + std::to_string(round) + ".db");
    // One commit after the creation (the default --commit-every): a search
    // opening the database across two commits can meet Xapian's
    // DatabaseModifiedError, which is the searcher's to retry, not this promise.
    const int pid = spawn_process(index_argv(db, Mode{"first", {"--jobs", "1"}}, dir / "a"));
    bool seen = false;
    for (;;) {
      const auto result = search_count(db);
      ++searches;
      const bool missing = result.exit_code == 3 && result.err.find("does not exist") != std::string::npos;
      const bool valid = result.exit_code == 0 || result.exit_code == 1;
      if (!(valid || (missing && !seen))) {
        ++bad;
        if (first_bad.empty()) first_bad = "exit " + std::to_string(result.exit_code) + ": " + result.err;
      }
      seen = seen || valid;
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        break;
      }
    }
  }
  EXPECT_EQ(bad, 0) << "of " << searches << " searches; first: " << first_bad;
}

/// argv prefix running the indexer as a user who cannot write a directory
/// that root owns: "nobody" via setpriv when we are root; empty when impossible.
std::vector<std::string> unprivileged_index() {
  if (::geteuid() != 0) return {index_binary()};
  if (!fs::exists("/usr/bin/setpriv")) return {};
  return {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", index_binary()};
}

// An administrator's usual setup: an empty database directory prepared for
// the indexer's user in a directory it cannot write. No build directory fits
// beside it, so the database is created in place, with the schema version in
// its first commit; --rebuild then works in place too (readers see a gap only
// in this setup, and --verbose says so).
TEST(FirstBuild, PreparedDirectoryInAnUnwritableParentIsCreatedInPlace) {
  const auto prefix = unprivileged_index();
  if (prefix.empty()) GTEST_SKIP() << "running as root without setpriv";
  TempDir dir;
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  write_article(dir / "a/x.txt", "2024-01-01", "X", "Common text.");
  const fs::path parent = dir / "srv";
  const fs::path db = parent / "news.db";
  fs::create_directories(db);
  if (::geteuid() == 0) {
    ASSERT_EQ(::chown(db.c_str(), 65534, 65534), 0);
  }
  fs::permissions(parent, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                              fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  for (const bool rebuild : {false, true}) {
    auto argv = prefix;
    argv.insert(argv.end(), {"--db", db.string(), "-v"});
    if (rebuild) argv.push_back("--rebuild");
    argv.push_back((dir / "a").string());
    const auto result = run_process(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(search_count(db).exit_code, 0);
  }
  fs::permissions(parent, fs::perms::owner_all);
}

// #9.16 (and #9.15): a database this user cannot write is not "locked by
// another indexer" (exit 75, whose hints --if-locked=wait/skip lead nowhere,
// and skip would hide it from cron for ever): exit 3 naming the permission.
TEST(IndexHints, UnwritableDatabaseIsNotReportedAsLocked) {
  const auto prefix = unprivileged_index();
  if (prefix.empty()) GTEST_SKIP() << "running as root without setpriv";
  TempDir dir;
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  write_article(dir / "a/x.txt", "2024-01-01", "X", "Common text.");
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_index({"--db", db.string(), (dir / "a").string()}).exit_code, 0);
  fs::permissions(db, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                          fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  for (const char* policy : {"--if-locked=fail", "--if-locked=skip"}) {
    auto argv = prefix;
    argv.insert(argv.end(), {"--db", db.string(), policy, (dir / "a").string()});
    const auto result = run_process(argv);
    EXPECT_EQ(result.exit_code, 3) << policy << ": " << result.err;
    EXPECT_NE(result.err.find("Permission denied"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("another indexer"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("--if-locked"), std::string::npos) << result.err;
  }
  fs::permissions(db, fs::perms::owner_all);
}

// #9.15: --if-locked=skip exits 0 (silent under -q, and off a terminal unless
// -v, so a cron job mails nothing), fail exits 75, wait:S waits.
TEST(LockPolicy, SkipFailAndWait) {
  TempDir dir;
  write_article(dir / "a/x.txt", "2024-01-01", "X", "Text.");
  const std::string db = (dir / "locked.db").string();
  ASSERT_EQ(run_index({"--db", db, (dir / "a").string()}).exit_code, 0);
  auto holder = std::make_unique<Xapian::WritableDatabase>(db, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);

  const auto quiet = run_index({"--db", db, "-q", "--if-locked=skip", (dir / "a").string()});
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "") << "cron mails nothing";
  const auto cron = run_index({"--db", db, "--if-locked=skip", (dir / "a").string()});
  EXPECT_EQ(cron.exit_code, 0);
  EXPECT_EQ(cron.err, "") << "not on a terminal: as silent as a successful run";
  const auto noted = run_index({"--db", db, "-v", "--if-locked=skip", (dir / "a").string()});
  EXPECT_EQ(noted.exit_code, 0);
  EXPECT_NE(noted.err.find("locked"), std::string::npos) << noted.err;
  EXPECT_NE(noted.err.find("skip"), std::string::npos) << noted.err;
  const auto failed = run_index({"--db", db, "--if-locked=fail", (dir / "a").string()});
  EXPECT_EQ(failed.exit_code, 75);
  EXPECT_NE(failed.err.find("--if-locked"), std::string::npos) << "the message names the way out: " << failed.err;
  const auto rebuild_skipped = run_index({"--db", db, "-q", "--if-locked=skip", "--rebuild", (dir / "a").string()});
  EXPECT_EQ(rebuild_skipped.exit_code, 0) << rebuild_skipped.err;

  write_article(dir / "a/y.txt", "2024-01-02", "Y", "More text.");
  std::thread release([&holder] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    holder.reset();
  });
  const auto waited = run_index({"--db", db, "--if-locked=wait:30", (dir / "a").string()});
  release.join();
  EXPECT_EQ(waited.exit_code, 0) << waited.err;
  EXPECT_EQ(open_db(db).get_doccount(), 2U);
}

// #9.16: a missing parent directory is named with the way out that works (create
// it); the hint never suggests --rebuild, which would fail the same way.
TEST(IndexHints, MissingParentDirectorySaysCreateItNotRebuild) {
  TempDir dir;
  write_article(dir / "a/x.txt", "2024-01-01", "X", "Text.");
  const std::string db = (dir / "no/such/dir/news.db").string();
  for (const bool rebuild : {false, true}) {
    std::vector<std::string> args{"--db", db};
    if (rebuild) args.push_back("--rebuild");
    args.push_back((dir / "a").string());
    const auto result = run_index(args);
    EXPECT_EQ(result.exit_code, 3) << result.err;
    EXPECT_NE(result.err.find("does not exist"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("mkdir -p"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find((dir / "no/such/dir").string()), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("--rebuild"), std::string::npos) << result.err;
  }
  fs::create_directories(dir / "no/such/dir");
  EXPECT_EQ(run_index({"--db", db, (dir / "a").string()}).exit_code, 0);
}

// #9.16: every database hint leads somewhere: where the indexer suggests
// --rebuild (corrupt tables, another schema version, a foreign Xapian
// database), running it with --rebuild succeeds.
TEST(IndexHints, RebuildHintsAreFollowable) {
  TempDir dir;
  write_article(dir / "a/x.txt", "2024-01-01", "X", "Text.");
  const auto make = [&](const std::string& name) {
    const std::string db = (dir / name).string();
    EXPECT_EQ(run_index({"--db", db, (dir / "a").string()}).exit_code, 0);
    return db;
  };
  const std::string corrupt = make("corrupt.db");
  write_file(fs::path(corrupt) / "postlist.glass", std::string(8192, '\0'));
  const std::string old_schema = make("old.db");
  {
    Xapian::WritableDatabase w(old_schema, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    w.set_metadata("dateline.schema_version", "1");
    w.commit();
  }
  const std::string foreign = (dir / "foreign.db").string();
  {
    Xapian::WritableDatabase w(foreign, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    Xapian::Document doc;
    doc.add_term("hello");
    w.add_document(doc);
    w.commit();
  }
  const std::string french = make("french.db");
  {
    const auto refused = run_index({"--db", french, "--language", "french", (dir / "a").string()});
    EXPECT_EQ(refused.exit_code, 2) << refused.err;
    EXPECT_NE(refused.err.find("--rebuild"), std::string::npos) << refused.err;
    const auto rebuilt = run_index({"--db", french, "--language", "french", "--rebuild", (dir / "a").string()});
    EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
    EXPECT_EQ(open_db(french).get_metadata("dateline.language"), "french");
  }
  for (const auto& db : {corrupt, old_schema, foreign}) {
    SCOPED_TRACE(db);
    const auto plain = run_index({"--db", db, (dir / "a").string()});
    EXPECT_EQ(plain.exit_code, 3) << plain.err;
    EXPECT_NE(plain.err.find("--rebuild"), std::string::npos) << plain.err;
    const auto rebuilt = run_index({"--db", db, "--rebuild", (dir / "a").string()});
    EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
    EXPECT_EQ(open_db(db).get_doccount(), 1U);
    EXPECT_EQ(search_count(db).exit_code, 1) << "the word is not in the article, but the database answers";
    EXPECT_FALSE(fs::exists(build_dir_of(db)));
  }
}

} // namespace
} // namespace dateline::test
