/** @file reliability_helpers.hpp
 *  @brief Shared pieces of the reliability tests: seeds, generated corpora,
 *  xapian-check, whole-document checks, term-length scans and tmpfs mounts.
 */
#pragma once

#include "tests/integration/indexer/index_helpers.hpp"

#include <xapian.h>

#include <cstddef>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace dateline::test {

/// The test's seed: $DATELINE_SEED, else $DATELINE_TEST_SEED, else the clock.
/// Printed (and recorded as a gtest property) so a failure can be replayed.
[[nodiscard]] unsigned reliability_seed();

/// Generated articles: article i of generation g carries the token "art<i>v<g>"
/// so a test can tell which version of a file a document holds.
struct GeneratedCorpus {
  std::filesystem::path root;
  std::map<int, int> generation;  ///< article id -> current generation (absent: deleted)
  int next_id = 0;
  unsigned salt = 0;  ///< drawn from the test's generator on the first write
  /// Dates over 2015-2020 by id and generation, so that every rewrite moves
  /// the article into another year (time-based shards, #15.3); else 2021-03.
  bool move_dates = false;

  /// Relative path of article @p id ("d<id % 25>/story-<id>.txt").
  [[nodiscard]] static std::string relative(int id);
  /// The token only generation @p generation of article @p id contains.
  [[nodiscard]] static std::string token(int id, int generation);
  /// Writes article @p id at generation @p generation (40 words that depend only
  /// on the id and the salt, plus the version token).
  void write(int id, int generation, std::mt19937& rng);
  /// Adds @p count new articles.
  void add(int count, std::mt19937& rng);
  /// Rewrites, deletes and adds a few percent of the articles.
  void mutate(std::mt19937& rng);
};

/// Result of /usr/bin/xapian-check on a database.
struct CheckResult {
  bool available = false;  ///< false: xapian-check is not installed (the check is skipped)
  bool clean = false;
  std::string output;
};
[[nodiscard]] CheckResult xapian_check(const std::filesystem::path& db);
/// EXPECTs a clean xapian-check (prints a note once when it is absent).
void expect_check_clean(const std::filesystem::path& db, const std::string& context);

/// EXPECTs every document to be whole: one Q term, document data with a
/// title, a date value or the undated term. Returns the number checked.
std::size_t expect_whole_documents(const Xapian::Database& db, const std::string& context);

/// Length of the longest term in the database, and the term itself.
[[nodiscard]] std::pair<std::size_t, std::string> longest_term(const Xapian::Database& db);

/// A tmpfs mounted for the test's lifetime (needs root); unmounted lazily.
class TmpfsMount {
public:
  TmpfsMount(std::filesystem::path dir, const std::string& size);
  ~TmpfsMount();
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;

  [[nodiscard]] bool mounted() const noexcept { return m_mounted; }
  [[nodiscard]] const std::string& error() const noexcept { return m_error; }
  /// Grows (or shrinks) the file system; false on failure.
  bool resize(const std::string& size);

private:
  std::filesystem::path m_dir;
  bool m_mounted = false;
  std::string m_error;
};

/// Runs dateline-search with @p args (the binary path is prepended).
[[nodiscard]] ProcessResult run_search(const std::vector<std::string>& args, const ProcessOptions& options = {});

/// Seconds since @p start.
[[nodiscard]] double seconds_since(std::chrono::steady_clock::time_point start);

} // namespace dateline::test
