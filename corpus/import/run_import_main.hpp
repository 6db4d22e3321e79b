/** @file run_import_main.hpp
 *  @brief dateline-import-reuters' main(): parse, convert, report, map
 *  exceptions to exit codes.
 */
#pragma once

namespace dateline::reuters {

/// The whole program; returns the process exit code (see exit_codes.hpp).
[[nodiscard]] int run_import_main(int argc, char** argv);

} // namespace dateline::reuters
