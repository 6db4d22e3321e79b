/** @file request_options.hpp
 *  @brief The command line's side of the engine boundary: parsed options ->
 *  the engine's SearchRequest, for one query (the positional words, or one
 *  line of a --batch).
 */
#pragma once

#include "searcher/options.hpp"
#include "searcher/request.hpp"

#include <string>

namespace dateline::searcher {

/// Builds a SearchRequest for @p query from the command-line options.
[[nodiscard]] SearchRequest make_request(const SearchOptions& options, const std::string& query);

} // namespace dateline::searcher
