/** @file option_declarations.hpp
 *  @brief dateline-search's options as declared (Boost.Program_options): the
 *  one table that the parser, --help, the man page and the shell completions
 *  (docgen/) are made from. Kept out of options.hpp so that its users need no
 *  Boost headers.
 */
#pragma once

#include <boost/program_options/options_description.hpp>

namespace dateline::searcher {

/// Every option but the positional QUERY words, in groups (options_description::groups()).
[[nodiscard]] boost::program_options::options_description search_option_declarations();

} // namespace dateline::searcher
