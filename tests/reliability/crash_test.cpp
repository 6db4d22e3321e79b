/** @file crash_test.cpp
 *  @brief Promise 1: kill -9 at 20 random moments (first fill, updates and
 *  deletions, --rebuild) and SIGTERM; after each the database opens, passes
 *  xapian-check and holds only whole documents; the final run has exactly one
 *  document per article, each of its current version.
 */
#include "tests/reliability/reliability_helpers.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <chrono>
#include <csignal>
#include <optional>
#include <set>
#include <thread>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Article id from a document's Q term ("Qd7/story-123.txt" -> 123), or -1.
int article_id(const std::string& q_term) {
  const auto dash = q_term.rfind("story-");
  const auto dot = q_term.rfind(".txt");
  if (dash == std::string::npos || dot == std::string::npos || dot <= dash + 6) return -1;
  return std::stoi(q_term.substr(dash + 6, dot - dash - 6));
}

/// The generation of article @p id that document @p doc holds, or -1.
int held_generation(const Xapian::Document& doc, int id) {
  const std::string prefix = "art" + std::to_string(id) + "v";
  auto it = doc.termlist_begin();
  it.skip_to(prefix);
  if (it == doc.termlist_end() || (*it).rfind(prefix, 0) != 0) return -1;
  return std::stoi((*it).substr(prefix.size()));
}

struct Expectation {
  const GeneratedCorpus* corpus = nullptr;
  std::map<int, int> max_generation;  ///< every version ever written
};

/// After an interrupted run: whole documents, one per Q term, each a version
/// of an article that existed at some point. After a completed run (exact):
/// precisely the corpus, every document of its current version.
/// A glass database, or a time-sharded archive (#15.3) through its stub file.
Xapian::Database open_any(const fs::path& db_path) {
  return fs::exists(db_path / "XAPIANDB") ? Xapian::Database(db_path.string()) : open_db(db_path);
}

/// xapian-check of a glass database, or of each shard of an archive.
void check_any(const fs::path& db_path, const std::string& context) {
  if (!fs::exists(db_path / "XAPIANDB")) {
    expect_check_clean(db_path, context);
    return;
  }
  for (const auto& entry : fs::directory_iterator(db_path)) {
    if (entry.is_directory() && fs::exists(entry.path() / "iamglass")) expect_check_clean(entry.path(), context);
  }
}

void verify(const fs::path& db_path, const Expectation& expect, bool exact, const std::string& context) {
  const Xapian::Database db = open_any(db_path);
  // An archive killed between a move's two commits holds the article in both
  // shards until the next run removes the stale copy (docs/scaling.md).
  const bool moves_may_be_doubled = !exact && fs::exists(db_path / "XAPIANDB");
  if (!moves_may_be_doubled) {
    EXPECT_TRUE(unique_ids_consistent(db)) << context;
  }
  expect_whole_documents(db, context);
  std::set<int> seen;
  for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
    const int id = article_id(*it);
    ASSERT_GE(id, 0) << context << ": unexpected Q term " << *it;
    const auto known = expect.max_generation.find(id);
    ASSERT_NE(known, expect.max_generation.end()) << context << ": article " << id << " was never written";
    const Xapian::Document doc = db.get_document(*db.postlist_begin(*it));
    const int generation = held_generation(doc, id);
    EXPECT_GE(generation, 1) << context << ": " << *it << " holds no version token (partial document?)";
    EXPECT_LE(generation, known->second) << context << ": " << *it;
    if (exact) {
      const auto current = expect.corpus->generation.find(id);
      ASSERT_NE(current, expect.corpus->generation.end()) << context << ": deleted article " << id << " kept";
      EXPECT_EQ(generation, current->second) << context << ": stale version of article " << id;
    }
    seen.insert(id);
  }
  if (exact) {
    EXPECT_EQ(seen.size(), expect.corpus->generation.size()) << context << ": one document per article";
  }
  check_any(db_path, context);
}

/// What a kill test starts from: the test's seed and random numbers, a
/// temporary folder and in its archive/ @p articles generated articles,
/// whose dates move between periods at every rewrite when the database is
/// time-sharded (@p shard_by not empty).
struct KillTestCorpus {
  KillTestCorpus(const std::string& shard_by, int articles) : seed(reliability_seed()), rng(seed) {
    corpus.root = dir / "archive";
    corpus.move_dates = !shard_by.empty();
    corpus.add(articles, rng);
  }
  unsigned seed;
  std::mt19937 rng;
  TempDir dir;
  GeneratedCorpus corpus;
};

/// kill -9 at @p k_kills random moments (and SIGTERM); with @p shard_by
/// ("year"), on a time-sharded archive whose articles move between shards
/// at every rewrite.
void kill_nine_at_random_moments(const std::string& shard_by, int k_kills) {
  KillTestCorpus setup(shard_by, 2500);
  auto& [seed, rng, dir, corpus] = setup;
  Expectation expect;
  expect.corpus = &corpus;
  const auto remember = [&] {
    for (const auto& [id, gen] : corpus.generation) {
      expect.max_generation[id] = std::max(expect.max_generation[id], gen);
    }
  };
  remember();
  const fs::path db = dir / "db";
  std::vector<std::string> base{index_binary(), "--db", db.string(), "--commit-every", "25", "--summary-json",
                                (dir / "s.json").string(), corpus.root.string()};
  std::vector<std::string> calibration_args{"--db", (dir / "calibration.db").string(), "--commit-every", "25",
                                            corpus.root.string()};
  if (!shard_by.empty()) {
    base.insert(base.begin() + 1, {"--shard-by", shard_by});
    calibration_args.insert(calibration_args.begin(), {"--shard-by", shard_by});
  }

  // How long a full run takes here: the kills are spread over that time.
  const auto calibration_start = Clock::now();
  const auto calibration = run_index(calibration_args);
  ASSERT_EQ(calibration.exit_code, 0) << calibration.err;
  const double full_run = seconds_since(calibration_start);
  fs::remove_all(dir / "calibration.db");
  std::printf("a full run takes %.2f s; kills are drawn from [0, %.2f s]\n", full_run, full_run);

  int kills = 0;
  int sigterms = 0;
  int finished = 0;
  int rounds = 0;
  bool complete = false;  // the last run finished: the database matches the corpus
  // Runs that resume or find little to do end sooner than a full run: when a
  // run finishes before its signal, the window for later kills shrinks (and
  // grows back after a kill), so the kills keep landing inside runs.
  double window = full_run;
  while (kills < k_kills && rounds < 8 * k_kills) {
    ++rounds;
    std::vector<std::string> argv = base;
    const int kind = std::uniform_int_distribution<int>(0, 5)(rng);
    std::string what = "resume";
    if (kind == 4 || (complete && kind % 2 == 0)) {
      corpus.mutate(rng);
      remember();
      what = "after rewriting/deleting/adding files";
    } else if (kind == 5 || complete) {
      argv.insert(argv.begin() + 1, "--rebuild");
      what = "--rebuild";
    }
    const bool use_sigterm = rounds % 6 == 0;
    const double delay = std::uniform_real_distribution<double>(0.0, window)(rng);
    fs::remove(dir / "s.json");
    const int pid = spawn_process(argv);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    ::kill(pid, use_sigterm ? SIGTERM : SIGKILL);
    const int status = wait_process(pid);
    const std::string context = "seed " + std::to_string(seed) + ", round " + std::to_string(rounds) + " (" + what +
                                "), " + (use_sigterm ? "SIGTERM" : "kill -9") + " after " +
                                std::to_string(static_cast<int>(delay * 1000)) + " ms, exit " + std::to_string(status);
    SCOPED_TRACE(context);
    complete = status == 0;
    if (status == 0) {
      ++finished;
      window = std::max(0.02, window * 0.7);
    } else if (use_sigterm) {
      EXPECT_EQ(status, 143) << "SIGTERM: committed work is kept and the exit code is 143";
      ++sigterms;
      if (fs::exists(dir / "s.json")) {
        const std::string summary = read_file(dir / "s.json");
        if (summary.find("\"interrupted\": true") != std::string::npos) {
          EXPECT_EQ(json_number(summary, "documents"), static_cast<long>(open_any(db).get_doccount())) << summary;
        }
      }
    } else {
      ASSERT_EQ(status, 128 + SIGKILL) << "the indexer failed on its own";
      ++kills;
      window = std::min(full_run, window * 1.2);
    }
    if (!fs::exists(db / "iamglass") && !fs::exists(db / "XAPIANDB")) continue;  // killed before it existed
    verify(db, expect, complete, context);
    if (::testing::Test::HasFailure()) break;
  }
  const auto last = run_process(base);
  ASSERT_EQ(last.exit_code, 0) << last.err;
  verify(db, expect, true, "final run, seed " + std::to_string(seed));
  EXPECT_EQ(open_any(db).get_doccount(), corpus.generation.size());
  std::printf("%d kill -9 survived, %d SIGTERM stops, %d runs finished first, %d rounds; final %zu documents\n",
              kills, sigterms, finished, rounds, corpus.generation.size());
  ::testing::Test::RecordProperty("kills", kills);
  ::testing::Test::RecordProperty("sigterms", sigterms);
  EXPECT_EQ(kills, k_kills) << "the indexer kept finishing before the kill: machine much faster than calibrated";
}

TEST(CrashSafety, KillNineAtTwentyRandomMomentsAndSigterm) { kill_nine_at_random_moments("", 20); }

/// #15.3: the same on an archive sharded by year, every rewrite a move
/// between shards: no document lost or doubled, each shard xapian-check clean.
TEST(CrashSafety, KillNineOnATimeShardedArchive) { kill_nine_at_random_moments("year", 8); }

/// The database at @p db records a folder (read while its indexer writes:
/// false when it cannot be read yet).
bool records_folder(const fs::path& db) {
  try {
    return !open_any(db).get_metadata(std::string(schema::k_meta_roots)).empty();
  } catch (const Xapian::Error&) {
    return false;
  }
}

// A first build killed (kill -9, an OOM kill, a power cut) left a database
// that recorded no folder and no options: the next run without DIR (the
// crontab's saved-search line, the systemd timer) exited 2 until someone gave
// the folder by hand. The folders and options are recorded in one commit
// before the first document, so that run continues the build, with the
// options of the first (--exclude d3 here), and a killed build never looks
// finished (no last run recorded).
class FirstBuildKilled : public ::testing::TestWithParam<std::string> {};

TEST_P(FirstBuildKilled, ARunWithoutAFolderContinuesIt) {
  const std::string shard_by = GetParam();
  KillTestCorpus setup(shard_by, 2000);
  auto& [seed, rng, dir, corpus] = setup;
  const fs::path db = dir / "db";
  std::vector<std::string> argv{index_binary(), "--db", db.string(), "--commit-every", "25", "--exclude", "d3"};
  if (!shard_by.empty()) argv.insert(argv.end(), {"--shard-by", shard_by});
  argv.push_back(corpus.root.string());
  const int pid = spawn_process(argv);
  // Killed once the database records its folder, or 300 ms after it
  // appeared without that record.
  const auto started = Clock::now();
  std::optional<Clock::time_point> appeared;
  while (seconds_since(started) < 60) {
    if (fs::exists(db / "iamglass") || fs::exists(db / "undated" / "iamglass")) {
      if (!appeared) appeared = Clock::now();
      if (records_folder(db) || seconds_since(*appeared) > 0.3) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(pid, SIGKILL);
  ASSERT_EQ(wait_process(pid), 128 + SIGKILL) << "the first build ended before the kill; seed " << seed;
  const std::size_t articles = corpus.generation.size() - corpus.generation.size() / 25;  // d3 excluded
  {
    const Xapian::Database killed = open_any(db);
    EXPECT_LT(killed.get_doccount(), articles);
    EXPECT_EQ(killed.get_metadata(std::string(schema::k_meta_last_run_text)), "") << "looks finished";
  }
  const auto cron = run_index({"--db", db.string()});
  ASSERT_EQ(cron.exit_code, 0) << cron.err;
  const Xapian::Database all = open_any(db);
  EXPECT_EQ(all.get_doccount(), articles);
  EXPECT_TRUE(unique_ids_consistent(all));
  for (auto it = all.allterms_begin("Q"); it != all.allterms_end("Q"); ++it) {
    EXPECT_EQ((*it).find("/d3/"), std::string::npos) << *it << ": --exclude d3 was not kept";
  }
  EXPECT_NE(all.get_metadata(std::string(schema::k_meta_last_run_text)), "");
  check_any(db, "seed " + std::to_string(seed));
}

INSTANTIATE_TEST_SUITE_P(CrashSafety, FirstBuildKilled, ::testing::Values(std::string(), std::string("year")),
                         [](const ::testing::TestParamInfo<std::string>& row) {
                           return row.param.empty() ? std::string("unsharded") : "shard_by_" + row.param;
                         });

} // namespace
} // namespace dateline::test
