/** @file programs.hpp
 *  @brief The programs whose options are documented: dateline-index and
 *  dateline-search, read from their declarations (indexer/, searcher/).
 */
#pragma once

#include "docgen/option_model.hpp"

#include <vector>

namespace dateline::docgen {

/// dateline-index and dateline-search, in that order.
[[nodiscard]] std::vector<ProgramDoc> documented_programs();

} // namespace dateline::docgen
