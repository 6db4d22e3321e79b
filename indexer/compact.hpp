/** @file compact.hpp
 *  @brief `dateline-index --compact`: a time-sharded archive's shards written
 *  since their last compaction (shards.hpp compact_archive), or one unsharded
 *  database, compacted beside it and swapped in atomically under its write
 *  lock.
 */
#pragma once

#include "indexer/shards.hpp"

#include <optional>
#include <string>

namespace dateline::indexer {

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
