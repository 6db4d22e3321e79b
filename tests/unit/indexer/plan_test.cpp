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
#include <ostream>

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
  PlanCounts summary;
};

Outcome plan_of(const Xapian::Database& db, const std::vector<std::string>& roots, const std::vector<WalkedFile>& files,
                const PlanParams& params, const std::map<std::string, FailedFile>& failures = {},
                const std::vector<UnreadableDir>& unreadable = {}) {
  WalkResult walk;
  walk.files = files;
  walk.unreadable = unreadable;
  walk.complete = true;
  Outcome out;
  out.plan = make_plan(walk, roots, FileStateIndex::load(db), failures, db, params);
  out.summary = out.plan.counts;
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


// ---- The plan as a table: every kind of decision, one row each (#10.1) ----

/// A walked file of the table: root index, relative path, stat.
struct Walked {
  std::size_t root = 0;
  std::string relative;
  FileStat stat;
};

struct PlanRow {
  std::string name;
  std::vector<std::string> roots;  ///< walked this run
  std::vector<Stored> stored;      ///< documents in the database before the run
  std::vector<Walked> walked;
  std::vector<UnreadableDir> unreadable;
  std::map<std::string, FailedFile> failures;  ///< by absolute path (failure_key applied below)
  PlanParams params;
  /// Absolute path -> decision, for every walked file, every stored document
  /// and every failure record the plan acts on (see decisions()).
  std::map<std::string, std::string> expected;
  std::size_t protected_docs = 0;
};

std::ostream& operator<<(std::ostream& out, const PlanRow& row) { return out << row.name; }

/// The plan as one word per path. Walked files: "new", "modified",
/// "reanalysed" (an option change), "unchanged" (not read), "failed-before"
/// (remembered, not retried), "+duplicate" appended for a second visit.
/// Stored documents without a walked file: "vanished" (deleted unless a new
/// file with its content takes it over), "kept" (a moved root's: kept unless
/// taken over), "kept-not-a-source" (an emptied root's: kept, never taken
/// over), "forgotten" (deleted, never taken over), "untouched" (not in the
/// plan: another root's, or protected). Failure records ("record:" +
/// path): "stale" (dropped), "with-root" (dropped once its missing root's
/// documents have all moved); a record left alone is not listed.
std::map<std::string, std::string> decisions(const Plan& plan, const PlanRow& row) {
  std::map<std::string, std::string> out;
  auto add = [&out](const std::string& path, const std::string& what) {
    auto [it, inserted] = out.emplace(path, what);
    if (!inserted) it->second += "+" + what;
  };
  std::map<std::size_t, std::string> walked;  // file index -> decision
  for (const auto& task : plan.tasks) {
    walked[task.file] = task.reanalyse ? "reanalysed"
                        : task.change == FileChange::new_file ? "new"
                        : task.change == FileChange::modified ? "modified"
                                                              : "unchanged-task";
  }
  for (const auto& note : plan.notes) {
    walked[note.file] = note.kind == PlanNote::Kind::duplicate_path ? "duplicate" : "failed-before";
  }
  for (std::size_t i = 0; i < row.walked.size(); ++i) {
    const auto found = walked.find(i);
    add(schema::document_path(row.roots[row.walked[i].root], row.walked[i].relative),
        found == walked.end() ? "unchanged" : found->second);
  }
  for (const auto& s : row.stored) {
    const std::string path = schema::document_path(s.root, s.relative);
    if (out.count(path) != 0) continue;  // walked
    const VanishedDoc* doc = vanished(plan, s.root, s.relative);
    add(path, doc == nullptr                   ? "untouched"
              : doc->keep                      ? (rename_source(plan, *doc) ? "kept" : "kept-not-a-source")
              : rename_source(plan, *doc)      ? "vanished"
                                               : "forgotten");
  }
  const std::size_t prefix = schema::k_meta_failed_prefix.size();
  for (const auto& key : plan.stale_failure_keys) add("record:" + key.substr(prefix), "stale");
  for (const auto& [root, keys] : plan.missing_root_failure_keys) {
    for (const auto& key : keys) add("record:" + key.substr(prefix), "with-root");
  }
  return out;
}

class PlanTable : public ::testing::TestWithParam<PlanRow> {};

TEST_P(PlanTable, Decides) {
  const PlanRow& row = GetParam();
  const auto db = database_of(row.stored);
  WalkResult walk;
  for (const auto& w : row.walked) {
    walk.files.push_back({w.root, w.relative, schema::document_path(row.roots[w.root], w.relative), w.stat});
  }
  walk.unreadable = row.unreadable;
  walk.complete = true;
  std::map<std::string, FailedFile> failures;
  for (const auto& [path, record] : row.failures) failures.emplace(failure_key(path), record);

  const Plan plan = make_plan(walk, row.roots, FileStateIndex::load(db), failures, db, row.params);
  const auto got = decisions(plan, row);
  EXPECT_EQ(got, row.expected);

  // The counts agree with the decisions.
  const auto count = [&got](const std::string& what) {
    return static_cast<std::size_t>(std::count_if(got.begin(), got.end(), [&](const auto& entry) {
      return entry.second == what || entry.second.ends_with("+" + what) || entry.second.starts_with(what + "+");
    }));
  };
  EXPECT_EQ(plan.counts.unchanged, count("unchanged"));
  EXPECT_EQ(plan.counts.failed_remembered, count("failed-before"));
  EXPECT_EQ(plan.counts.protected_docs, row.protected_docs);
  std::size_t skipped = 0;
  for (const auto& [reason, files] : plan.counts.skipped) skipped += files;
  EXPECT_EQ(skipped, count("failed-before") + count("duplicate"));
  if (count("duplicate") != 0) {
    EXPECT_EQ(plan.counts.skipped.at("duplicate_path"), count("duplicate"));
  }
}

PlanParams with_missing(std::vector<std::string> roots) {
  PlanParams p;
  p.missing_roots = std::move(roots);
  return p;
}
PlanParams with_forgotten(std::vector<std::string> roots) {
  PlanParams p;
  p.forgotten_roots = std::move(roots);
  return p;
}
PlanParams reevaluating_undated() {
  PlanParams p;
  p.reevaluate.undated_documents = true;
  return p;
}
PlanParams with_max_size(std::uint64_t bytes) {
  PlanParams p;
  p.reevaluate.max_size = bytes;
  return p;
}
PlanParams removal_allowed() {
  PlanParams p;
  p.keep_empty_roots = false;
  return p;
}
PlanParams retrying_all() {
  PlanParams p;
  p.retry_failed = true;
  return p;
}
PlanParams retrying(std::set<std::string> reasons) {
  PlanParams p;
  p.reevaluate.retry_reasons = std::move(reasons);
  return p;
}

const FileStat k_a = stat_of(10, 1, 1);
const FailedFile k_binary{7, 1, 0, "binary"};
const FailedFile k_undated{7, 1, 0, "undated"};

INSTANTIATE_TEST_SUITE_P(
    Rows, PlanTable,
    ::testing::Values(
        PlanRow{"FirstBuildReadsEveryFile", {"/r"}, {}, {{0, "a.txt", k_a}, {0, "b/c.txt", stat_of(3, 1, 2)}},
                {}, {}, {}, {{"/r/a.txt", "new"}, {"/r/b/c.txt", "new"}}},
        PlanRow{"UnchangedFileIsNotRead", {"/r"}, {{"/r", "a.txt", k_a}}, {{0, "a.txt", k_a}}, {}, {}, {},
                {{"/r/a.txt", "unchanged"}}},
        PlanRow{"NewerMtimeIsModified", {"/r"}, {{"/r", "a.txt", k_a}}, {{0, "a.txt", stat_of(10, 2, 1)}}, {}, {},
                {}, {{"/r/a.txt", "modified"}}},
        PlanRow{"OlderMtimeIsModified", {"/r"}, {{"/r", "a.txt", k_a}}, {{0, "a.txt", stat_of(10, 0, 1)}}, {}, {},
                {}, {{"/r/a.txt", "modified"}}},
        PlanRow{"OtherSizeIsModified", {"/r"}, {{"/r", "a.txt", k_a}}, {{0, "a.txt", stat_of(11, 1, 1)}}, {}, {},
                {}, {{"/r/a.txt", "modified"}}},
        PlanRow{"ReplacedFileWithSameSizeAndMtimeIsModified", {"/r"}, {{"/r", "a.txt", k_a}},
                {{0, "a.txt", stat_of(10, 1, 2)}}, {}, {}, {}, {{"/r/a.txt", "modified"}}},
        PlanRow{"DeletedFileVanishes", {"/r"}, {{"/r", "a.txt", k_a}, {"/r", "b.txt", stat_of(5, 1, 2)}},
                {{0, "b.txt", stat_of(5, 1, 2)}}, {}, {}, {},
                {{"/r/a.txt", "vanished"}, {"/r/b.txt", "unchanged"}}},
        PlanRow{"RenamedFileIsNewAndItsOldDocumentARenameSource", {"/r"}, {{"/r", "old/a.txt", k_a}},
                {{0, "new/a.txt", stat_of(10, 5, 9)}}, {}, {}, {},
                {{"/r/old/a.txt", "vanished"}, {"/r/new/a.txt", "new"}}},
        PlanRow{"UnreadableDirectoryProtectsItsDocuments", {"/r"},
                {{"/r", "a.txt", k_a}, {"/r", "sub/x.txt", stat_of(4, 1, 2)}, {"/r", "subway.txt", stat_of(4, 1, 3)}},
                {{0, "a.txt", k_a}}, {{0, "sub", "Permission denied"}}, {}, {},
                {{"/r/a.txt", "unchanged"}, {"/r/sub/x.txt", "untouched"}, {"/r/subway.txt", "vanished"}}, 1},
        PlanRow{"UnreadableRootProtectsEveryDocument", {"/r"},
                {{"/r", "a.txt", k_a}, {"/r", "sub/x.txt", stat_of(4, 1, 2)}}, {}, {{0, "", "Permission denied"}}, {},
                {}, {{"/r/a.txt", "untouched"}, {"/r/sub/x.txt", "untouched"}}, 2},
        PlanRow{"UnreadableDirectoryOfAnotherRootProtectsNothingHere", {"/r", "/s"},
                {{"/r", "sub/x.txt", k_a}}, {{0, "b.txt", stat_of(5, 1, 2)}}, {{1, "sub", "Permission denied"}}, {},
                {}, {{"/r/sub/x.txt", "vanished"}, {"/r/b.txt", "new"}}},
        PlanRow{"MovedRootKeepsItsDocumentsAsRenameSources", {"/r"}, {{"/old", "a.txt", k_a}},
                {{0, "a.txt", stat_of(10, 7, 3)}}, {}, {}, with_missing({"/old"}),
                {{"/old/a.txt", "kept"}, {"/r/a.txt", "new"}}},
        PlanRow{"ForgottenRootIsDeletedNotMoved", {"/r"}, {{"/gone", "a.txt", k_a}}, {{0, "a.txt", k_a}}, {}, {},
                with_forgotten({"/gone"}), {{"/gone/a.txt", "forgotten"}, {"/r/a.txt", "new"}}},
        PlanRow{"AnotherRecordedRootIsLeftAlone", {"/r"}, {{"/other", "a.txt", k_a}}, {}, {}, {}, {},
                {{"/other/a.txt", "untouched"}}},
        PlanRow{"ARootSharingAPrefixIsAnotherRoot", {"/r"}, {{"/r-old", "a.txt", k_a}, {"/r", "a.txt", k_a}},
                {{0, "b.txt", stat_of(5, 1, 2)}}, {}, {}, {},
                {{"/r-old/a.txt", "untouched"}, {"/r/a.txt", "vanished"}, {"/r/b.txt", "new"}}},
        // Session 17: a walked root in which the walk found no file (an
        // emptied or unmounted folder) keeps its documents, not as rename
        // sources, and its failure records; --allow-removal lets them go.
        PlanRow{"EmptiedRootKeepsItsDocuments", {"/r", "/s"}, {{"/r", "a.txt", k_a}},
                {{1, "b.txt", stat_of(5, 1, 2)}}, {}, {{"/r/gone.txt", k_binary}}, {},
                {{"/r/a.txt", "kept-not-a-source"}, {"/s/b.txt", "new"}}},
        PlanRow{"EmptiedRootUnderAllowRemovalVanishes", {"/r", "/s"}, {{"/r", "a.txt", k_a}},
                {{1, "b.txt", stat_of(5, 1, 2)}}, {}, {{"/r/gone.txt", k_binary}}, removal_allowed(),
                {{"/r/a.txt", "vanished"}, {"/s/b.txt", "new"}, {"record:/r/gone.txt", "stale"}}},
        PlanRow{"UndatedOptionChangeReanalysesUndatedDocumentsOnly", {"/r"},
                {{"/r", "undated.txt", k_a, true}, {"/r", "dated.txt", stat_of(10, 1, 2)}},
                {{0, "undated.txt", k_a}, {0, "dated.txt", stat_of(10, 1, 2)}}, {}, {}, reevaluating_undated(),
                {{"/r/undated.txt", "reanalysed"}, {"/r/dated.txt", "unchanged"}}},
        PlanRow{"UnchangedOptionsReanalyseNothing", {"/r"}, {{"/r", "undated.txt", k_a, true}},
                {{0, "undated.txt", k_a}}, {}, {}, {}, {{"/r/undated.txt", "unchanged"}}},
        PlanRow{"SmallerMaxSizeRereadsLargerDocumentsOnly", {"/r"},
                {{"/r", "big.txt", stat_of(5000, 1, 1)}, {"/r", "edge.txt", stat_of(4096, 1, 2)}},
                {{0, "big.txt", stat_of(5000, 1, 1)}, {0, "edge.txt", stat_of(4096, 1, 2)}}, {}, {},
                with_max_size(4096), {{"/r/big.txt", "reanalysed"}, {"/r/edge.txt", "unchanged"}}},
        PlanRow{"RememberedFailureOfAnUnchangedFileIsNotRetried", {"/r"}, {}, {{0, "bad.txt", stat_of(7, 1, 1)}},
                {}, {{"/r/bad.txt", k_binary}}, {}, {{"/r/bad.txt", "failed-before"}}},
        PlanRow{"FailedFileThatChangedIsRetried", {"/r"}, {}, {{0, "bad.txt", stat_of(8, 1, 1)}}, {},
                {{"/r/bad.txt", k_binary}}, {}, {{"/r/bad.txt", "new"}}},
        PlanRow{"RetryFailedRetriesEveryRememberedFailure", {"/r"}, {}, {{0, "bad.txt", stat_of(7, 1, 1)}}, {},
                {{"/r/bad.txt", k_binary}}, retrying_all(), {{"/r/bad.txt", "new"}}},
        PlanRow{"AnOptionChangeRetriesItsFailureReasonsOnly", {"/r"}, {},
                {{0, "u.txt", stat_of(7, 1, 1)}, {0, "b.txt", stat_of(7, 1, 2)}}, {},
                {{"/r/u.txt", k_undated}, {"/r/b.txt", k_binary}}, retrying({"undated"}),
                {{"/r/u.txt", "new"}, {"/r/b.txt", "failed-before"}}},
        PlanRow{"FailureRecordOfAGoneFileIsStale", {"/r"}, {}, {{0, "b.txt", stat_of(5, 1, 2)}}, {},
                {{"/r/gone.txt", k_binary}}, {}, {{"record:/r/gone.txt", "stale"}, {"/r/b.txt", "new"}}},
        PlanRow{"FailureRecordsStayWhileADirectoryIsUnreadable", {"/r"}, {}, {}, {{0, "sub", "Permission denied"}},
                {{"/r/gone.txt", k_binary}}, {}, {}},
        PlanRow{"FailureRecordOfAnotherRootStays", {"/r"}, {}, {}, {}, {{"/other/x.txt", k_binary}}, {}, {}},
        PlanRow{"FailureRecordsOfAMissingRootGoWithIt", {"/r"}, {}, {}, {}, {{"/old/x.txt", k_binary}},
                with_missing({"/old"}), {{"record:/old/x.txt", "with-root"}}},
        PlanRow{"FailureRecordsOfAForgottenRootAreStale", {"/r"}, {}, {}, {{0, "sub", "Permission denied"}},
                {{"/gone/x.txt", k_binary}}, with_forgotten({"/gone"}), {{"record:/gone/x.txt", "stale"}}},
        PlanRow{"APathReachedTwiceIsReadOnce", {"/r"}, {}, {{0, "a.txt", k_a}, {0, "a.txt", k_a}}, {}, {}, {},
                {{"/r/a.txt", "new+duplicate"}}},
        PlanRow{"APathReachedTwiceThroughOverlappingRootsIsReadOnce", {"/r", "/r"}, {{"/r", "a.txt", k_a}},
                {{0, "a.txt", k_a}, {1, "a.txt", k_a}}, {}, {}, {}, {{"/r/a.txt", "unchanged+duplicate"}}}),
    [](const ::testing::TestParamInfo<PlanRow>& row) { return row.param.name; });

} // namespace
} // namespace dateline::indexer
