/** @file indexer.hpp
 *  @brief One incremental indexing run: walk, plan, analyse in parallel, write
 *  from one thread in deterministic order, delete what vanished, commit.
 */
#pragma once

#include "indexer/options.hpp"
#include "indexer/reporter.hpp"
#include "indexer/summary.hpp"

#include <atomic>

namespace dateline::indexer {

class Indexer {
public:
  /// @p stop is polled throughout; when set the run commits whole documents
  /// and returns. Warnings, notes, changes and progress go to @p reporter.
  Indexer(IndexOptions options, const std::atomic<bool>& stop, Reporter& reporter);

  /// Runs to completion (or interruption). Throws UsageError, DatabaseError,
  /// DatabaseLockedError; per-file problems are counted, never thrown.
  [[nodiscard]] Summary run();

private:
  IndexOptions m_options;
  const std::atomic<bool>& m_stop;
  Reporter& m_reporter;
};

} // namespace dateline::indexer
