/** @file timeline.hpp
 *  @brief --timeline: matching articles per period (year, month, ISO week or
 *  day), bucketed from per-day counts. Pure functions, no Xapian, no I/O.
 */
#pragma once

#include "common/date.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::searcher {

/// The period of one bar. `automatic` is only ever requested, never chosen.
enum class TimelineUnit { automatic, year, month, week, day };

/// auto aims at this many bars (both ends included).
inline constexpr std::size_t k_timeline_min_bars = 10;
inline constexpr std::size_t k_timeline_max_bars = 40;
/// An explicit unit may draw at most this many bars (day bars over a
/// 300-year archive); more is refused with a UsageError naming a coarser unit.
inline constexpr std::size_t k_timeline_max_periods = 100000;

/// Matching articles dated on one day.
struct DayCount {
  Date date;
  std::size_t count = 0;
};

/// One bar: a period label ("2024", "2024-07", "2024-W07", "2024-07-26") and
/// the number of matching articles dated in it.
struct TimelinePeriod {
  std::string period;
  std::size_t count = 0;
  /// While near-duplicates are collapsed (#11.1): the distinct stories among
  /// those articles (add_story_counts); absent otherwise.
  std::optional<std::size_t> stories;
};

struct Timeline {
  TimelineUnit unit = TimelineUnit::month;  ///< the unit used (never automatic)
  std::vector<TimelinePeriod> periods;      ///< first to last dated match, empty periods included
  std::size_t undated = 0;                  ///< matching articles without a date (not a bar)
  /// With story counts (add_story_counts): the distinct stories among all
  /// dated matches (a story counted once, whatever its periods) and among the
  /// undated ones.
  std::optional<std::size_t> dated_stories;
  std::optional<std::size_t> undated_stories;
};

/// A matching article that shares its near-duplicate story with other
/// articles of the database (it has a story value, schema::k_slot_story): its
/// date (std::nullopt: undated) and its story, as a number (a story id is 16
/// hex digits, near_dup::story_id: that number). A matching article without
/// a story value is a story of one copy and needs no StoryCopy.
struct StoryCopy {
  std::optional<Date> date;
  std::uint64_t story = 0;
};

/// "auto", "year", "month", "week", "day"; std::nullopt for anything else.
[[nodiscard]] std::optional<TimelineUnit> parse_timeline_unit(std::string_view text);
/// The name as parse_timeline_unit accepts it.
[[nodiscard]] std::string_view timeline_unit_name(TimelineUnit unit);
/// Every unit's name, auto first: --timeline's allowed values.
[[nodiscard]] std::vector<std::string> timeline_unit_names();

/// ISO 8601 week date of @p date: the week-numbering year (which differs from
/// the calendar year around 1 January) and the week 1..53.
struct IsoWeek {
  int year = 0;
  int week = 0;
  auto operator<=>(const IsoWeek&) const = default;
};
[[nodiscard]] IsoWeek iso_week(const Date& date);

/// The label of the period of @p unit holding @p date ("2024-W07" for weeks).
[[nodiscard]] std::string period_label(const Date& date, TimelineUnit unit);

/// How many bars @p unit gives from @p first to @p last (both included; first <= last).
[[nodiscard]] std::size_t period_count(const Date& first, const Date& last, TimelineUnit unit);

/// The unit `auto` picks for dates from @p first to @p last: the coarsest of
/// year, month, week, day that gives k_timeline_min_bars..k_timeline_max_bars
/// bars; when none does, the one whose bar count is nearest that range by
/// ratio (9 bars is nearer than 100; on a tie, as when every unit gives one
/// bar, the finer unit, whose label says more).
[[nodiscard]] TimelineUnit choose_timeline_unit(const Date& first, const Date& last);

/// Buckets @p days (any order; repeated days are added) into periods of
/// @p unit (automatic: choose_timeline_unit over the dated span), from the
/// period of the earliest day to that of the latest, with every period between
/// them present (count 0 when nothing matched in it). No dated day gives no
/// periods (and, for automatic, the unit month). Throws UsageError when the
/// span needs more than k_timeline_max_periods bars.
[[nodiscard]] Timeline make_timeline(std::vector<DayCount> days, std::size_t undated, TimelineUnit unit);

/// Adds story counts to @p timeline, which make_timeline() built from the
/// same matches; @p copies are those of the matches that have a story value
/// (any order). A period's stories are its articles, less its copies, plus
/// the distinct stories among its copies: a story whose copies fall in two
/// periods counts in both (so the periods' stories may add up to more than
/// dated_stories), and a period never has more stories than articles. A copy
/// dated outside the periods (the inputs disagree) is left out.
void add_story_counts(Timeline& timeline, const std::vector<StoryCopy>& copies);

/// The distinct stories among @p matches articles of which @p copies have a
/// story value: matches - copies + distinct story ids among the copies.
[[nodiscard]] std::size_t count_distinct_stories(std::size_t matches, const std::vector<StoryCopy>& copies);

} // namespace dateline::searcher
