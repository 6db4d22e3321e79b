/** @file parallel_build.cpp
 *  @brief Shard writer threads, the compactor merge and the swap.
 */
#include "indexer/parallel_build.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "common/text_analyzer.hpp"
#include "indexer/file_reader.hpp"
#include "indexer/shards.hpp"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <thread>
#include <time.h>

namespace dateline::indexer {
namespace {

/// Work of one file besides its bytes (open, parse, document overhead), in bytes.
constexpr std::uint64_t k_per_file_cost = 2048;

/// Shards are throwaway (rebuilt if anything fails), so they commit without
/// fsync. Small batches are faster than big ones: Xapian's in-memory posting
/// maps stay cache-sized (Reuters, 2 shards: committing every 1,000 documents
/// instead of 20,000 took shard CPU time from ~16 s to ~12 s and peak RSS
/// from 408 MB to 107 MB, although it executes ~4% more instructions; 400
/// was no slower than 1,000 within the machine's noise and peaks at 84 MB).
constexpr std::size_t k_shard_commit_every = 400;
constexpr int k_shard_flags = Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC;

struct Shard {
  std::pair<std::size_t, std::size_t> range;
  std::string path;
  /// Building a time-sharded archive (#15.3): path is a temporary archive
  /// sharded by this (open_part_archive).
  std::optional<ShardBy> by;
  OpenedDatabase db;
  Summary summary;
  MetadataWrites metadata;
  SpellingCounts spelling;
  std::uint64_t last_sequence = 0;
  std::exception_ptr error;
  double seconds = 0;      ///< wall time of the thread
  double cpu_seconds = 0;  ///< CPU time of the thread
};

double thread_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/// One shard thread: read, analyse and write its range of tasks.
void run_shard(const RunContext& run, std::uint64_t sequence_base, Shard& shard, const std::atomic<bool>& abort) {
  const auto started = std::chrono::steady_clock::now();
  try {
    const TextAnalyzer analyzer(run.language);
    if (shard.by) {  // a time-sharded archive (#15.3): a temporary archive, documents by date
      open_part_archive(shard.path, *shard.by, run.language, shard.db);
    } else {
      shard.db.writable.emplace(shard.path, k_shard_flags);
      shard.db.reader = *shard.db.writable;
      shard.db.exists = true;
    }
    Writer::Params params;
    params.db = &shard.db;
    params.summary = &shard.summary;
    params.analyzer = &analyzer;
    params.commit_every = k_shard_commit_every;
    params.deferred_metadata = &shard.metadata;
    params.collected_spelling = &shard.spelling;
    Writer writer(run, params);
    writer.set_sequence_base(sequence_base);
    for (std::size_t i = shard.range.first; i < shard.range.second; ++i) {
      if (run.stop.load(std::memory_order_relaxed) || abort.load(std::memory_order_relaxed)) {
        break;
      }
      const Task& task = run.plan.tasks[i];
      const WalkedFile& file = run.walk.files[task.file];
      writer.apply(task, read_file(analyzer, file, read_params_for(run.options, run.roots, run.plan, task, file)));
      run.reporter.progress_step();
    }
    writer.commit_if_dirty();
    shard.last_sequence = writer.last_sequence();
    shard.db.writable->close();
    if (shard.by) {  // the part's shards created as periods appeared, committed above: closed with their handles
      shard.db.archive.reset();
      shard.db.writable.reset();
      shard.db.reader = Xapian::Database();
    }
    shard.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    shard.cpu_seconds = thread_cpu_seconds();
  } catch (const Xapian::Error& e) {
    shard.error = std::make_exception_ptr(
        DatabaseError("temporary shard '" + shard.path + "': " + e.get_description()));
  } catch (...) {
    shard.error = std::current_exception();
  }
}

/// All shards' spelling words in one document-less database: Xapian writes
/// each spelling fragment once, and the compactor copies the table instead
/// of decompressing, merging and recompressing one copy per shard.
Xapian::Database write_spelling(const std::string& path, std::vector<Shard>& shards) {
  SpellingCounts all = std::move(shards.front().spelling);
  for (std::size_t i = 1; i < shards.size(); ++i) {
    add_spelling_counts(all, shards[i].spelling);
    shards[i].spelling.clear();
  }
  try {
    Xapian::WritableDatabase db(path, k_shard_flags);
    write_all_spelling(db, all);
    db.commit();
    db.close();
    return Xapian::Database(path, Xapian::DB_BACKEND_GLASS);
  } catch (const Xapian::Error& e) {
    throw DatabaseError("temporary spelling database '" + path + "': " + e.get_description());
  }
}

using Clock = std::chrono::steady_clock;

void record_times(ParallelBuildOutcome& outcome, const std::vector<Shard>& shards, Clock::time_point started,
                  Clock::time_point written) {
  const auto seconds = [](auto from, auto to) { return std::chrono::duration<double>(to - from).count(); };
  outcome.seconds_writing = seconds(started, written);
  outcome.seconds_merging = seconds(written, Clock::now());
  for (const auto& shard : shards) {
    outcome.shard_seconds.push_back(shard.seconds);
    outcome.shard_cpu_seconds.push_back(shard.cpu_seconds);
  }
}

/// The merge of a time-sharded archive (#15.3): every period's parts and
/// the target's shard of it compacted into one shard of a new archive in
/// @p dir ("merged"), the spelling words into its undated shard; @p db then
/// writes the merged archive (its lock taken) and outcome.target holds the
/// target's handles (and so its lock) until swap_in_merged().
ParallelBuildOutcome merge_archive(const RunContext& run, const BuildDir& dir, OpenedDatabase& db,
                                   std::vector<Shard>& shards, Clock::time_point started,
                                   ParallelBuildOutcome outcome) {
  const auto written = Clock::now();
  std::vector<std::string> parts;
  for (const auto& shard : shards) parts.push_back(shard.path);
  const std::string spelling = dir.path() + "/spelling";
  (void)write_spelling(spelling, shards);
  const std::string merged = dir.path() + "/merged";
  Xapian::doccount documents = 0;
  try {
    // The stories before the merge (they are the same whatever the docids):
    // written after it, they would change almost every merged shard.
    const auto recorded = parse_rule(db.writable->get_metadata(std::string(schema::k_meta_dup_rule)));
    outcome.stories_in_parts =
        group_part_stories(parts, run_rule(recorded, run.options.dup_threshold, run.options.dup_window));
  } catch (const Xapian::Error& e) {
    throw DatabaseError("database '" + run.options.db_path + "': grouping the stories of the shards in '" +
                        dir.path() + "' failed: " + e.get_description() + " (the database is unchanged)");
  }
  try {
    documents = merge_part_archives(db.archive->root(), parts, spelling, merged);
  } catch (const Xapian::Error& e) {
    throw DatabaseError("database '" + run.options.db_path + "': merging the shards into '" + merged +
                        "' failed: " + e.get_description() + " (the database is unchanged)");
  }
  if (documents == 0) return outcome;  // nothing to put in place (every file failed, or stopped at once)
  const ShardBy by = db.archive->by();
  outcome.target = std::move(db.writable);
  db.archive.reset();  // outcome.target keeps the target's shards (and the lock) open
  open_merged_archive(merged, by, db.language, db);
  record_times(outcome, shards, started, written);
  return outcome;
}

} // namespace

bool should_build_in_parallel(const IndexOptions& options, const OpenedDatabase& db, const Plan& plan) {
  // --jobs 1 too (#15.5): one shard is still cheaper than the single writer
  // (spelling counted in memory and written once, no fsync per commit,
  // small batches, one compaction at the end).
  if (options.dry_run || options.shard_threshold == 0 || !db.writable) {
    return false;
  }
  if (plan.tasks.size() < options.shard_threshold || !plan.vanished.empty() || db.reader.get_doccount() != 0) {
    return false;
  }
  return std::all_of(plan.tasks.begin(), plan.tasks.end(),
                     [](const Task& task) { return task.change == FileChange::new_file; });
}

std::vector<std::pair<std::size_t, std::size_t>> split_tasks(const Plan& plan, const WalkResult& walk,
                                                             unsigned parts) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  const std::size_t count = plan.tasks.size();
  if (count == 0 || parts == 0) {
    return ranges;
  }
  std::uint64_t total = 0;
  for (const auto& task : plan.tasks) {
    total += walk.files[task.file].stat.size + k_per_file_cost;
  }
  const std::size_t used = std::min<std::size_t>(parts, count);
  std::size_t begin = 0;
  std::uint64_t done = 0;
  for (std::size_t part = 1; part <= used; ++part) {
    // End this part once the running total reaches part/used of the work,
    // leaving at least one file for each later part.
    const std::uint64_t goal = total / used * part + (part == used ? total % used : 0);
    const std::size_t last_end = count - (used - part);
    std::size_t end = begin;
    while (end < last_end && (done < goal || end == begin)) {
      done += walk.files[plan.tasks[end].file].stat.size + k_per_file_cost;
      ++end;
    }
    if (part == used) {
      end = count;
    }
    ranges.emplace_back(begin, end);
    begin = end;
  }
  return ranges;
}

ParallelBuildOutcome build_in_parallel(const RunContext& run, std::uint64_t sequence_base, const BuildDir& dir,
                                       OpenedDatabase& db) {
  // One contiguous part per thread. More, smaller parts taken dynamically
  // balance the threads better (Reuters' two halves finish up to 1.6 s apart)
  // but cost size: the compactor concatenates each term's posting-list chunks
  // from every shard without repacking them, and 16 shards made Reuters'
  // compacted postlist table 30% larger (17.2 MB instead of 13.2 MB).
  const auto ranges = split_tasks(run.plan, run.walk, run.options.jobs);
  std::vector<Shard> shards(ranges.size());
  for (std::size_t i = 0; i < shards.size(); ++i) {
    shards[i].range = ranges[i];
    shards[i].path = dir.path() + "/shard-" + std::to_string(i);
    if (db.archive) shards[i].by = db.archive->by();
  }
  std::atomic<bool> abort{false};
  const auto started = std::chrono::steady_clock::now();
  {
    std::vector<std::jthread> threads;
    threads.reserve(shards.size());
    for (auto& shard : shards) {
      threads.emplace_back([&run, sequence_base, &shard, &abort] {
        run_shard(run, sequence_base, shard, abort);
        if (shard.error) {
          abort.store(true);
        }
      });
    }
  }  // joined

  ParallelBuildOutcome outcome;
  outcome.last_sequence = sequence_base;
  for (auto& shard : shards) {
    if (shard.error) {
      std::rethrow_exception(shard.error);
    }
    outcome.last_sequence = std::max(outcome.last_sequence, shard.last_sequence);
    add_writer_counts(outcome.counts, shard.summary);
    outcome.failure_records.insert(outcome.failure_records.end(), shard.metadata.begin(), shard.metadata.end());
  }
  if (db.archive) return merge_archive(run, dir, db, shards, started, std::move(outcome));
  Xapian::doccount documents = 0;
  // The database this run writes (the target, or a --rebuild's new database):
  // its committed metadata (schema version, language, failure records).
  Xapian::Database sources(db.path, Xapian::DB_BACKEND_GLASS);
  for (const auto& shard : shards) {
    Xapian::Database part(shard.path, Xapian::DB_BACKEND_GLASS);
    documents += part.get_doccount();
    sources.add_database(part);
  }
  if (documents == 0) {
    return outcome;  // nothing to merge (every file failed, or stopped at once)
  }
  const auto written = std::chrono::steady_clock::now();
  sources.add_database(write_spelling(dir.path() + "/spelling", shards));

  // Merge: the target comes first, so shard documents follow its docids in
  // task order, exactly the numbering one writer would have given them.
  const std::string merged = dir.path() + "/merged";
  try {
    sources.compact(merged, Xapian::Compactor::FULL);
  } catch (const Xapian::Error& e) {
    throw DatabaseError("database '" + run.options.db_path + "': merging the shards into '" + merged +
                        "' failed: " + e.get_description() + " (the database is unchanged)");
  }
  // Lock the merged database before it becomes the target: from the swap on,
  // another indexer finds the target locked (by us) until this run ends.
  outcome.target = std::move(db.writable);
  db.writable.emplace(merged, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  db.reader = *db.writable;
  record_times(outcome, shards, started, written);
  return outcome;
}

void swap_in_merged(const BuildDir& dir, OpenedDatabase& db, ParallelBuildOutcome& outcome) {
  if (!outcome.target) {
    return;
  }
  const std::string merged = dir.path() + "/merged";
  sync_directory_tree(merged);
  copy_database_permissions(dir.db_real_path(), merged);
  swap_directories(merged, dir.db_real_path());
  outcome.target->close();  // the old, empty database, now inside the build directory
  outcome.target.reset();
  // a time-sharded archive (#15.3) is opened through its stub file
  db.reader = db.archive ? Xapian::Database(dir.db_real_path())
                         : Xapian::Database(dir.db_real_path(), Xapian::DB_BACKEND_GLASS);
}

} // namespace dateline::indexer
