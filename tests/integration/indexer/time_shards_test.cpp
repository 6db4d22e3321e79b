/** @file time_shards_test.cpp
 *  @brief `dateline-index --shard-by year|month` (#15.3): the archive's
 *  layout and stub file (opened by Xapian and xapian-delve as one database),
 *  each article in the shard of its date, a date edited into another period
 *  moving the document, renames, failure memory and incremental skip across
 *  shards, the recorded choice refused when changed, one lock.
 */
#include "tests/integration/indexer/index_helpers.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sys/stat.h>
#include <unistd.h>
#include <fstream>
#include <sstream>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class TimeShards : public ::testing::Test {
protected:
  void SetUp() override {
    write_article(dir / "news/a.txt", "1987-03-02", "Cocoa harvest", "cocoa growers report a large harvest");
    write_article(dir / "news/b.txt", "1987-11-20", "Wheat tender", "egypt buys wheat in a tender");
    write_article(dir / "news/c.txt", "1988-01-05", "Crude output", "opec crude output rises again");
    write_file(dir / "news/d.txt", "Notes without a date\n\nnothing dates this note about tin\n");
  }
  ProcessResult index(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--db", db.string(), "--undated", "index", "--jobs", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back((dir / "news").string());
    return run_index(args);
  }
  /// The shard (directory name) holding the document of @p relative.
  std::string shard_of(const std::string& relative) {
    std::string found;
    for (const auto& entry : fs::directory_iterator(db)) {
      if (!entry.is_directory()) continue;
      const Xapian::Database shard(entry.path().string(), Xapian::DB_BACKEND_GLASS);
      if (has_doc(shard, relative)) {
        EXPECT_TRUE(found.empty()) << relative << " is in " << found << " and " << entry.path().filename();
        found = entry.path().filename().string();
      }
    }
    return found;
  }
  Xapian::Database archive() const { return Xapian::Database(db.string()); }
  /// A directory as xapian-replicate keeps it: an unsharded database of the
  /// news as replica_1, named by a XAPIANDB stub beside it.
  fs::path replica_directory() {
    const fs::path flat = dir / "flat";
    EXPECT_EQ(run_index({"--db", flat.string(), "--undated", "index", (dir / "news").string()}).exit_code, 0);
    const fs::path replica = dir / "replica";
    fs::create_directories(replica);
    fs::copy(flat, replica / "replica_1", fs::copy_options::recursive);
    write_file(replica / "XAPIANDB", "auto replica_1\n");
    return replica;
  }

  TempDir dir;
  fs::path db = dir / "db";
};

TEST_F(TimeShards, YearShardsAndAStubThatXapianOpensAsOne) {
  const auto run = index({"--shard-by", "year"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(read_text(db / "XAPIANDB").substr(read_text(db / "XAPIANDB").find("auto")),
            "auto undated\nauto 1987\nauto 1988\n");
  EXPECT_EQ(shard_of("a.txt"), "1987");
  EXPECT_EQ(shard_of("b.txt"), "1987");
  EXPECT_EQ(shard_of("c.txt"), "1988");
  EXPECT_EQ(shard_of("d.txt"), "undated");
  const Xapian::Database all = archive();
  EXPECT_EQ(all.get_doccount(), 4U);
  EXPECT_TRUE(unique_ids_consistent(all));
  EXPECT_EQ(all.get_metadata(std::string(schema::k_meta_shard_by)), "year");
  EXPECT_EQ(all.get_metadata(std::string(schema::k_meta_schema_version)), std::to_string(schema::k_schema_version));
  for (const char* shard : {"undated", "1987", "1988"}) {  // the searcher checks every shard
    const Xapian::Database one((db / shard).string(), Xapian::DB_BACKEND_GLASS);
    EXPECT_EQ(one.get_metadata(std::string(schema::k_meta_schema_version)), std::to_string(schema::k_schema_version))
        << shard;
  }
  if (fs::exists("/usr/bin/xapian-delve")) {
    const auto delve = run_process({"/usr/bin/xapian-delve", db.string()});
    EXPECT_EQ(delve.exit_code, 0) << delve.err;
    EXPECT_NE(delve.out.find("number of documents = 4"), std::string::npos) << delve.out;
  }
  const auto again = index({"--summary-json", (dir / "s.json").string()});  // no --shard-by: as recorded
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(archive().get_doccount(), 4U);
  EXPECT_EQ(json_number(read_text(dir / "s.json"), "unchanged"), 4) << read_text(dir / "s.json");
}

TEST_F(TimeShards, MonthShards) {
  ASSERT_EQ(index({"--shard-by", "month"}).exit_code, 0);
  EXPECT_EQ(shard_of("a.txt"), "1987-03");
  EXPECT_EQ(shard_of("b.txt"), "1987-11");
  EXPECT_EQ(shard_of("c.txt"), "1988-01");
  EXPECT_EQ(archive().get_doccount(), 4U);
}

TEST_F(TimeShards, AnotherShardByIsRefusedNamingBoth) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  const auto month = index({"--shard-by", "month"});
  EXPECT_NE(month.exit_code, 0);
  EXPECT_NE(month.err.find("sharded by year"), std::string::npos) << month.err;
  EXPECT_NE(month.err.find("--shard-by month"), std::string::npos) << month.err;
  EXPECT_NE(month.err.find("--rebuild"), std::string::npos) << month.err;
  const auto none = index({"--shard-by", "none"});
  EXPECT_NE(none.exit_code, 0);
  EXPECT_NE(none.err.find("sharded by year"), std::string::npos) << none.err;

  const fs::path flat = dir / "flat";
  ASSERT_EQ(run_index({"--db", flat.string(), "--undated", "index", (dir / "news").string()}).exit_code, 0);
  const auto year = run_index({"--db", flat.string(), "--shard-by", "year", (dir / "news").string()});
  EXPECT_NE(year.exit_code, 0);
  EXPECT_NE(year.err.find("not sharded (--shard-by none)"), std::string::npos) << year.err;
  EXPECT_NE(year.err.find("--shard-by year"), std::string::npos) << year.err;
  EXPECT_TRUE(fs::exists(flat / "iamglass")) << "the refused run changed nothing";
}

TEST_F(TimeShards, RebuildChangesTheSharding) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  const auto month = index({"--rebuild", "--shard-by", "month"});
  ASSERT_EQ(month.exit_code, 0) << month.err;
  EXPECT_EQ(shard_of("a.txt"), "1987-03");
  EXPECT_FALSE(fs::exists(db / "1987"));
  EXPECT_EQ(archive().get_metadata(std::string(schema::k_meta_shard_by)), "month");
  EXPECT_EQ(archive().get_doccount(), 4U);
  const auto rebuilt = index({"--rebuild"});  // as recorded
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(shard_of("c.txt"), "1988-01");
  const auto none = index({"--rebuild", "--shard-by", "none"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_TRUE(fs::exists(db / "iamglass"));
  EXPECT_FALSE(fs::exists(db / "XAPIANDB"));
  EXPECT_EQ(open_db(db).get_doccount(), 4U);
  const auto year = index({"--rebuild", "--shard-by", "year"});
  ASSERT_EQ(year.exit_code, 0) << year.err;
  EXPECT_EQ(shard_of("b.txt"), "1987");
  EXPECT_EQ(archive().get_doccount(), 4U);
  EXPECT_TRUE(unique_ids_consistent(archive()));
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find("db."), std::string::npos) << "left behind: " << entry.path();
  }
}

TEST_F(TimeShards, DateEditedIntoAnotherPeriodMovesTheDocument) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  const std::string q_before = doc_for(archive(), "a.txt").get_value(schema::k_slot_seq);
  write_article(dir / "news/a.txt", "1988-06-01", "Cocoa harvest", "cocoa growers report a large harvest");
  set_mtime(dir / "news/a.txt", 600000000);
  ASSERT_EQ(index().exit_code, 0);
  EXPECT_EQ(shard_of("a.txt"), "1988");
  // into a period the archive did not have: a new shard, listed in the stub
  write_article(dir / "news/b.txt", "1990-02-03", "Wheat tender", "egypt buys wheat in a tender");
  set_mtime(dir / "news/b.txt", 600000000);
  write_article(dir / "news/e.txt", "1991-07-07", "Tin council", "the tin council meets creditors");
  ASSERT_EQ(index().exit_code, 0);
  EXPECT_EQ(shard_of("b.txt"), "1990");
  EXPECT_EQ(shard_of("e.txt"), "1991");
  EXPECT_NE(read_text(db / "XAPIANDB").find("auto 1990\nauto 1991\n"), std::string::npos) << read_text(db / "XAPIANDB");
  // and out of every date: the undated shard
  write_file(dir / "news/c.txt", "Crude output\n\nopec crude output rises again\n");
  ASSERT_EQ(index().exit_code, 0);
  EXPECT_EQ(shard_of("c.txt"), "undated");
  const Xapian::Database all = archive();
  EXPECT_EQ(all.get_doccount(), 5U);
  EXPECT_TRUE(unique_ids_consistent(all));
  EXPECT_NE(doc_for(all, "a.txt").get_value(schema::k_slot_seq), q_before) << "a moved document is a changed one";
  // the moved documents are found by their words and dates
  Xapian::Enquire enquire(all);
  enquire.set_query(Xapian::Query("D19900203"));
  EXPECT_EQ(enquire.get_mset(0, 10).size(), 1U);
}

TEST_F(TimeShards, RenameAcrossFoldersKeepsTheDocumentInItsShard) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  const Xapian::Document before = doc_for(archive(), "a.txt");
  fs::create_directories(dir / "news/moved");
  fs::rename(dir / "news/a.txt", dir / "news/moved/a.txt");
  const auto run = index({"--summary-json", (dir / "s.json").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_number(read_text(dir / "s.json"), "renamed"), 1) << read_text(dir / "s.json");
  EXPECT_EQ(shard_of("moved/a.txt"), "1987");
  EXPECT_EQ(doc_for(archive(), "moved/a.txt").get_value(schema::k_slot_seq), before.get_value(schema::k_slot_seq));
  EXPECT_EQ(archive().get_doccount(), 4U);
}

TEST_F(TimeShards, FailureMemoryAndIncrementalSkipAcrossShards) {
  write_file(dir / "news/bad.txt", "date 1987-02-30\nImpossible\n\nno such day\n");
  const auto first = index({"--shard-by", "year"});
  EXPECT_EQ(first.exit_code, 1) << first.err;  // a new failure
  const auto revision = [this](const char* shard) {
    return Xapian::Database((db / shard).string(), Xapian::DB_BACKEND_GLASS).get_revision();
  };
  const auto r1987 = revision("1987");
  const auto rundated = revision("undated");
  const auto second = index({"--summary-json", (dir / "s.json").string()});
  EXPECT_EQ(second.exit_code, 0) << second.err;  // remembered, not retried
  EXPECT_EQ(json_number(read_text(dir / "s.json"), "unchanged"), 4) << read_text(dir / "s.json");
  EXPECT_EQ(json_number(read_text(dir / "s.json"), "failed_remembered"), 1) << read_text(dir / "s.json");
  EXPECT_EQ(revision("1987"), r1987) << "a no-change run writes no shard";
  EXPECT_EQ(revision("undated"), rundated);
}

TEST_F(TimeShards, AnInterruptedMoveLeavesACopyTheNextRunRemoves) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  // What a kill -9 between the two shards' commits of a move leaves: the
  // document in its new shard (committed first) and still in its old one.
  write_article(dir / "news/a.txt", "1988-06-01", "Cocoa harvest", "cocoa growers report a large harvest");
  {
    const Xapian::Database before = archive();
    Xapian::Document copy = doc_for(before, "a.txt");
    Xapian::Document moved;
    moved.set_data(copy.get_data());
    for (auto term = copy.termlist_begin(); term != copy.termlist_end(); ++term) {
      if ((*term).rfind("D1987", 0) != 0 && (*term).rfind("M1987", 0) != 0 && (*term).rfind("Y1987", 0) != 0) {
        moved.add_term(*term, term.get_wdf());
      }
    }
    moved.add_boolean_term("D19880601");
    moved.add_value(schema::k_slot_date, "19880601");
    moved.add_value(schema::k_slot_seq, schema::pack_seq(1000));
    Xapian::WritableDatabase shard((db / "1988").string(), Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    shard.add_document(moved);
    shard.commit();
  }
  {
    std::size_t doubled = 0;
    for (const auto& [term, count] : unique_terms(archive())) doubled += count == 2 ? 1 : 0;
    ASSERT_EQ(doubled, 1U) << "the planted copy";
  }
  set_mtime(dir / "news/a.txt", 600000000);
  const auto run = index({"--verbose"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(unique_ids_consistent(archive()));
  EXPECT_EQ(shard_of("a.txt"), "1988");
  EXPECT_EQ(archive().get_doccount(), 4U);
}

TEST_F(TimeShards, CompactOnlyTheShardsWrittenSinceTheirLastCompaction) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  const auto first = run_index({"--db", db.string(), "--compact"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("compacted 3 shards: 1987, 1988, undated; 0 unchanged"), std::string::npos) << first.err;
  const auto again = run_index({"--db", db.string(), "--compact"});
  EXPECT_NE(again.err.find("compacted 0 shards; 3 unchanged"), std::string::npos) << again.err;
  write_article(dir / "news/c.txt", "1988-01-05", "Crude output", "opec crude output rises again and again");
  set_mtime(dir / "news/c.txt", 600000000);
  ASSERT_EQ(index().exit_code, 0);
  const auto changed = run_index({"--db", db.string(), "--compact"});
  EXPECT_NE(changed.err.find("compacted 2 shards: 1988, undated; 1 unchanged"), std::string::npos) << changed.err;
  const Xapian::Database all = archive();
  EXPECT_EQ(all.get_doccount(), 4U);
  EXPECT_TRUE(unique_ids_consistent(all));
  EXPECT_EQ(shard_of("c.txt"), "1988");
  for (const auto& entry : fs::directory_iterator(db)) {
    EXPECT_NE(entry.path().filename().string().rfind(".compact", 0), 0U) << "left behind: " << entry.path();
  }
  ASSERT_EQ(index().exit_code, 0) << "the compacted archive is written to as before";
  const auto flat = run_index({"--db", (dir / "flat").string(), "--undated", "index", (dir / "news").string()});
  ASSERT_EQ(flat.exit_code, 0);
  const auto flat_compact = run_index({"--db", (dir / "flat").string(), "--compact"});
  EXPECT_EQ(flat_compact.exit_code, 0) << flat_compact.err;
  EXPECT_NE(flat_compact.err.find("compacted the database 'flat'"), std::string::npos) << flat_compact.err;
}

// Session 14's administrator trial: the parallel first build's merge is a
// compaction of every shard, but it was not recorded as one, and the story
// ids written after it changed almost every shard anyway, so the first
// --compact compacted all 47 again. The stories are now grouped before the
// merge (here two copies of one story, in 1987 and 1988) and the merge
// records its compaction: only the undated shard, whose metadata the run
// writes after the merge, is compacted again.
TEST_F(TimeShards, FirstCompactAfterAParallelFirstBuildLeavesTheMergedShardsAlone) {
  const std::string story =
      "the port authority said on thursday that grain shipments through the northern terminal would resume "
      "next week after the dockers union accepted a new wage offer ending a strike that had idled ships for "
      "nine days and left exporters scrambling for alternative routes through southern harbours";
  write_article(dir / "news/e.txt", "1987-12-31", "Port strike ends", story);
  write_article(dir / "news/f.txt", "1988-01-02", "Port strike over", story + " officials added");
  const auto built = index({"--shard-by", "year", "--shard-threshold", "1", "--verbose"});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  ASSERT_NE(built.err.find("parallel shard writers"), std::string::npos) << built.err;
  const Xapian::Database all = archive();
  const std::string e_story = doc_for(all, "e.txt").get_value(schema::k_slot_story);
  EXPECT_FALSE(e_story.empty()) << "the copies in 1987 and 1988 are one story";
  EXPECT_EQ(doc_for(all, "f.txt").get_value(schema::k_slot_story), e_story);
  EXPECT_EQ(shard_of("e.txt"), "1987");
  EXPECT_EQ(shard_of("f.txt"), "1988");
  const auto first = run_index({"--db", db.string(), "--compact"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("compacted 1 shard: undated; 2 unchanged"), std::string::npos) << first.err;
  const auto again = run_index({"--db", db.string(), "--compact"});
  EXPECT_NE(again.err.find("compacted 0 shards; 3 unchanged"), std::string::npos) << again.err;
  EXPECT_EQ(doc_for(archive(), "f.txt").get_value(schema::k_slot_story), e_story);
}

/// Every directory and file below @p root (and @p root): not readable by
/// others, of group @p group, directories setgid 2750, files 0640.
void expect_private_to(const fs::path& root, gid_t group) {
  std::vector<fs::path> all{root};
  for (const auto& entry : fs::recursive_directory_iterator(root)) all.push_back(entry.path());
  for (const fs::path& path : all) {
    struct stat st {};
    ASSERT_EQ(::lstat(path.c_str(), &st), 0) << path;
    EXPECT_EQ(st.st_gid, group) << path;
    EXPECT_EQ(st.st_mode & 07777, S_ISDIR(st.st_mode) ? 02750U : 0640U) << path;
  }
}

// Session 14's administrator trial: the archive made private to a group
// (setgid directories, as docs/security.md says), then indexed, compacted and
// rebuilt by runs with umask 022. Compacted and rebuilt shards and a new
// period's shard took the run's umask (readable by every user) and, rebuilt,
// the run's group (the searchers' group locked out: "Permission denied").
TEST_F(TimeShards, CompactionNewPeriodsAndRebuildsKeepTheArchivesPermissions) {
  const mode_t old_umask = ::umask(022);
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  // Root may give any group; another user its own.
  const gid_t group = ::geteuid() == 0 ? static_cast<gid_t>(4242) : ::getegid();
  std::vector<fs::path> all{db};
  for (const auto& entry : fs::recursive_directory_iterator(db)) all.push_back(entry.path());
  for (const fs::path& path : all) {
    ASSERT_EQ(::chown(path.c_str(), static_cast<uid_t>(-1), group), 0) << path;
    ASSERT_EQ(::chmod(path.c_str(), fs::is_directory(path) ? 02750 : 0640), 0) << path;
  }

  write_article(dir / "news/e.txt", "1990-06-01", "Tin talks", "tin producers meet in london");
  write_article(dir / "news/a.txt", "1987-03-02", "Cocoa harvest", "cocoa growers report a record harvest");
  set_mtime(dir / "news/a.txt", 600000000);
  const auto added = index();
  ASSERT_EQ(added.exit_code, 0) << added.err;
  struct stat st {};
  ASSERT_EQ(::stat((db / "1990").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 02750U) << "a new period's shard";
  EXPECT_EQ(st.st_gid, group);
  ASSERT_EQ(::stat((db / "XAPIANDB").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640U) << "the stub, rewritten";
  EXPECT_EQ(st.st_gid, group);

  const auto compacted = run_index({"--db", db.string(), "--compact"});
  ASSERT_EQ(compacted.exit_code, 0) << compacted.err;
  {
    SCOPED_TRACE("after --compact");
    expect_private_to(db, group);
  }
  const auto rebuilt = run_index({"--db", db.string(), "--rebuild"});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  {
    SCOPED_TRACE("after --rebuild");
    expect_private_to(db, group);
  }
  ::umask(old_umask);
}

TEST_F(TimeShards, InfoReadsTheArchiveAsOne) {
  ASSERT_EQ(index({"--shard-by", "month"}).exit_code, 0);
  const auto info = run_index({"--db", db.string(), "--info"});
  ASSERT_EQ(info.exit_code, 0) << info.err;  // was: "iamglass: Failed to open glass revision file"
  EXPECT_NE(info.out.find("documents: 4"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("1987-03-02"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("1988-01-05"), std::string::npos) << info.out;
}

TEST_F(TimeShards, OneLockForTheWholeArchive) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  write_article(dir / "news/e.txt", "1999-01-01", "New", "a new year");
  Xapian::WritableDatabase holder((db / "undated").string(), Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  const auto run = index();
  EXPECT_EQ(run.exit_code, 75) << run.err;
  EXPECT_NE(run.err.find("locked"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(db / "1999")) << "nothing is created without the lock";
}

// --info reads a sharded archive as one database (the metadata from its
// undated shard, counts and dates over every shard) and names its sharding;
// a directory holding a XAPIANDB stub of another kind (a replica kept by
// xapian-replicate: "auto replica_1") is read through its stub as well.
// Before, --info opened the directory as a glass database: exit 3, "iamglass".
TEST_F(TimeShards, InfoDescribesTheArchiveAndAReplicaDirectory) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  const auto text = run_index({"--db", db.string(), "--info"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("documents: 4 (1 undated)\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("dates: 1987-03-02 to 1988-01-05\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("(4 documents)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("schema version: " + std::to_string(schema::k_schema_version) + "\n"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("sharded by: year (3 shards)\n"), std::string::npos) << text.out;
  const auto json = run_index({"--db", db.string(), "--info", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json_number(json.out, "documents"), 4);
  EXPECT_NE(json.out.find("\"shard_by\": \"year\""), std::string::npos) << json.out;
  EXPECT_EQ(json_number(json.out, "shards"), 3);

  // A replica directory: the live copy under another name, named by XAPIANDB.
  const fs::path replica = replica_directory();
  const auto copy = run_index({"--db", replica.string(), "--info", "--json"});
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  EXPECT_EQ(json_number(copy.out, "documents"), 4);
  EXPECT_NE(copy.out.find("\"shard_by\": \"none\""), std::string::npos) << copy.out;
  EXPECT_EQ(json_number(copy.out, "shards"), 1);

  // A stub line naming a program or a remote server is never followed.
  write_file(replica / "XAPIANDB", "remote :touch " + (dir / "ran").string() + "\n");
  const auto refused = run_index({"--db", replica.string(), "--info"});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("XAPIANDB"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(dir / "ran"));
}

// A time-sharded archive replicated shard by shard (docs/scaling.md, Read
// replicas): the archive's stub copied beside one replica directory per shard
// (each "auto replica_N" in its own XAPIANDB). --info opened each shard as a
// glass database: exit 3, "No glass database found". It reads the replica as
// the archive; a shard listed but not replicated yet is named with what to do.
TEST_F(TimeShards, InfoReadsAShardByShardReplica) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  const fs::path replica = dir / "replica";
  for (const auto& entry : fs::directory_iterator(db)) {
    if (!entry.is_directory()) continue;
    const fs::path shard = replica / entry.path().filename();
    fs::create_directories(shard);
    fs::copy(entry.path(), shard / "replica_0", fs::copy_options::recursive);
    write_file(shard / "XAPIANDB", "auto replica_0\n");
  }
  fs::copy_file(db / "XAPIANDB", replica / "XAPIANDB");
  const auto primary = run_index({"--db", db.string(), "--info", "--json"});
  ASSERT_EQ(primary.exit_code, 0) << primary.err;
  const auto json = run_index({"--db", replica.string(), "--info", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json_number(json.out, "documents"), 4);
  EXPECT_NE(json.out.find("\"shard_by\": \"year\""), std::string::npos) << json.out;
  EXPECT_EQ(json_number(json.out, "shards"), 3);
  const auto text = run_index({"--db", replica.string(), "--info"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("documents: 4 (1 undated)\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("dates: 1987-03-02 to 1988-01-05\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("sharded by: year (3 shards)\n"), std::string::npos) << text.out;

  // A period's shard listed in the stub but not replicated yet.
  fs::remove_all(replica / "1988");
  const auto missing = run_index({"--db", replica.string(), "--info"});
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
  EXPECT_NE(missing.err.find((replica / "1988").string()), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("xapian-replicate"), std::string::npos) << missing.err;
}

// dateline-index on a directory whose XAPIANDB stub is not an archive of
// --shard-by (a replica kept by xapian-replicate) is refused saying so, and
// writes nothing there. Before, the error was Xapian's "No glass database
// found at path '.../undated'".
TEST_F(TimeShards, AReplicaDirectoryIsRefusedSayingWhatItIs) {
  const fs::path replica = replica_directory();
  for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--rebuild"}}) {
    std::vector<std::string> args{"--db", replica.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back((dir / "news").string());
    const auto run = run_index(args);
    EXPECT_EQ(run.exit_code, 3) << run.err;
    EXPECT_NE(run.err.find("not an archive written by dateline-index --shard-by"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("xapian-replicate"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("No glass database"), std::string::npos) << run.err;
  }
  EXPECT_FALSE(fs::exists(replica / "undated"));
  EXPECT_EQ(read_text(replica / "XAPIANDB"), "auto replica_1\n");
}

// One shard of an archive given as --db (a period or undated/) is never
// written on its own: the run would put articles of any date into that one
// shard, or record roots and options in undated/ that the archive's next run
// takes for its own, so the archive would hold two copies of one article.
// Every writing run is refused naming the archive; --info still reads it.
TEST_F(TimeShards, OneShardGivenAsTheDatabaseIsRefusedNamingTheArchive) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  write_article(dir / "extra/e.txt", "1990-06-01", "Tin talks", "tin producers meet again");
  const std::vector<std::vector<std::string>> writes{{(dir / "extra").string()},
                                                     {},
                                                     {"--rebuild", (dir / "extra").string()},
                                                     {"--forget", (dir / "news").string()},
                                                     {"--synonyms", (dir / "syn.txt").string()}};
  write_file(dir / "syn.txt", "tin, stannum\n");
  for (const char* shard : {"1987", "undated", "1987/", "undated/"}) {
    for (const auto& extra : writes) {
      std::vector<std::string> args{"--db", (db / shard).string()};
      args.insert(args.end(), extra.begin(), extra.end());
      const auto run = run_index(args);
      EXPECT_EQ(run.exit_code, 3) << shard << " " << (extra.empty() ? "" : extra.front()) << ": " << run.err;
      EXPECT_NE(run.err.find("one shard of the time-sharded archive '" + db.string() + "'"), std::string::npos)
          << run.err;
      EXPECT_NE(run.err.find("--db " + db.string()), std::string::npos) << run.err;
    }
    const auto compact = run_index({"--db", (db / shard).string(), "--compact"});
    EXPECT_EQ(compact.exit_code, 2) << compact.err;
    EXPECT_NE(compact.err.find("--db " + db.string() + " --compact"), std::string::npos) << compact.err;
    EXPECT_EQ(compact.err.find("xapian-compact"), std::string::npos) << compact.err;
    const auto info = run_index({"--db", (db / shard).string(), "--info"});
    EXPECT_EQ(info.exit_code, 0) << info.err;
  }
  const Xapian::Database all = archive();
  EXPECT_EQ(all.get_doccount(), 4U);
  EXPECT_TRUE(unique_ids_consistent(all));
  EXPECT_EQ(all.get_metadata(std::string(schema::k_meta_roots)).find("extra"), std::string::npos);
  EXPECT_EQ(shard_of("a.txt"), "1987");
}

// --db DIR/ is the database --db DIR (sharded or not): a first build through
// one spelling and reruns through either find every article unchanged, and
// nothing is left beside the database (the build directory is the
// database's, not one inside it).
TEST_F(TimeShards, TrailingSlashNamesTheSameDatabase) {
  const fs::path summary = dir / "summary.json";
  const auto run = [&](const fs::path& where, const std::string& spelling, std::vector<std::string> extra) {
    std::vector<std::string> args{"--db", spelling, "--undated", "index", "--jobs", "2", "--summary-json",
                                  summary.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back((dir / "news").string());
    const auto result = run_index(args);
    EXPECT_EQ(result.exit_code, 0) << spelling << ": " << result.err;
    EXPECT_TRUE(fs::is_directory(where)) << spelling;
    return read_text(summary);
  };
  for (const bool sharded : {true, false}) {
    const fs::path where = dir / (sharded ? "archive" : "flat");
    const std::string slash = where.string() + "/";
    const std::string first = run(where, slash, sharded ? std::vector<std::string>{"--shard-by", "year"}
                                                        : std::vector<std::string>{});
    EXPECT_EQ(json_number(first, "added"), 4) << first;
    EXPECT_EQ(fs::exists(where / "XAPIANDB"), sharded);
    for (const std::string& spelling : {where.string(), slash, slash + "/"}) {
      const std::string again = run(where, spelling, {});
      EXPECT_EQ(json_number(again, "unchanged"), 4) << spelling << ": " << again;
      EXPECT_EQ(json_number(again, "added") + json_number(again, "updated"), 0) << spelling << ": " << again;
    }
  }
  std::vector<std::string> beside;
  for (const auto& entry : fs::directory_iterator(dir.path())) beside.push_back(entry.path().filename().string());
  std::sort(beside.begin(), beside.end());
  EXPECT_EQ(beside, (std::vector<std::string>{"archive", "flat", "news", "summary.json"}));
}

// Session 16's archivist trial: with a shard the stub lists moved away, a
// run recreated it empty and rewrote the stub, exit 0: with --no-delete, or
// for articles no longer on disk, their documents were gone with no message.
// The run is refused (exit 3) naming the archive, stub and shard and the way
// out, writes nothing; --rebuild still rebuilds the archive.
TEST_F(TimeShards, AMissingListedShardIsRefusedAndRebuildStillWorks) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  const std::string stub_before = read_text(db / "XAPIANDB");
  fs::rename(db / "1988", dir / "elsewhere");
  for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--no-delete"}, {"--dry-run"}}) {
    const auto run = index(extra);
    EXPECT_EQ(run.exit_code, 3) << run.err;
    for (const std::string& want : {"database '" + db.string() + "'", "stub file '" + (db / "XAPIANDB").string() + "'",
                                    "lists '" + (db / "1988").string() + "', which does not exist",
                                    std::string("restore it from a backup"), "--db " + db.string() + " --rebuild"}) {
      EXPECT_NE(run.err.find(want), std::string::npos) << want << " in: " << run.err;
    }
  }
  EXPECT_FALSE(fs::exists(db / "1988")) << "nothing is recreated";
  EXPECT_EQ(read_text(db / "XAPIANDB"), stub_before);
  const auto info = run_index({"--db", db.string(), "--info"});
  EXPECT_EQ(info.exit_code, 3) << info.err;
  EXPECT_NE(info.err.find("restore it from a backup"), std::string::npos) << info.err;

  const auto rebuilt = index({"--rebuild"});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(archive().get_doccount(), 4U);
  EXPECT_EQ(shard_of("c.txt"), "1988");
}

// Session 16's archivist trial: on a locked archive every message named its
// undated shard ("database 'db/undated' is locked"), a database the user
// never gave. It names the archive given, for indexing, --rebuild, --compact
// and --if-locked=wait's give-up message.
TEST_F(TimeShards, LockMessagesNameTheArchiveGiven) {
  ASSERT_EQ(index({"--shard-by", "year"}).exit_code, 0);
  Xapian::WritableDatabase holder((db / "undated").string(), Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  const std::vector<std::vector<std::string>> runs{{"--db", db.string(), (dir / "news").string()},
                                                   {"--db", db.string(), "--rebuild", (dir / "news").string()},
                                                   {"--db", db.string(), "--compact"},
                                                   {"--db", db.string(), "--if-locked=wait:0.3"},
                                                   {"--db", db.string(), "--compact", "--if-locked=wait:0.3"}};
  for (const auto& args : runs) {
    const auto run = run_index(args);
    const std::string what = args[2] + (args.size() > 3 ? " " + args[3] : "");
    EXPECT_EQ(run.exit_code, 75) << what << ": " << run.err;
    EXPECT_NE(run.err.find("database '" + db.string() + "' is locked"), std::string::npos) << what << ": " << run.err;
    EXPECT_EQ(run.err.find("undated"), std::string::npos) << what << ": " << run.err;
  }
}

} // namespace
} // namespace dateline::test
