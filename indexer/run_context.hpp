/** @file run_context.hpp
 *  @brief What the stages of one indexing run share once the plan is made:
 *  the options, the stop flag, the walked roots and files, the plan, where
 *  messages and progress ticks go (a Reporter), and the database's language.
 *  The in-order writer path, every Writer and the parallel first build take one
 *  RunContext instead of each its own bag of pointers.
 */
#pragma once

#include "indexer/options.hpp"
#include "indexer/plan.hpp"
#include "indexer/reporter.hpp"
#include "indexer/walker.hpp"

#include <atomic>
#include <string>
#include <vector>

namespace dateline::indexer {

struct RunContext {
  const IndexOptions& options;
  /// SIGINT/SIGTERM: stop reading, write and commit what is done.
  const std::atomic<bool>& stop;
  const std::vector<std::string>& roots;  ///< the walked roots (WalkedFile::root_index)
  const WalkResult& walk;
  /// The writers mark vanished documents taken over by renames (one writer
  /// at a time: a parallel build runs only when nothing vanished).
  Plan& plan;
  Reporter& reporter;  ///< thread-safe; one progress_step per task written
  const std::string& language;  ///< the database's analysis language
};

} // namespace dateline::indexer
