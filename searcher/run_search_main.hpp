/** @file run_search_main.hpp
 *  @brief Entry point of dateline-search: options, searching, exit codes.
 */
#pragma once

#include "searcher/exit_codes.hpp"

namespace dateline::searcher {

/// The whole program; the only place that catches broadly. Once an answer
/// has been written and flushed it ends the process itself (std::_Exit with
/// the exit code, skipping teardown; not in AddressSanitizer builds), so it is
/// for main() only, not for calling in-process.
[[nodiscard]] int run_search_main(int argc, char** argv);

} // namespace dateline::searcher
