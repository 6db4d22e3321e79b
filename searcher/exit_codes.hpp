/** @file exit_codes.hpp
 *  @brief dateline-search's exit codes, as grep's (also listed in --help,
 *  docs/searcher.md and README.md; tests/integration/indexer/exit_codes_doc_test.cpp
 *  holds them equal).
 */
#pragma once

namespace dateline::searcher {

enum ExitCode : int {
  k_exit_hits = 0,     ///< at least one hit (also --help, and a reader closing the pipe early)
  k_exit_no_hits = 1,  ///< no hits (also an empty database)
  k_exit_usage = 2,    ///< usage or query error; also a saved search's state-file error and any unexpected error
  k_exit_database = 3,  ///< database missing, unreadable, foreign, of another schema version or corrupt
};

} // namespace dateline::searcher
