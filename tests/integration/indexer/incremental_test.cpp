/** @file incremental_test.cpp
 *  @brief dateline-index end to end: first run, no-change rerun, modify, touch,
 *  delete, add, rename, dry run, unreadable directories.
 */
#include "tests/integration/indexer/index_helpers.hpp"

#include "common/date.hpp"
#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

class IncrementalIndex : public ::testing::Test {
protected:
  void SetUp() override {
    write_article(m_dir / "archive/2024/a.txt", "2024-07-26", "River floods", "Heavy rain flooded the valley.");
    write_article(m_dir / "archive/2024/b.txt", "2024-07-27", "Harvest report", "Wheat prices fell sharply in the valley.");
    write_article(m_dir / "archive/2023/c.txt", "2023-01-02", "Budget vote", "Parliament passed the budget.");
    write_article(m_dir / "archive/notes/d.txt", "2022-05-05", "Election night", "Turnout was high everywhere.");
    write_file(m_dir / "archive/readme.md", "not an article");
  }

  ProcessResult index(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--db", db().string(), "--summary-json", summary_path().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(archive().string());
    return run_index(args);
  }
  [[nodiscard]] fs::path db() const { return m_dir / "news.db"; }
  [[nodiscard]] fs::path archive() const { return m_dir / "archive"; }
  [[nodiscard]] fs::path summary_path() const { return m_dir / "summary.json"; }
  [[nodiscard]] long count(const std::string& key) const { return json_number(read_file(summary_path()), key); }

  TempDir m_dir;
};

TEST_F(IncrementalIndex, FirstRunIndexesEveryArticleAndRerunWritesNothing) {
  const auto first = index();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.err, "") << "not on a terminal: silent on success";
  EXPECT_EQ(first.out, "");
  EXPECT_EQ(count("added"), 4);
  {
    const auto db_handle = open_db(db());
    EXPECT_EQ(db_handle.get_doccount(), 4U);
    EXPECT_TRUE(unique_ids_consistent(db_handle));
    EXPECT_EQ(db_handle.get_metadata("dateline.schema_version"), std::to_string(schema::k_schema_version));
    EXPECT_EQ(db_handle.get_metadata("dateline.language"), "english");
    const auto doc = doc_for(db_handle, "2024/a.txt");
    EXPECT_EQ(doc.get_value(0), "20240726");
    EXPECT_NE(doc.get_data().find("title=River floods"), std::string::npos);
    EXPECT_GT(db_handle.get_termfreq("Zflood"), 0U);
    EXPECT_EQ(db_handle.get_spelling_suggestion("valey"), "valley") << "spelling data was written";
  }
  const auto revision = open_db(db()).get_revision();

  const auto second = index();
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.err, "");
  EXPECT_EQ(count("unchanged"), 4);
  EXPECT_EQ(count("added") + count("updated") + count("refreshed") + count("deleted"), 0);
  EXPECT_EQ(open_db(db()).get_revision(), revision) << "a no-change rerun must not write";
}

// Trial pass: an article dated far in the future (a typo such as 2204 for
// 2024, or an embargo) was indexed silently. It is still indexed, with one
// warning naming the file, its date and today, and counted; -q silences it
// like every other warning. 2999 is after any "today" the test runs on.
TEST_F(IncrementalIndex, FutureDatedArticleIsIndexedWithOneWarning) {
  write_article(archive() / "typo.txt", "2999-12-31", "Cup final", "The home side won the cup final.");
  const auto first = index();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string today = today_utc().iso();
  const std::string warning =
      "dateline-index: warning: typo.txt: dated 2999-12-31, after today (" + today + "); indexed with that date\n";
  EXPECT_EQ(first.err, warning) << "one warning, nothing else";
  EXPECT_EQ(count("future_dated"), 1);
  EXPECT_EQ(count("added"), 5);
  EXPECT_EQ(doc_for(open_db(db()), "typo.txt").get_value(0), "29991231");
  // --info counts them too.
  const auto info = run_index({"--db", db().string(), "--info"});
  EXPECT_NE(info.out.find("dates: 2022-05-05 to 2999-12-31 (1 after today)\n"), std::string::npos) << info.out;
  EXPECT_EQ(json_number(run_index({"--db", db().string(), "--info", "--json"}).out, "future_dated"), 1);
  const auto rerun = index();
  EXPECT_EQ(rerun.err, "") << "not read again: not warned again";
  EXPECT_EQ(count("future_dated"), 0);
  write_article(archive() / "typo.txt", "2999-12-31", "Cup final", "The home side won the cup final again.");
  const auto quiet = index({"-q"});
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "") << "quiet under cron";
  EXPECT_EQ(count("future_dated"), 1);
  const auto verbose = index({"-v", "--rebuild"});
  EXPECT_NE(verbose.err.find(", 1 dated after today"), std::string::npos) << verbose.err;
}

// Trial (session 16): an article dated 0063-01-04 (a mistyped year)
// indexed silently. A date before k_oldest_plausible_year (1600, before the
// first printed newspapers) gets one warning and is counted, like a future
// date; 1600-01-01 itself is plausible (old scans) and says nothing.
TEST_F(IncrementalIndex, ImplausiblyOldArticleIsIndexedWithOneWarning) {
  write_article(archive() / "typo.txt", "0063-01-04", "Cup final", "The home side won the cup final.");
  write_article(archive() / "scan.txt", "1600-01-01", "Old news", "A ship came in from the Indies.");
  const auto first = index();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.err,
            "dateline-index: warning: typo.txt: dated 0063-01-04, before 1600 (older than any printed newspaper: "
            "a mistyped year?); indexed with that date\n")
      << "one warning, nothing else";
  EXPECT_EQ(count("ancient_dated"), 1);
  EXPECT_EQ(count("future_dated"), 0);
  EXPECT_EQ(count("added"), 6);
  EXPECT_EQ(doc_for(open_db(db()), "typo.txt").get_value(0), "00630104");
  // --info counts them as the summary does (session 17: it counted only
  // the dates after today).
  const auto info = run_index({"--db", db().string(), "--info"});
  EXPECT_NE(info.out.find("dates: 0063-01-04 to 2024-07-27 (1 before 1600)\n"), std::string::npos) << info.out;
  EXPECT_EQ(json_number(run_index({"--db", db().string(), "--info", "--json"}).out, "ancient_dated"), 1);
  const auto rerun = index();
  EXPECT_EQ(rerun.err, "") << "not read again: not warned again";
  EXPECT_EQ(count("ancient_dated"), 0);
  const auto verbose = index({"-v", "--rebuild"});
  EXPECT_NE(verbose.err.find(", 1 dated before 1600"), std::string::npos) << verbose.err;
  // Both kinds on one line.
  write_article(archive() / "embargo.txt", "2999-12-31", "Cup final", "The final was moved.");
  ASSERT_EQ(index().exit_code, 0);
  const auto both = run_index({"--db", db().string(), "--info"});
  EXPECT_NE(both.out.find("dates: 0063-01-04 to 2999-12-31 (1 before 1600, 1 after today)\n"), std::string::npos)
      << both.out;
}

// Trial pass: a folder of symbolic links indexed nothing and said nothing,
// even with -v. They are counted in the summary (JSON, and the closing line
// on a terminal or with -v); a run that found no file at all warns.
TEST_F(IncrementalIndex, SymbolicLinksSkippedWithoutFollowAreCounted) {
  const fs::path links = m_dir / "links";
  fs::create_directories(links);
  fs::create_symlink(archive() / "2024/a.txt", links / "a.txt");
  fs::create_symlink(archive() / "2023/c.txt", links / "c.txt");
  const std::vector<std::string> args{"--db", (m_dir / "links.db").string(), "--summary-json",
                                      summary_path().string(), links.string()};
  const auto only_links = run_index(args);
  EXPECT_EQ(only_links.exit_code, 1) << "a folder without articles (session 17)\n" << only_links.err;
  EXPECT_NE(only_links.err.find("warning: no articles found in " + fs::canonical(links).string() +
                                ": 2 symbolic links skipped (--follow indexes links to files inside the roots)"),
            std::string::npos)
      << only_links.err;
  EXPECT_EQ(count("symlinks_not_followed"), 2);
  EXPECT_EQ(count("empty_roots"), 1);
  std::vector<std::string> quiet_args = args;
  quiet_args.insert(quiet_args.begin(), "-q");
  const auto quiet = run_index(quiet_args);
  EXPECT_EQ(quiet.err, "");
  EXPECT_EQ(quiet.exit_code, 1) << "-q silences the warning, not the code";
  // An ordinary run with a link among real files stays silent; -v counts it.
  fs::create_symlink(archive() / "2024/b.txt", archive() / "link-to-b.txt");
  const auto ordinary = index();
  EXPECT_EQ(ordinary.exit_code, 0);
  EXPECT_EQ(ordinary.err, "") << "cron silence";
  EXPECT_EQ(count("symlinks_not_followed"), 1);
  const auto verbose = index({"-v"});
  EXPECT_NE(verbose.err.find(", 1 symbolic link skipped (--follow indexes links to files inside the roots)"),
            std::string::npos)
      << verbose.err;
}

// Trial pass (session 12): with --follow, a link that leads outside the roots
// and a dangling one were skipped without a trace: "0 skipped" in the summary,
// symlinks_not_followed 0 in the JSON, a line only under -v. An archivist who
// turned --follow on for a folder of links could not tell an article was lost.
TEST_F(IncrementalIndex, SymbolicLinksRefusedUnderFollowAreCounted) {
  const fs::path outside = m_dir / "outside";
  write_article(outside / "o.txt", "2024-01-02", "Outside story", "Walruses gathered on the outside shore.");
  fs::create_symlink(outside / "o.txt", archive() / "link-out.txt");
  fs::create_symlink(m_dir / "gone.txt", archive() / "dangling.txt");
  const auto ordinary = index({"--follow"});
  EXPECT_EQ(ordinary.exit_code, 0) << ordinary.err;
  EXPECT_EQ(ordinary.err, "") << "cron silence: links are not failure records, a warning would repeat every run";
  EXPECT_EQ(count("added"), 4);
  EXPECT_EQ(count("symlinks_refused"), 2);
  EXPECT_EQ(count("symlinks_not_followed"), 0);
  const auto verbose = index({"--follow", "-v"});
  EXPECT_NE(verbose.err.find("link-out.txt: symbolic link leads outside the indexed roots (skipped)"), std::string::npos)
      << verbose.err;
  EXPECT_NE(verbose.err.find(", 2 symbolic links refused (dangling, looping or leading outside the roots; -v names "
                             "them)"),
            std::string::npos)
      << verbose.err;
  // A root holding nothing but such links warns, as without --follow.
  const fs::path links = m_dir / "links";
  fs::create_directories(links);
  fs::create_symlink(outside / "o.txt", links / "o.txt");
  const auto only_links = run_index({"--db", (m_dir / "links.db").string(), "--follow", links.string()});
  EXPECT_EQ(only_links.exit_code, 1) << "a folder without articles (session 17)\n" << only_links.err;
  EXPECT_NE(only_links.err.find("warning: no articles found in " + fs::canonical(links).string() +
                                ": 1 symbolic link refused (dangling, looping or leading outside the roots; -v names "
                                "them)"),
            std::string::npos)
      << only_links.err;
}

// Session 17: an empty folder (or one holding no article file: an unmounted
// archive, a typo, a folder of other files) built an empty database with
// exit 0 and not a word, also from cron. Each such folder is named in a
// warning and the code is 1, which -q does not change (it silences the
// warning, as every warning), so a cron job can tell "nothing there" from
// success; a folder with articles beside it is indexed as usual.
TEST_F(IncrementalIndex, FolderWithoutArticlesIsNamedAndExitsOne) {
  const fs::path empty = m_dir / "empty";
  const fs::path others = m_dir / "others";
  fs::create_directories(empty);
  write_file(others / "notes.md", "not an article");
  write_file(others / "sub/photo.jpg", "not an article either");
  const fs::path empty_db = m_dir / "empty.db";
  const auto first = run_index({"--db", empty_db.string(), "--summary-json", summary_path().string(), empty.string()});
  EXPECT_EQ(first.exit_code, 1) << first.err;
  EXPECT_EQ(first.err, "dateline-index: warning: no articles found in " + fs::canonical(empty).string() +
                           ": no file there matches *.txt\n");
  EXPECT_EQ(count("empty_roots"), 1);
  EXPECT_EQ(count("documents"), 0);
  const auto cron = run_index({"--db", empty_db.string(), "-q"});
  EXPECT_EQ(cron.exit_code, 1) << "the recorded folder is still empty";
  EXPECT_EQ(cron.err, "") << "-q silences warnings";
  const auto other_files = run_index({"--db", (m_dir / "others.db").string(), "--include", "*.txt",
                                      "--include", "*.text", others.string()});
  EXPECT_EQ(other_files.exit_code, 1);
  EXPECT_EQ(other_files.err, "dateline-index: warning: no articles found in " + fs::canonical(others).string() +
                                 ": no file there matches *.txt or *.text\n");
  // Beside a folder with articles: that one is indexed, the empty one named.
  const auto both = run_index({"--db", (m_dir / "both.db").string(), "--summary-json", summary_path().string(),
                               archive().string(), empty.string()});
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_EQ(both.err, "dateline-index: warning: no articles found in " + fs::canonical(empty).string() +
                          ": no file there matches *.txt\n");
  EXPECT_EQ(count("added"), 4);
  EXPECT_EQ(count("empty_roots"), 1);
  // Articles arrive: success again, silently.
  write_article(empty / "e.txt", "2024-08-01", "Ferry resumes", "The ferry service resumed.");
  const auto later = run_index({"--db", empty_db.string()});
  EXPECT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(later.err, "");
}

TEST_F(IncrementalIndex, ContentChangeWithOlderMtimeAndSameSizeIsReindexed) {
  const fs::path a = archive() / "2024/a.txt";
  set_mtime(a, 1700000000, 500);
  ASSERT_EQ(index().exit_code, 0);
  const auto before = fs::file_size(a);
  // Same size, new content, mtime set *back* (cp -p / rsync -t from an older copy).
  write_article(a, "2024-07-26", "River floods", "Heavy snow blocked the valley.");
  ASSERT_EQ(fs::file_size(a), before);
  set_mtime(a, 1690000000, 500);
  ASSERT_EQ(index().exit_code, 0);
  EXPECT_EQ(count("updated"), 1);
  // And again within the same second: only the nanoseconds differ.
  write_article(a, "2024-07-26", "River floods", "Heavy hail blocked the valley.");
  ASSERT_EQ(fs::file_size(a), before);
  set_mtime(a, 1690000000, 501);
  ASSERT_EQ(index().exit_code, 0);
  EXPECT_EQ(count("updated"), 1);
  const auto db_handle = open_db(db());
  EXPECT_EQ(db_handle.get_doccount(), 4U);
  EXPECT_GT(db_handle.get_termfreq("hail"), 0U);
  EXPECT_EQ(db_handle.get_termfreq("snow"), 0U);
  EXPECT_EQ(db_handle.get_termfreq("rain"), 0U);
  EXPECT_TRUE(unique_ids_consistent(db_handle));
}

TEST_F(IncrementalIndex, TouchedFileIsRefreshedNotReanalysed) {
  ASSERT_EQ(index().exit_code, 0);
  set_mtime(archive() / "2024/b.txt", 1600000000);
  ASSERT_EQ(index().exit_code, 0);
  EXPECT_EQ(count("refreshed"), 1);
  EXPECT_EQ(count("updated"), 0);
  ASSERT_EQ(index().exit_code, 0);
  EXPECT_EQ(count("unchanged"), 4) << "the new mtime was stored";
}

TEST_F(IncrementalIndex, DeleteAddAndNoDelete) {
  ASSERT_EQ(index().exit_code, 0);
  fs::remove(archive() / "2023/c.txt");
  write_article(archive() / "2025/e.txt", "2025-03-03", "New story", "Something else happened.");
  ASSERT_EQ(index({"--no-delete"}).exit_code, 0);
  EXPECT_EQ(count("added"), 1);
  EXPECT_EQ(count("deleted"), 0);
  EXPECT_TRUE(has_doc(open_db(db()), "2023/c.txt"));
  ASSERT_EQ(index().exit_code, 0);
  EXPECT_EQ(count("deleted"), 1);
  const auto db_handle = open_db(db());
  EXPECT_EQ(db_handle.get_doccount(), 4U);
  EXPECT_FALSE(has_doc(db_handle, "2023/c.txt"));
  EXPECT_TRUE(has_doc(db_handle, "2025/e.txt"));
  EXPECT_TRUE(unique_ids_consistent(db_handle));
}

TEST_F(IncrementalIndex, RenameIsDetectedByHashAndKeepsTheDocument) {
  ASSERT_EQ(index().exit_code, 0);
  const Xapian::docid old_id = *open_db(db()).postlist_begin("Q" + fs::canonical(archive() / "2024/b.txt").string());
  fs::create_directories(archive() / "moved");
  fs::rename(archive() / "2024/b.txt", archive() / "moved/b-renamed.txt");
  ASSERT_EQ(index().exit_code, 0);
  EXPECT_EQ(count("renamed"), 1);
  EXPECT_EQ(count("added"), 0);
  EXPECT_EQ(count("deleted"), 0);
  const auto db_handle = open_db(db());
  EXPECT_EQ(db_handle.get_doccount(), 4U);
  EXPECT_FALSE(has_doc(db_handle, "2024/b.txt"));
  ASSERT_TRUE(has_doc(db_handle, "moved/b-renamed.txt"));
  EXPECT_EQ(*db_handle.postlist_begin("Q" + fs::canonical(archive() / "moved/b-renamed.txt").string()), old_id) << "same document, re-keyed";
  EXPECT_NE(doc_for(db_handle, "moved/b-renamed.txt").get_data().find("path=moved/b-renamed.txt"),
            std::string::npos);
  EXPECT_TRUE(unique_ids_consistent(db_handle));
}

TEST_F(IncrementalIndex, DryRunPrintsChangesAndWritesNothing) {
  const auto dry = index({"--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("add 2024/a.txt"), std::string::npos) << dry.out;
  EXPECT_FALSE(fs::exists(db())) << "a dry run creates nothing";
  ASSERT_EQ(index().exit_code, 0);
  const auto revision = open_db(db()).get_revision();
  fs::remove(archive() / "2023/c.txt");
  write_article(archive() / "2024/a.txt", "2024-07-26", "River floods", "Changed text entirely here.");
  const auto dry2 = index({"--dry-run"});
  ASSERT_EQ(dry2.exit_code, 0) << dry2.err;
  EXPECT_NE(dry2.out.find("update 2024/a.txt"), std::string::npos) << dry2.out;
  EXPECT_NE(dry2.out.find("delete 2023/c.txt"), std::string::npos) << dry2.out;
  EXPECT_EQ(open_db(db()).get_revision(), revision);
  EXPECT_EQ(open_db(db()).get_doccount(), 4U);
}

TEST_F(IncrementalIndex, UnreadableDirectoryKeepsItsDocuments) {
  ASSERT_EQ(index().exit_code, 0);
  std::vector<std::string> prefix;
  if (::geteuid() == 0) {
    // Root ignores permission bits: run the indexer as "nobody" instead.
    fs::path setpriv = "/usr/bin/setpriv";
    if (!fs::exists(setpriv)) {
      GTEST_SKIP() << "running as root without setpriv: cannot make a directory unreadable";
    }
    for (const auto& entry : fs::recursive_directory_iterator(m_dir.path())) {
      (void)::chown(entry.path().c_str(), 65534, 65534);
    }
    (void)::chown(m_dir.path().c_str(), 65534, 65534);
    prefix = {setpriv.string(), "--reuid=65534", "--regid=65534", "--clear-groups", index_binary()};
  }
  ::chmod((archive() / "notes").c_str(), 0);
  std::vector<std::string> args = prefix.empty() ? std::vector<std::string>{index_binary()} : prefix;
  for (const auto& a : {std::string("--db"), db().string(), std::string("--summary-json"), summary_path().string(),
                        archive().string()}) {
    args.push_back(a);
  }
  const auto run = run_process(args);
  ::chmod((archive() / "notes").c_str(), 0755);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("notes"), std::string::npos) << "the unreadable directory is named: " << run.err;
  EXPECT_EQ(count("deleted"), 0);
  EXPECT_EQ(count("protected"), 1);
  EXPECT_TRUE(has_doc(open_db(db()), "notes/d.txt")) << "an unreadable directory is not a deletion";
  EXPECT_EQ(open_db(db()).get_doccount(), 4U);
}

TEST_F(IncrementalIndex, LanguageIsStoredAndAContradictionIsAUsageError) {
  ASSERT_EQ(index({"--language", "none"}).exit_code, 0);
  EXPECT_EQ(open_db(db()).get_metadata("dateline.language"), "none");
  EXPECT_EQ(open_db(db()).get_termfreq("Zflood"), 0U) << "no stems with language none";
  const auto contradiction = index({"--language", "french"});
  EXPECT_EQ(contradiction.exit_code, 2);
  EXPECT_NE(contradiction.err.find("none"), std::string::npos) << contradiction.err;
  ASSERT_EQ(index({"--rebuild", "--language", "french"}).exit_code, 0);
  EXPECT_EQ(open_db(db()).get_metadata("dateline.language"), "french");
  EXPECT_EQ(open_db(db()).get_doccount(), 4U);
}

} // namespace
} // namespace dateline::test
