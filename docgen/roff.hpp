/** @file roff.hpp
 *  @brief Writes man pages (roff, the man macros): a program's page from its
 *  ProgramDoc, and dateline(7) from sections of README.md (Markdown).
 */
#pragma once

#include "docgen/option_model.hpp"

#include <string>
#include <string_view>

namespace dateline::docgen {

/// @p text escaped for roff: backslashes, hyphens as \-, every non-ASCII
/// character as \[uXXXX] (so no input encoding is assumed), a leading '.' or
/// '\'' guarded. Meant for one output line (no newlines in @p text).
[[nodiscard]] std::string roff_escape(std::string_view text);

/// The man page (section 1) of @p program; @p see_also names the other pages.
[[nodiscard]] std::string program_man_page(const ProgramDoc& program, std::string_view version,
                                           const std::vector<std::string>& see_also);

/// dateline(7): the article format, query language and exit codes, taken from
/// README.md's sections of those names (Markdown paragraphs, tables and code
/// blocks), and README's introduction. Throws std::runtime_error when a
/// section is missing.
[[nodiscard]] std::string overview_man_page(const std::string& readme, std::string_view version);

} // namespace dateline::docgen
