/** @file request_options.cpp
 *  @brief Parsed options -> SearchRequest.
 */
#include "searcher/request_options.hpp"

namespace dateline::searcher {

SearchRequest make_request(const SearchOptions& options, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.mode = options.mode;
  request.sort = options.sort;
  request.offset = options.offset;
  request.limit = options.limit;
  request.since = options.since;
  request.until = options.until;
  request.snippets = options.snippets;
  request.snippet_chars = options.snippet_chars;
  request.count_only = options.count_only;
  request.explain = options.explain;
  request.timeline = options.timeline;
  request.synonyms = options.synonyms;
  request.ranking = options.ranking;
  request.recency_half_life_days = options.recency_half_life_days;
  if (options.recency_weight) request.recency_weight = *options.recency_weight;
  request.now = options.now;
  request.like = options.like;
  request.collapse = options.collapse && options.story.empty() && options.similar_to.empty();
  request.story = options.story;
  request.similar_to = options.similar_to;
  return request;
}

} // namespace dateline::searcher
