/** @file exit_code_docs.hpp
 *  @brief The exit-code tables in README.md and docs/: each sits between
 *  `<!-- exit-codes:begin PROGRAM... -->` and `<!-- exit-codes:end -->` and
 *  is rendered from the programs' exit_codes.hpp tables
 *  (common/exit_code_table.hpp), never written by hand.
 *  `dateline-docgen --exit-codes FILE...` rewrites the blocks; the test
 *  ExitCodesDoc.CheckedInTablesAreGenerated fails when one differs.
 */
#pragma once

#include <string>

namespace dateline::docgen {

/// The table for the space-separated program names @p programs
/// ("dateline-index", "dateline-search", "dateline-import-reuters", or
/// several for one column each).
/// Throws std::invalid_argument for another name.
[[nodiscard]] std::string exit_code_table(const std::string& programs);

/// @p markdown with every exit-code block re-rendered (unchanged when they
/// are up to date). Throws std::invalid_argument for a begin marker without
/// its end or naming an unknown program.
[[nodiscard]] std::string render_exit_code_blocks(const std::string& markdown);

} // namespace dateline::docgen
