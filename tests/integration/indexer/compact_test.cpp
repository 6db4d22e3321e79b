/** @file compact_test.cpp
 *  @brief `dateline-index --compact` of one unsharded database (session 16):
 *  compacted beside it under its write lock and swapped in atomically, the
 *  same documents and ids, saved searches and the timeline's day map kept
 *  valid, compacted once until written again, a lock held by another writer
 *  respected, and a build directory a killed run left behind removed.
 */
#include "tests/integration/indexer/index_helpers.hpp"

#include "common/day_runs.hpp"
#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <map>
#include <string>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

/// Every document's Q term by docid: what a compaction must keep.
std::map<Xapian::docid, std::string> ids_by_docid(const Xapian::Database& db) {
  std::map<Xapian::docid, std::string> out;
  const std::string prefix(schema::k_prefix_unique);
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
    for (auto post = db.postlist_begin(*term); post != db.postlist_end(*term); ++post) out[*post] = *term;
  }
  return out;
}

class CompactUnsharded : public ::testing::Test {
protected:
  void SetUp() override {
    write_article(dir / "news/a.txt", "1987-03-02", "Cocoa harvest", "cocoa growers report a large harvest");
    write_article(dir / "news/b.txt", "1987-03-02", "Cocoa prices", "cocoa prices fall after the large harvest");
    write_article(dir / "news/c.txt", "1987-11-20", "Wheat tender", "egypt buys wheat in a tender");
    write_article(dir / "news/d.txt", "1988-01-05", "Crude output", "opec crude output rises again");
  }
  ProcessResult index() { return run_index({"--db", db.string(), "--jobs", "1", (dir / "news").string()}); }
  ProcessResult compact() { return run_index({"--db", db.string(), "--compact"}); }

  TempDir dir;
  fs::path db = dir / "db";
};

TEST_F(CompactUnsharded, CompactsInPlaceOnceUntilWrittenAgain) {
  ASSERT_EQ(index().exit_code, 0);
  ASSERT_EQ(::chmod(db.c_str(), 0750), 0);
  const Xapian::Database before = open_db(db);
  const std::string old_uuid = before.get_uuid();
  const auto ids = ids_by_docid(before);
  ASSERT_EQ(ids.size(), 4U);

  const auto first = compact();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("compacted the database 'db' ("), std::string::npos) << first.err;
  const Xapian::Database after = open_db(db);
  EXPECT_EQ(ids_by_docid(after), ids) << "the same documents under the same ids";
  EXPECT_NE(after.get_uuid(), old_uuid) << "a compaction makes a new database";
  EXPECT_EQ(after.get_metadata(std::string(schema::k_meta_compacted_from)), old_uuid + "\n")
      << "a saved search naming the old database continues";
  EXPECT_TRUE(day_runs::load(after).has_value()) << "the timeline's day map holds for the new revision";
  EXPECT_EQ(after.get_metadata(std::string(schema::k_meta_schema_version)),
            before.get_metadata(std::string(schema::k_meta_schema_version)));
  struct stat st {};
  ASSERT_EQ(::stat(db.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0750U) << "the database keeps its permissions";
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find("dateline-build"), std::string::npos)
        << "left behind: " << entry.path();
  }
  expect_check_clean(db);

  const auto again = compact();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("the database 'db' is unchanged since its last compaction"), std::string::npos)
      << again.err;
  EXPECT_EQ(open_db(db).get_uuid(), after.get_uuid()) << "nothing rewritten";

  write_article(dir / "news/e.txt", "1988-01-06", "Crude talks", "opec ministers meet on crude output");
  ASSERT_EQ(index().exit_code, 0) << "the compacted database is written to as before";
  const auto changed = compact();
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(changed.err.find("compacted the database"), std::string::npos) << changed.err;
  const Xapian::Database last = open_db(db);
  EXPECT_EQ(last.get_doccount(), 5U);
  EXPECT_EQ(last.get_metadata(std::string(schema::k_meta_compacted_from)),
            old_uuid + "\n" + after.get_uuid() + "\n");
  EXPECT_TRUE(unique_ids_consistent(last));
}

TEST_F(CompactUnsharded, WaitsForTheWriteLockOrSaysWhoHoldsIt) {
  ASSERT_EQ(index().exit_code, 0);
  const std::string uuid = open_db(db).get_uuid();
  {
    Xapian::WritableDatabase writer(db.string(), Xapian::DB_OPEN);
    const auto refused = compact();
    EXPECT_EQ(refused.exit_code, 75) << refused.err;
    EXPECT_NE(refused.err.find("is locked"), std::string::npos) << refused.err;
  }
  EXPECT_EQ(open_db(db).get_uuid(), uuid) << "not compacted while another writer held it";
}

TEST_F(CompactUnsharded, RemovesWhatAKilledCompactionLeftBehind) {
  ASSERT_EQ(index().exit_code, 0);
  const fs::path leftover = dir / ".db.dateline-build";
  fs::create_directories(leftover / "compacted");
  write_file(leftover / "compacted/postlist.glass", "half a table");
  const auto run = compact();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(fs::exists(leftover));
  EXPECT_EQ(open_db(db).get_doccount(), 4U);
  expect_check_clean(db);
}

TEST_F(CompactUnsharded, RefusesWhatIsNotADatabase) {
  const auto run = run_index({"--db", (dir / "news").string(), "--compact"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("is not a database"), std::string::npos) << run.err;
}

} // namespace
} // namespace dateline::test
