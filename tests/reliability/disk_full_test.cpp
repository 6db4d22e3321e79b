/** @file disk_full_test.cpp
 *  @brief Promise 2: the indexer on a full disk (a real tmpfs, at a ladder of
 *  sizes) exits 3 naming ENOSPC and the database, which stays at its last
 *  commit and passes xapian-check; with more space the rerun completes.
 */
#include "tests/reliability/reliability_helpers.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

TEST(DiskFull, TmpfsLadderExits3AtTheLastCommitAndRecovers) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "disk-full test needs root to mount a tmpfs (no --max-db-size hook exists: a real ENOSPC is "
                    "the only honest test)";
  }
  const unsigned seed = reliability_seed();
  std::mt19937 rng(seed);
  TempDir dir;
  GeneratedCorpus corpus;
  corpus.root = dir / "archive";
  constexpr int k_articles = 1500;  // about 2.5 MB of database
  corpus.add(k_articles, rng);
  constexpr int k_commit_every = 50;
  // From "cannot even create the database" to "fails near the end".
  const int base_kb[] = {16, 200, 600, 1100, 1700};
  int points = 0;
  for (const int base : base_kb) {
    const int size_kb = base + std::uniform_int_distribution<int>(0, 63)(rng);
    const std::string context = "seed " + std::to_string(seed) + ", tmpfs of " + std::to_string(size_kb) + " KiB";
    SCOPED_TRACE(context);
    const fs::path mount_point = dir / ("mnt" + std::to_string(base));
    TmpfsMount tmpfs(mount_point, std::to_string(size_kb) + "k");
    if (!tmpfs.mounted()) {
      GTEST_SKIP() << "cannot mount a tmpfs here (" << tmpfs.error() << "): disk-full test skipped";
    }
    const fs::path db = mount_point / "news.db";
    const std::vector<std::string> args{"--db", db.string(), "--commit-every", std::to_string(k_commit_every),
                                        corpus.root.string()};
    // Under the sanitizer build, Xapian 1.4.22 leaks one internal object
    // (112 bytes plus a block buffer, allocated inside libxapian, which has no
    // symbols to name it in tests/lsan.supp) when a block write fails with
    // ENOSPC; seeds 1 and 640761833 hit it. LeakSanitizer would then replace
    // exit 3 with an abort. This run is about exit codes and the database left
    // behind, so only it skips leak checking; the rerun and every other test
    // keep it.
    ProcessOptions no_leak_check;
    no_leak_check.env.emplace_back("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1");
    const auto full = run_index(args, no_leak_check);
    ASSERT_EQ(full.exit_code, 3) << "a full disk is a database error\n" << full.err;
    EXPECT_NE(full.err.find("No space left on device"), std::string::npos) << full.err;
    EXPECT_NE(full.err.find(db.string()), std::string::npos) << "the message names the database: " << full.err;
    EXPECT_EQ(full.err.find("terminate"), std::string::npos) << full.err;
    if (fs::exists(db / "iamglass")) {
      const auto handle = open_db(db);
      EXPECT_EQ(handle.get_doccount() % k_commit_every, 0U) << "only whole batches: the last commit";
      EXPECT_TRUE(unique_ids_consistent(handle));
      expect_whole_documents(handle, context);
      expect_check_clean(db, context);
      std::printf("%s: exit 3 with %u documents committed\n", context.c_str(), handle.get_doccount());
    } else {
      std::printf("%s: exit 3 before the database existed\n", context.c_str());
    }
    ASSERT_TRUE(tmpfs.resize("64m"));
    const auto rerun = run_index(args);
    ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
    const auto handle = open_db(db);
    EXPECT_EQ(handle.get_doccount(), static_cast<Xapian::doccount>(k_articles));
    EXPECT_TRUE(unique_ids_consistent(handle));
    expect_check_clean(db, context + ", after the rerun");
    ++points;
  }
  ::testing::Test::RecordProperty("disk_full_points", points);
}

} // namespace
} // namespace dateline::test
