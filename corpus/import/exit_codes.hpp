/** @file exit_codes.hpp
 *  @brief dateline-import-reuters' exit codes and their one description: the
 *  table k_import_exit_codes renders --help's list (and so the man page),
 *  README's table and corpus/README.md's (common/exit_code_table.hpp; the
 *  test ExitCodesDoc.* holds the checked-in copies equal to it), as
 *  dateline-index's and dateline-search's do.
 */
#pragma once

#include "common/exit_code_table.hpp"

namespace dateline::reuters {

enum ExitCode : int {
  k_exit_ok = 0,      ///< done
  k_exit_failed = 1,  ///< conversion failed (unreadable input, malformed SGML, write error); also any unexpected error
  k_exit_usage = 2,   ///< bad command line
};

inline constexpr ExitCodeDoc k_import_exit_codes[] = {
    {k_exit_ok, "done (also `--help` and `--version`)",
     "Done: every story was written, or was already identical and left untouched (also for `--help` and "
     "`--version`)."},
    {k_exit_failed,
     "conversion failed: missing source folder or no `reut2-*.sgm` files, unreadable input, malformed SGML, write error (the message names "
     "the file); also an unexpected internal error",
     "Conversion failed, one line on stderr naming the file or folder: the source folder is missing or holds no "
     "`reut2-*.sgm` files, a file cannot be read, an unterminated `<REUTERS>` element, a missing, non-numeric or "
     "repeated `NEWID`, or an output file that cannot be written (files written before it stay). Also an unexpected internal "
     "error."},
    {k_exit_usage, "usage error",
     "Usage error: an unrecognised option (a near miss names the option meant: \"did you mean --quiet?\"), or not exactly two operands (SRC_DIR and OUT_DIR); the line says so and "
     "points to `--help`."},
};

} // namespace dateline::reuters
