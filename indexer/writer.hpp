/** @file writer.hpp
 *  @brief Applies analysed files to one WritableDatabase, in task order, from
 *  one thread: adds, replaces, renames, deletes, failure records, commits.
 *  The run's single writer uses it on the database itself; a shard builder
 *  uses one per temporary shard (see parallel_build.hpp).
 */
#pragma once

#include "common/text_analyzer.hpp"
#include "indexer/database.hpp"
#include "indexer/file_reader.hpp"
#include "indexer/options.hpp"
#include "indexer/plan.hpp"
#include "indexer/reporter.hpp"
#include "indexer/run_context.hpp"
#include "indexer/spelling.hpp"
#include "indexer/stories.hpp"
#include "indexer/summary.hpp"
#include "indexer/synonyms.hpp"
#include "indexer/walker.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dateline::indexer {

/// Terms (document x term entries) Xapian may buffer before the writer
/// commits early, whatever --commit-every says: its buffers cost about 340
/// bytes per entry (20 articles of 100,000 distinct words were 1.36 GB in one
/// batch). News articles have a few hundred terms, so 1,000 of them stay far
/// below this and commit as before.
inline constexpr std::size_t k_max_pending_postings = 500000;

/// Metadata writes held back instead of written (key, value; "" deletes).
using MetadataWrites = std::vector<std::pair<std::string, std::string>>;

/// How a worker reads @p task's file: limits, root, the stored hash of a
/// modified file, and the rename-candidate test for a new one.
[[nodiscard]] ReadParams read_params_for(const IndexOptions& options, const std::vector<std::string>& roots,
                                         const Plan& plan, const Task& task, const WalkedFile& file);

class Writer {
public:
  /// What this writer writes to (the run's options, walk, plan and
  /// reporter come from its RunContext).
  struct Params {
    OpenedDatabase* db = nullptr;
    Summary* summary = nullptr;
    const TextAnalyzer* analyzer = nullptr;  ///< for the rare inline re-analysis
    std::size_t commit_every = k_default_commit_every;
    /// When set, failure-record changes are collected here instead of being
    /// written (a shard must not hold records: the run applies them to the
    /// real database after the merge, against its stored records).
    MetadataWrites* deferred_metadata = nullptr;
    /// When set, spelling counts are summed here and never written (a shard
    /// leaves them to one spelling database, so the merge need not combine
    /// every shard's copy of the spelling fragments). Otherwise they are
    /// written with each commit.
    SpellingCounts* collected_spelling = nullptr;
    /// When set, the documents written and the stories of the documents
    /// replaced or deleted are recorded here for assign_stories (#11.1).
    StoryChanges* stories = nullptr;
  };
  Writer(const RunContext& run, const Params& params) : m_run(run), m_p(params) {}

  /// One file's result; @p task is the plan entry it was read for.
  void apply(const Task& task, ReadResult result);
  /// Deletes vanished documents no rename claimed (after a complete walk only).
  void delete_vanished();
  /// Drops failure records of files that no longer exist.
  void prune_failure_records();
  /// Writes metadata (skipping values already stored).
  void set_metadata(const std::string& key, const std::string& value);
  /// Replaces the database's whole synonym table with @p table (#12.2).
  void replace_synonyms(const SynonymTable& table);
  /// Clears the docid -> day map (#12.1) with the first commit, so that a
  /// reader between this run's commits, or after it was killed, finds none.
  void commit_if_dirty();
  /// Writes the docid -> day map (schema::k_meta_day_runs) of the database
  /// as the next commit leaves it, computed from its date values; call
  /// right before the run's last commit, when dirty. Not for a sharded
  /// archive (several databases, no one revision) nor a shard writer; a map
  /// over day_runs::within_cap() is cleared instead.
  void record_day_runs();
  /// Indexing sequence numbers (k_slot_seq): the document stored for task
  /// i of the plan gets base + i + 1, so a shard writing tasks [a, b) gives
  /// numbers in (base + a, base + b] and shards never collide, and a sharded
  /// build numbers exactly as one writer would. The base is, unless set, on
  /// first use the database's counter (k_meta_seq), or the highest number a
  /// document holds if that is higher (documents flushed by Xapian before a
  /// crash). Numbers may have gaps (failed, refreshed, renamed files).
  void set_sequence_base(std::uint64_t base);
  [[nodiscard]] std::uint64_t sequence_base();
  /// The highest sequence number given out (the base when none): the
  /// counter stored with the next commit.
  [[nodiscard]] std::uint64_t last_sequence();
  /// Raises the counter to @p last (after a merge of shards) so that the
  /// next commit stores it; never lowers it.
  void raise_sequence(std::uint64_t last);
  /// Something was written to the database outside the writer (stories).
  void mark_dirty() noexcept { m_dirty = true; }
  /// True when something was written since the last commit.
  [[nodiscard]] bool dirty() const noexcept { return m_dirty; }

private:
  [[nodiscard]] Xapian::WritableDatabase* writable() const;
  /// Counts a change; commits after --commit-every changes or once the
  /// documents written since the last commit hold k_max_pending_postings terms.
  void wrote(std::size_t postings = 0);
  void clear_failure(const Task& task);
  void fail(const Task& task, const ReadResult& result);
  void refresh(const Task& task, const ReadResult& result);
  std::optional<std::size_t> claim_rename(const std::string& relative, const ReadResult& result);
  void rename(const Task& task, const ReadResult& result, const VanishedDoc& source);
  ReadResult reanalyse(const Task& task);
  void store(const Task& task, ReadResult result);
  /// Counts and warns about an article dated after today (+1 day, common/date.hpp
  /// latest_current_date); @p date_value is its date slot value ("" undated).
  /// How messages name @p file: shown_path() (absolute with several roots).
  [[nodiscard]] std::string shown(const WalkedFile& file) const;
  void warn_if_implausibly_dated(const std::string& relative, const std::string& date_value);
  /// Records the story @p docid belongs to before it is replaced or deleted.
  void leaving_story(Xapian::docid docid);
  /// The sequence number for a stored document: a new one, except for a
  /// re-analysed document whose content is unchanged (it keeps its number).
  std::string sequence_value(const Task& task, const ReadResult& result);

  const RunContext& m_run;
  Params m_p;
  SpellingCounts m_spelling;  ///< summed since the last commit
  KnownSpellingTargets m_known_spelling;  ///< words this run found past the threshold
  std::size_t m_pending = 0;
  std::size_t m_pending_postings = 0;  ///< terms of the documents written since the last commit
  bool m_dirty = false;
  std::optional<std::uint64_t> m_seq_base;  ///< loaded on first use unless set
  std::uint64_t m_seq_last = 0;             ///< highest number given out (when above the base)
  bool m_seq_changed = false;               ///< the counter must be stored with the next commit
  bool m_day_runs_settled = false;          ///< the day map was cleared or written this run
};

} // namespace dateline::indexer
