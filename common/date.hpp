/** @file date.hpp
 *  @brief Calendar dates as articles carry them: parsing, validation, encodings.
 */
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dateline {

/// A proleptic Gregorian calendar date. Always valid once constructed by the
/// factory functions below.
struct Date {
  int year = 0;   ///< 1..9999
  int month = 0;  ///< 1..12
  int day = 0;    ///< 1..days_in_month

  auto operator<=>(const Date&) const = default;

  /// "YYYY-MM-DD", as shown to people and written in JSON.
  [[nodiscard]] std::string iso() const;
  /// "YYYYMMDD", the sortable form stored in the date value slot (Omega's convention).
  [[nodiscard]] std::string compact() const;
};

[[nodiscard]] bool is_valid_date(int year, int month, int day);
[[nodiscard]] int days_in_month(int year, int month);

/// Result of looking for a date: absent (not a date at all) is distinct from
/// invalid (looks like a date but does not exist, e.g. 2024-02-30).
struct DateParse {
  std::optional<Date> date;
  std::string error;  ///< non-empty when the text looked like a date but is impossible
};

/// Days since 1970-01-01 in the proleptic Gregorian calendar (negative
/// before), after Howard Hinnant's days_from_civil; the date is not checked.
[[nodiscard]] std::int64_t day_number(const Date& date);
/// The inverse: the date @p days after 1970-01-01.
[[nodiscard]] Date date_from_day_number(std::int64_t days);

/// Today's date in UTC, by the system clock.
[[nodiscard]] Date today_utc();
/// The newest date an article can carry without being dated in the future:
/// today in UTC plus one day (east of UTC it is already tomorrow). Later
/// dates are typos or embargoes: the indexer warns about them and
/// --recency's default reference day passes over them.
[[nodiscard]] Date latest_current_date();

/// Parses exactly "YYYY-MM-DD" (the whole view, no surrounding text).
[[nodiscard]] DateParse parse_iso_date(std::string_view text);

/// Parses "YYYY-MM-DD" optionally followed by 'T' (or 't') and an RFC 3339 /
/// ISO 8601 time of day: "HH:MM[:SS[.fraction]]" then an optional zone, 'Z'
/// (or 'z'), "+HH:MM", "+HHMM" or "+HH" (or '-'). The whole view must be one
/// such timestamp, as feed exporters write them ("2024-01-05T23:30:00+09:00").
/// The calendar date is taken as written: no time-zone conversion. An
/// impossible date sets `error`; a malformed time is not a date at all.
[[nodiscard]] DateParse parse_iso_date_time(std::string_view text);

/// True when @p text (what follows the word "date" on a first line) is meant
/// as a date, valid or not: it starts with a digit ("2024-07-26", "26/07/2024"),
/// or with a month or weekday name (English, full or abbreviated) followed by
/// more of a date ("July 26", "Fri, 26 Jul 2024"). "of the vote is ..." is not.
[[nodiscard]] bool looks_like_date(std::string_view text);

/// Parses an RFC 2822 date ("Fri, 26 Jul 2024 10:00:00 +0000", "26 Jul 2024",
/// weekday and time optional) or, failing that, ISO "YYYY-MM-DD" followed by
/// nothing, by a blank and anything (a time, a zone), or by an RFC 3339 time
/// (parse_iso_date_time). The time and zone are ignored: Dateline stores days.
[[nodiscard]] DateParse parse_header_date(std::string_view text);

/// Finds a date in a relative path: a "YYYY/MM/DD/" directory chain or a
/// "YYYY-MM-DD" / "YYYYMMDD" at the start of the file name. Returns nullopt when
/// there is none or it is impossible.
[[nodiscard]] std::optional<Date> date_from_path(std::string_view relative_path);

/// Parses a user-supplied date bound: "YYYY", "YYYY-MM" or "YYYY-MM-DD". With
/// @p upper false the first day of the period is returned, otherwise the last.
/// Throws UsageError naming @p what on a malformed or impossible date.
[[nodiscard]] Date parse_date_bound(std::string_view text, bool upper, std::string_view what);

} // namespace dateline
