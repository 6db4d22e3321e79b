/** @file removal_guard.hpp
 *  @brief The check that a changed recorded option (--include, --exclude,
 *  --max-size, --undated) does not silently remove documents whose files are
 *  still there (session 17: a one-off --include '*.md' emptied a database,
 *  and the recorded pattern kept later cron runs empty). Pure: it reads the
 *  plan and the file system, and returns the refusal for the caller to throw.
 */
#pragma once

#include "indexer/plan.hpp"
#include "indexer/recorded.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dateline::indexer {

/// What a change of the recorded options @p before to @p now would remove,
/// given the run's @p plan: documents below a walked root whose files are
/// still there but no longer match --include/--exclude (unless @p no_delete),
/// documents larger than a lowered --max-size, undated or mtime-dated
/// documents under --undated=skip.
struct OptionRemovals {
  std::size_t unmatched = 0;  ///< files still there, no longer matched by the globs
  std::size_t too_large = 0;  ///< larger than the new --max-size
  std::size_t undated = 0;    ///< undated or mtime-dated, now --undated=skip
  [[nodiscard]] std::size_t total() const { return unmatched + too_large + undated; }
};

/// @p walked: the run's walked roots (a --forget'ed root's documents go by request, not counted).
[[nodiscard]] OptionRemovals option_removals(const RecordedOptions& before, const RecordedOptions& now,
                                             const Plan& plan, const std::vector<std::string>& walked,
                                             bool no_delete);

/// The refusal for @p removals (nullopt when nothing would be removed): each
/// changed option with its recorded and its new value, how many documents it
/// would remove, and the two ways forward (keep the recorded value, or
/// confirm with --allow-removal).
[[nodiscard]] std::optional<std::string> removal_refusal(const RecordedOptions& before, const RecordedOptions& now,
                                                         const OptionRemovals& removals);

} // namespace dateline::indexer
