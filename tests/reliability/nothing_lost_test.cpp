/** @file nothing_lost_test.cpp
 *  @brief Promise 4: nothing is lost by accident. An unreadable directory or
 *  file keeps its documents; cp -p (older mtime) and same-second rewrites are
 *  reindexed; files deleted while the walk runs are skipped, never fatal.
 */
#include "tests/reliability/reliability_helpers.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

/// The generation of article @p id (below @p root) held by the database, or -1 when absent.
int generation_in(const Xapian::Database& db, const fs::path& root, int id) {
  const std::string q = schema::unique_term(fs::canonical(root).string(), GeneratedCorpus::relative(id));
  auto post = db.postlist_begin(q);
  if (post == db.postlist_end(q)) return -1;
  const Xapian::Document doc = db.get_document(*post);
  const std::string prefix = "art" + std::to_string(id) + "v";
  auto it = doc.termlist_begin();
  it.skip_to(prefix);
  if (it == doc.termlist_end() || (*it).rfind(prefix, 0) != 0) return -1;
  return std::stoi((*it).substr(prefix.size()));
}

/// argv prefix that runs the indexer as "nobody" when we are root (root
/// ignores permission bits), or empty when that is impossible.
std::vector<std::string> as_unprivileged(const fs::path& tree) {
  if (::geteuid() != 0) return {index_binary()};
  if (!fs::exists("/usr/bin/setpriv")) return {};
  for (const auto& entry : fs::recursive_directory_iterator(tree)) {
    (void)::lchown(entry.path().c_str(), 65534, 65534);
  }
  (void)::chown(tree.c_str(), 65534, 65534);
  return {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", index_binary()};
}

TEST(NothingLost, UnreadableDirectoryAndFileKeepTheirDocumentsForOneRun) {
  const unsigned seed = reliability_seed();
  std::mt19937 rng(seed);
  TempDir dir;
  ::chmod(dir.path().c_str(), 0755);
  GeneratedCorpus corpus;
  corpus.root = dir / "archive";
  corpus.add(250, rng);  // d0..d24, 10 files each
  const std::string db = (dir / "db").string();
  const std::string json = (dir / "s.json").string();
  auto prefix = as_unprivileged(dir.path());
  if (prefix.empty()) GTEST_SKIP() << "running as root without setpriv: cannot make anything unreadable";
  auto args = prefix;
  for (const std::string& a : {std::string("--db"), db, std::string("--summary-json"), json, corpus.root.string()}) {
    args.push_back(a);
  }
  ASSERT_EQ(run_process(args).exit_code, 0);

  const int locked_dir = std::uniform_int_distribution<int>(0, 24)(rng);
  int locked_file = std::uniform_int_distribution<int>(0, 249)(rng);
  if (locked_file % 25 == locked_dir) locked_file = (locked_file + 1) % 250;
  // Change a file inside the directory that is about to become unreadable: the
  // change is picked up on the run after it is readable again.
  const int changed_inside = locked_dir;
  corpus.write(changed_inside, 2, rng);
  if (::geteuid() == 0) (void)::chown((corpus.root / GeneratedCorpus::relative(changed_inside)).c_str(), 65534, 65534);
  ::chmod((corpus.root / ("d" + std::to_string(locked_dir))).c_str(), 0);
  ::chmod((corpus.root / GeneratedCorpus::relative(locked_file)).c_str(), 0);
  const auto locked_run = run_process(args);
  ::chmod((corpus.root / ("d" + std::to_string(locked_dir))).c_str(), 0755);
  ::chmod((corpus.root / GeneratedCorpus::relative(locked_file)).c_str(), 0644);
  SCOPED_TRACE("seed " + std::to_string(seed) + ", unreadable d" + std::to_string(locked_dir) + " and " +
               GeneratedCorpus::relative(locked_file));
  // The unreadable file is unchanged (chmod alters only the ctime), so it is not
  // even opened: exit 0; had it changed, it would be an 'unreadable' failure (1).
  EXPECT_TRUE(locked_run.exit_code == 0 || locked_run.exit_code == 1) << locked_run.err;
  EXPECT_NE(locked_run.err.find("d" + std::to_string(locked_dir)), std::string::npos) << locked_run.err;
  const std::string summary = read_file(json);
  EXPECT_EQ(json_number(summary, "deleted"), 0) << summary;
  {
    const auto handle = open_db(db);
    EXPECT_EQ(handle.get_doccount(), 250U) << "nothing was deleted";
    EXPECT_EQ(generation_in(handle, corpus.root, locked_file), 1) << "an unreadable file keeps its document";
    EXPECT_EQ(generation_in(handle, corpus.root, changed_inside), 1);
  }
  const auto readable_again = run_process(args);
  EXPECT_EQ(readable_again.exit_code, 0) << readable_again.err;
  const auto handle = open_db(db);
  EXPECT_EQ(handle.get_doccount(), 250U);
  EXPECT_EQ(generation_in(handle, corpus.root, changed_inside), 2) << "the change made while unreadable is indexed now";
  EXPECT_TRUE(unique_ids_consistent(handle));
}

TEST(NothingLost, OlderMtimeAndSameSecondRewritesAreReindexed) {
  const unsigned seed = reliability_seed();
  std::mt19937 rng(seed);
  TempDir dir;
  GeneratedCorpus corpus;
  corpus.root = dir / "archive";
  corpus.add(300, rng);
  GeneratedCorpus staging;  // older copies for cp -p
  staging.root = dir / "staging";
  const std::string db = (dir / "db").string();
  ASSERT_EQ(run_index({"--db", db, corpus.root.string()}).exit_code, 0);

  // Same second: rewrite at once (same size: v1 -> v2 keeps the length).
  std::vector<int> same_second;
  std::vector<int> copied_older;
  std::uniform_int_distribution<int> pick(0, 299);
  for (int i = 0; i < 20; ++i) same_second.push_back(pick(rng));
  for (int id : same_second) corpus.write(id, 2, rng);
  // cp -p: a copy with an mtime a year older replaces the file.
  for (int i = 0; i < 20; ++i) {
    const int id = pick(rng);
    if (corpus.generation[id] != 1) continue;
    staging.write(id, 3, rng);
    const fs::path source = staging.root / GeneratedCorpus::relative(id);
    set_mtime(source, 1600000000 + id);
    const auto cp = run_process({"/bin/cp", "-p", source.string(), (corpus.root / GeneratedCorpus::relative(id)).string()});
    ASSERT_EQ(cp.exit_code, 0) << cp.err;
    corpus.generation[id] = 3;
    copied_older.push_back(id);
  }
  const auto rerun = run_index({"--db", db, corpus.root.string()});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  const auto handle = open_db(db);
  for (const auto& [id, gen] : corpus.generation) {
    EXPECT_EQ(generation_in(handle, corpus.root, id), gen) << "seed " << seed << ": article " << id << " is stale";
  }
  std::printf("%zu same-second rewrites and %zu cp -p replacements all reindexed\n", same_second.size(),
              copied_older.size());
}

TEST(NothingLost, FilesDeletedDuringTheWalkAreSkippedNotFatal) {
  const unsigned seed = reliability_seed();
  std::mt19937 rng(seed);
  TempDir dir;
  GeneratedCorpus corpus;
  corpus.root = dir / "archive";
  corpus.add(3000, rng);
  const std::string db = (dir / "db").string();
  const int pid = spawn_process({index_binary(), "--db", db, "--commit-every", "50", corpus.root.string()});
  // Delete random files (and one whole directory) while it walks and reads.
  std::vector<int> ids;
  for (const auto& [id, gen] : corpus.generation) ids.push_back(id);
  std::shuffle(ids.begin(), ids.end(), rng);
  int deleted = 0;
  for (int i = 0; i < 600; ++i) {
    fs::remove(corpus.root / GeneratedCorpus::relative(ids[static_cast<std::size_t>(i)]));
    corpus.generation.erase(ids[static_cast<std::size_t>(i)]);
    ++deleted;
    if (i % 20 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const int victim_dir = std::uniform_int_distribution<int>(0, 24)(rng);
  fs::remove_all(corpus.root / ("d" + std::to_string(victim_dir)));
  for (auto it = corpus.generation.begin(); it != corpus.generation.end();) {
    it = it->first % 25 == victim_dir ? corpus.generation.erase(it) : std::next(it);
  }
  const int status = wait_process(pid);
  EXPECT_TRUE(status == 0 || status == 1) << "seed " << seed << ": exit " << status;
  {
    const auto handle = open_db(db);
    EXPECT_TRUE(unique_ids_consistent(handle));
    expect_whole_documents(handle, "after the racing run");
  }
  expect_check_clean(db, "after the racing run");
  const auto rerun = run_index({"--db", db, corpus.root.string()});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(open_db(db).get_doccount(), corpus.generation.size()) << "seed " << seed;
  std::printf("deleted %d files and directory d%d during the run (exit %d); rerun has %zu documents\n", deleted,
              victim_dir, status, corpus.generation.size());
}

} // namespace
} // namespace dateline::test
