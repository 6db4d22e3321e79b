/** @file failures_test.cpp
 *  @brief Failure records: round trip, matching, keys and loading.
 */
#include "indexer/failures.hpp"

#include "common/schema.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace dateline::indexer {
namespace {

TEST(Failures, RoundTripAndMatch) {
  const FailedFile record{12, -3, 99, "bad_date"};
  const auto parsed = FailedFile::parse(record.serialize());
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->size, 12U);
  EXPECT_EQ(parsed->mtime_ns, -3);
  EXPECT_EQ(parsed->ctime_ns, 99);
  EXPECT_EQ(parsed->reason, "bad_date");
  FileStat now;
  now.size = 12;
  now.mtime_ns = -3;
  now.ctime_ns = 99;
  EXPECT_TRUE(parsed->matches(now));
  now.ctime_ns = 100;  // chmod: retry
  EXPECT_FALSE(parsed->matches(now));
  EXPECT_FALSE(FailedFile::parse("garbage").has_value());
  EXPECT_FALSE(FailedFile::parse("1 2").has_value());
}

TEST(Failures, KeysAreBoundedAndDistinct) {
  const std::string a = std::string(400, 'a') + "1.txt";
  const std::string b = std::string(400, 'a') + "2.txt";
  EXPECT_LE(failure_key(a).size(), 200U);
  EXPECT_NE(failure_key(a), failure_key(b));
  EXPECT_EQ(failure_key("x.txt"), std::string(schema::k_meta_failed_prefix) + "x.txt");
}

TEST(Failures, LoadedFromMetadata) {
  // The in-memory backend cannot list metadata keys: use a real glass database.
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  db.set_metadata(failure_key("a.txt"), FailedFile{1, 2, 3, "binary"}.serialize());
  db.set_metadata(failure_key(std::string(300, 'l')), FailedFile{4, 5, 6, "undated"}.serialize());
  db.set_metadata("dateline.language", "english");
  const auto loaded = load_failures(db);
  ASSERT_EQ(loaded.size(), 2U);
  EXPECT_EQ(loaded.at(failure_key("a.txt")).reason, "binary");
}

} // namespace
} // namespace dateline::indexer
