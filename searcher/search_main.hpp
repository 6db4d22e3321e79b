/** @file search_main.hpp
 *  @brief Entry point of dateline-search: options, searching, exit codes.
 */
#pragma once

namespace dateline::searcher {

/// Exit codes, as grep's: 0 hits, 1 no hits, 2 usage or query error, 3 database error.
inline constexpr int k_exit_hits = 0;
inline constexpr int k_exit_no_hits = 1;
inline constexpr int k_exit_usage = 2;
inline constexpr int k_exit_database = 3;

/// The whole program; the only place that catches broadly. Once an answer
/// has been written and flushed it ends the process itself (std::_Exit with
/// the exit code, skipping teardown; not in AddressSanitizer builds), so it is
/// for main() only, not for calling in-process.
[[nodiscard]] int run_search_main(int argc, char** argv);

} // namespace dateline::searcher
