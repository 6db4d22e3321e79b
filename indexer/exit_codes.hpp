/** @file exit_codes.hpp
 *  @brief dateline-index's exit codes, and their one description: the table
 *  k_index_exit_codes renders --help's list (and so the man page), README's
 *  table and docs/indexer.md's (common/exit_code_table.hpp; the test
 *  ExitCodesDoc.* holds the checked-in copies equal to it).
 */
#pragma once

#include "common/exit_code_table.hpp"

namespace dateline::indexer {

enum ExitCode : int {
  k_exit_ok = 0,            ///< finished; nothing newly failed
  k_exit_new_failures = 1,  ///< finished, but some files failed for the first time, or a folder held no article
  k_exit_usage = 2,         ///< bad command line
  k_exit_database = 3,      ///< database missing/corrupt/foreign, or a write failed (ENOSPC); also any unexpected error
  k_exit_summary = 4,       ///< the run finished and was committed, but --summary-json could not be written
  k_exit_locked = 75,       ///< another indexer holds the database (EX_TEMPFAIL)
  k_exit_sigint = 130,      ///< interrupted by SIGINT; committed work is kept
  k_exit_sigterm = 143,     ///< interrupted by SIGTERM; committed work is kept
};

inline constexpr ExitCodeDoc k_index_exit_codes[] = {
    {k_exit_ok,
     "success (files that failed on an earlier run and did not change are not retried)",
     "success. Files that failed on an earlier run and have not changed since are skipped quietly and do not change "
     "the code"},
    {k_exit_new_failures,
     "finished, but some files failed for the first time (each named in a warning): an impossible date or an "
     "unreadable file; or a folder it indexed holds no article file (\"no articles found in DIR\") or lost most of "
     "its files at once (deletions held back). Undated, "
     "empty, binary and oversized files are skipped with a warning and leave 0",
     "the run finished, but some files failed **for the first time** (each is named in a warning), or a folder "
     "it indexed holds no article file (no file matching `--include`: an empty or unmounted folder, a folder of "
     "other files or of symbolic links; a warning `no articles found in DIR: ...` names it, on every run while it "
     "stays so, and `empty_roots` in `--summary-json` counts them; documents it held are kept), or a folder lost "
     "more documents than it still holds files, at least 100 (kept this run: `deletions_held_back`). Failures are "
     "broken files: an impossible or unreadable date (`bad_date`) or an unreadable file. Documented skips "
     "(`undated` under `--undated=skip`, `empty`, `binary`, `too_large`) are warned about once and counted, but "
     "leave the code at 0. `-q` silences the warnings, not the code"},
    {k_exit_usage, "usage error",
     "usage error (bad option: a near miss names the option meant, \"did you mean --rebuild?\"; the start "
     "of an option is not taken for it: it gets the same hint; missing "
     "directory, no DIR given and none recorded, `--forget` of a folder that is not recorded, contradicting "
     "`--language`, `--rebuild` while a recorded folder has vanished or holds no article file any more, a changed "
     "`--include`, `--exclude`, `--max-size` or `--undated` that would remove documents whose files are still there "
     "(nothing is written or recorded; `--allow-removal` confirms))"},
    {k_exit_database,
     "database error (corrupt, not a Dateline database, wrong schema, missing parent directory, disk full); the "
     "database stays at its last commit. Also an unexpected internal error",
     "database error: a path that is not a Dateline database (or is a file), a corrupt database, another schema "
     "version, a database directory holding a symbolic link (never written through), a missing parent directory "
     "of `--db`, a database this user cannot write (its lock file cannot be opened: reported as such, not as "
     "\"locked\", so neither `--if-locked=wait` nor `skip` hides it), or a failed write such as a full disk; the "
     "message names the database and the error, and suggests `--rebuild` only where a rebuild gets past it "
     "(damaged tables, another schema version, a foreign Xapian database; not permissions, a read-only file "
     "system or a full disk); the database stays at its last commit. Also an unexpected internal error"},
    {k_exit_summary,
     "the run finished and was committed, but the `--summary-json` file could not be written (the message names "
     "it)",
     "the run finished and its work was committed, but the `--summary-json` file could not be written (e.g. its "
     "disk is full); the message names the file"},
    {k_exit_locked,
     "another indexer holds the database (try again later, or see `--if-locked`: `--if-locked=wait:SECONDS` "
     "waits, `--if-locked=skip` exits 0 instead)",
     "another indexer holds the database's write lock (EX_TEMPFAIL: try again later, or see `--if-locked`); "
     "`--if-locked=skip` turns this into 0"},
    {k_exit_sigint,
     "interrupted by SIGINT (Ctrl-C); finished documents were committed (an interrupted `--rebuild` keeps the old "
     "database instead)",
     "interrupted by SIGINT (Ctrl-C): finished documents were committed (an interrupted `--rebuild` keeps the old "
     "database instead)"},
    {k_exit_sigterm, "interrupted by SIGTERM; likewise", "interrupted by SIGTERM: likewise"},
};

} // namespace dateline::indexer
