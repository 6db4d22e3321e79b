/** @file query_dates.cpp
 *  @brief A query's certain dates, for choosing the shards of a time-sharded
 *  archive (#15.3).
 */
#include "searcher/query_dates.hpp"

#include "common/error.hpp"
#include "common/text_analyzer.hpp"
#include "searcher/query_builder.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

namespace dateline::searcher {
namespace {

/// The date ranges of the query by the description of the query that
/// date_range_query() builds for each (as match_set recognises them).
using KnownRanges = std::vector<std::pair<std::string, DateBounds>>;

/// What one subquery certainly restricts: nullopt = nothing (any date, or undated).
std::optional<ShardDates> restriction(const Xapian::Query& query, const KnownRanges& known) {
  using Q = Xapian::Query;
  switch (query.get_type()) {
    case Q::LEAF_TERM:
    case Q::OP_VALUE_RANGE:
    case Q::OP_VALUE_GE:
    case Q::OP_VALUE_LE: {
      const std::string description = query.get_description();
      for (const auto& [text, bounds] : known) {
        if (text == description) return ShardDates{bounds.first, bounds.last};
      }
      return std::nullopt;
    }
    case Q::OP_SCALE_WEIGHT:
    case Q::OP_AND_MAYBE:  // the rest only weighs
    case Q::OP_AND_NOT:    // the rest only takes matches away
      return query.get_num_subqueries() > 0 ? restriction(query.get_subquery(0), known) : std::nullopt;
    case Q::OP_AND:
    case Q::OP_FILTER: {
      std::optional<ShardDates> out;
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (const std::optional<ShardDates> part = restriction(query.get_subquery(i), known)) {
          out = out ? intersect_dates(*out, *part) : *part;
        }
      }
      return out;
    }
    case Q::OP_OR: {  // certain only when every alternative is restricted: their hull
      if (query.get_num_subqueries() == 0) return std::nullopt;
      ShardDates hull;
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        const std::optional<ShardDates> part = restriction(query.get_subquery(i), known);
        if (!part) return std::nullopt;
        if (i == 0) {
          hull = *part;
          continue;
        }
        hull.since = hull.since && part->since ? std::optional<Date>(std::min(*hull.since, *part->since)) : std::nullopt;
        hull.until = hull.until && part->until ? std::optional<Date>(std::max(*hull.until, *part->until)) : std::nullopt;
      }
      return hull;
    }
    default: return std::nullopt;  // XOR, phrases, NEAR, wildcards, synonyms, posting sources, ...
  }
}

} // namespace

ShardDates intersect_dates(const ShardDates& a, const ShardDates& b) {
  ShardDates out;
  out.since = a.since && b.since ? std::max(*a.since, *b.since) : (a.since ? a.since : b.since);
  out.until = a.until && b.until ? std::min(*a.until, *b.until) : (a.until ? a.until : b.until);
  return out;
}

ShardDates certain_dates(const Xapian::Query& query, const std::vector<DateBounds>& date_ranges) {
  KnownRanges known;
  for (const DateBounds& bounds : date_ranges) {
    known.emplace_back(date_range_query(bounds.first, bounds.last).get_description(), bounds);
  }
  return restriction(query, known).value_or(ShardDates{});
}

ShardDates query_text_dates(std::string_view query, MatchMode mode) {
  // Cheap test first: most queries name no date (field names are case-insensitive).
  std::string lower(query);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (lower.find("date:") == std::string::npos) return {};
  try {
    const TextAnalyzer analyzer("none");
    const RewrittenQuery rewritten = QueryRewriter(analyzer).rewrite(query);
    if (rewritten.dates.empty()) return {};
    Xapian::WritableDatabase empty(std::string(), Xapian::DB_BACKEND_INMEMORY);
    BuildOptions build;
    build.mode = mode;
    build.synonyms = false;
    return certain_dates(QueryBuilder("none").build(rewritten, build, empty), rewritten.dates);
  } catch (const UsageError&) {
    return {};  // the search itself reports what is wrong with the query
  } catch (const Xapian::Error&) {
    return {};
  }
}

} // namespace dateline::searcher
