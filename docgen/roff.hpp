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

/// The FILES section of every page: where the package installs the full
/// documentation under @p doc_dir (e.g. /usr/share/doc/dateline): README.md,
/// @p program_doc (the page's own document relative to @p doc_dir, such as
/// docs/indexer.md; "" for none), docs/ and examples/. "" when @p doc_dir is.
[[nodiscard]] std::string files_section(std::string_view doc_dir, std::string_view program_doc);

/// The man page (section 1) of @p program; @p see_also names the other pages
/// ("name(1)") and installed documents (a path, set in italics);
/// @p files (files_section) goes before SEE ALSO.
[[nodiscard]] std::string program_man_page(const ProgramDoc& program, std::string_view version,
                                           const std::vector<std::string>& see_also, std::string_view files = {});

/// dateline(7): the article format, query language and exit codes, taken from
/// README.md's sections of those names (Markdown paragraphs, tables and code
/// blocks), and README's introduction. Throws std::runtime_error when a
/// section is missing. @p files (files_section) goes before SEE ALSO.
[[nodiscard]] std::string overview_man_page(const std::string& readme, std::string_view version,
                                            std::string_view files = {});

} // namespace dateline::docgen
