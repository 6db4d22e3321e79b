/** @file exit_codes.hpp
 *  @brief dateline-import-reuters' exit codes (also listed in its --help).
 */
#pragma once

namespace dateline::reuters {

enum ExitCode : int {
  k_exit_ok = 0,      ///< done
  k_exit_failed = 1,  ///< conversion failed (unreadable input, malformed SGML, write error); also any unexpected error
  k_exit_usage = 2,   ///< bad command line
};

} // namespace dateline::reuters
