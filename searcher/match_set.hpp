/** @file match_set.hpp
 *  @brief --timeline's exact count without ranking: the documents a query
 *  matches, read from posting lists, counted per day from the date values or
 *  the per-day terms; the matcher with a MatchSpy for queries that need
 *  positions or value ranges (issue 12.1, docs/benchmarks.md, Timeline).
 */
#pragma once

#include "common/day_runs.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/timeline.hpp"

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace dateline::searcher {

/// The documents @p query matches in @p db, ascending and each once, read
/// from posting lists without weights: the set Xapian's matcher returns (which
/// does not depend on weights for these operators). std::nullopt unless the
/// query is terms, match-all and match-nothing combined by AND, OR, AND_NOT,
/// XOR, AND_MAYBE (only its left side decides the set, the rest may be
/// anything), FILTER, SYNONYM, MAX and SCALE_WEIGHT, and the value ranges
/// date_range_query() builds for @p date_ranges (--since/--until and date:
/// ranges; read from the D terms of their days): phrases, NEAR, wildcards
/// and other value ranges need the matcher.
[[nodiscard]] std::optional<std::vector<Xapian::docid>> match_set(const Xapian::Database& db,
                                                                  const Xapian::Query& query,
                                                                  const std::vector<DateBounds>& date_ranges = {});

/// An Enquire over @p query that counts its matches rather than ranks them:
/// BM25 without length normalisation (no document length is read; the set
/// of matches does not depend on the weights). Not BoolWeight or
/// CoordWeight: with them Xapian 1.4.22 threw "Unexpected end of posting
/// list" for some OR/AND_NOT queries on a sound database (seen in
/// Overlap.ThousandSearches...). The searcher's exact counts, the story
/// copies of a match and the matcher's day counts all weigh this way.
[[nodiscard]] Xapian::Enquire counting_enquire(const Xapian::Database& db, const Xapian::Query& query);

/// The matching documents per day, from schema::k_slot_date.
struct DayCounts {
  std::vector<DayCount> days;  ///< one entry per distinct day, ascending
  std::size_t undated = 0;     ///< documents without a (valid) date value
};

/// What count_days_by_matcher() found.
struct MatcherDayCounts {
  DayCounts counts;
  std::size_t matches = 0;  ///< every match (Xapian's count)
  bool exact = true;        ///< the count is exact (always, as every candidate is checked)
};

/// Any query: Xapian's matcher checks every candidate and a
/// ValueCountMatchSpy counts the date values (about 800 instructions per
/// match on Reuters: it weighs every match and builds a Document for each).
[[nodiscard]] MatcherDayCounts count_days_by_matcher(const Xapian::Database& db, const Xapian::Query& query);

/// The environment variable that, set to anything, makes usable_day_runs()
/// find no map (tests run both paths on the same databases).
inline constexpr const char* k_no_day_runs_env = "DATELINE_NO_DAY_RUNS";

/// The docid -> day map of @p db when it holds for it (day_runs::load()),
/// unless k_no_day_runs_env is set.
[[nodiscard]] std::optional<day_runs::DayRuns> usable_day_runs(const Xapian::Database& db);

/// Counts @p docids (ascending, as match_set returns them) per day, by
/// whichever of the ways below is estimated cheapest: the day runs @p map
/// (usable_day_runs() of @p db) when given, the date values or the D terms.
/// All give the same counts on databases dateline-index wrote (a document
/// has a D term exactly when it has a valid date value).
[[nodiscard]] DayCounts count_days(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                                   const day_runs::DayRuns* map = nullptr);

/// Walks the day runs alongside @p docids: a few instructions per match and
/// per run, no read of the database.
[[nodiscard]] DayCounts count_days_by_runs(const day_runs::DayRuns& map, const std::vector<Xapian::docid>& docids);

/// Walks the date value stream (schema::k_slot_date) alongside @p docids,
/// skipping to each: cost per match. A value that is not a valid date (never
/// written by dateline-index) counts as undated, as the hit would show it.
[[nodiscard]] DayCounts count_days_by_values(const Xapian::Database& db, const std::vector<Xapian::docid>& docids);

/// Walks the posting list of every per-day term (DYYYYMMDD) and counts the
/// postings that are matches: cost per document of the database and per day,
/// whatever the number of matches.
[[nodiscard]] DayCounts count_days_by_terms(const Xapian::Database& db, const std::vector<Xapian::docid>& docids);

/// Instructions per unit, measured with callgrind on Reuters-21578
/// (docs/benchmarks.md, Timeline): a skip_to and a read of the date value per
/// match; a posting of a D term per document; opening a D term's posting list.
inline constexpr std::size_t k_day_value_cost_per_match = 380;
inline constexpr std::size_t k_day_term_cost_per_document = 100;
inline constexpr std::size_t k_day_term_cost_per_day = 3300;
/// The same for the day runs: a step per match and per run, and the decode
/// of a run (paid by usable_day_runs(), counted here).
inline constexpr std::size_t k_day_run_cost_per_match = 8;
inline constexpr std::size_t k_day_run_cost_per_run = 60;

/// True when counting @p matches of @p documents by the D terms of @p days
/// days is estimated cheaper than by the date values (for words in more than
/// about a quarter of the archive).
[[nodiscard]] bool day_terms_cheaper(std::size_t matches, std::size_t documents, std::size_t days);

} // namespace dateline::searcher
