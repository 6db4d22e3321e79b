/** @file summary_test.cpp
 *  @brief Summary line and JSON; atomic file writing.
 */
#include "indexer/summary.hpp"

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

TEST(Summary, AtomicWriteReplacesTheFile) {
  test::TempDir dir;
  const auto path = (dir / "s.json").string();
  write_file_atomically(path, "one");
  write_file_atomically(path, "two");
  EXPECT_EQ(test::read_file(path), "two");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) {
    ++entries;
  }
  EXPECT_EQ(entries, 1U) << "no temporary file left behind";
  EXPECT_THROW(write_file_atomically((dir / "no/such/dir/s.json").string(), "x"), std::exception);
}

} // namespace
} // namespace dateline::indexer
