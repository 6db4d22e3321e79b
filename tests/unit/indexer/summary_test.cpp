/** @file summary_test.cpp
 *  @brief Summary line and JSON; where the summary may be written.
 */
#include "indexer/summary.hpp"

#include "common/error.hpp"

#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace dateline::indexer {
namespace {

TEST(Summary, LineAndJsonCarryEveryCount) {
  Summary s;
  s.added = 3;
  s.updated = 2;
  s.renamed = 1;
  s.deleted = 4;
  s.unchanged = 10;
  s.skipped["binary"] = 2;
  s.skipped["undated"] = 1;
  s.repaired = 5;
  s.documents = 20;
  s.seconds = 1.25;
  const std::string line = s.to_line();
  for (const char* part : {"3 added", "2 updated", "1 renamed", "4 deleted", "10 unchanged", "3 skipped",
                           "2 binary", "1 undated", "5 repaired", "20 documents"}) {
    EXPECT_NE(line.find(part), std::string::npos) << part << " in " << line;
  }
  const std::string json = s.to_json();
  for (const char* part : {"\"added\": 3", "\"skipped\": {\"binary\": 2, \"undated\": 1}", "\"skipped_total\": 3",
                           "\"seconds\": 1.250", "\"dry_run\": false"}) {
    EXPECT_NE(json.find(part), std::string::npos) << part << " in " << json;
  }
}

// #9.17: refreshed is shown, and one document is not "1 documents".
TEST(Summary, LineShowsRefreshedAndSingulars) {
  Summary s;
  s.unchanged = 4;
  s.refreshed = 2;
  s.documents = 1;
  s.unreadable_dirs = 1;
  const std::string line = s.to_line();
  for (const char* part : {"4 unchanged", "2 refreshed", "; 1 document;", "1 unreadable directory"}) {
    EXPECT_NE(line.find(part), std::string::npos) << part << " in " << line;
  }
  s.documents = 2;
  s.unreadable_dirs = 3;
  EXPECT_NE(s.to_line().find("; 2 documents;"), std::string::npos) << s.to_line();
  EXPECT_NE(s.to_line().find("3 unreadable directories"), std::string::npos) << s.to_line();
}

// #14.5 and #9.17: the summary path is checked before the run.
TEST(Summary, PathIsCheckedUpFront) {
  test::TempDir dir;
  const auto db = dir / "db";
  std::filesystem::create_directories(db / "sub");
  test::write_file(db / "iamglass", "x");
  EXPECT_NO_THROW(check_summary_path((dir / "s.json").string(), db.string()));
  EXPECT_NO_THROW(check_summary_path((dir / "s.json").string(), (dir / "not-yet").string()));
  for (const auto& inside : {db / "iamglass", db / "new.json", db / "sub/x.json", dir / "db/../db/x.json"}) {
    try {
      check_summary_path(inside.string(), db.string());
      ADD_FAILURE() << inside << " is inside the database";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("inside the database"), std::string::npos) << e.what();
    }
  }
  try {
    check_summary_path((dir / "missing/dir/x.json").string(), db.string());
    ADD_FAILURE() << "missing directory accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "missing/dir/x.json").string()), std::string::npos)
        << "names the user's path: " << e.what();
  }
  EXPECT_THROW(check_summary_path(db.string(), (dir / "other").string()), UsageError) << "a directory";
}

} // namespace
} // namespace dateline::indexer
