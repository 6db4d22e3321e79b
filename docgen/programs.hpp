/** @file programs.hpp
 *  @brief The programs whose options are documented: dateline-index and
 *  dateline-search, read from their declarations (indexer/, searcher/), and
 *  dateline-import-reuters, whose man page comes from its --help alone.
 */
#pragma once

#include "docgen/option_model.hpp"

#include <vector>

namespace dateline::docgen {

/// dateline-index and dateline-search, in that order.
[[nodiscard]] std::vector<ProgramDoc> documented_programs();

/// Programs that get a man page but no completions: dateline-import-reuters.
[[nodiscard]] std::vector<ProgramDoc> help_only_programs();

} // namespace dateline::docgen
