/** @file writer.hpp
 *  @brief Applies analysed files to one WritableDatabase, in task order, from
 *  one thread: adds, replaces, renames, deletes, failure records, commits.
 *  The run's single writer uses it on the database itself; a shard builder
 *  uses one per temporary shard (see shard_build.hpp).
 */
#pragma once

#include "common/text_analyzer.hpp"
#include "indexer/database.hpp"
#include "indexer/file_reader.hpp"
#include "indexer/options.hpp"
#include "indexer/plan.hpp"
#include "indexer/reporter.hpp"
#include "indexer/spelling.hpp"
#include "indexer/summary.hpp"
#include "indexer/synonyms.hpp"
#include "indexer/walker.hpp"

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
  struct Params {
    const IndexOptions* options = nullptr;
    const WalkResult* walk = nullptr;
    const std::vector<std::string>* roots = nullptr;
    Plan* plan = nullptr;
    OpenedDatabase* db = nullptr;
    Summary* summary = nullptr;
    Reporter* reporter = nullptr;
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
  };
  explicit Writer(const Params& params) : m_p(params) {}

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
  void commit_if_dirty();
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

  Params m_p;
  SpellingCounts m_spelling;  ///< summed since the last commit
  std::size_t m_pending = 0;
  std::size_t m_pending_postings = 0;  ///< terms of the documents written since the last commit
  bool m_dirty = false;
};

} // namespace dateline::indexer
