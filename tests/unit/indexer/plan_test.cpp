/** @file plan_test.cpp
 *  @brief make_plan over an in-memory database: which stored documents are
 *  unchanged, re-read, re-analysed (#9.10), vanished below a walked root,
 *  protected, rename sources of a missing root (#9.8), deleted with a
 *  forgotten root, or left alone below another root (#9.7, #9.9).
 */
#include "indexer/plan.hpp"

#include "common/schema.hpp"
#include "indexer/document_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace dateline::indexer {
namespace {

FileStat stat_of(std::uint64_t size, std::int64_t mtime, std::uint64_t inode) {
  FileStat s;
  s.size = size;
  s.mtime_ns = mtime;
  s.device = 1;
  s.inode = inode;
  return s;
}

struct Stored {
  std::string root;
  std::string relative;
  FileStat stat;
  bool undated = false;
};

/// An in-memory database with one document per @p stored entry, as the
/// indexer writes them (Q term, change values, data).
Xapian::WritableDatabase database_of(const std::vector<Stored>& stored) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& s : stored) {
    Xapian::Document doc;
    doc.add_boolean_term(schema::unique_term(s.root, s.relative));
    if (s.undated) doc.add_boolean_term(std::string(schema::k_term_undated));
    set_file_values(doc, s.stat, schema::content_hash(s.relative));
    schema::DocumentData data;
    data.root = s.root;
    data.path = s.relative;
    doc.set_data(data.serialize());
    db.add_document(doc);
  }
  return db;
}

struct Outcome {
  Plan plan;
  Summary summary;
};

Outcome plan_of(const Xapian::Database& db, const std::vector<std::string>& roots, const std::vector<WalkedFile>& files,
                const PlanParams& params, const std::map<std::string, FailedFile>& failures = {},
                const std::vector<UnreadableDir>& unreadable = {}) {
  WalkResult walk;
  walk.files = files;
  walk.unreadable = unreadable;
  walk.complete = true;
  Reporter reporter({true, false, false});
  Outcome out;
  out.plan = make_plan(walk, roots, FileStateIndex::load(db), failures, db, params, out.summary, reporter);
  return out;
}

const VanishedDoc* vanished(const Plan& plan, const std::string& root, const std::string& relative) {
  const std::string term = schema::unique_term(root, relative);
  const auto it = std::find_if(plan.vanished.begin(), plan.vanished.end(),
                               [&](const VanishedDoc& doc) { return doc.unique_term == term; });
  return it == plan.vanished.end() ? nullptr : &*it;
}

bool rename_source(const Plan& plan, const VanishedDoc& doc) {
  return std::any_of(plan.vanished_by_content.begin(), plan.vanished_by_content.end(),
                     [&](const auto& entry) { return plan.vanished[entry.second].unique_term == doc.unique_term; });
}

TEST(Plan, StoredDocumentsByWhereTheyLie) {
  const auto db = database_of({
      {"/walked", "same.txt", stat_of(10, 1, 1)},
      {"/walked", "touched.txt", stat_of(10, 1, 2)},
      {"/walked", "gone.txt", stat_of(10, 1, 3)},
      {"/walked", "locked/kept.txt", stat_of(10, 1, 4)},
      {"/missing", "moved.txt", stat_of(10, 1, 5)},
      {"/forgotten", "old.txt", stat_of(10, 1, 6)},
      {"/other", "same.txt", stat_of(10, 1, 7)},  // same relative path, another root
      {"/walked-not", "x.txt", stat_of(10, 1, 8)},  // a root that only shares a prefix
  });
  PlanParams params;
  params.missing_roots = {"/missing"};
  params.forgotten_roots = {"/forgotten"};
  const auto out = plan_of(db, {"/walked"},
                           {{0, "new.txt", "/walked/new.txt", stat_of(5, 1, 9)},
                            {0, "same.txt", "/walked/same.txt", stat_of(10, 1, 1)},
                            {0, "touched.txt", "/walked/touched.txt", stat_of(10, 2, 2)}},
                           params, {}, {{0, "locked", "Permission denied"}});
  const Plan& plan = out.plan;
  EXPECT_EQ(out.summary.unchanged, 1U);
  EXPECT_EQ(out.summary.protected_docs, 1U);
  ASSERT_EQ(plan.tasks.size(), 2U);
  EXPECT_EQ(plan.tasks[0].change, FileChange::new_file);
  EXPECT_EQ(plan.tasks[0].unique_term, "Q/walked/new.txt");
  EXPECT_EQ(plan.tasks[0].failure_key, "dateline.failed:/walked/new.txt");
  EXPECT_EQ(plan.tasks[1].change, FileChange::modified);
  EXPECT_FALSE(plan.tasks[1].reanalyse);

  const VanishedDoc* gone = vanished(plan, "/walked", "gone.txt");
  ASSERT_NE(gone, nullptr);
  EXPECT_FALSE(gone->keep);
  EXPECT_EQ(gone->relative, "gone.txt");
  EXPECT_TRUE(rename_source(plan, *gone));

  const VanishedDoc* moved = vanished(plan, "/missing", "moved.txt");
  ASSERT_NE(moved, nullptr);
  EXPECT_TRUE(moved->keep) << "kept unless a moved file takes it over";
  EXPECT_EQ(moved->root, "/missing");
  EXPECT_TRUE(rename_source(plan, *moved));
  EXPECT_EQ(plan.missing_root_documents.at("/missing"), 1U);

  const VanishedDoc* old = vanished(plan, "/forgotten", "old.txt");
  ASSERT_NE(old, nullptr);
  EXPECT_FALSE(old->keep);
  EXPECT_FALSE(rename_source(plan, *old)) << "forgetting a root is not moving it";

  EXPECT_EQ(vanished(plan, "/walked", "locked/kept.txt"), nullptr);
  EXPECT_EQ(vanished(plan, "/other", "same.txt"), nullptr) << "another root's document is left alone";
  EXPECT_EQ(vanished(plan, "/walked-not", "x.txt"), nullptr);
  EXPECT_EQ(plan.vanished.size(), 3U);
}

TEST(Plan, ChangedOptionsReevaluateUnchangedFiles) {
  const auto db = database_of({
      {"/r", "undated.txt", stat_of(10, 1, 1), true},
      {"/r", "dated.txt", stat_of(10, 1, 2)},
      {"/r", "big.txt", stat_of(5000, 1, 3)},
  });
  const std::vector<WalkedFile> files{{0, "big.txt", "/r/big.txt", stat_of(5000, 1, 3)},
                                      {0, "dated.txt", "/r/dated.txt", stat_of(10, 1, 2)},
                                      {0, "undated.txt", "/r/undated.txt", stat_of(10, 1, 1)}};
  EXPECT_TRUE(plan_of(db, {"/r"}, files, {}).plan.tasks.empty()) << "nothing changed, nothing to do";

  PlanParams undated;
  undated.reevaluate.undated_documents = true;
  const auto u = plan_of(db, {"/r"}, files, undated);
  ASSERT_EQ(u.plan.tasks.size(), 1U);
  EXPECT_EQ(u.plan.tasks[0].file, 2U);
  EXPECT_TRUE(u.plan.tasks[0].reanalyse);
  EXPECT_EQ(u.plan.tasks[0].change, FileChange::modified);

  PlanParams smaller;
  smaller.reevaluate.max_size = 4096;
  const auto s = plan_of(db, {"/r"}, files, smaller);
  ASSERT_EQ(s.plan.tasks.size(), 1U);
  EXPECT_EQ(s.plan.tasks[0].file, 0U);
  EXPECT_TRUE(s.plan.tasks[0].reanalyse);
}

TEST(Plan, RememberedFailuresAndTheirRecords) {
  const auto db = database_of({});
  const FileStat bad = stat_of(7, 1, 1);
  const std::map<std::string, FailedFile> failures{
      {failure_key("/r/undated.txt"), {7, 1, 0, "undated"}},
      {failure_key("/r/binary.txt"), {7, 1, 0, "binary"}},
      {failure_key("/r/deleted.txt"), {7, 1, 0, "binary"}},
      {failure_key("/other/x.txt"), {7, 1, 0, "binary"}},
      {failure_key("/forgotten/y.txt"), {7, 1, 0, "binary"}},
      {failure_key("/missing/z.txt"), {7, 1, 0, "binary"}},
  };
  const std::vector<WalkedFile> files{{0, "binary.txt", "/r/binary.txt", bad},
                                      {0, "undated.txt", "/r/undated.txt", bad}};
  PlanParams params;
  params.forgotten_roots = {"/forgotten"};
  params.missing_roots = {"/missing"};
  const auto same = plan_of(db, {"/r"}, files, params, failures);
  EXPECT_TRUE(same.plan.tasks.empty());
  EXPECT_EQ(same.summary.failed_remembered, 2U);
  EXPECT_EQ(same.plan.stale_failure_keys,
            (std::set<std::string>{failure_key("/r/deleted.txt"), failure_key("/forgotten/y.txt")}));
  EXPECT_EQ(same.plan.missing_root_failure_keys.at("/missing"), std::vector<std::string>{failure_key("/missing/z.txt")});

  params.reevaluate.retry_reasons = {"undated"};
  const auto retried = plan_of(db, {"/r"}, files, params, failures);
  ASSERT_EQ(retried.plan.tasks.size(), 1U);
  EXPECT_EQ(retried.plan.tasks[0].file, 1U) << "only the undated one is read again";

  const auto unreadable = plan_of(db, {"/r"}, files, params, failures, {{0, "sub", "Permission denied"}});
  EXPECT_EQ(unreadable.plan.stale_failure_keys, std::set<std::string>{failure_key("/forgotten/y.txt")})
      << "with an unreadable directory, only a forgotten root's records go";
}

} // namespace
} // namespace dateline::indexer
