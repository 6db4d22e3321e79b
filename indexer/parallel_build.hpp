/** @file parallel_build.hpp
 *  @brief Parallel first build: each worker thread analyses a contiguous part
 *  of the files and writes its own temporary Xapian database (a shard); the
 *  shards and the (empty) target are merged with Xapian's compactor, and the
 *  merged database replaces the target with an atomic directory swap.
 *
 *  Xapian lets one process write a database from one thread only, and its
 *  writer (inversion, flushing, zlib) is most of the indexing work, so this is
 *  the only way to put more than one core on it. See docs/indexer.md.
 */
#pragma once

#include "indexer/build_dir.hpp"
#include "indexer/database.hpp"
#include "indexer/options.hpp"
#include "indexer/plan.hpp"
#include "indexer/reporter.hpp"
#include "indexer/run_context.hpp"
#include "indexer/stories.hpp"
#include "indexer/summary.hpp"
#include "indexer/walker.hpp"
#include "indexer/writer.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dateline::indexer {

/// True when this run should build shards: a writing run over a database
/// holding no documents, with at least --shard-threshold files to read (0
/// disables sharding). --jobs 1 builds one shard.
[[nodiscard]] bool should_build_in_parallel(const IndexOptions& options, const OpenedDatabase& db, const Plan& plan);

/// Splits tasks [0, count) into at most @p parts contiguous ranges of about
/// equal work (file bytes plus a fixed per-file cost). Empty ranges are dropped.
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> split_tasks(const Plan& plan, const WalkResult& walk,
                                                                           unsigned parts);

struct ParallelBuildOutcome {
  Summary counts;  ///< added, skipped, ... over all shards
  /// Failure-record writes, in task order, for the caller to apply to the
  /// merged database (against the records it already holds).
  MetadataWrites failure_records;
  /// The target's handle while @p db refers to the merged database (which
  /// is not yet in place); empty when no shard holds a document.
  std::optional<Xapian::WritableDatabase> target;
  /// The highest sequence number a shard gave out (sequence_base when none):
  /// the caller raises the run's counter to it (Writer::raise_sequence).
  std::uint64_t last_sequence = 0;
  double seconds_writing = 0;
  double seconds_merging = 0;
  std::vector<double> shard_seconds;      ///< each shard thread's wall time
  std::vector<double> shard_cpu_seconds;  ///< and its CPU time
  /// A time-sharded archive: its stories, grouped over every part before
  /// the merge (group_part_stories), so that the merge is each shard's last
  /// write and is recorded as its compaction.
  std::optional<StoryCounts> stories_in_parts;
};

/// Runs the shards of @p run's plan (on SIGINT/SIGTERM the shards stop
/// reading and what is done is merged) in @p dir and merges them with @p db (committed,
/// write-locked, no documents: the target, or under --rebuild the new database
/// in the same build directory) into a new database in @p dir. On return,
/// unless no shard holds a document, @p db's handles refer to the merged
/// database, write-locked by this process, and outcome.target holds the
/// target's: the caller writes what remains (failure records), commits, then
/// calls swap_in_merged(). On an exception the target is untouched and @p
/// dir's destructor removes the rest. @p sequence_base is the run's last
/// indexing sequence number: task i's document is numbered sequence_base +
/// i + 1 (Writer::sequence_base), so no two shards give the same number.
[[nodiscard]] ParallelBuildOutcome build_in_parallel(const RunContext& run, std::uint64_t sequence_base,
                                                     const BuildDir& dir, OpenedDatabase& db);

/// Atomically puts the merged database (committed) in the target's place.
/// Nothing may be written through @p db afterwards: Xapian writes by path, and
/// the path it opened is now the old database's. Both write locks are held
/// across the swap, so no other indexer gets between; this process holds the
/// new database's lock until @p db closes.
void swap_in_merged(const BuildDir& dir, OpenedDatabase& db, ParallelBuildOutcome& outcome);

} // namespace dateline::indexer
