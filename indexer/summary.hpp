/** @file summary.hpp
 *  @brief The counts of one run, as a closing line for people and as JSON for
 *  monitoring (written with common/atomic_file.hpp).
 */
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace dateline::indexer {

/// The oldest year an article is plausibly dated in: the first printed
/// newspapers appeared in the 1600s (Strasbourg's Relation, 1605), and
/// archives of old scans go back that far. An earlier date is almost always
/// a mistyped year (0063, 1204 for 2024): the indexer keeps it but warns and
/// counts it (Summary::ancient_dated), as it does a date after today.
inline constexpr int k_oldest_plausible_year = 1600;

struct Summary {
  std::size_t files_seen = 0;      ///< candidate files found by the walk
  std::size_t added = 0;
  std::size_t updated = 0;         ///< content changed: re-analysed
  std::size_t refreshed = 0;       ///< stat changed but content hash equal: values rewritten only
  std::size_t renamed = 0;         ///< moved file recognised by its hash: not re-analysed
  std::size_t deleted = 0;
  std::size_t unchanged = 0;       ///< not read at all
  std::size_t protected_docs = 0;  ///< kept because their directory was unreadable this run
  std::map<std::string, std::size_t> skipped;  ///< reason -> files not indexed this run
  std::size_t failed_new = 0;      ///< failures first seen in this run (exit code 1)
  std::size_t failed_remembered = 0;  ///< unchanged files that failed before; not retried
  std::size_t repaired = 0;        ///< indexed after encoding repair/conversion
  std::size_t terms_dropped = 0;   ///< terms refused for exceeding Xapian's limit
  std::size_t truncated = 0;       ///< indexed only up to k_max_document_words distinct words
  std::size_t future_dated = 0;    ///< indexed with a date after today (+1 day): a typo or an embargo
  std::size_t ancient_dated = 0;   ///< indexed with a date before k_oldest_plausible_year: a typo
  std::size_t symlinks_not_followed = 0;  ///< symbolic links skipped because --follow was not given
  std::size_t symlinks_refused = 0;  ///< with --follow: dangling, looping or leading outside the roots
  std::size_t unreadable_dirs = 0;
  std::size_t too_deep_dirs = 0;   ///< deeper than --max-depth: not descended, their documents kept
  /// Folders this run indexed that hold no article file (no file matching
  /// --include): each named in a warning, and the exit code is 1, so a cron
  /// job can tell "nothing there" (an unmounted archive, a typo) from success.
  std::size_t empty_roots = 0;
  /// Documents whose files are gone, kept because their folder lost more of
  /// them than it still holds files (at least k_mass_deletion_floor): a
  /// half-mounted share; named per folder in a warning, exit code 1, until
  /// --allow-removal.
  std::size_t deletions_held_back = 0;
  std::size_t documents = 0;       ///< documents in the database after the run
  double seconds = 0;
  bool dry_run = false;
  std::size_t discarded = 0;       ///< an interrupted --rebuild: files analysed into the build thrown away
  bool interrupted = false;
  int exit_code = 0;

  [[nodiscard]] std::size_t skipped_total() const;
  /// "2 symbolic links refused (dangling, ...)", the summary line's and the
  /// no-article warning's words for symlinks_refused.
  [[nodiscard]] static std::string refused_links_text(std::size_t count);
  /// "12 added, 1 updated, ... 3.2 s" (one line, no newline).
  [[nodiscard]] std::string to_line() const;
  /// A JSON object with every count (keys documented in docs/indexer.md).
  [[nodiscard]] std::string to_json() const;
};

/// Adds the per-file counters a Writer keeps (added ... truncated, future_dated) of
/// @p from to @p into (merging the counts of parallel shard writers).
void add_writer_counts(Summary& into, const Summary& from);

/// Checks --summary-json @p summary_path before the run: its directory must
/// exist and be writable (common/atomic_file.hpp), and it must not lie inside
/// the database @p db_path (writing there would destroy the database just
/// built). Throws UsageError naming the user's path (exit 2).
void check_summary_path(const std::string& summary_path, const std::string& db_path);

/// Checks --summary-json @p summary_path against the folders a run walks
/// (@p roots, canonical) and its --include/--exclude globs: a path the walk
/// would index (an existing article, or a new file with an indexed name) is
/// refused, since writing the summary there would replace an article with
/// JSON or add one. Hidden, excluded and non-matching names are fine. Throws
/// UsageError naming the user's path (exit 2); called before anything is written.
void check_summary_not_indexed(const std::string& summary_path, const std::vector<std::string>& roots,
                               const std::vector<std::string>& includes, const std::vector<std::string>& excludes);

} // namespace dateline::indexer
