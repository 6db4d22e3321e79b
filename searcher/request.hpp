/** @file request.hpp
 *  @brief What to search: the one request type of the search engine (query,
 *  match mode, date filters, paging, sort, snippet settings, explain,
 *  timeline, saved-search range). The command line builds it from its
 *  options (searcher/request_options.hpp), once per query for --batch; any
 *  other program builds it directly. The answer is a SearchResult
 *  (searcher/result.hpp).
 */
#pragma once

#include "common/date.hpp"
#include "searcher/ranking_options.hpp"
#include "searcher/recency.hpp"
#include "searcher/timeline.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dateline::searcher {

/// How plain juxtaposed words combine.
enum class MatchMode {
  natural,  ///< documents with every word first, then any word (the default)
  all,      ///< --all: every word required
  any,      ///< --any: plain OR
};

enum class SortOrder { relevance, newest, oldest };

/// Limits of a request (the command line refuses values outside them).
inline constexpr std::size_t k_default_limit = 10;
inline constexpr std::size_t k_max_limit = 10000;
inline constexpr std::size_t k_max_offset = 1000000;
inline constexpr std::size_t k_default_snippets = 1;
inline constexpr std::size_t k_max_snippets = 10;
inline constexpr std::size_t k_default_snippet_chars = 200;
inline constexpr std::size_t k_min_snippet_chars = 20;
inline constexpr std::size_t k_max_snippet_chars = 10000;

/// One search. A --batch runs one per line, each with the same settings.
struct SearchRequest {
  std::string query;
  MatchMode mode = MatchMode::natural;
  SortOrder sort = SortOrder::relevance;
  std::size_t offset = 0;
  std::size_t limit = k_default_limit;
  std::optional<Date> since;
  std::optional<Date> until;
  std::size_t snippets = k_default_snippets;
  std::size_t snippet_chars = k_default_snippet_chars;
  bool count_only = false;  ///< total_estimate is exact, no hits (also when limit is 0)
  bool explain = false;
  bool synonyms = true;     ///< expand synonyms automatically (--no-synonyms: false)
  bool suggest = true;      ///< look for a spelling suggestion
  /// --timeline: count every match per period (result.timeline; the count
  /// is then exact too).
  std::optional<TimelineUnit> timeline;
  /// --new-since: only articles whose indexing sequence number
  /// (schema::k_slot_seq) is in [first, last]; absent: no such filter.
  struct SequenceRange {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
  };
  std::optional<SequenceRange> sequence;
  RankingOptions ranking;  ///< --bm25-k1, --bm25-b, --title-weight, --proximity, --feedback (ranking.hpp)
  // ---- #11.2 recency and #11.3 more like this
  std::optional<double> recency_half_life_days;  ///< --recency: a bonus that halves every this many days
  double recency_weight = k_default_recency_weight;
  std::optional<Date> now;                       ///< --now; default: newest_date() of the database
  std::vector<std::string> like;                 ///< --like PATH|docid:N; query may then be empty
  /// Near-duplicate stories (#11.1): one hit per story (schema::k_slot_story).
  bool collapse = true;
  /// --story: only the copies of this story (16 hex digits); the query may be empty.
  std::string story;
  /// --similar-to: only the copies of the story of this article file
  /// (searcher/similar_to.hpp); the query may be empty.
  std::string similar_to;
};

} // namespace dateline::searcher
