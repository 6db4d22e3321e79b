/** @file option_declarations.hpp
 *  @brief dateline-index's options as declared (Boost.Program_options): the
 *  one table that the parser, --help, the man page and the shell completions
 *  (docgen/) are made from. Kept out of options.hpp so that its users need no
 *  Boost headers.
 */
#pragma once

#include <boost/program_options/options_description.hpp>

namespace dateline::indexer {

/// Every option but the positional DIRs, in groups (options_description::groups()).
[[nodiscard]] boost::program_options::options_description index_option_declarations();

} // namespace dateline::indexer
