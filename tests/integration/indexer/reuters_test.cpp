/** @file reuters_test.cpp
 *  @brief Converts Reuters-21578 from ../shared with dateline-import-reuters,
 *  indexes all of it and checks the count and a few known stories.
 */
#include "tests/integration/indexer/index_helpers.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

/// The document whose title term S<word> and date D<yyyymmdd> both match.
Xapian::doccount count_with(const Xapian::Database& db, const std::string& a, const std::string& b) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(a), Xapian::Query(b)));
  return enquire.get_mset(0, 100).get_matches_estimated();
}

TEST(ReutersIndex, AllStoriesIndexedWithKnownDatesAndTitles) {
  const fs::path corpus = shared_corpus("reuters21578");
  const std::string importer = env_or_empty("DATELINE_IMPORT_REUTERS");
  if (corpus.empty() || importer.empty()) {
    GTEST_SKIP() << "needs ../shared/corpora/reuters21578 and the dateline-import-reuters binary";
  }
  TempDir dir;
  // Generous limits: the suite also runs under ASan+UBSan on a loaded 2-core machine,
  // where the import alone was once killed at the default 5 minutes.
  const ProcessOptions slow{{}, {}, std::chrono::minutes(15)};
  const auto convert = run_process({importer, "--quiet", corpus.string(), (dir / "articles").string()}, slow);
  ASSERT_EQ(convert.exit_code, 0) << convert.err;
  const std::string json = (dir / "s.json").string();
  const auto index = run_index({"--db", (dir / "db").string(), "--summary-json", json, (dir / "articles").string()}, slow);
  // Exit 1: the collection has a story with an empty body (reported, skipped).
  ASSERT_TRUE(index.exit_code == 0 || index.exit_code == 1) << index.err;
  const auto summary = read_file(json);
  const auto db = open_db(dir / "db");
  const long skipped = json_number(summary, "skipped_total");
  EXPECT_EQ(json_number(summary, "files_seen"), 21578) << summary;
  EXPECT_EQ(static_cast<long>(db.get_doccount()) + skipped, 21578) << summary;
  EXPECT_LE(skipped, 5) << summary;
  EXPECT_TRUE(unique_ids_consistent(db));
  // NEWID=1: "BAHIA COCOA REVIEW", 26-FEB-1987.
  EXPECT_GE(count_with(db, "Sbahia", "D19870226"), 1U);
  EXPECT_GE(count_with(db, "Scocoa", "D19870226"), 1U);
  // The collection spans 1987 only.
  EXPECT_EQ(db.get_termfreq("Y1987"), db.get_doccount());
  EXPECT_GT(db.get_termfreq("M198703"), 1000U);

  // A rerun over the unchanged tree writes nothing.
  const auto revision = db.get_revision();
  const auto rerun = run_index({"--db", (dir / "db").string(), (dir / "articles").string()}, slow);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(open_db(dir / "db").get_revision(), revision);
}

} // namespace
} // namespace dateline::test
