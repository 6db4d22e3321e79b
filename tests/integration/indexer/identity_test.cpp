/** @file identity_test.cpp
 *  @brief Document identity and what the database remembers (issue #9 items
 *  7-10, issue #14 items 3 and 12): two roots never replace each other's
 *  documents, a moved archive keeps its documents under the new paths without
 *  re-analysis, nested and repeated roots are one root, the roots and the
 *  options that shape documents are recorded (a run without a folder
 *  re-indexes them; a vanished root is reported and kept until --forget), a
 *  changed option takes effect, --info, and mtimes after 2262.
 */
#include "tests/integration/indexer/index_helpers.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

class Identity : public ::testing::Test {
protected:
  /// dateline-index --db DB --summary-json S ARGS...
  ProcessResult index(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"--db", db().string(), "--summary-json", summary_path().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_index(argv);
  }
  [[nodiscard]] fs::path db() const { return m_dir / "news.db"; }
  [[nodiscard]] fs::path summary_path() const { return m_dir / "summary.json"; }
  [[nodiscard]] long count(const std::string& key) const { return json_number(read_file(summary_path()), key); }
  /// The canonical absolute form of @p path (the temp dir may sit below a symlink).
  [[nodiscard]] static std::string canonical(const fs::path& path) { return fs::canonical(path).string(); }
  /// Q term of the file at @p path (it must exist; short paths are not hashed).
  [[nodiscard]] static std::string q_of(const fs::path& path) { return "Q" + canonical(path); }

  TempDir m_dir;
};

// #9.7: X/a.txt and Y/a.txt are two documents, in one run or in two.
TEST_F(Identity, TwoRootsWithTheSameRelativePathsNeverReplaceEachOther) {
  write_article(m_dir / "X/2024/a.txt", "2024-01-01", "Alpha from X", "The xenon report.");
  write_article(m_dir / "Y/2024/a.txt", "2024-01-02", "Alpha from Y", "The yttrium report.");
  write_article(m_dir / "Y/2024/b.txt", "2024-01-03", "Beta from Y", "Another yttrium story.");
  ASSERT_EQ(index({(m_dir / "X").string()}).exit_code, 0);
  const auto second = index({(m_dir / "Y").string()});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(count("added"), 2);
  EXPECT_EQ(count("updated"), 0);
  EXPECT_EQ(count("deleted"), 0);
  {
    const auto handle = open_db(db());
    EXPECT_EQ(handle.get_doccount(), 3U);
    EXPECT_TRUE(unique_ids_consistent(handle));
    EXPECT_GT(handle.get_termfreq(q_of(m_dir / "X/2024/a.txt")), 0U);
    EXPECT_GT(handle.get_termfreq(q_of(m_dir / "Y/2024/a.txt")), 0U);
    EXPECT_GT(handle.get_termfreq("xenon"), 0U) << "X's article is still there";
  }
  // Both roots in one run: two documents as well, no "duplicate path" skip.
  fs::remove_all(db());
  const auto both = index({(m_dir / "X").string(), (m_dir / "Y").string()});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_EQ(count("added"), 3);
  EXPECT_EQ(open_db(db()).get_doccount(), 3U);
  // A rerun changes nothing.
  ASSERT_EQ(index({(m_dir / "Y").string()}).exit_code, 0);
  EXPECT_EQ(count("unchanged"), 2);
  EXPECT_EQ(open_db(db()).get_doccount(), 3U);
}

// Session 16 trial: with two roots, warnings and -v lines named files by
// their path below a root they did not name ("warning: misc/undated.txt",
// "update 2024/a.txt" could be under either). With several roots every
// per-file line names the absolute path; with one root, the relative one.
TEST_F(Identity, PerFileLinesNameTheRootWhenThereAreSeveral) {
  write_article(m_dir / "mine/2024/a.txt", "2024-01-01", "Alpha from mine", "The xenon report.");
  write_article(m_dir / "time/2024/a.txt", "2024-01-02", "Alpha from time", "The yttrium report.");
  write_article(m_dir / "time/misc/typo.txt", "2999-12-31", "Future", "A typo for 1999.");
  write_file(m_dir / "mine/misc/undated.txt", "no date here\n\nJust text.\n");
  const std::string mine = canonical(m_dir / "mine");
  const std::string time = canonical(m_dir / "time");
  const auto both = index({"-v", mine, time});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_NE(both.err.find("add " + mine + "/2024/a.txt\n"), std::string::npos) << both.err;
  EXPECT_NE(both.err.find("add " + time + "/2024/a.txt\n"), std::string::npos) << both.err;
  EXPECT_NE(both.err.find("warning: " + time + "/misc/typo.txt: dated 2999-12-31"), std::string::npos) << both.err;
  EXPECT_NE(both.err.find("warning: " + mine + "/misc/undated.txt: "), std::string::npos) << both.err;
  EXPECT_NE(both.err.find("skip " + mine + "/misc/undated.txt (undated)"), std::string::npos) << both.err;
  EXPECT_EQ(both.err.find(" 2024/a.txt"), std::string::npos) << "no bare relative path: " << both.err;
  EXPECT_EQ(both.err.find(" misc/"), std::string::npos) << "no bare relative path: " << both.err;
  write_article(m_dir / "time/2024/a.txt", "2024-01-02", "Alpha from time", "The yttrium report, corrected.");
  const auto update = index({"-v", mine, time});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  EXPECT_NE(update.err.find("update " + time + "/2024/a.txt\n"), std::string::npos) << update.err;
  // One root: the path below it, as before.
  write_article(m_dir / "time/2024/a.txt", "2024-01-02", "Alpha from time", "The yttrium report, again.");
  const auto one = index({"-v", time});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_NE(one.err.find("dateline-index: update 2024/a.txt\n"), std::string::npos) << one.err;
}

// #9.8: mv arch1 arch2, then index arch2: new paths, no duplicates, no re-analysis.
TEST_F(Identity, MovedArchiveKeepsItsDocumentsUnderTheNewPaths) {
  write_article(m_dir / "arch1/2024/01/a.txt", "2024-01-01", "Harbour strike", "Dockers walked out.");
  write_article(m_dir / "arch1/2024/01/b.txt", "2024-01-02", "Harbour deal", "Dockers went back.");
  write_article(m_dir / "arch1/c.txt", "2024-01-03", "Ferry news", "The ferry sails again.");
  write_file(m_dir / "arch1/undated.txt", "no date\n");
  ASSERT_EQ(index({(m_dir / "arch1").string()}).exit_code, 0);
  fs::rename(m_dir / "arch1", m_dir / "arch2");
  const auto moved = index({"-v", (m_dir / "arch2").string()});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_EQ(count("renamed"), 3) << moved.err;
  EXPECT_EQ(count("added") + count("updated") + count("unchanged"), 0) << moved.err;
  EXPECT_NE(moved.err.find("rename " + canonical(m_dir.path()) + "/arch1/c.txt -> " + canonical(m_dir / "arch2") + "/c.txt"),
            std::string::npos)
      << "a move between roots names both paths: " << moved.err;
  {
    const auto handle = open_db(db());
    EXPECT_EQ(handle.get_doccount(), 3U);
    EXPECT_TRUE(unique_ids_consistent(handle));
    const auto doc = doc_for(handle, "2024/01/a.txt");
    EXPECT_GT(handle.get_termfreq(q_of(m_dir / "arch2/2024/01/a.txt")), 0U);
    const auto data = schema::DocumentData::parse(doc.get_data());
    EXPECT_EQ(data.root, canonical(m_dir / "arch2"));
    EXPECT_EQ(data.path, "2024/01/a.txt");
  }
  const auto search = run_process({search_binary(), "--db", db().string(), "--format", "json", "dockers"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find(canonical(m_dir / "arch2") + "/2024/01/a.txt"), std::string::npos) << search.out;
  EXPECT_EQ(search.out.find("arch1"), std::string::npos) << search.out;

  // A copy onto another disk (new inodes and mtimes), the old one gone.
  ASSERT_EQ(run_process({"/bin/cp", "-r", (m_dir / "arch2").string(), (m_dir / "disk2").string()}).exit_code, 0);
  fs::remove_all(m_dir / "arch2");
  const auto copied = index({(m_dir / "disk2").string()});
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  EXPECT_EQ(count("renamed"), 3) << copied.err;
  EXPECT_EQ(count("added") + count("updated"), 0);
  EXPECT_EQ(open_db(db()).get_doccount(), 3U);
  const auto handle = open_db(db());
  EXPECT_EQ(handle.get_metadata("dateline.roots"), canonical(m_dir / "disk2"))
      << "a vanished root whose documents all moved is no longer recorded";
  std::vector<std::string> records;
  for (auto it = handle.metadata_keys_begin("dateline.failed:"); it != handle.metadata_keys_end("dateline.failed:");
       ++it) {
    records.push_back(*it);
  }
  EXPECT_EQ(records, std::vector<std::string>{"dateline.failed:" + canonical(m_dir / "disk2/undated.txt")})
      << "nor are its failure records";
}

// #14.3: nested and repeated roots are one root; a file is one document.
TEST_F(Identity, NestedAndRepeatedRootsIndexEachFileOnce) {
  write_article(m_dir / "arts/a.txt", "2024-02-01", "Opera", "A new opera opened.");
  write_article(m_dir / "arts/sub/b.txt", "2024-02-02", "Ballet", "The ballet toured.");
  const std::string arts = (m_dir / "arts").string();
  const auto run = index({arts, arts + "/sub", arts + "/", (m_dir / "arts/./sub/..").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(count("added"), 2);
  EXPECT_EQ(open_db(db()).get_doccount(), 2U);
  EXPECT_EQ(run.err.find("symbolic link loop"), std::string::npos) << run.err;
  const auto verbose = index({"-v", arts + "/sub", arts});
  EXPECT_NE(verbose.err.find("inside"), std::string::npos) << "the nested root is dropped with a note: " << verbose.err;
  EXPECT_EQ(verbose.err.find("symbolic link loop"), std::string::npos) << verbose.err;
  EXPECT_EQ(count("unchanged"), 2);
  EXPECT_EQ(open_db(db()).get_doccount(), 2U);

  // Indexing the inner folder alone later is the same document, and the
  // outer root stays the recorded one.
  ASSERT_EQ(index({arts + "/sub"}).exit_code, 0);
  EXPECT_EQ(count("unchanged"), 1);
  EXPECT_EQ(count("added") + count("deleted"), 0);
  EXPECT_EQ(open_db(db()).get_doccount(), 2U);
  EXPECT_EQ(open_db(db()).get_metadata("dateline.roots"), canonical(m_dir / "arts"));
}

// #9.9: the roots are recorded; "dateline-index --db DB" re-indexes them.
TEST_F(Identity, RunWithoutAFolderReindexesTheRecordedRoots) {
  write_article(m_dir / "X/a.txt", "2024-03-01", "Alpha", "First text.");
  write_article(m_dir / "Y/b.txt", "2024-03-02", "Beta", "Second text.");
  const auto none = index({});
  EXPECT_EQ(none.exit_code, 2) << "no folder and nothing recorded is a usage error";
  EXPECT_NE(none.err.find("no directory"), std::string::npos) << none.err;
  ASSERT_EQ(index({(m_dir / "X").string()}).exit_code, 0);
  ASSERT_EQ(index({(m_dir / "Y").string()}).exit_code, 0);
  EXPECT_EQ(open_db(db()).get_metadata("dateline.roots"), canonical(m_dir / "X") + "\n" + canonical(m_dir / "Y"));
  write_article(m_dir / "X/a.txt", "2024-03-01", "Alpha", "First text, corrected.");
  write_article(m_dir / "Y/c.txt", "2024-03-03", "Gamma", "Third text.");
  const auto cron = index({});
  ASSERT_EQ(cron.exit_code, 0) << cron.err;
  EXPECT_EQ(cron.err, "") << "silent like any successful run off a terminal";
  EXPECT_EQ(count("updated"), 1);
  EXPECT_EQ(count("added"), 1);
  EXPECT_EQ(count("unchanged"), 1);
  EXPECT_EQ(open_db(db()).get_doccount(), 3U);
}

// trial: a first build killed (kill -9, an OOM kill) leaves the database as
// it creates it: valid, empty, no folder recorded (the roots are recorded at
// the end). A run without a folder then said "the database records none" and
// a usage line; it now says why and what to run.
TEST_F(Identity, RunWithoutAFolderOnAnUnfinishedFirstBuildSaysWhatToRun) {
  const auto nothing = index({});  // no database at all: it records nothing, and says so
  EXPECT_EQ(nothing.exit_code, 2) << nothing.err;
  EXPECT_EQ(nothing.err.find("the database records none"), std::string::npos) << nothing.err;
  EXPECT_NE(nothing.err.find("no database '" + db().string() + "'"), std::string::npos) << nothing.err;
  EXPECT_FALSE(fs::exists(db()));
  {
    Xapian::WritableDatabase created(db().string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    created.set_metadata(std::string(schema::k_meta_schema_version), std::to_string(schema::k_schema_version));
    created.commit();
  }
  const auto cron = index({});
  EXPECT_EQ(cron.exit_code, 2) << cron.err;
  EXPECT_NE(cron.err.find("records no folder yet"), std::string::npos) << cron.err;
  EXPECT_NE(cron.err.find("first run did not finish"), std::string::npos) << cron.err;
  EXPECT_NE(cron.err.find("dateline-index --db " + db().string() + " DIR"), std::string::npos) << cron.err;
}

// trial: a directory deeper than --max-depth was counted "1 unreadable
// directory" in the summary line and as unreadable_dirs in --summary-json,
// though it was read well enough; it is counted as what it is (its documents
// are still kept, as the warning says).
TEST_F(Identity, DirectoryDeeperThanMaxDepthIsNotCalledUnreadable) {
  write_article(m_dir / "X/a.txt", "2024-03-01", "Alpha", "First text.");
  write_article(m_dir / "X/deep/b.txt", "2024-03-02", "Beta", "Second text.");
  const auto run = index({"--verbose", "--max-depth", "0", (m_dir / "X").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(count("too_deep_dirs"), 1);
  EXPECT_EQ(count("unreadable_dirs"), 0);
  EXPECT_NE(run.err.find("1 directory deeper than --max-depth"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("unreadable"), std::string::npos) << run.err;
}

// #9.9: a recorded root that vanished is reported once per run and its
// documents are kept until --forget ROOT.
TEST_F(Identity, VanishedRootIsReportedAndKeptUntilForgotten) {
  write_article(m_dir / "X/a.txt", "2024-03-01", "Alpha", "First text.");
  write_article(m_dir / "Y/b.txt", "2024-03-02", "Beta", "Second text.");
  write_article(m_dir / "Y/c.txt", "2024-03-03", "Gamma", "Third text.");
  write_file(m_dir / "Y/undated.txt", "no date here\n");
  ASSERT_EQ(index({(m_dir / "X").string(), (m_dir / "Y").string()}).exit_code, 0);
  const std::string y = canonical(m_dir / "Y");
  fs::remove_all(m_dir / "Y");
  const auto run = index({});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto first = run.err.find(y + " no longer exists");
  ASSERT_NE(first, std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("no longer exists", first + y.size() + 20), std::string::npos) << "reported once: " << run.err;
  EXPECT_NE(run.err.find("--forget"), std::string::npos) << run.err;
  EXPECT_EQ(count("deleted"), 0);
  EXPECT_EQ(open_db(db()).get_doccount(), 3U);

  const auto unknown = index({"--forget", (m_dir / "Z").string()});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("not a recorded root"), std::string::npos) << unknown.err;

  const auto forget = index({"-v", "--forget", (m_dir / "Y").string()});
  ASSERT_EQ(forget.exit_code, 0) << forget.err;
  EXPECT_NE(forget.err.find("delete " + y + "/b.txt"), std::string::npos) << forget.err;
  EXPECT_EQ(count("deleted"), 2);
  const auto handle = open_db(db());
  EXPECT_EQ(handle.get_doccount(), 1U);
  EXPECT_EQ(handle.get_metadata("dateline.roots"), canonical(m_dir / "X"));
  for (auto it = handle.metadata_keys_begin("dateline.failed:"); it != handle.metadata_keys_end("dateline.failed:");
       ++it) {
    ADD_FAILURE() << "failure record of a forgotten root left: " << *it;
  }
  const auto after = index({});
  EXPECT_EQ(after.exit_code, 0);
  EXPECT_EQ(after.err, "");
}

// #9.9: --info (and --info --json).
TEST_F(Identity, InfoDescribesTheDatabase) {
  write_article(m_dir / "X/a.txt", "2019-05-06", "Alpha", "First text.");
  write_article(m_dir / "X/b.txt", "2023-11-12", "Beta", "Second text.");
  write_file(m_dir / "X/undated.txt", "no date\n");
  ASSERT_EQ(index({"--language", "french", "--undated=skip", (m_dir / "X").string()}).exit_code, 0);
  const auto text = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  for (const std::string& expected : {std::string("documents: 2"), std::string("2019-05-06"),
                                     std::string("2023-11-12"), canonical(m_dir / "X"), std::string("french"),
                                     "schema version: " + std::to_string(schema::k_schema_version), std::string("undated=skip"),
                                     std::string("2 added")}) {
    EXPECT_NE(text.out.find(expected), std::string::npos) << expected << " in\n" << text.out;
  }
  const auto json = run_index({"--db", db().string(), "--info", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json_number(json.out, "documents"), 2);
  EXPECT_EQ(json_number(json.out, "schema_version"), schema::k_schema_version);
  EXPECT_GT(json_number(json.out, "size_bytes"), 0);
  EXPECT_NE(json.out.find("\"first_date\": \"2019-05-06\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"language\": \"french\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"last_run\": {"), std::string::npos) << json.out;
  // A run whose last document commit fell exactly on --commit-every is recorded too.
  write_article(m_dir / "X/c.txt", "2024-01-01", "Gamma", "Third text.");
  ASSERT_EQ(index({"--commit-every", "1"}).exit_code, 0);
  const auto after = run_index({"--db", db().string(), "--info"});
  EXPECT_NE(after.out.find("1 added"), std::string::npos) << after.out;
  const auto missing = run_index({"--db", (m_dir / "nothing").string(), "--info"});
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
  EXPECT_FALSE(fs::exists(m_dir / "nothing")) << "--info never creates a database";
}

// #9.17 class (trial): --info said "(1 documents)" for a folder of one
// article, the grammar #9.17 fixed in the run summary.
TEST_F(Identity, InfoCountsOneDocumentInTheSingular) {
  write_article(m_dir / "X/a.txt", "2019-05-06", "Alpha", "First text.");
  ASSERT_EQ(index({(m_dir / "X").string()}).exit_code, 0);
  const auto text = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find(canonical(m_dir / "X") + "  (1 document)"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("1 documents"), std::string::npos) << text.out;
}

// trial: --info on a database another program wrote (omindex keeps a
// 4-byte timestamp in value slot 0, Dateline's date slot) exited 0 with
// "dates: none (2 after today)" and advised --rebuild, which would replace
// that program's database; docs/indexer.md says a foreign database exits 3.
// It now does, saying whose database it is not; and a value in the date slot
// that is not a date is never counted as a date.
TEST_F(Identity, InfoOfAnotherProgramsDatabaseIsRefusedAndCountsNoDates) {
  const auto write = [&](bool dateline) {
    Xapian::WritableDatabase other(db().string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    for (const char* stamp : {"\x65\x43\x21\x10", "\xff\xff\xff\xff", "20200101"}) {
      Xapian::Document doc;
      doc.add_value(schema::k_slot_date, std::string(stamp));
      doc.add_term("Pa");
      other.add_document(doc);
    }
    if (dateline) other.set_metadata(std::string(schema::k_meta_schema_version), std::to_string(schema::k_schema_version));
    other.commit();
  };
  write(false);
  for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--json"}}) {
    std::vector<std::string> args{"--db", db().string(), "--info"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto foreign = run_index(args);
    EXPECT_EQ(foreign.exit_code, 3) << foreign.out << foreign.err;
    EXPECT_NE(foreign.err.find("not written by dateline-index"), std::string::npos) << foreign.err;
    EXPECT_EQ(foreign.err.find("--rebuild"), std::string::npos) << foreign.err;
  }
  write(true);  // a value in the date slot that is not a date (a damaged document) is not a date
  const auto text = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("dates: 2020-01-01 to 2020-01-01\n"), std::string::npos) << text.out;
  const auto json = run_index({"--db", db().string(), "--info", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json_number(json.out, "future_dated"), 0) << json.out;
}

// Session 11 (#13.3): the CJK run-edge terms are used only where every
// document holds them (schema::k_term_cjk_edges); --info says whether they
// do, and on an older database how far, so an administrator knows when
// --rebuild is what makes fragment search complete.
TEST_F(Identity, InfoTellsWhetherEveryDocumentHoldsTheCjkEdges) {
  write_article(m_dir / "X/a.txt", "2019-05-06", "Alpha", "First text.");
  write_article(m_dir / "X/b.txt", "2023-11-12", "Beta", "国际油价优惠。中方表示");
  ASSERT_EQ(index({(m_dir / "X").string()}).exit_code, 0);
  const auto all = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("CJK fragment edges: every document\n"), std::string::npos) << all.out;
  {
    // a.txt as an indexer from before the edge terms wrote it.
    Xapian::WritableDatabase writable(db().string(), Xapian::DB_OPEN);
    const Xapian::docid docid = *writable.postlist_begin(q_of(m_dir / "X/a.txt"));
    Xapian::Document doc = writable.get_document(docid);
    doc.remove_term(std::string(schema::k_term_cjk_edges));
    writable.replace_document(docid, doc);
    writable.commit();
  }
  const auto some = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(some.exit_code, 0) << some.err;
  EXPECT_NE(some.out.find("CJK fragment edges: 1 of 2 documents"), std::string::npos) << some.out;
  EXPECT_NE(some.out.find("--rebuild"), std::string::npos) << some.out;
  const auto json = run_index({"--db", db().string(), "--info", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json_number(json.out, "cjk_edge_documents"), 1) << json.out;
}

// Session 13 (#13.3): the CJK join terms follow the same rule as the edges
// (schema::k_term_cjk_joins on every document, or none are asked for), and
// --info tells how far an older database holds them.
TEST_F(Identity, InfoTellsWhetherEveryDocumentHoldsTheCjkJoins) {
  write_article(m_dir / "X/a.txt", "2019-05-06", "Alpha", "First text.");
  write_article(m_dir / "X/b.txt", "2023-11-12", "Beta", "本土病例1102例。中方表示");
  ASSERT_EQ(index({(m_dir / "X").string()}).exit_code, 0);
  const auto all = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("CJK number joins: every document\n"), std::string::npos) << all.out;
  {
    // b.txt as an indexer from before the join terms wrote it.
    Xapian::WritableDatabase writable(db().string(), Xapian::DB_OPEN);
    const Xapian::docid docid = *writable.postlist_begin(q_of(m_dir / "X/b.txt"));
    Xapian::Document doc = writable.get_document(docid);
    doc.remove_term(std::string(schema::k_term_cjk_joins));
    writable.replace_document(docid, doc);
    writable.commit();
  }
  const auto some = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(some.exit_code, 0) << some.err;
  EXPECT_NE(some.out.find("CJK number joins: 1 of 2 documents"), std::string::npos) << some.out;
  const auto json = run_index({"--db", db().string(), "--info", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json_number(json.out, "cjk_join_documents"), 1) << json.out;
}

// Session 14 (#15.5): --stem-terms differing writes a Z term only where a
// stem differs from its word and marks the document
// (schema::k_term_stems_differ); --info says how many documents are so.
TEST_F(Identity, InfoTellsWhichDocumentsHoldStemsOnlyWhereTheyDiffer) {
  write_article(m_dir / "X/a.txt", "2019-05-06", "Oil prices", "Crude oil prices rose.");
  ASSERT_EQ(index({(m_dir / "X").string()}).exit_code, 0);
  const auto before = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_NE(before.out.find("stem terms: for every stemmed word\n"), std::string::npos) << before.out;
  EXPECT_EQ(open_db(db()).get_termfreq("Zoil"), 1U);

  ASSERT_EQ(index({"--rebuild", "--stem-terms", "differing"}).exit_code, 0);
  {
    const Xapian::Database differing = open_db(db());
    EXPECT_EQ(differing.get_termfreq("Zoil"), 0U) << "'oil' is its own stem";
    EXPECT_EQ(differing.get_termfreq("ZSoil"), 0U);
    EXPECT_EQ(differing.get_termfreq("Zprice"), 1U) << "'prices' is not";
    EXPECT_EQ(differing.get_termfreq("ZSprice"), 1U);
    EXPECT_EQ(differing.get_termfreq("oil"), 1U);
    EXPECT_EQ(differing.get_termfreq(std::string(schema::k_term_stems_differ)), 1U);
  }
  const auto all = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("stem terms: only where a stem differs from its word, in every document\n"),
            std::string::npos)
      << all.out;
  // A new article written without the option: one of two documents.
  write_article(m_dir / "X/b.txt", "2020-01-02", "Gas", "Gas rose.");
  ASSERT_EQ(index({}).exit_code, 0);
  const auto some = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(some.exit_code, 0) << some.err;
  EXPECT_NE(some.out.find("stem terms: only where a stem differs from its word, in 1 of 2 documents"),
            std::string::npos)
      << some.out;
  const auto json = run_index({"--db", db().string(), "--info", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json_number(json.out, "stems_differ_documents"), 1) << json.out;
  EXPECT_NE(run_index({"--db", db().string(), "--stem-terms", "some"}).exit_code, 0);
}

// Session 12 (#13.1): a derived title is indexed as body text only, and
// every document written so carries schema::k_term_headline_titles. A
// database written before keeps its derived-title S terms: --info says how
// many documents are of that kind, and a run that finds their files
// unchanged leaves them alone (no document re-analysed because of it);
// --rebuild rewrites them.
TEST_F(Identity, InfoTellsWhetherDerivedTitlesAreBodyTextOnEveryDocument) {
  write_article(m_dir / "X/a.txt", "2019-05-06", "Alpha", "First text.");
  write_file(m_dir / "X/b.txt", "date 2023-11-12\nBeta sentence opens it. More text follows.\n");
  ASSERT_EQ(index({(m_dir / "X").string()}).exit_code, 0);
  {
    const Xapian::Database fresh = open_db(db());
    EXPECT_EQ(fresh.get_termfreq(std::string(schema::k_term_headline_titles)), 2U);
    EXPECT_EQ(fresh.get_termfreq("Salpha"), 1U) << "a real headline keeps its S terms";
    EXPECT_EQ(fresh.get_termfreq("Sbeta"), 0U) << "a derived title has none";
  }
  const auto all = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("derived titles: body text in every document\n"), std::string::npos) << all.out;
  {
    // b.txt as an indexer from before session 12 wrote it: its derived
    // title under S, no marker.
    Xapian::WritableDatabase writable(db().string(), Xapian::DB_OPEN);
    const Xapian::docid docid = *writable.postlist_begin(q_of(m_dir / "X/b.txt"));
    Xapian::Document doc = writable.get_document(docid);
    doc.remove_term(std::string(schema::k_term_headline_titles));
    doc.add_posting("Sbeta", 1);
    writable.replace_document(docid, doc);
    writable.commit();
  }
  const auto some = run_index({"--db", db().string(), "--info"});
  ASSERT_EQ(some.exit_code, 0) << some.err;
  EXPECT_NE(some.out.find("derived titles: body text in 1 of 2 documents"), std::string::npos) << some.out;
  EXPECT_NE(some.out.find("--rebuild"), std::string::npos) << some.out;
  const auto json = run_index({"--db", db().string(), "--info", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json_number(json.out, "headline_title_documents"), 1) << json.out;

  // An incremental run with nothing changed: the old document is unchanged.
  ASSERT_EQ(index({}).exit_code, 0);
  EXPECT_EQ(count("unchanged"), 2);
  EXPECT_EQ(count("updated") + count("added") + count("deleted"), 0);
  EXPECT_EQ(open_db(db()).get_termfreq("Sbeta"), 1U);
  // --rebuild writes it anew.
  ASSERT_EQ(index({"--rebuild"}).exit_code, 0);
  EXPECT_EQ(open_db(db()).get_termfreq("Sbeta"), 0U);
  EXPECT_EQ(open_db(db()).get_termfreq(std::string(schema::k_term_headline_titles)), 2U);
}

// #9.10: files skipped or parsed under an old --undated are re-evaluated.
TEST_F(Identity, ChangingUndatedTakesEffect) {
  write_article(m_dir / "X/dated.txt", "2024-04-01", "Dated", "A dated story.");
  write_file(m_dir / "X/undated.txt", "Undated\n\nA timeless story.\n");
  set_mtime(m_dir / "X/undated.txt", 1700000000);  // 2023-11-14
  const std::string x = (m_dir / "X").string();
  ASSERT_EQ(index({x}).exit_code, 0);
  EXPECT_EQ(json_number(read_file(summary_path()), "skipped.undated"), 1);
  EXPECT_EQ(open_db(db()).get_doccount(), 1U);

  const auto as_index = index({"--undated=index", x});
  ASSERT_EQ(as_index.exit_code, 0) << as_index.err;
  EXPECT_EQ(count("added"), 1);
  EXPECT_EQ(open_db(db()).get_termfreq("XUNDATED"), 1U);

  ASSERT_EQ(index({"--undated=mtime", x}).exit_code, 0);
  EXPECT_EQ(count("updated"), 1) << "the undated document is re-analysed with the mtime's date";
  EXPECT_EQ(open_db(db()).get_termfreq("XUNDATED"), 0U);
  EXPECT_EQ(open_db(db()).get_termfreq("D20231114"), 1U);

  // No --undated: the recorded policy holds, nothing changes.
  ASSERT_EQ(index({}).exit_code, 0);
  EXPECT_EQ(count("unchanged"), 2);
  EXPECT_EQ(count("updated") + count("deleted"), 0);

  ASSERT_EQ(index({"--undated=skip", "--allow-removal", x}).exit_code, 0);
  EXPECT_EQ(count("deleted"), 1);
  EXPECT_EQ(open_db(db()).get_doccount(), 1U);
  EXPECT_EQ(open_db(db()).get_termfreq("D20231114"), 0U);
}

// #9.10: --max-size and --include changes take effect too; without them
// the recorded values hold (a cron run never drops the *.eml documents).
TEST_F(Identity, ChangingSizeAndGlobsTakesEffect) {
  write_article(m_dir / "X/small.txt", "2024-04-01", "Small", "A short story.");
  write_article(m_dir / "X/big.txt", "2024-04-02", "Big", std::string(3000, 'w') + " long story.");
  write_article(m_dir / "X/mail.eml", "2024-04-03", "Mail", "A mailed story.");
  const std::string x = (m_dir / "X").string();
  ASSERT_EQ(index({"--max-size", "2k", x}).exit_code, 0);
  EXPECT_EQ(json_number(read_file(summary_path()), "skipped.too_large"), 1);
  ASSERT_EQ(index({"--max-size", "8k", x}).exit_code, 0);
  EXPECT_EQ(count("added"), 1) << "the file skipped as too large is read again";
  ASSERT_EQ(index({"--include", "*.txt", "--include", "*.eml", x}).exit_code, 0);
  EXPECT_EQ(count("added"), 1);
  EXPECT_EQ(open_db(db()).get_doccount(), 3U);
  ASSERT_EQ(index({}).exit_code, 0);
  EXPECT_EQ(count("unchanged"), 3) << "recorded --include and --max-size hold";
  ASSERT_EQ(index({"--max-size", "2k", "--allow-removal"}).exit_code, 0);
  EXPECT_EQ(count("deleted"), 1) << "a document over a lowered --max-size is removed";
  EXPECT_EQ(open_db(db()).get_doccount(), 2U);
}

// #14.12: an mtime after 2262 gives its own date under --undated=mtime.
TEST_F(Identity, MtimeAfter2262GivesItsDate) {
  write_file(m_dir / "X/future.txt", "Far future\n\nA story from the future.\n");
  set_mtime(m_dir / "X/future.txt", 13583851200L);  // 2400-06-15 12:00 UTC
  const auto run = index({"--undated=mtime", (m_dir / "X").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto handle = open_db(db());
  ASSERT_EQ(handle.get_doccount(), 1U);
  EXPECT_EQ(handle.get_termfreq("Y2400"), 1U);
  EXPECT_EQ(handle.get_termfreq("Y1861"), 0U);
}

// Older databases are refused with the rebuild hint.
TEST_F(Identity, OlderSchemaIsRefusedWithTheRebuildHint) {
  {
    Xapian::WritableDatabase old(db().string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    Xapian::Document doc;
    doc.add_boolean_term("Qa.txt");
    old.add_document(doc);
    old.set_metadata("dateline.schema_version", "2");
    old.commit();
  }
  write_article(m_dir / "X/a.txt", "2024-03-01", "Alpha", "First text.");
  const auto run = index({(m_dir / "X").string()});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find("schema version 2"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--rebuild"), std::string::npos) << run.err;
  const auto rebuilt = index({"--rebuild", (m_dir / "X").string()});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(open_db(db()).get_doccount(), 1U);
}

// Schema 4 (#11, #15.5) reads change detection from one slot and band terms
// as XLSH: a version 3 database (three change-detection slots, XBAND terms)
// would be read wrongly, so both programs refuse it with the rebuild hint.
TEST_F(Identity, SchemaThreeDatabaseIsRefusedAfterTheBump) {
  write_article(m_dir / "X/a.txt", "2024-03-01", "Alpha", "First text about the harbour.");
  {
    Xapian::WritableDatabase old(db().string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    Xapian::Document doc;
    doc.add_boolean_term("Q" + (fs::canonical(m_dir / "X") / "a.txt").string());
    doc.add_boolean_term("XBAND0000001234abcd");
    doc.add_posting("harbour", 1);
    doc.add_value(1, schema::pack_uint(1));
    doc.add_value(2, schema::pack_uint(29));
    doc.add_value(3, schema::pack_inode(1, 2));
    old.add_document(doc);
    old.set_metadata("dateline.schema_version", "3");
    old.commit();
  }
  const auto run = index({(m_dir / "X").string()});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find("schema version 3"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--rebuild"), std::string::npos) << run.err;
  const auto search = run_process({search_binary(), "--db", db().string(), "harbour"});
  EXPECT_EQ(search.exit_code, 3) << search.err;
  const auto rebuilt = index({"--rebuild", (m_dir / "X").string()});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  const Xapian::Database fresh = open_db(db());
  EXPECT_EQ(fresh.get_metadata("dateline.schema_version"), std::to_string(schema::k_schema_version));
  EXPECT_EQ(fresh.get_doccount(), 1U);
  EXPECT_EQ(fresh.allterms_begin("XBAND"), fresh.allterms_end("XBAND"));
  const std::string band(schema::k_prefix_band);
  EXPECT_NE(fresh.allterms_begin(band), fresh.allterms_end(band));
}

} // namespace
} // namespace dateline::test
