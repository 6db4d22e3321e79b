/** @file exit_code_table.hpp
 *  @brief A program's exit codes written once: each program's exit_codes.hpp
 *  holds a table of ExitCodeDoc rows beside its constants, and these
 *  functions render it for --help (and so the man page made from it), for
 *  README.md's table and for the tables in docs/indexer.md and
 *  docs/searcher.md. The Markdown copies are checked in between
 *  `<!-- exit-codes:begin PROGRAM... -->` and `<!-- exit-codes:end -->`, and
 *  the test ExitCodesDoc.* fails when they differ from what is rendered here.
 */
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace dateline {

/// One exit code of one program.
struct ExitCodeDoc {
  int code;
  /// One line or two: --help, and README's table. Plain text; `backticks`
  /// mark literals (kept in Markdown, dropped in --help).
  std::string_view summary;
  /// Everything a user may need to know: the program's page in docs/
  /// (Markdown, one table cell).
  std::string_view meaning;
};

/// The --help block: "@p title:" then "  N    summary" per code, wrapped
/// under the text at @p width columns.
[[nodiscard]] std::string exit_codes_help(std::string_view title, std::span<const ExitCodeDoc> codes,
                                          std::size_t width = 80);

/// A Markdown table "| Code | Meaning |" of the codes' meanings (docs/).
[[nodiscard]] std::string exit_codes_markdown(std::span<const ExitCodeDoc> codes);

/// A Markdown table with one column per program (README): each code once,
/// each program's summary in its column, empty where it does not use it.
struct ProgramExitCodes {
  std::string_view program;
  std::span<const ExitCodeDoc> codes;
};
[[nodiscard]] std::string exit_codes_markdown(std::span<const ProgramExitCodes> programs);

/// The marker lines around a rendered table in a Markdown file, for the
/// programs named (space-separated) in @p programs.
[[nodiscard]] std::string exit_codes_begin_marker(std::string_view programs);
inline constexpr std::string_view k_exit_codes_end_marker = "<!-- exit-codes:end -->";

} // namespace dateline
