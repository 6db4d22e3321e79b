/** @file compact.hpp
 *  @brief `dateline-index --compact`: a time-sharded archive's shards written
 *  since their last compaction (compact_archive), or one unsharded database,
 *  compacted beside it and swapped in atomically under its write lock; both
 *  through one sequence (compact, record, sync, permissions, exchange,
 *  remove).
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dateline::indexer {

/// What --compact did.
struct CompactCounts {
  std::vector<std::string> compacted;  ///< shards compacted now (an unsharded database: its directory name)
  std::vector<std::string> unchanged;  ///< compacted before and not written since: left alone
  bool sharded = true;                 ///< a time-sharded archive (else one database)
  std::uintmax_t bytes_before = 0;     ///< the files of what was compacted, before
  std::uintmax_t bytes_after = 0;      ///< and after
};

/// @p list (metadata schema::k_meta_compacted_from: UUIDs one a line, oldest
/// first) with @p uuid appended, the oldest dropped beyond
/// schema::k_max_compacted_from.
[[nodiscard]] std::string with_earlier_uuid(const std::string& list, const std::string& uuid);

/// The total size of the regular files directly in @p dir (a glass database).
[[nodiscard]] std::uintmax_t directory_bytes(const std::string& dir);

/// `dateline-index --compact` (#15.3) of a time-sharded archive: under the
/// archive's lock, compacts (Xapian::Database::compact) every shard of the
/// archive at @p path written since its last compaction, the undated shard
/// last, swaps each compacted copy in atomically (renameat2 RENAME_EXCHANGE:
/// readers see the old shard or the new one) and records in it the revision
/// it has afterwards (schema::k_meta_shard_compacted), so a closed period is
/// compacted once; the undated shard's old UUID is appended to
/// schema::k_meta_compacted_from (saved searches continue). Throws
/// UsageError for a path that is not a sharded archive (or is one of its
/// shards), DatabaseLockedError when another run holds it.
[[nodiscard]] CompactCounts compact_archive(const std::string& path, std::optional<double> wait_seconds);

/// `dateline-index --compact` on @p path: compact_archive for a time-sharded
/// archive (or a UsageError for one of its shards); for one database, when it
/// was written since its last compaction (schema::k_meta_shard_compacted),
/// under its write lock, held throughout: Xapian::Database::compact into the
/// build directory beside it (build_dir.hpp), the database's metadata carried
/// over plus its old UUID appended to schema::k_meta_compacted_from (saved
/// searches continue), the timeline's day map recomputed for the new
/// revision (schema::k_meta_day_runs), the compaction recorded, every file
/// synced, the old permissions given, then the two directories exchanged
/// (renameat2 RENAME_EXCHANGE: a reader sees the old database or the new one)
/// and the old one removed. A run killed before the exchange leaves the
/// database as it was (and a build directory the next run removes).
/// Throws UsageError when @p path is not a Dateline database,
/// DatabaseLockedError when another run holds it (after @p wait_seconds),
/// DatabaseError otherwise (the database unchanged unless the exchange ran).
[[nodiscard]] CompactCounts compact_database(const std::string& path, std::optional<double> wait_seconds);

/// The line `dateline-index --compact` says (without the program name):
/// "compacted 2 shards: 1988, undated; 1 unchanged since their last
/// compaction (1.2 MB -> 0.9 MB)", "compacted the database 'db' (65.2 MB ->
/// 60.1 MB)" or "the database 'db' is unchanged since its last compaction".
[[nodiscard]] std::string compact_line(const CompactCounts& counts);

} // namespace dateline::indexer
