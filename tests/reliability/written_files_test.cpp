/** @file written_files_test.cpp
 *  @brief Issue 14 items 4, 5, 6 and 14, issue 9 item 17 (summary path): no
 *  file is written through a planted link, the summary never lands inside the
 *  database, a database whose files are symbolic links is refused, and a
 *  summary that cannot be written after a committed run has its own exit code.
 */
#include "tests/reliability/reliability_helpers.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

constexpr int k_exit_usage = 2;
constexpr int k_exit_summary = 4;

class WrittenFiles : public ::testing::Test {
protected:
  void SetUp() override {
    write_article(m_dir / "archive/a.txt", "2024-01-01", "First", "zwrittenone body.");
    write_article(m_dir / "archive/b.txt", "2024-01-02", "Second", "zwrittentwo body.");
  }
  [[nodiscard]] std::string db() const { return (m_dir / "db").string(); }
  [[nodiscard]] std::string archive() const { return (m_dir / "archive").string(); }
  TempDir m_dir;
};

/// The pid the next child will most likely get (Linux hands them out in order).
long next_pid_guess() {
  std::ifstream in("/proc/sys/kernel/ns_last_pid");
  long last = 0;
  in >> last;
  return last + 1;
}

// #14.4: the old writer created FILE.tmp.<pid> with O_CREAT|O_TRUNC, so links
// planted at the likely names made it overwrite their target.
TEST_F(WrittenFiles, SummaryIsNeverWrittenThroughPlantedLinks) {
  const fs::path shared = m_dir / "shared";
  fs::create_directories(shared);
  write_file(m_dir / "victim", "precious");
  const fs::path summary = shared / "dateline.json";
  const long first = next_pid_guess();
  for (long pid = first; pid < first + 3000; ++pid) {
    fs::create_symlink(m_dir / "victim", shared / ("dateline.json.tmp." + std::to_string(pid)));
  }
  fs::create_symlink(m_dir / "victim", summary);
  const auto run = run_index({"--db", db(), "--summary-json", summary.string(), archive()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(read_file(m_dir / "victim"), "precious") << "the link's target was written through";
  EXPECT_FALSE(fs::is_symlink(summary)) << "the summary replaces the planted link";
  EXPECT_EQ(json_number(read_file(summary), "added"), 2);
}

// #14.5: --summary-json inside the database is refused before the run.
TEST_F(WrittenFiles, SummaryInsideTheDatabaseIsRefused) {
  ASSERT_EQ(run_index({"--db", db(), archive()}).exit_code, 0);
  const std::string glass = read_file(m_dir / "db/iamglass");
  for (const std::string& inside : {db() + "/iamglass", db() + "/summary.json", db() + "/../db/x.json"}) {
    const auto run = run_index({"--db", db(), "--summary-json", inside, archive()});
    EXPECT_EQ(run.exit_code, k_exit_usage) << inside << "\n" << run.err;
    EXPECT_NE(run.err.find("inside the database"), std::string::npos) << run.err;
  }
  EXPECT_EQ(read_file(m_dir / "db/iamglass"), glass);
  EXPECT_FALSE(fs::exists(m_dir / "db/summary.json"));
  const auto search = run_search({"--db", db(), "--count", "zwrittenone"});
  EXPECT_EQ(search.out, "1\n") << search.err;
}

// #14.5 class (trial): --summary-json naming an article the run indexes
// replaced the article with JSON (exit 0), also for the recorded folders of a
// cron line without DIR. Refused before anything is written; a summary beside
// the articles that the run would not index (another extension) is fine.
TEST_F(WrittenFiles, SummaryOverAnIndexedArticleIsRefused) {
  ASSERT_EQ(run_index({"--db", db(), archive()}).exit_code, 0);
  const std::string article = read_file(m_dir / "archive/a.txt");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--db", db(), "--summary-json", archive() + "/a.txt", archive()},
           {"--db", db(), "--summary-json", archive() + "/new.txt", archive()},
           {"--db", db(), "--summary-json", archive() + "/a.txt"},  // the recorded folder
           {"--db", db(), "--summary-json", (m_dir / "archive/../archive/a.txt").string(), "--rebuild"}}) {
    const auto run = run_index(args);
    EXPECT_EQ(run.exit_code, k_exit_usage) << run.err;
    EXPECT_NE(run.err.find("would be indexed"), std::string::npos) << run.err;
  }
  EXPECT_EQ(read_file(m_dir / "archive/a.txt"), article) << "the article was replaced by the summary";
  EXPECT_FALSE(fs::exists(m_dir / "archive/new.txt"));
  EXPECT_EQ(run_search({"--db", db(), "--count", "zwrittenone"}).out, "1\n");
  const auto beside = run_index({"--db", db(), "--summary-json", archive() + "/summary.json"});
  EXPECT_EQ(beside.exit_code, 0) << beside.err;
  EXPECT_TRUE(fs::exists(m_dir / "archive/summary.json"));
}

// #9.17: a summary path whose directory is missing: exit 2 before the run,
// naming the user's path (not a temporary file).
TEST_F(WrittenFiles, SummaryInAMissingDirectoryIsAUsageError) {
  const std::string path = (m_dir / "missing/dir/x.json").string();
  const auto run = run_index({"--db", db(), "--summary-json", path, archive()});
  EXPECT_EQ(run.exit_code, k_exit_usage) << run.err;
  EXPECT_NE(run.err.find(path), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find(".tmp"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(m_dir / "db")) << "refused before any work";
}

// #14.6: a table file that is a symbolic link elsewhere is never written through.
TEST_F(WrittenFiles, DatabaseWithALinkedTableFileIsRefused) {
  ASSERT_EQ(run_index({"--db", db(), archive()}).exit_code, 0);
  const fs::path table = m_dir / "db/postlist.glass";
  const fs::path elsewhere = m_dir / "elsewhere.glass";
  fs::copy_file(table, elsewhere);
  const std::string before = read_file(elsewhere);
  fs::remove(table);
  fs::create_symlink(elsewhere, table);
  write_article(m_dir / "archive/c.txt", "2024-01-03", "Third", "zwrittenthree body.");
  for (const bool rebuild : {false, true}) {
    std::vector<std::string> args{"--db", db(), archive()};
    if (rebuild) args.insert(args.begin(), "--rebuild");
    const auto run = run_index(args);
    EXPECT_EQ(run.exit_code, 3) << run.err;
    EXPECT_NE(run.err.find("postlist.glass"), std::string::npos) << run.err;
    EXPECT_EQ(read_file(elsewhere), before) << "the link's target was written through";
    EXPECT_TRUE(fs::is_symlink(table));
  }
}

// #14.14: the run committed, only the summary failed: exit 4, not 3 ("database error").
TEST_F(WrittenFiles, SummaryWriteFailureAfterACommittedRunHasItsOwnExitCode) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root to mount a full tmpfs for the summary";
  }
  const fs::path mount_point = m_dir / "full";
  TmpfsMount tmpfs(mount_point, "64k");
  if (!tmpfs.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << tmpfs.error() << ")";
  }
  {
    std::ofstream fill(mount_point / "fill", std::ios::binary);
    const std::string block(4096, 'x');
    for (int i = 0; i < 64 && fill; ++i) fill.write(block.data(), static_cast<std::streamsize>(block.size()));
  }
  const std::string summary = (mount_point / "s.json").string();
  const auto run = run_index({"--db", db(), "--summary-json", summary, archive()});
  EXPECT_EQ(run.exit_code, k_exit_summary) << run.err;
  EXPECT_NE(run.err.find("'" + summary + "'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("committed"), std::string::npos) << run.err;
  const auto search = run_search({"--db", db(), "--count", "zwrittentwo"});
  EXPECT_EQ(search.out, "1\n") << "the work was committed\n" << search.err;
}

} // namespace
} // namespace dateline::test
