/** @file exit_codes.hpp
 *  @brief dateline-search's exit codes, as grep's, and their one description:
 *  the table k_search_exit_codes renders --help's list (and so the man page),
 *  README's table and docs/searcher.md's (common/exit_code_table.hpp; the
 *  test ExitCodesDoc.* holds the checked-in copies equal to it).
 */
#pragma once

#include "common/exit_code_table.hpp"

namespace dateline::searcher {

enum ExitCode : int {
  k_exit_hits = 0,     ///< at least one hit (also --help, and a reader closing the pipe early)
  k_exit_no_hits = 1,  ///< no hits (also an empty database)
  k_exit_usage = 2,    ///< usage or query error; also a saved search's state-file error and any unexpected error
  k_exit_database = 3,  ///< database missing, unreadable, foreign, of another schema version or corrupt
};

inline constexpr ExitCodeDoc k_search_exit_codes[] = {
    {k_exit_hits,
     "at least one hit (also when `--offset` is past the last one; `--batch`: some line's query; also `--help`, and a "
     "reader closing the pipe early)",
     "At least one article matched, also when the page shows none: `--limit 0`, or an `--offset` past the last hit "
     "(text says `(no hits on this page: --offset N is past the end)`, `-l` prints nothing, JSON has "
     "`\"hits\": []`; a paging loop stops at an empty page, not at this status). With `--batch`: at least one "
     "line's query matched. Also for `--help`, and when the reader closes the pipe early, e.g. `\\| head`."},
    {k_exit_no_hits, "no hits (also a database with no documents yet, said on stderr; `--batch`: no line's query)",
     "No hits (also for a database with no documents yet, with a line on stderr saying so). With `--batch`: no "
     "line's query matched, or the input held no query."},
    {k_exit_usage, "usage or query error (also an unexpected internal error)",
     "Usage or query error, one line on stderr naming the problem: unknown option (a near miss or an "
     "abbreviation names the option meant: \"did you mean --limit?\", and for `--json` \"did you mean --format json?\"; otherwise, "
     "for `-WORD`, the line says that after `--` a word starting with `-` excludes it and a query also needs a word "
     "to search for, as in `dateline-search -- 'opec -oil'` (a query of exclusions alone, `dateline-search -- -oil`, "
     "is refused: every word is excluded), and that to search for the word itself the `-` is dropped; "
     "both point to `--help`), bad number, `--batch` with `--format text`, bad or inverted date, unbalanced bracket, "
     "unknown field, field without a value (`date:` at the end of the query; with a space and more text after it, "
     "it is a word: see *Pasted text*, as is an unbalanced quote), bad `NEAR/n`, operator without operands, NEAR/ADJ next to a bracket, "
     "field, wildcard or `-` word, empty brackets, an empty phrase (`\"\"`, `\"!!!\"`), a bracket of only "
     "excluded words under an operator, a bracket of only fields next to words, a misplaced `*`, a `~` before "
     "anything but one plain word (a phrase, field, bracket, wildcard or NEAR/ADJ word), a range (`2020..2022`) outside `date:`, operators that "
     "do not form one expression, query too long. In `--batch`: at least one line was invalid (the others are "
     "still answered), a line holding an option (`--limit 5`) included. Also an unexpected internal error."},
    {k_exit_database,
     "database error (missing, not a Dateline database, wrong schema version, corrupt; a remote shard down)",
     "Database error: missing, unreadable, not a Dateline database, another schema version, different stemming "
     "languages, corrupt, or still being rewritten by an indexer after 5 s of retries (at least 5 reopens, with growing "
     "waits); a remote shard that is down or does not "
     "answer within `--timeout` (without `--allow-partial`), a stub file naming a program (`remote :COMMAND`)."},
};

} // namespace dateline::searcher
