/** @file query_dates.hpp
 *  @brief The dates every match of a query must lie in (#15.3): a `date:`
 *  restriction written in the query text chooses the shards of a
 *  time-sharded archive, as --since/--until do, but only where it is
 *  certain: a date range ANDed at the top of the query (or its filter), never
 *  one under OR (beside other words), NOT, XOR or a positional operator.
 */
#pragma once

#include "searcher/query_rewriter.hpp"
#include "searcher/request.hpp"
#include "searcher/shard_select.hpp"

#include <xapian.h>

#include <string_view>
#include <vector>

namespace dateline::searcher {

/// The dates that every document matching @p query lies in, read from its
/// tree: the date ranges (@p date_ranges, as the rewriter found them and
/// date_range_query() built them) under AND and FILTER, the first operand of
/// AND_MAYBE and AND_NOT, a scaled weight, and an OR whose every operand is
/// so restricted (the hull of their dates). Both open when nothing is certain.
[[nodiscard]] ShardDates certain_dates(const Xapian::Query& query, const std::vector<DateBounds>& date_ranges);

/// certain_dates() of the query text @p query as dateline-search builds it
/// with @p mode, found before any database is opened (the stemming language
/// is not known yet: the query is read without stemming, which does not move
/// a date range in its tree). Both open when @p query holds no `date:` or
/// cannot be parsed (the search reports that).
[[nodiscard]] ShardDates query_text_dates(std::string_view query, MatchMode mode);

/// The dates both @p a and @p b allow (the later start, the earlier end).
[[nodiscard]] ShardDates intersect_dates(const ShardDates& a, const ShardDates& b);

} // namespace dateline::searcher
