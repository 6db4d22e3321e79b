/** @file searcher_timeline.cpp
 *  @brief Searcher::count_timeline, --timeline's count of every match per
 *  period (from posting lists, or from the matcher). Not here: the story
 *  counts beside it and where it is called (searcher.cpp), the periods and
 *  their buckets (timeline.cpp), the day counts (match_set.cpp).
 */
#include "searcher/searcher.hpp"

#include "searcher/match_set.hpp"
#include "searcher/timeline.hpp"

#include <algorithm>
#include <utility>

namespace dateline::searcher {

std::optional<std::vector<Xapian::docid>> Searcher::count_timeline(const Xapian::Query& query,
                                                                   const std::vector<DateBounds>& date_ranges,
                                                                   TimelineUnit unit, SearchResult& result,
                                                                   const day_runs::DayRuns* map) const {
  // Every match from posting lists without weights when the query allows it,
  // else from the matcher (docs/benchmarks.md, Timeline). Not with remote
  // shards (#15.4): the days' values would be read a document at a time, and
  // the matcher's spy runs on the servers.
  const bool any_remote = std::any_of(m_shards.begin(), m_shards.end(), [](const OpenedShard& s) { return s.remote; });
  std::optional<std::vector<Xapian::docid>> matches;
  if (!any_remote) matches = match_set(m_db, query, date_ranges);
  if (matches) {
    DayCounts counts = count_days(m_db, *matches, map);
    result.timeline = make_timeline(std::move(counts.days), counts.undated, unit);
    result.total_estimate = matches->size();
    result.total_exact = true;
    return matches;
  }
  MatcherDayCounts counted = count_days_by_matcher(m_db, query);
  result.timeline = make_timeline(std::move(counted.counts.days), counted.counts.undated, unit);
  result.total_estimate = counted.matches;
  result.total_exact = counted.exact;
  return std::nullopt;
}

} // namespace dateline::searcher
