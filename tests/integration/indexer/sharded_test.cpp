/** @file sharded_test.cpp
 *  @brief The parallel first build (shard writers merged by Xapian's
 *  compactor, then an atomic directory swap): the same database as one writer
 *  builds, failure records kept, build directory always cleaned up, kill -9
 *  and SIGTERM in the middle, lock contention.
 */
#include "tests/integration/indexer/index_helpers.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

/// "qx" followed by @p n in base 26 as letters: a word no other document has.
std::string letters_of(int n) {
  std::string out = "qx";
  do {
    out += static_cast<char>('a' + n % 26);
    n /= 26;
  } while (n > 0);
  return out;
}

/// A varied corpus: several directories and dates, accented words, header
/// fields, files of very different sizes (uneven shard parts), and files that
/// fail (impossible date, empty, undated) so failure records are exercised.
void generate_corpus(const fs::path& root, int count, std::mt19937& rng) {
  static const char* const words[] = {"market",   "storm", "election", "harvest", "bank",   "café",
                                      "council",  "strike", "école",   "festival", "court", "bridge",
                                      "naïveté",  "wheat",  "crude",   "tariff",  "merger", "drought"};
  constexpr int k_words = sizeof words / sizeof words[0];
  std::uniform_int_distribution<int> pick(0, k_words - 1);
  std::uniform_int_distribution<int> length(5, 400);
  for (int i = 0; i < count; ++i) {
    std::string body;
    const int n = i % 50 == 0 ? 3000 : length(rng);  // a few long stories
    for (int w = 0; w < n; ++w) {
      body += words[pick(rng)];
      body += w % 17 == 16 ? ".\n" : " ";
    }
    body += " " + letters_of(i);  // a word unique to the document
    const int month = 1 + i % 12;
    const int day = 1 + i % 28;
    char date[16];
    std::snprintf(date, sizeof date, "2019-%02d-%02d", month, day);
    const fs::path path = root / ("y" + std::to_string(i % 7)) / ("s" + std::to_string(i) + ".txt");
    if (i % 9 == 0) {
      write_file(path, std::string("Date: ") + date + "\nTitle: Story " + std::to_string(i) +
                           "\nTopics: " + words[pick(rng)] + "\nSource: Wire " + std::to_string(i % 3) + "\n\n" +
                           body + "\n");
    } else {
      write_article(path, date, "Story " + std::to_string(i) + " " + words[pick(rng)], body);
    }
  }
  write_file(root / "bad" / "impossible.txt", "date 2019-02-30\nBad\n\nNo such day.\n");
  write_file(root / "bad" / "empty.txt", "date 2019-03-03\n");
  write_file(root / "bad" / "undated.txt", "No date here at all.\n");
}

fs::path build_dir_of(const fs::path& db) { return db.parent_path() / ("." + db.filename().string() + ".dateline-build"); }

/// Every term with its termfreq and collection frequency.
std::map<std::string, std::pair<Xapian::doccount, Xapian::termcount>> all_terms(const Xapian::Database& db) {
  std::map<std::string, std::pair<Xapian::doccount, Xapian::termcount>> out;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
    out[*it] = {it.get_termfreq(), db.get_collection_freq(*it)};
  }
  return out;
}

std::map<std::string, Xapian::doccount> spellings(const Xapian::Database& db) {
  std::map<std::string, Xapian::doccount> out;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    out[*it] = it.get_termfreq();
  }
  return out;
}

/// Every metadata key but the last run's summary (its time and seconds differ);
/// that one must be present, though. And but the record of a time-sharded
/// archive's merge as the shard's compaction (the single writer compacts nothing).
std::map<std::string, std::string> metadata(const Xapian::Database& db) {
  std::map<std::string, std::string> out;
  for (auto it = db.metadata_keys_begin(); it != db.metadata_keys_end(); ++it) {
    if (*it == schema::k_meta_shard_compacted) continue;
    if (*it == schema::k_meta_last_run_text || *it == schema::k_meta_last_run_json) {
      EXPECT_FALSE(db.get_metadata(*it).empty()) << *it;
      continue;
    }
    out[*it] = db.get_metadata(*it);
  }
  return out;
}

/// Terms with wdf and positions, values and data of one document.
std::string describe(const Xapian::Document& doc) {
  std::string out = doc.get_data() + "\n";
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    out += *it + ":" + std::to_string(it.get_wdf());
    for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) {
      out += "," + std::to_string(*pos);
    }
    out += " ";
  }
  for (auto it = doc.values_begin(); it != doc.values_end(); ++it) {
    out += "\n" + std::to_string(it.get_valueno()) + "=" + *it;
  }
  return out;
}

/// Asserts that @p sharded holds exactly what @p single holds.
void expect_same_database(const fs::path& single, const fs::path& sharded) {
  const auto a = open_db(single);
  const auto b = open_db(sharded);
  ASSERT_EQ(a.get_doccount(), b.get_doccount());
  EXPECT_EQ(a.get_lastdocid(), b.get_lastdocid());
  EXPECT_EQ(a.get_total_length(), b.get_total_length());
  EXPECT_TRUE(unique_ids_consistent(b));
  EXPECT_EQ(all_terms(a), all_terms(b)) << "every term, termfreq and collection frequency";
  EXPECT_EQ(spellings(a), spellings(b)) << "the spelling table, with frequencies";
  EXPECT_EQ(metadata(a), metadata(b)) << "schema version, language, roots, options and failure records";
  // Same docids for the same files (contiguous shards in walk order), same documents.
  for (auto it = a.allterms_begin("Q"); it != a.allterms_end("Q"); ++it) {
    const Xapian::docid docid = *a.postlist_begin(*it);
    ASSERT_NE(b.postlist_begin(*it), b.postlist_end(*it)) << *it;
    EXPECT_EQ(*b.postlist_begin(*it), docid) << *it;
    EXPECT_EQ(describe(a.get_document(docid)), describe(b.get_document(docid))) << *it;
  }
}

/// dateline-search's output for @p query, without the first line (it holds the elapsed time).
ProcessResult search(const fs::path& db, const std::vector<std::string>& query) {
  std::vector<std::string> argv{search_binary(), "--db", db.string(), "--limit", "20"};
  argv.insert(argv.end(), query.begin(), query.end());
  ProcessResult result = run_process(argv);
  result.out.erase(0, result.out.find('\n'));
  return result;
}

TEST(ShardedBuild, SameDatabaseAsOneWriterAndSearchable) {
  const unsigned seed = test_seed();
  std::mt19937 rng(seed);
  TempDir dir;
  generate_corpus(dir / "a", 700, rng);
  const fs::path single = dir / "single.db";
  const auto one = run_index({"--db", single.string(), "--jobs", "1", (dir / "a").string()});
  ASSERT_EQ(one.exit_code, 1) << one.err;  // the impossible date is a new failure
  for (const char* jobs : {"1", "2", "3"}) {  // --jobs 1: one shard (#15.5)
    SCOPED_TRACE(std::string("--jobs ") + jobs + ", seed " + std::to_string(seed));
    const fs::path sharded = dir / (std::string("sharded") + jobs + ".db");
    const std::string json = (dir / "s.json").string();
    const auto run = run_index({"--db", sharded.string(), "--jobs", jobs, "--shard-threshold", "1", "--verbose",
                                "--summary-json", json, (dir / "a").string()});
    ASSERT_EQ(run.exit_code, 1) << run.err;
    EXPECT_NE(run.err.find("parallel shard writers"), std::string::npos) << "the sharded path ran: " << run.err;
    EXPECT_FALSE(fs::exists(build_dir_of(sharded))) << "the build directory is removed";
    const auto summary = read_file(json);
    EXPECT_EQ(json_number(summary, "added"), 700) << summary;
    EXPECT_EQ(json_number(summary, "documents"), 700) << summary;
    EXPECT_EQ(json_number(summary, "failed_new"), 1) << summary;
    EXPECT_EQ(json_number(summary, "skipped_total"), 3) << summary;
    expect_same_database(single, sharded);

    for (const std::vector<std::string>& query : {std::vector<std::string>{"cafe", "tariff"},
                                                  std::vector<std::string>{"\"crude", "merger\""},
                                                  std::vector<std::string>{letters_of(123)},
                                                  std::vector<std::string>{"topic:wheat", "date:2019-05"}}) {
      const auto expected = search(single, query);
      const auto got = search(sharded, query);
      EXPECT_EQ(got.exit_code, expected.exit_code) << got.err;
      EXPECT_EQ(got.out, expected.out) << "same hits, same order, same snippets";
    }
    EXPECT_NE(search(sharded, {letters_of(123)}).out.find("Story 123"), std::string::npos);

    // The remembered failures came through the merge: a rerun is quiet and writes nothing.
    const auto revision = open_db(sharded).get_revision();
    const auto rerun = run_index({"--db", sharded.string(), "--jobs", jobs, "--shard-threshold", "1",
                                  (dir / "a").string()});
    EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
    EXPECT_EQ(rerun.err, "");
    EXPECT_EQ(open_db(sharded).get_revision(), revision);
  }
}

/// #15.3 with the parallel build: a time-sharded archive's first build takes
/// the parallel path (each thread writes a temporary archive, merged period
/// by period) and gives every shard exactly what the single writer gives it:
/// the same stub, documents, docids, terms, spelling and metadata.
TEST(ShardedBuild, TimeShardedArchiveFirstBuildIsParallelAndTheSameAsOneWriter) {
  const unsigned seed = test_seed();
  std::mt19937 rng(seed);
  TempDir dir;
  generate_corpus(dir / "a", 500, rng);  // 2019, every month, and an undated file
  for (int i = 0; i < 60; ++i) {         // and other years, out of walk order
    const int year = 2024 - i % 9;
    write_article(dir / "a" / "older" / ("o" + std::to_string(i) + ".txt"),
                  std::to_string(year) + "-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10),
                  "Older story " + std::to_string(i), "harvest market " + letters_of(1000 + i) + " bridge council");
  }
  for (const char* by : {"year", "month"}) {
    const fs::path single = dir / (std::string("single-") + by);
    const auto one = run_index({"--db", single.string(), "--shard-by", by, "--shard-threshold", "0", (dir / "a").string()});
    ASSERT_EQ(one.exit_code, 1) << one.err;  // the impossible date
    for (const char* jobs : {"1", "2", "3"}) {
      SCOPED_TRACE(std::string("--shard-by ") + by + " --jobs " + jobs + ", seed " + std::to_string(seed));
      const fs::path archive = dir / (std::string(by) + jobs);
      const std::string json = (dir / "s.json").string();
      const auto run = run_index({"--db", archive.string(), "--shard-by", by, "--jobs", jobs, "--shard-threshold", "1",
                                  "--verbose", "--summary-json", json, (dir / "a").string()});
      ASSERT_EQ(run.exit_code, 1) << run.err;
      EXPECT_NE(run.err.find("parallel shard writers"), std::string::npos) << "the parallel path ran: " << run.err;
      EXPECT_FALSE(fs::exists(build_dir_of(archive))) << "the build directory is removed";
      const auto summary = read_file(json);
      EXPECT_EQ(json_number(summary, "added"), 560) << summary;
      EXPECT_EQ(json_number(summary, "documents"), 560) << summary;
      EXPECT_EQ(json_number(summary, "failed_new"), 1) << summary;
      EXPECT_EQ(read_file(archive / "XAPIANDB"), read_file(single / "XAPIANDB"));
      std::size_t shards = 0;
      for (const auto& entry : fs::directory_iterator(single)) {
        if (!fs::exists(entry.path() / "iamglass")) continue;
        SCOPED_TRACE("shard " + entry.path().filename().string());
        expect_same_database(entry.path(), archive / entry.path().filename());
        ++shards;
      }
      EXPECT_GE(shards, std::string(by) == "year" ? 7U : 13U);
      for (const std::vector<std::string>& query : {std::vector<std::string>{"cafe", "tariff"},
                                                    std::vector<std::string>{"harvest", "council"},
                                                    std::vector<std::string>{letters_of(1003)},
                                                    std::vector<std::string>{"topic:wheat", "date:2019-05"}}) {
        const auto expected = search(single, query);
        const auto got = search(archive, query);
        EXPECT_EQ(got.exit_code, expected.exit_code) << got.err;
        EXPECT_EQ(got.out, expected.out) << "same hits, same order, same snippets";
      }
      // Failure records and the counter came through the merge: a rerun writes nothing.
      const auto revision = open_db(archive / "undated").get_revision();
      const auto rerun = run_index({"--db", archive.string(), "--jobs", jobs, (dir / "a").string()});
      EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
      EXPECT_EQ(rerun.err, "");
      EXPECT_EQ(open_db(archive / "undated").get_revision(), revision);
    }
  }
}

TEST(ShardedBuild, RebuildOfAPopulatedDatabaseAndBelowThreshold) {
  std::mt19937 rng(test_seed());
  TempDir dir;
  generate_corpus(dir / "a", 200, rng);
  const fs::path single = dir / "single.db";
  ASSERT_EQ(run_index({"--db", single.string(), "--jobs", "1", (dir / "a").string()}).exit_code, 1);
  const fs::path db = dir / "db";
  // Below the threshold: one writer (no merge message), same result.
  const auto small = run_index({"--db", db.string(), "--jobs", "2", "--shard-threshold", "5000", "--verbose",
                                (dir / "a").string()});
  ASSERT_EQ(small.exit_code, 1) << small.err;
  EXPECT_EQ(small.err.find("parallel shard writers"), std::string::npos);
  expect_same_database(single, db);
  // --rebuild empties the database, so it is built with shards again.
  const auto rebuild = run_index({"--db", db.string(), "--jobs", "2", "--shard-threshold", "1", "--rebuild",
                                  "--verbose", (dir / "a").string()});
  ASSERT_EQ(rebuild.exit_code, 1) << rebuild.err;
  EXPECT_NE(rebuild.err.find("parallel shard writers"), std::string::npos) << rebuild.err;
  expect_same_database(single, db);
  // Later runs on the populated database go through the single writer.
  write_article(dir / "a/new/x.txt", "2019-09-09", "Late story", "A late wheat harvest.");
  const auto more = run_index({"--db", db.string(), "--jobs", "2", "--shard-threshold", "1", "--verbose",
                               (dir / "a").string()});
  EXPECT_EQ(more.exit_code, 0) << more.err;
  EXPECT_EQ(more.err.find("parallel shard writers"), std::string::npos);
  EXPECT_EQ(open_db(db).get_doccount(), 201U);
  EXPECT_TRUE(has_doc(open_db(db), "new/x.txt"));
}

TEST(ShardedBuild, StaleBuildDirectoryIsRemovedByTheNextRun) {
  TempDir dir;
  write_article(dir / "a/x.txt", "2020-01-01", "One", "Only story.");
  const fs::path db = dir / "db";
  ASSERT_EQ(run_index({"--db", db.string(), (dir / "a").string()}).exit_code, 0);
  const fs::path stale = build_dir_of(db);
  write_file(stale / "shard-0" / "postlist.glass", "left by a killed run");
  // A dry run holds no lock: it must not touch it.
  ASSERT_EQ(run_index({"--db", db.string(), "--dry-run", (dir / "a").string()}).exit_code, 0);
  EXPECT_TRUE(fs::exists(stale));
  const auto run = run_index({"--db", db.string(), (dir / "a").string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(fs::exists(stale));
}

TEST(ShardedBuild, KillNineLeavesTheOldDatabaseOrTheWholeResultAndTheRerunCompletes) {
  const unsigned seed = test_seed();
  std::mt19937 rng(seed);
  TempDir dir;
  constexpr int k_articles = 1500;
  generate_corpus(dir / "a", k_articles, rng);
  const fs::path db = dir / "db";
  const std::vector<std::string> argv{index_binary(), "--db", db.string(), "--jobs", "2", "--shard-threshold", "1",
                                      (dir / "a").string()};
  std::uniform_int_distribution<int> delay_ms(50, 2500);
  bool saw_leftover = false;
  for (int round = 0; round < 5; ++round) {
    const int pid = spawn_process(argv);
    const int delay = delay_ms(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    ::kill(pid, SIGKILL);
    const int status = wait_process(pid);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", kill after " + std::to_string(delay) + " ms, status " +
                 std::to_string(status));
    saw_leftover = saw_leftover || fs::exists(build_dir_of(db));
    if (!fs::exists(db / "iamglass")) {
      continue;  // killed before the database was created
    }
    const auto handle = open_db(db);
    const auto count = handle.get_doccount();
    EXPECT_TRUE(count == 0 || count == static_cast<Xapian::doccount>(k_articles))
        << "a reader sees the empty database or the whole merged one, never part of it: " << count;
    EXPECT_TRUE(unique_ids_consistent(handle));
    expect_check_clean(db);
    if (count != 0) {
      break;  // the build finished: later runs are incremental
    }
  }
  const auto final_run = run_process(argv);
  // 1: the impossible date is new to this run unless a killed run merged it already.
  ASSERT_TRUE(final_run.exit_code == 0 || final_run.exit_code == 1) << final_run.err << " (seed " << seed << ")";
  EXPECT_EQ(final_run.err.find("error"), std::string::npos) << final_run.err;
  const auto handle = open_db(db);
  EXPECT_EQ(handle.get_doccount(), static_cast<Xapian::doccount>(k_articles)) << "seed " << seed;
  EXPECT_TRUE(unique_ids_consistent(handle));
  EXPECT_EQ(handle.get_metadata("dateline.schema_version"), std::to_string(schema::k_schema_version));
  EXPECT_FALSE(fs::exists(build_dir_of(db))) << "a leftover of a killed run is removed";
  expect_check_clean(db);
  RecordProperty("saw_leftover", saw_leftover ? "yes" : "no");
}

TEST(ShardedBuild, SigtermMergesWhatIsDoneAndASecondIndexerIsLockedOut) {
  const unsigned seed = test_seed();
  std::mt19937 rng(seed);
  TempDir dir;
  constexpr int k_articles = 3000;
  generate_corpus(dir / "a", k_articles, rng);
  const fs::path db = dir / "db";
  const std::string json = (dir / "s.json").string();
  // SIGTERM must land while shards are written, after the first one appears;
  // meanwhile the database is locked against a second indexer.
  const int status = interrupt_with_sigterm(
      {index_binary(), "--db", db.string(), "--jobs", "2", "--shard-threshold", "1", "--summary-json", json,
       (dir / "a").string()},
      db, build_dir_of(db) / "shard-0", [&](int pid) {
        const auto second = run_index({"--db", db.string(), (dir / "a").string()});
        const bool still_running = ::kill(pid, 0) == 0 && fs::exists(build_dir_of(db));
        if (still_running) {
          EXPECT_EQ(second.exit_code, 75) << second.err;
        }
      });
  ASSERT_NE(status, 0) << "every build finished before SIGTERM arrived";
  EXPECT_EQ(status, 143);
  EXPECT_FALSE(fs::exists(build_dir_of(db)));
  const auto summary = read_file(json);
  const auto handle = open_db(db);
  EXPECT_EQ(static_cast<long>(handle.get_doccount()), json_number(summary, "documents")) << summary;
  EXPECT_NE(summary.find("\"interrupted\": true"), std::string::npos);
  EXPECT_TRUE(unique_ids_consistent(handle));
  expect_check_clean(db);
  const auto rerun = run_index({"--db", db.string(), "--jobs", "2", (dir / "a").string()});
  EXPECT_TRUE(rerun.exit_code == 0 || rerun.exit_code == 1) << rerun.err;  // 1 if the bad files were not reached
  EXPECT_EQ(open_db(db).get_doccount(), static_cast<Xapian::doccount>(k_articles));
  EXPECT_TRUE(unique_ids_consistent(open_db(db)));
}

} // namespace
} // namespace dateline::test
