/** @file option_declarations.hpp
 *  @brief dateline-search's options as declared (Boost.Program_options): the
 *  one table that the parser, --help, the man page and the shell completions
 *  (docgen/) are made from. Kept out of options.hpp so that its users need no
 *  Boost headers.
 */
#pragma once

#include "common/option_levels.hpp"

#include <boost/program_options/options_description.hpp>

#include <vector>

namespace dateline::searcher {

/// The option table: every option but the positional QUERY words, in its
/// captioned blocks, each with its level (--help shows the everyday ones).
[[nodiscard]] std::vector<OptionBlock> search_option_blocks();

/// Every block of search_option_blocks() under one "Options" caption.
[[nodiscard]] boost::program_options::options_description search_option_declarations();

} // namespace dateline::searcher
