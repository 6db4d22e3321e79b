/** @file index_safety_test.cpp
 *  @brief No routine run silently empties or shrinks the database (session
 *  17, an outside trial): a recorded folder that now yields no article file
 *  (an unmounted share) keeps its documents, as a vanished one does; a
 *  changed recorded option (--include, --exclude, --max-size, --undated)
 *  that would remove documents whose files are still there is refused
 *  (exit 2) until --allow-removal; and DIR means "add" with --rebuild too,
 *  so a rebuild never drops a recorded folder unless it is --forget'ed.
 */
#include "tests/integration/indexer/index_helpers.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

class IndexSafety : public ::testing::Test {
protected:
  void SetUp() override {
    write_article(archive() / "2024/a.txt", "2024-07-26", "River floods", "Heavy rain flooded the valley.");
    write_article(archive() / "2024/b.txt", "2024-07-27", "Harvest report", "Wheat prices fell in the valley.");
    write_article(archive() / "2023/c.txt", "2023-01-02", "Budget vote", "Parliament passed the budget.");
    write_article(archive() / "notes/d.txt", "2022-05-05", "Election night", "Turnout was high everywhere.");
  }

  /// dateline-index --db DB --summary-json FILE @p args
  ProcessResult index(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db().string(), "--summary-json", summary_path().string()});
    return run_index(args);
  }
  [[nodiscard]] fs::path db() const { return m_dir / "news.db"; }
  [[nodiscard]] fs::path archive() const { return m_dir / "archive"; }
  [[nodiscard]] std::string root() const { return fs::canonical(archive()).string(); }
  [[nodiscard]] fs::path summary_path() const { return m_dir / "summary.json"; }
  [[nodiscard]] long count(const std::string& key) const { return json_number(read_file(summary_path()), key); }
  [[nodiscard]] Xapian::doccount documents() const { return open_db(db()).get_doccount(); }
  [[nodiscard]] std::string recorded(std::string_view key) const { return open_db(db()).get_metadata(std::string(key)); }

  TempDir m_dir;
};

// The trial's repro: the archive's contents moved away (what a failed mount
// looks like) and the cron line run: exit 0, silent, 0 documents. Now the
// folder keeps its documents, the warning names it and how many are kept,
// and exit 1; the files back, nothing is re-read; --forget or
// --allow-removal is how they really go.
TEST_F(IndexSafety, EmptiedRootKeepsItsDocuments) {
  ASSERT_EQ(index({archive().string()}).exit_code, 0);
  ASSERT_EQ(documents(), 4U);
  const fs::path away = m_dir / "away";
  fs::rename(archive(), away);
  fs::create_directories(archive());

  const auto emptied = index({});
  EXPECT_EQ(emptied.exit_code, 1) << emptied.err;
  EXPECT_EQ(emptied.err, "dateline-index: warning: no articles found in " + root() +
                             ": no file there matches *.txt; its 4 documents are kept (an emptied or unmounted "
                             "folder is not a deletion; dateline-index --forget " + root() + " removes them)\n");
  EXPECT_EQ(documents(), 4U);
  EXPECT_EQ(count("deleted"), 0);
  EXPECT_EQ(recorded(schema::k_meta_roots), root());
  EXPECT_EQ(index({"-q"}).exit_code, 1) << "again: still kept";
  EXPECT_EQ(documents(), 4U);

  // Mounted again: the documents were never touched, nothing is re-read.
  fs::remove(archive());
  fs::rename(away, archive());
  const auto back = index({});
  EXPECT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(back.err, "");
  EXPECT_EQ(count("unchanged"), 4);
  EXPECT_EQ(count("added") + count("updated") + count("deleted"), 0);

  // Emptied for real: --allow-removal removes the documents, the folder stays recorded.
  fs::rename(archive(), away);
  fs::create_directories(archive());
  const auto allowed = index({"--allow-removal"});
  EXPECT_EQ(allowed.exit_code, 1) << "still a folder without articles\n" << allowed.err;
  EXPECT_EQ(count("deleted"), 4);
  EXPECT_EQ(documents(), 0U);
  EXPECT_EQ(recorded(schema::k_meta_roots), root());
}

// The near-empty case: a folder that held 124 documents and now yields 4
// files (a half-mounted share) keeps the 120 whose files are gone, with a
// warning and exit 1; fewer than 100 deletions, or no more than the files
// still found there, are an ordinary clean-up; --allow-removal confirms.
TEST_F(IndexSafety, MassDeletionIsHeldBack) {
  for (int i = 0; i < 120; ++i) {
    write_article(archive() / "bulk" / ("s" + std::to_string(i) + ".txt"), "2021-03-04",
                  "Story " + std::to_string(i), "market report " + std::to_string(i));
  }
  ASSERT_EQ(index({archive().string()}).exit_code, 0);
  ASSERT_EQ(documents(), 124U);
  fs::rename(archive() / "bulk", m_dir / "bulk-away");
  const auto held = index({});
  EXPECT_EQ(held.exit_code, 1) << held.err;
  EXPECT_EQ(held.err, "dateline-index: warning: " + root() + ": 120 documents have no file any more, more than the 4 "
                          "files found there (a half-mounted share?); they are kept this run (--allow-removal "
                          "deletes them)\n");
  EXPECT_EQ(count("deletions_held_back"), 120);
  EXPECT_EQ(count("deleted"), 0);
  EXPECT_EQ(documents(), 124U);

  // Back: nothing to do. Half of them gone: fewer deletions than files, done.
  fs::rename(m_dir / "bulk-away", archive() / "bulk");
  EXPECT_EQ(index({}).exit_code, 0);
  for (int i = 0; i < 60; ++i) fs::remove(archive() / "bulk" / ("s" + std::to_string(i) + ".txt"));
  const auto cleanup = index({});
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.err;
  EXPECT_EQ(count("deleted"), 60);
  EXPECT_EQ(documents(), 64U);

  // Gone for real: confirmed.
  fs::remove_all(archive() / "bulk");
  fs::remove(archive() / "notes/d.txt");
  fs::remove_all(archive() / "2023");
  for (int i = 0; i < 40; ++i) {
    write_article(archive() / "new" / ("n" + std::to_string(i) + ".txt"), "2021-03-05", "New " + std::to_string(i),
                  "fresh story " + std::to_string(i));
  }
  EXPECT_EQ(index({}).exit_code, 0) << "62 deletions: under the floor of 100";
  EXPECT_EQ(documents(), 42U);
}

// --forget drops an emptied (existing) folder and its documents.
TEST_F(IndexSafety, ForgetRemovesAnEmptiedRootsDocuments) {
  const fs::path other = m_dir / "other";
  write_article(other / "o.txt", "2024-01-01", "Other", "Another folder.");
  ASSERT_EQ(index({archive().string(), other.string()}).exit_code, 0);
  ASSERT_EQ(documents(), 5U);
  fs::remove_all(archive());
  fs::create_directories(archive());
  const auto forgotten = index({"--forget", archive().string()});
  EXPECT_EQ(forgotten.exit_code, 0) << forgotten.err;
  EXPECT_EQ(documents(), 1U);
  EXPECT_EQ(recorded(schema::k_meta_roots), fs::canonical(other).string());
}

// --forget removes a folder's documents by request: with a changed option
// beside it, they are not counted as removed by the option.
TEST_F(IndexSafety, ForgetBesideAnAddedPatternIsNotRefused) {
  const fs::path other = m_dir / "other";
  write_article(other / "o.txt", "2024-01-01", "Other", "Another folder.");
  ASSERT_EQ(index({archive().string(), other.string()}).exit_code, 0);
  const auto run = index({"--forget", other.string(), "--include", "*.txt", "--include", "*.md"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(documents(), 4U);
}

// The trial's second repro: a one-off --include '*.md' removed every
// document, silently, and was recorded, so later cron runs stayed empty.
// Refused now (exit 2, nothing changed) with the option, both values, the
// count and the two ways forward; a change that removes nothing proceeds.
TEST_F(IndexSafety, ChangedIncludeThatWouldRemoveDocumentsIsRefused) {
  write_file(archive() / "readme.md", "date 2024-07-01\nReadme\n\nA markdown article.\n");
  ASSERT_EQ(index({archive().string()}).exit_code, 0);
  ASSERT_EQ(documents(), 4U);
  const std::string options_before = recorded(schema::k_meta_options);

  const auto refused = index({"--include", "*.md"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("--include '*.md' (recorded: --include '*.txt') would remove 4 documents whose files "
                             "are still there"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("give the recorded pattern too, --include '*.txt' --include '*.md'"), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("--allow-removal"), std::string::npos) << refused.err;
  EXPECT_EQ(documents(), 4U);
  EXPECT_EQ(recorded(schema::k_meta_options), options_before) << "the new pattern is not recorded";

  // A dry run shows it as a warning and changes nothing.
  const auto dry = index({"--dry-run", "--include", "*.md"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.err.find("warning: a changed recorded option: --include '*.md'"), std::string::npos) << dry.err;
  EXPECT_EQ(documents(), 4U);

  // Adding a pattern removes nothing: it proceeds as before.
  const auto both = index({"--include", "*.txt", "--include", "*.md"});
  EXPECT_EQ(both.exit_code, 0) << both.err;
  EXPECT_EQ(count("added"), 1);
  EXPECT_EQ(documents(), 5U);

  // Confirmed: the .txt documents go and the new pattern is recorded.
  const auto confirmed = index({"--include", "*.md", "--allow-removal"});
  EXPECT_EQ(confirmed.exit_code, 0) << confirmed.err;
  EXPECT_EQ(count("deleted"), 4);
  EXPECT_EQ(documents(), 1U);
  EXPECT_NE(recorded(schema::k_meta_options).find("include=*.md\n"), std::string::npos);
}

// The same when the new pattern matches nothing at all in the folder: its
// documents would be kept this run, but the recorded pattern would keep them
// out of every later one.
TEST_F(IndexSafety, ChangedIncludeMatchingNothingIsRefused) {
  ASSERT_EQ(index({archive().string()}).exit_code, 0);
  const auto refused = index({"--include", "*.md"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("would remove 4 documents"), std::string::npos) << refused.err;
  EXPECT_EQ(recorded(schema::k_meta_options).find("include=*.md"), std::string::npos);
  EXPECT_EQ(documents(), 4U);
}

// --exclude, --max-size and --undated=skip likewise; a --max-size that
// removes nothing proceeds.
TEST_F(IndexSafety, OtherChangedOptionsThatWouldRemoveDocumentsAreRefused) {
  write_article(archive() / "2024/long.txt", "2024-07-28", "Long report", std::string(3000, 'w'));
  write_file(archive() / "undated.txt", "Undated note\n\nNo date line here.\n");
  ASSERT_EQ(index({"--undated=index", archive().string()}).exit_code, 0);
  ASSERT_EQ(documents(), 6U);

  const auto exclude = index({"--exclude", "2023"});
  EXPECT_EQ(exclude.exit_code, 2) << exclude.err;
  EXPECT_NE(exclude.err.find("--exclude '2023' (recorded: none) would remove 1 document whose files are still there"),
            std::string::npos)
      << exclude.err;

  const auto size = index({"--max-size", "1k"});
  EXPECT_EQ(size.exit_code, 2) << size.err;
  EXPECT_NE(size.err.find("--max-size 1024 (recorded: 16777216 bytes) would remove 1 document larger than that"),
            std::string::npos)
      << size.err;
  EXPECT_NE(size.err.find("--allow-removal"), std::string::npos);

  const auto undated = index({"--undated=skip"});
  EXPECT_EQ(undated.exit_code, 2) << undated.err;
  EXPECT_NE(undated.err.find("--undated=skip (recorded: index) would remove 1 document without a date"),
            std::string::npos)
      << undated.err;
  EXPECT_NE(undated.err.find("give no --undated (the recorded --undated=index is kept)"), std::string::npos);
  EXPECT_EQ(documents(), 6U);

  const auto harmless = index({"--max-size", "1M"});
  EXPECT_EQ(harmless.exit_code, 0) << harmless.err;
  EXPECT_EQ(documents(), 6U);
  const auto confirmed = index({"--max-size", "1k", "--allow-removal"});
  EXPECT_EQ(confirmed.exit_code, 0) << confirmed.err;
  EXPECT_EQ(documents(), 5U);
}

// The trial's third repro: --rebuild DIR kept only DIR's documents while
// plain DIR adds a folder. DIR adds in both now: the rebuild re-creates every
// recorded folder and DIR; --forget is how a folder is dropped.
TEST_F(IndexSafety, RebuildWithAFolderAddsIt) {
  const fs::path other = m_dir / "other";
  write_article(other / "o.txt", "2024-01-01", "Other", "Another folder.");
  ASSERT_EQ(index({archive().string(), other.string()}).exit_code, 0);
  ASSERT_EQ(documents(), 5U);
  const fs::path third = m_dir / "third";
  write_article(third / "t.txt", "2024-02-02", "Third", "A third folder.");

  const auto rebuilt = index({"--rebuild", other.string()});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(documents(), 5U);
  EXPECT_EQ(recorded(schema::k_meta_roots), root() + "\n" + fs::canonical(other).string());

  const auto added = index({"--rebuild", third.string()});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(documents(), 6U);

  const auto forgotten = index({"--rebuild", "--forget", archive().string(), other.string()});
  EXPECT_EQ(forgotten.exit_code, 0) << forgotten.err;
  EXPECT_EQ(documents(), 2U);
  EXPECT_EQ(recorded(schema::k_meta_roots), fs::canonical(other).string() + "\n" + fs::canonical(third).string());
}

// A rebuild with a folder while a recorded folder has vanished is refused
// (as without one), and a rebuild cannot re-create an emptied folder's
// documents either: refused, database unchanged, until --forget or
// --allow-removal.
TEST_F(IndexSafety, RebuildRefusesToDropVanishedOrEmptiedFolders) {
  const fs::path other = m_dir / "other";
  write_article(other / "o.txt", "2024-01-01", "Other", "Another folder.");
  ASSERT_EQ(index({archive().string(), other.string()}).exit_code, 0);
  const std::string other_root = fs::canonical(other).string();
  fs::rename(other, m_dir / "other-gone");
  const auto vanished = index({"--rebuild", archive().string()});
  EXPECT_EQ(vanished.exit_code, 2) << vanished.err;
  EXPECT_NE(vanished.err.find("recorded folder " + other_root + " no longer exists"), std::string::npos)
      << vanished.err;
  EXPECT_EQ(documents(), 5U);
  fs::rename(m_dir / "other-gone", other);

  fs::rename(archive(), m_dir / "away");
  fs::create_directories(archive());
  const auto emptied = index({"--rebuild"});
  EXPECT_EQ(emptied.exit_code, 2) << emptied.err;
  EXPECT_NE(emptied.err.find("--rebuild: no articles found in " + root() +
                             ", but the database holds 4 documents from it; a rebuild cannot re-create them"),
            std::string::npos)
      << emptied.err;
  EXPECT_EQ(documents(), 5U);
  EXPECT_FALSE(fs::exists(m_dir / ".news.db.dateline-build")) << "no build directory left behind";
  const auto allowed = index({"--rebuild", "--allow-removal"});
  EXPECT_EQ(allowed.exit_code, 1) << allowed.err;
  EXPECT_EQ(documents(), 1U);
}

} // namespace
} // namespace dateline::test
