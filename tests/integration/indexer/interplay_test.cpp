/** @file interplay_test.cpp
 *  @brief The first wave's pieces together, through the real binaries:
 *  recorded roots and options (#9.9) x the atomic rebuild (#14.2), single
 *  writer and parallel shards: a rebuild carries every metadata key the old
 *  database had that is not document-derived, --forget goes with --rebuild,
 *  a vanished recorded root stops a folder-less rebuild instead of silently
 *  dropping its documents, and --info answers during and after a rebuild.
 */
#include "tests/integration/indexer/index_helpers.hpp"

#include "common/encoding.hpp"
#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

struct Mode {
  const char* name;
  std::vector<std::string> args;
};

const Mode k_single{"single", {"--jobs", "1", "--commit-every", "100"}};
const Mode k_sharded{"sharded", {"--jobs", "2", "--shard-threshold", "1"}};

/// All metadata of @p db, key -> value.
std::map<std::string, std::string> metadata(const fs::path& db) {
  const Xapian::Database reader = open_db(db);
  std::map<std::string, std::string> out;
  for (auto key = reader.metadata_keys_begin(); key != reader.metadata_keys_end(); ++key) {
    out[*key] = reader.get_metadata(*key);
  }
  return out;
}

/// Two folders with dated articles, an undated one and one with an impossible date.
void write_archive(const fs::path& dir) {
  for (int i = 1; i <= 3; ++i) {
    write_article(dir / "a" / ("s" + std::to_string(i) + ".txt"), "2021-01-0" + std::to_string(i),
                  "Headline " + std::to_string(i), "market words " + std::to_string(i));
    write_article(dir / "b" / ("t" + std::to_string(i) + ".txt"), "2021-02-0" + std::to_string(i),
                  "Other " + std::to_string(i), "market harvest " + std::to_string(i));
  }
  write_file(dir / "a" / "undated.txt", "no date here\n\nmarket undated body\n");
  write_file(dir / "a" / "bad.txt", "date 2021-13-45\nBad\n\nmarket bad body\n");
  write_file(dir / "a" / "skip-me.txt", "date 2021-01-09\nExcluded\n\nmarket excluded\n");
}

std::vector<std::string> argv_of(const fs::path& db, const Mode& mode, std::vector<std::string> extra) {
  std::vector<std::string> argv{index_binary(), "--db", db.string()};
  argv.insert(argv.end(), mode.args.begin(), mode.args.end());
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

class RecordedRebuildTest : public ::testing::TestWithParam<Mode> {};

// #9.9 x #14.2: a rebuild without a folder rebuilds the recorded roots with the
// recorded options and language, and the swapped-in database carries every
// metadata key of the old one (failure records re-evaluated, the last run new).
TEST_P(RecordedRebuildTest, RebuildWithoutAFolderKeepsEverythingRecorded) {
  TempDir dir;
  write_archive(dir.path());
  const fs::path db = dir / "news.db";
  const auto first = run_process(argv_of(db, GetParam(),
                                         {"--language", "french", "--undated=index", "--exclude", "skip-*",
                                          (dir / "a").string(), (dir / "b").string()}));
  ASSERT_EQ(first.exit_code, 1) << first.err;  // bad.txt failed for the first time
  const auto before = metadata(db);
  ASSERT_EQ(before.at("dateline.language"), "french");
  ASSERT_EQ(open_db(db).get_doccount(), 7U);

  const auto rebuild = run_process(argv_of(db, GetParam(), {"--rebuild"}));
  EXPECT_EQ(rebuild.exit_code, 1) << rebuild.err;  // bad.txt fails again in the new database
  const auto after = metadata(db);
  // The day map names the revision it was written for (index-schema.md):
  // the new database's, which counts its own commits (a first build records
  // its folders in a commit of their own, a rebuild carries them over).
  const auto without_revision = [](std::string map) {
    const std::size_t from = map.find(' ');
    const std::size_t to = map.find(' ', from + 1);
    return from == std::string::npos || to == std::string::npos ? map : map.erase(from, to - from);
  };
  for (const auto& [key, value] : before) {
    ASSERT_TRUE(after.contains(key)) << "the rebuild lost metadata key " << key;
    if (key.starts_with("dateline.last_run")) continue;  // the rebuild's own run
    if (key == schema::k_meta_day_runs) {
      EXPECT_EQ(without_revision(after.at(key)), without_revision(value)) << key;
      continue;
    }
    EXPECT_EQ(after.at(key), value) << key;
  }
  EXPECT_EQ(after.size(), before.size());
  // The rebuild wrote its own last-run record (its counts equal the first
  // run's here, and so may its time and seconds: compare the counts only).
  EXPECT_EQ(json_number(after.at("dateline.last_run_json"), "added"), 7);
  EXPECT_EQ(open_db(db).get_doccount(), 7U);
  EXPECT_TRUE(has_doc(open_db(db), "undated.txt"));
  EXPECT_FALSE(has_doc(open_db(db), "skip-me.txt"));

  const auto info = run_index({"--db", db.string(), "--info", "--json"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("\"language\": \"french\""), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("\"undated\": \"index\""), std::string::npos) << info.out;
  expect_check_clean(db);
}

// An explicit --language still changes the language of a rebuild.
TEST_P(RecordedRebuildTest, RebuildWithALanguageChangesIt) {
  TempDir dir;
  write_archive(dir.path());
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_process(argv_of(db, GetParam(), {"--language", "french", (dir / "b").string()})).exit_code, 0);
  const auto rebuild = run_process(argv_of(db, GetParam(), {"--rebuild", "--language", "german"}));
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_EQ(metadata(db).at("dateline.language"), "german");
  EXPECT_EQ(open_db(db).get_doccount(), 3U);
}

// --rebuild --forget ROOT: rebuild the other recorded roots, forget ROOT.
TEST_P(RecordedRebuildTest, RebuildWithForgetRebuildsTheOtherRecordedRoots) {
  TempDir dir;
  write_archive(dir.path());
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_process(argv_of(db, GetParam(), {(dir / "a").string(), (dir / "b").string()})).exit_code, 1);
  const auto rebuild = run_process(argv_of(db, GetParam(), {"--rebuild", "--forget", (dir / "a").string()}));
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  const auto record = metadata(db);
  EXPECT_EQ(record.at("dateline.roots"), fs::canonical(dir / "b").string());
  EXPECT_EQ(open_db(db).get_doccount(), 3U);
  for (const auto& [key, value] : record) {
    EXPECT_FALSE(key.starts_with("dateline.failed:")) << key;  // bad.txt was below the forgotten root
  }
  // A root that is not recorded is a usage error, and nothing changes.
  const auto wrong = run_process(argv_of(db, GetParam(), {"--rebuild", "--forget", (dir / "a").string()}));
  EXPECT_EQ(wrong.exit_code, 2) << wrong.err;
  EXPECT_NE(wrong.err.find("not a recorded root"), std::string::npos) << wrong.err;
  EXPECT_EQ(open_db(db).get_doccount(), 3U);
}

// A rebuild cannot re-create the documents of a recorded root that has
// vanished: it refuses (exit 2, database unchanged) instead of dropping them,
// and names --forget; with --forget it goes ahead.
TEST_P(RecordedRebuildTest, RebuildWithAVanishedRootIsRefusedUntilForgotten) {
  TempDir dir;
  write_archive(dir.path());
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_process(argv_of(db, GetParam(), {(dir / "a").string(), (dir / "b").string()})).exit_code, 1);
  fs::rename(dir / "b", dir / "b-gone");
  const auto refused = run_process(argv_of(db, GetParam(), {"--rebuild"}));
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("--forget"), std::string::npos) << refused.err;
  EXPECT_EQ(open_db(db).get_doccount(), 7U);  // unchanged
  const auto forgotten = run_process(argv_of(db, GetParam(), {"--rebuild", "--forget", (dir / "b").string()}));
  EXPECT_EQ(forgotten.exit_code, 1) << forgotten.err;
  EXPECT_EQ(open_db(db).get_doccount(), 4U);
  EXPECT_EQ(metadata(db).at("dateline.roots"), fs::canonical(dir / "a").string());
}

// --rebuild DIR...: DIR adds to the recorded folders, as without --rebuild
// (session 17: the new database held just DIR, dropping the others
// silently); --forget drops one.
TEST_P(RecordedRebuildTest, RebuildWithFoldersAddsThem) {
  TempDir dir;
  write_archive(dir.path());
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_process(argv_of(db, GetParam(), {(dir / "a").string(), (dir / "b").string()})).exit_code, 1);
  const auto rebuild = run_process(argv_of(db, GetParam(), {"--rebuild", (dir / "b").string()}));
  ASSERT_EQ(rebuild.exit_code, 1) << rebuild.err;  // bad.txt (in a) fails again in the new database
  EXPECT_EQ(metadata(db).at("dateline.roots"),
            fs::canonical(dir / "a").string() + "\n" + fs::canonical(dir / "b").string());
  EXPECT_EQ(open_db(db).get_doccount(), 7U);
  const auto just_b =
      run_process(argv_of(db, GetParam(), {"--rebuild", "--forget", (dir / "a").string(), (dir / "b").string()}));
  ASSERT_EQ(just_b.exit_code, 0) << just_b.err;
  EXPECT_EQ(metadata(db).at("dateline.roots"), fs::canonical(dir / "b").string());
  EXPECT_EQ(open_db(db).get_doccount(), 3U);
}

// A rebuild of recorded roots that hold no article any more is refused (it
// cannot re-create their documents); with --allow-removal it replaces the
// database and still records its run.
TEST_P(RecordedRebuildTest, EmptyRebuildRecordsItsRun) {
  TempDir dir;
  write_archive(dir.path());
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_process(argv_of(db, GetParam(), {(dir / "b").string()})).exit_code, 0);
  for (int i = 1; i <= 3; ++i) fs::remove(dir / "b" / ("t" + std::to_string(i) + ".txt"));
  const auto refused = run_process(argv_of(db, GetParam(), {"--rebuild"}));
  ASSERT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_EQ(open_db(db).get_doccount(), 3U);
  const auto rebuild = run_process(argv_of(db, GetParam(), {"--rebuild", "--allow-removal"}));
  ASSERT_EQ(rebuild.exit_code, 1) << rebuild.err;
  EXPECT_NE(rebuild.err.find("warning: no articles found in " + fs::canonical(dir / "b").string()), std::string::npos)
      << rebuild.err;
  const auto record = metadata(db);
  EXPECT_EQ(record.at("dateline.roots"), fs::canonical(dir / "b").string());
  EXPECT_EQ(json_number(record.at("dateline.last_run_json"), "documents"), 0);
  EXPECT_EQ(open_db(db).get_doccount(), 0U);
}

// --info during a rebuild describes the old database (exit 0); after it, the new one.
TEST_P(RecordedRebuildTest, InfoDuringAndAfterARebuild) {
  TempDir dir;
  for (int i = 0; i < 800; ++i) {
    std::string body = "market";
    for (int w = 0; w < 200; ++w) body += " word" + std::to_string((i * 7 + w) % 97);
    write_article(dir / "a" / ("d" + std::to_string(i % 10)) / ("s" + std::to_string(i) + ".txt"), "2021-03-04",
                  "Story " + std::to_string(i), body);
  }
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_process(argv_of(db, GetParam(), {(dir / "a").string()})).exit_code, 0);
  write_article(dir / "a" / "extra.txt", "2021-03-05", "Extra", "market extra");
  const int pid = spawn_process(argv_of(db, GetParam(), {"--rebuild"}));
  int answered = 0;
  for (;;) {
    const auto info = run_index({"--db", db.string(), "--info", "--json"});
    ASSERT_EQ(info.exit_code, 0) << info.err;
    const long documents = json_number(info.out, "documents");
    EXPECT_TRUE(documents == 800 || documents == 801) << info.out;
    ++answered;
    if (documents == 801) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(wait_process(pid), 0);
  EXPECT_GE(answered, 1);
  const auto info = run_index({"--db", db.string(), "--info"});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find(fs::canonical(dir / "a").string()), std::string::npos) << info.out;
}

// #9.8 x the parallel first build: the run over a moved archive takes over
// the vanished root's documents (renamed, not re-added) on either path; with
// shards allowed it must not take the parallel path (the database is not
// empty), and dateline-search shows the new paths only.
TEST_P(RecordedRebuildTest, MovedArchiveIsTakenOverOnEitherPath) {
  TempDir dir;
  for (int i = 1; i <= 6; ++i) {
    write_article(dir / "arch1" / "2021" / ("s" + std::to_string(i) + ".txt"), "2021-01-0" + std::to_string(i),
                  "Headline " + std::to_string(i), "market words " + std::to_string(i));
  }
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_process(argv_of(db, GetParam(), {(dir / "arch1").string()})).exit_code, 0);
  fs::rename(dir / "arch1", dir / "arch2");
  write_article(dir / "arch2" / "2021" / "new.txt", "2021-01-09", "New", "market fresh");
  const fs::path summary = dir / "summary.json";
  const auto moved =
      run_process(argv_of(db, GetParam(), {"-v", "--summary-json", summary.string(), (dir / "arch2").string()}));
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_EQ(moved.err.find("parallel shard writers"), std::string::npos) << moved.err;
  // The vanished-root warning says what happened to its documents: all taken over, none "kept".
  EXPECT_NE(moved.err.find("6 of its 6 documents were found under an indexed folder"), std::string::npos)
      << moved.err;
  EXPECT_EQ(moved.err.find("documents are kept"), std::string::npos) << moved.err;
  const std::string counts = read_file(summary);
  EXPECT_EQ(json_number(counts, "renamed"), 6) << counts;
  EXPECT_EQ(json_number(counts, "added"), 1) << counts;
  const Xapian::Database reader = open_db(db);
  EXPECT_EQ(reader.get_doccount(), 7U);
  EXPECT_TRUE(unique_ids_consistent(reader));
  EXPECT_EQ(metadata(db).at("dateline.roots"), fs::canonical(dir / "arch2").string());

  const auto search =
      run_process({search_binary(), "--db", db.string(), "--format", "json", "--limit", "20", "market"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  const std::string new_root = fs::canonical(dir / "arch2").string() + "/2021/";
  std::size_t paths = 0;
  for (std::size_t at = search.out.find("\"path\":"); at != std::string::npos;
       at = search.out.find("\"path\":", at + 1)) {
    ++paths;
    EXPECT_EQ(search.out.compare(at + 8, new_root.size(), new_root), 0) << search.out.substr(at, 80);
  }
  EXPECT_EQ(paths, 7U) << search.out;
  EXPECT_EQ(search.out.find("arch1"), std::string::npos) << search.out;
}

// #14.10 x #9.9: every path the identity features print is escaped, never
// stripped: --info's text, the nested-root note, the vanished-root warning
// and -v rename lines; --info --json keeps exact paths (JSON escapes, and
// path_bytes for bytes that are not UTF-8). A root with a newline is refused
// on one escaped line.
TEST(EscapedPaths, IdentityOutputEscapesRootsAndJsonKeepsThemExact) {
  TempDir dir;
  const std::string esc_name = "arch\x1b]0;pwned\x07\x1b[31mred";
  const std::string latin1_name = "caf\xe9";
  write_article(dir / esc_name / "sub" / "a.txt", "2021-01-01", "One", "market one");
  write_article(dir / latin1_name / "b.txt", "2021-01-02", "Two", "market two");
  const fs::path db = dir / "news.db";
  const std::string esc_root = fs::canonical(dir / esc_name).string();
  const std::string esc_shown = escape_for_terminal(esc_root);
  ASSERT_NE(esc_shown, esc_root);

  // The nested root note.
  const auto first = run_index({"--db", db.string(), "-v", (dir / esc_name).string(), (dir / esc_name / "sub").string(),
                                (dir / latin1_name).string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.err.find('\x1b'), std::string::npos) << first.err;
  EXPECT_NE(first.err.find(esc_shown + "/sub"), std::string::npos) << first.err;

  // --info as text: escaped, not stripped.
  const auto text = run_index({"--db", db.string(), "--info"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.find('\x1b'), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("  " + esc_shown + "  (1 document"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("caf\\xe9  (1 document"), std::string::npos) << text.out;

  // --info --json: exact (JSON escapes), valid UTF-8, with the bytes of the Latin-1 root.
  const auto json = run_index({"--db", db.string(), "--info", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(is_valid_utf8(json.out)) << json.out;
  EXPECT_NE(json.out.find("arch\\u001b]0;pwned\\u0007\\u001b[31mred\""), std::string::npos) << json.out;
  const std::string latin1_root = fs::canonical(dir / latin1_name).string();
  EXPECT_NE(json.out.find("\"path_bytes\": \"" + base64_encode(latin1_root) + "\""), std::string::npos) << json.out;

  // -v rename lines and the vanished-root warning.
  fs::rename(dir / esc_name, dir / (esc_name + "\x1b[0mmoved"));
  const auto moved = run_index({"--db", db.string(), "-v", (dir / (esc_name + "\x1b[0mmoved")).string()});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_EQ(moved.err.find('\x1b'), std::string::npos) << moved.err;
  EXPECT_NE(moved.err.find("recorded folder " + esc_shown + " no longer exists"), std::string::npos) << moved.err;
  EXPECT_NE(moved.err.find(esc_shown + "\\x1b[0mmoved/sub/a.txt"), std::string::npos) << moved.err;

  // A root with a newline is refused on one line, the newline escaped.
  fs::create_directories(dir / "two\nlines");
  const auto newline = run_index({"--db", db.string(), (dir / "two\nlines").string()});
  EXPECT_EQ(newline.exit_code, 2) << newline.err;
  EXPECT_EQ(std::count(newline.err.begin(), newline.err.end(), '\n'), 1) << newline.err;
  EXPECT_NE(newline.err.find("two\\nlines"), std::string::npos) << newline.err;
}

INSTANTIATE_TEST_SUITE_P(Modes, RecordedRebuildTest, ::testing::Values(k_single, k_sharded),
                         [](const auto& p) { return std::string(p.param.name); });

// The first build of a missing database, created beside and renamed in,
// records roots, options and language on both paths.
TEST_P(RecordedRebuildTest, FirstBuildRecordsRootsOptionsAndLanguage) {
  TempDir dir;
  write_archive(dir.path());
  const fs::path db = dir / "news.db";
  ASSERT_EQ(run_process(argv_of(db, GetParam(), {"--language", "french", "--undated=index",
                                                 (dir / "a").string(), (dir / "b").string()}))
                .exit_code,
            1);
  const auto record = metadata(db);
  EXPECT_EQ(record.at("dateline.roots"),
            fs::canonical(dir / "a").string() + "\n" + fs::canonical(dir / "b").string());
  EXPECT_EQ(record.at("dateline.language"), "french");
  EXPECT_NE(record.at("dateline.options").find("undated=index"), std::string::npos);
  EXPECT_EQ(record.at("dateline.schema_version"), std::to_string(schema::k_schema_version));
  EXPECT_EQ(json_number(record.at("dateline.last_run_json"), "added"), 8);
}

} // namespace
} // namespace dateline::test
