/** @file file_state_test.cpp
 *  @brief Loading the stored state from a database and classifying changes.
 */
#include "indexer/file_state.hpp"

#include "common/schema.hpp"
#include "indexer/document_builder.hpp"

#include <gtest/gtest.h>

namespace dateline::indexer {
namespace {

FileStat stat_of(std::uint64_t size, std::int64_t mtime, std::uint64_t inode) {
  FileStat s;
  s.size = size;
  s.mtime_ns = mtime;
  s.device = 9;
  s.inode = inode;
  return s;
}

TEST(FileState, LoadsEveryQTermWithItsValues) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 1; i <= 3; ++i) {
    Xapian::Document doc;
    doc.add_boolean_term(schema::unique_term("/r", "f" + std::to_string(i) + ".txt"));
    set_file_values(doc, stat_of(100 + static_cast<unsigned>(i), 1000 * i, static_cast<unsigned>(i)),
                    schema::content_hash("bytes " + std::to_string(i)));
    db.add_document(doc);
  }
  Xapian::Document foreign;  // no Q term: not ours, ignored
  foreign.add_term("hello");
  db.add_document(foreign);

  const auto index = FileStateIndex::load(db);
  EXPECT_EQ(index.size(), 3U);
  const StoredFile* f2 = index.find(schema::unique_term("/r", "f2.txt"));
  ASSERT_NE(f2, nullptr);
  EXPECT_EQ(f2->docid, 2U);
  EXPECT_EQ(f2->size, 102U);
  EXPECT_EQ(f2->mtime_ns, 2000);
  EXPECT_EQ(f2->inode, schema::pack_inode(9, 2));
  EXPECT_EQ(f2->content_hash, schema::content_hash("bytes 2")) << "read back as hex";
  EXPECT_EQ(index.find(schema::unique_term("/r", "missing.txt")), nullptr);
}

TEST(FileState, ClassifyComparesSizeMtimeAndInodeExactly) {
  StoredFile stored;
  stored.size = 10;
  stored.mtime_ns = 5000;
  stored.inode = schema::pack_inode(9, 1);
  EXPECT_EQ(classify(nullptr, stat_of(10, 5000, 1)), FileChange::new_file);
  EXPECT_EQ(classify(&stored, stat_of(10, 5000, 1)), FileChange::unchanged);
  EXPECT_EQ(classify(&stored, stat_of(11, 5000, 1)), FileChange::modified);
  EXPECT_EQ(classify(&stored, stat_of(10, 4999, 1)), FileChange::modified) << "an older mtime is a change too";
  EXPECT_EQ(classify(&stored, stat_of(10, 5001, 1)), FileChange::modified) << "nanoseconds count";
  EXPECT_EQ(classify(&stored, stat_of(10, 5000, 2)), FileChange::modified) << "replaced by another inode";
}

} // namespace
} // namespace dateline::indexer
