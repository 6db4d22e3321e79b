/** @file run_index_main.hpp
 *  @brief dateline-index's main(): parse, run, report, map exceptions to exit codes.
 */
#pragma once

namespace dateline::indexer {

/// The whole program; returns the process exit code (see exit_codes.hpp).
[[nodiscard]] int run_index_main(int argc, char* argv[]);

} // namespace dateline::indexer
