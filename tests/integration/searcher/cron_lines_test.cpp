/** @file cron_lines_test.cpp
 *  @brief The documented saved-search crontab lines (README.md,
 *  docs/searcher.md, packaging/crontab.example) and docs/scaling.md's
 *  nightly compaction line run as written, by /bin/sh
 *  as cron runs them, against the real binaries: HOME is a temporary
 *  folder (so ~/news.db and ~/archive are the test's), PATH holds the two
 *  programs and a `mail` that appends its input to ~/mailbox. The indexer's
 *  exit 1 (an article skipped, the rest indexed) still runs the saved
 *  search; an exit of 2 or more does not, and leaves its error on stderr.
 */
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

/// The commands (schedule removed) of the crontab entries that run a saved
/// search in the documents and in `dateline-search --help`.
std::vector<std::string> documented_saved_search_lines() {
  const fs::path source = env_or_empty("DATELINE_SOURCE_DIR");
  const std::regex entry(R"(^\s*[*0-9][0-9*/,-]* [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ (\S.*)$)");
  std::vector<std::string> texts;
  for (const char* doc : {"README.md", "docs/searcher.md", "packaging/crontab.example"}) {
    texts.push_back(read_file(source / doc));
  }
  texts.push_back(run_process({search_binary(), "--help"}).out);
  std::vector<std::string> out;
  for (const std::string& text : texts) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      std::smatch m;
      if (std::regex_match(line, m, entry) && line.find("--new-since") != std::string::npos) out.push_back(m[1].str());
    }
  }
  return out;
}

void make_executable(const fs::path& path, const std::string& text) {
  write_file(path, text);
  fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
}

class CronLines : public ::testing::Test {
protected:
  void SetUp() override {
    if (env_or_empty("DATELINE_SOURCE_DIR").empty()) GTEST_SKIP() << "DATELINE_SOURCE_DIR is not set";
    lines = documented_saved_search_lines();
    // README, docs/searcher.md, crontab.example and --help each hold one.
    ASSERT_EQ(lines.size(), 4U);
  }

  /// A fresh HOME with an indexed archive and a saved search that has run once (its mail read).
  void start_home(const std::string& name) {
    home = dir / name;
    const fs::path bin = home / "bin";
    fs::create_directories(bin);
    fs::create_directories(home / ".local/state/dateline");
    // The indexer's exit codes are recorded; FAKE_INDEX_EXIT stands for an indexer that failed.
    make_executable(bin / "dateline-index",
                    "#!/bin/sh\n"
                    "if [ -n \"$FAKE_INDEX_EXIT\" ]; then\n"
                    "  echo \"dateline-index: error: failed (test, exit $FAKE_INDEX_EXIT)\" >&2; exit \"$FAKE_INDEX_EXIT\"\n"
                    "fi\n"
                    "'" + index_binary() + "' \"$@\"; rc=$?; echo $rc >>\"$HOME/index-exits\"; exit $rc\n");
    fs::create_symlink(search_binary(), bin / "dateline-search");
    make_executable(bin / "mail", "#!/bin/sh\ncat >>\"$HOME/mailbox\"\n");
    write_file(home / "archive/2024/01/05/curbs.txt",
               "date 2024-01-05\nChip export curbs tightened\n\n"
               "The government tightened semiconductor export curbs on chipmaking tools.\n");
    const ProcessResult indexed =
        run_process({index_binary(), "-q", "--db", (home / "news.db").string(), (home / "archive").string()});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }

  /// @p command run by /bin/sh as cron does, with HOME and PATH of this test.
  ProcessResult run_line(const std::string& command, const std::string& fake_index_exit = "") {
    ProcessOptions options;
    options.env = {{"HOME", home.string()},
                   {"PATH", (home / "bin").string() + ":/usr/bin:/bin"},
                   {"FAKE_INDEX_EXIT", fake_index_exit}};
    options.timeout = std::chrono::seconds(60);
    return run_process({"/bin/sh", "-c", command}, options);
  }

  /// What the saved search mailed since the last call (empty when nothing).
  std::string take_mail() {
    const fs::path mailbox = home / "mailbox";
    if (!fs::exists(mailbox)) return {};
    std::string mail = read_file(mailbox);
    fs::remove(mailbox);
    return mail;
  }

  /// The indexer's last exit code in a run of a line.
  std::string last_index_exit() {
    std::istringstream in(read_file(home / "index-exits"));
    std::string last;
    for (std::string line; std::getline(in, line);) last = line;
    return last;
  }

  TempDir dir;
  std::vector<std::string> lines;
  fs::path home;
};

// dateline-search --help's line chained `dateline-index ... && dateline-search`
// without --if-locked=skip, while README's handled both the indexer's exit 1
// and a held lock: a user copying one or the other got different behaviour.
TEST_F(CronLines, TheDocumentedLinesAreOne) {
  for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(lines[i], lines[0]) << "line " << i;
}

// The lines chained `dateline-index ... && dateline-search ...`,
// so an indexer that skipped one bad article (exit 1) and indexed the rest
// also skipped the saved search: no mail for the new article.
TEST_F(CronLines, SavedSearchRunsAfterTheIndexerSkippedABadArticle) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    ASSERT_NO_FATAL_FAILURE(start_home("home" + std::to_string(i)));
    const ProcessResult first = run_line(lines[i]);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    // Found by path: the title line highlights the query's words (session 14).
    EXPECT_NE(take_mail().find("/2024/01/05/curbs.txt"), std::string::npos);

    write_file(home / "archive/2024/01/06/curbs-widened.txt",
               "date 2024-01-06\nExport curbs widened to memory chips\n\n"
               "Semiconductor export curbs now cover memory chips as well.\n");
    write_file(home / "archive/2024/01/06/bad-date.txt",
               "date 2024-02-30\nA story with an impossible date\n\nSemiconductor export curbs.\n");
    const ProcessResult ran = run_line(lines[i]);
    EXPECT_EQ(last_index_exit(), "1") << "the indexer skipped the bad article";
    EXPECT_EQ(ran.exit_code, 0) << ran.err;
    const std::string mail = take_mail();
    EXPECT_NE(mail.find("/2024/01/06/curbs-widened.txt"), std::string::npos) << "mailed: " << mail;
    EXPECT_EQ(mail.find("/2024/01/05/curbs.txt"), std::string::npos) << "mailed: " << mail;
  }
}

// An indexer that failed (usage, database error, lock timeout, interrupted)
// does not run the saved search; its error stays on stderr for cron to mail,
// and the article it did not get to is mailed by the next run that works.
TEST_F(CronLines, SavedSearchDoesNotRunAfterAnIndexerError) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    ASSERT_NO_FATAL_FAILURE(start_home("home" + std::to_string(i)));
    ASSERT_EQ(run_line(lines[i]).exit_code, 0);
    (void)take_mail();
    write_file(home / "archive/2024/01/06/curbs-widened.txt",
               "date 2024-01-06\nExport curbs widened to memory chips\n\n"
               "Semiconductor export curbs now cover memory chips as well.\n");
    for (const char* code : {"2", "3", "75", "130"}) {
      SCOPED_TRACE(code);
      const ProcessResult failed = run_line(lines[i], code);
      EXPECT_NE(failed.exit_code, 0);
      EXPECT_NE(failed.err.find("dateline-index: error: failed"), std::string::npos) << failed.err;
      EXPECT_EQ(take_mail(), "");
    }
    const ProcessResult ran = run_line(lines[i]);
    EXPECT_EQ(ran.exit_code, 0) << ran.err;
    EXPECT_NE(take_mail().find("/2024/01/06/curbs-widened.txt"), std::string::npos);
  }
}

// The nightly compaction line of docs/scaling.md had the same `&&`: an
// indexer that skipped one bad article (exit 1) skipped the compaction too.
TEST_F(CronLines, CompactionLineCompactsAfterTheIndexerSkippedABadArticle) {
  const fs::path source = env_or_empty("DATELINE_SOURCE_DIR");
  const std::regex entry(R"(^\s*[*0-9][0-9*/,-]* [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ (\S.*--compact.*)$)");
  std::istringstream doc(read_file(source / "docs/scaling.md"));
  std::string line;
  for (std::string text; std::getline(doc, text);) {
    std::smatch m;
    if (std::regex_match(text, m, entry)) line = m[1].str();
  }
  ASSERT_FALSE(line.empty()) << "docs/scaling.md has no crontab line with --compact";
  SCOPED_TRACE(line);
  ASSERT_NO_FATAL_FAILURE(start_home("compact"));
  fs::remove_all(home / "news.db");
  const ProcessResult sharded = run_process(
      {index_binary(), "-q", "--shard-by", "year", "--db", (home / "news.db").string(), (home / "archive").string()});
  ASSERT_EQ(sharded.exit_code, 0) << sharded.err;
  write_file(home / "archive/2024/01/06/bad-date.txt",
             "date 2024-02-30\nA story with an impossible date\n\nSemiconductor export curbs.\n");
  fs::remove(home / "index-exits");

  const ProcessResult ran = run_line(line);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(read_file(home / "index-exits"), "1\n0\n") << "the index run, then the compaction";
  // The shard it compacted is recorded: compacting again finds nothing to do.
  const ProcessResult again = run_process({index_binary(), "--db", (home / "news.db").string(), "--compact"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("compacted 0 shards"), std::string::npos) << again.err;

  const ProcessResult failed = run_line(line, "3");
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_EQ(read_file(home / "index-exits"), "1\n0\n") << "no compaction after an indexer error";
}

// Session 14's administrator trial: the nightly compaction gave undated/ (which
// holds the saved searches' counter) a new Xapian UUID, so every saved search
// took the archive for a rebuilt one, warned (mailed by cron every night) and
// started again from now, never reporting what was indexed since its last run.
TEST_F(CronLines, SavedSearchReportsWhatTheNightlyCompactionLineIndexed) {
  const fs::path source = env_or_empty("DATELINE_SOURCE_DIR");
  const std::regex entry(R"(^\s*[*0-9][0-9*/,-]* [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ (\S.*--compact.*)$)");
  std::istringstream doc(read_file(source / "docs/scaling.md"));
  std::string compaction;
  for (std::string text; std::getline(doc, text);) {
    std::smatch m;
    if (std::regex_match(text, m, entry)) compaction = m[1].str();
  }
  ASSERT_FALSE(compaction.empty()) << "docs/scaling.md has no crontab line with --compact";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    ASSERT_NO_FATAL_FAILURE(start_home("nightly" + std::to_string(i)));
    fs::remove_all(home / "news.db");
    const ProcessResult sharded = run_process(
        {index_binary(), "-q", "--shard-by", "year", "--db", (home / "news.db").string(), (home / "archive").string()});
    ASSERT_EQ(sharded.exit_code, 0) << sharded.err;
    const ProcessResult first = run_line(lines[i]);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    // Found by path: the title line highlights the query's words (session 14).
    EXPECT_NE(take_mail().find("/2024/01/05/curbs.txt"), std::string::npos);

    // Indexed (and undated/ compacted) by the nightly line, before the saved search runs again.
    write_file(home / "archive/2024/01/06/curbs-widened.txt",
               "date 2024-01-06\nExport curbs widened to memory chips\n\n"
               "Semiconductor export curbs now cover memory chips as well.\n");
    const ProcessResult nightly = run_line(compaction);
    ASSERT_EQ(nightly.exit_code, 0) << nightly.err;
    EXPECT_EQ(nightly.out + nightly.err, "");

    const ProcessResult ran = run_line(lines[i]);
    EXPECT_EQ(ran.exit_code, 0) << ran.err;
    EXPECT_EQ(ran.err, "") << "nothing for cron to mail";
    const std::string mail = take_mail();
    EXPECT_NE(mail.find("/2024/01/06/curbs-widened.txt"), std::string::npos) << "mailed: " << mail;
    EXPECT_EQ(mail.find("/2024/01/05/curbs.txt"), std::string::npos) << "mailed: " << mail;
  }
}

} // namespace
} // namespace dateline::test
