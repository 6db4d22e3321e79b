/** @file exit_codes.hpp
 *  @brief dateline-index's exit codes (also listed in --help and docs/indexer.md).
 */
#pragma once

namespace dateline::indexer {

enum ExitCode : int {
  k_exit_ok = 0,            ///< finished; nothing newly failed
  k_exit_new_failures = 1,  ///< finished, but some files failed for the first time
  k_exit_usage = 2,         ///< bad command line
  k_exit_database = 3,      ///< database missing/corrupt/foreign, or a write failed (ENOSPC); also any unexpected error
  k_exit_summary = 4,       ///< the run finished and was committed, but --summary-json could not be written
  k_exit_locked = 75,       ///< another indexer holds the database (EX_TEMPFAIL)
  k_exit_sigint = 130,      ///< interrupted by SIGINT; committed work is kept
  k_exit_sigterm = 143,     ///< interrupted by SIGTERM; committed work is kept
};

} // namespace dateline::indexer
