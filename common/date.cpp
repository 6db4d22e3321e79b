/** @file date.cpp
 *  @brief Date parsing and validation.
 */
#include "common/date.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>

namespace dateline {
namespace {

bool is_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

DateParse make_date(int year, int month, int day, std::string_view original) {
  if (!is_valid_date(year, month, day)) {
    return {std::nullopt, "impossible date '" + std::string(original) + "'"};
  }
  return {Date{year, month, day}, {}};
}

int month_from_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> k_months = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  std::string lower;
  for (char c : name.substr(0, 3)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t i = 0; i < k_months.size(); ++i) {
    if (k_months[i] == lower) return static_cast<int>(i) + 1;
  }
  return 0;
}

/// Two digits at @p at holding a value <= @p max.
bool two_digits(std::string_view text, std::size_t at, int max) {
  return text.size() >= at + 2 && is_digits(text.substr(at, 2)) && to_int(text.substr(at, 2)) <= max;
}

/// RFC 3339's time after the 'T': "HH:MM[:SS[.frac]]" and an optional zone
/// ("Z", "+HH:MM", "+HHMM", "+HH"), and nothing else.
bool is_time_of_day(std::string_view text) {
  if (!two_digits(text, 0, 23) || text.size() < 5 || text[2] != ':' || !two_digits(text, 3, 59)) return false;
  std::size_t at = 5;
  if (at < text.size() && text[at] == ':') {
    if (!two_digits(text, at + 1, 60)) return false;  // 60: a leap second
    at += 3;
    if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
      const std::size_t digits = at + 1;
      at = digits;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
      if (at == digits) return false;
    }
  }
  const std::string_view zone = text.substr(at);
  if (zone.empty() || zone == "Z" || zone == "z") return true;
  if (zone.front() != '+' && zone.front() != '-') return false;
  if (!two_digits(zone, 1, 23)) return false;
  if (zone.size() == 3) return true;                                          // +HH
  if (zone.size() == 5) return two_digits(zone, 3, 59);                       // +HHMM
  return zone.size() == 6 && zone[3] == ':' && two_digits(zone, 4, 59);       // +HH:MM
}

/// The English month or weekday that @p word names in full or as its usual
/// abbreviation (case-insensitive, a trailing '.' allowed).
bool is_calendar_name(std::string_view word) {
  static constexpr std::array<std::string_view, 19> k_names = {
      "january", "february", "march",  "april",    "may",    "june",     "july",
      "august",  "september", "october", "november", "december", "monday", "tuesday",
      "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (!word.empty() && word.back() == '.') word.remove_suffix(1);
  if (word.size() < 3) return false;
  std::string lower;
  for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view name : k_names) {
    if (lower == name || lower == name.substr(0, 3) || (lower == "sept" && name == "september")) return true;
  }
  return false;
}

} // namespace

std::string Date::iso() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

std::string Date::compact() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", year, month, day);
  return buffer;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return k_days[static_cast<std::size_t>(month - 1)];
}

bool is_valid_date(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

DateParse parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !is_digits(text.substr(0, 4)) ||
      !is_digits(text.substr(5, 2)) || !is_digits(text.substr(8, 2))) {
    return {};
  }
  return make_date(to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2)), text);
}

DateParse parse_iso_date_time(std::string_view text) {
  if (text.size() < 10) return {};
  DateParse iso = parse_iso_date(text.substr(0, 10));
  if (text.size() == 10) return iso;
  if ((text[10] != 'T' && text[10] != 't') || !is_time_of_day(text.substr(11))) return {};
  if (iso.error.empty() && !iso.date) return {};
  if (!iso.error.empty()) iso.error = "impossible date '" + std::string(text) + "'";
  return iso;
}

bool looks_like_date(std::string_view text) {
  text = trim(text);
  if (text.empty()) return false;
  if (std::isdigit(static_cast<unsigned char>(text.front())) != 0) return true;
  // A month or weekday name, then (after blanks and a comma) more date.
  std::size_t end = 0;
  while (end < text.size() && (std::isalpha(static_cast<unsigned char>(text[end])) != 0 || text[end] == '.')) ++end;
  if (!is_calendar_name(text.substr(0, end))) return false;
  std::string_view rest = text.substr(end);
  if (!rest.empty() && rest.front() == ',') rest.remove_prefix(1);
  const std::string_view after = trim(rest);
  if (after.size() == rest.size() && !rest.empty()) return false;  // "Mayor": no blank after the name
  return !after.empty() &&
         (std::isdigit(static_cast<unsigned char>(after.front())) != 0 || looks_like_date(after));
}

DateParse parse_header_date(std::string_view text) {
  text = trim(text);
  // ISO first: alone, followed by a blank and a time or zone ("2024-07-26
  // 10:00 EST"), or an RFC 3339 timestamp ("2024-07-26T10:00:00+09:00").
  if (text.size() >= 10) {
    DateParse iso = parse_iso_date(text.substr(0, 10));
    if (iso.date || !iso.error.empty()) {
      if (text.size() == 10 || text[10] == ' ' || text[10] == '\t') return iso;
      const std::string_view stamp = text.substr(0, std::min(text.find_first_of(" \t"), text.size()));
      return parse_iso_date_time(stamp);
    }
  }
  // RFC 2822: [ day-of-week "," ] day month year [ time [ zone ] ]
  std::string_view rest = text;
  if (auto comma = rest.find(','); comma != std::string_view::npos && comma <= 9) {
    rest = trim(rest.substr(comma + 1));
  }
  std::array<std::string_view, 3> parts;
  for (auto& part : parts) {
    rest = trim(rest);
    const auto end = rest.find_first_of(" \t");
    part = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  }
  if (!is_digits(parts[0]) || parts[0].size() > 2 || !is_digits(parts[2]) || parts[2].size() != 4) {
    return {};
  }
  const int month = month_from_name(parts[1]);
  if (month == 0) return {};
  return make_date(to_int(parts[2]), month, to_int(parts[0]), text);
}

std::optional<Date> date_from_path(std::string_view relative_path) {
  // Split into components.
  std::array<std::string_view, 64> components{};
  std::size_t count = 0;
  std::string_view rest = relative_path;
  while (!rest.empty() && count < components.size()) {
    const auto slash = rest.find('/');
    components[count++] = rest.substr(0, slash);
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (count == 0) return std::nullopt;
  // File name starting with YYYY-MM-DD or YYYYMMDD followed by a non-digit.
  const std::string_view name = components[count - 1];
  if (name.size() >= 10) {
    DateParse iso = parse_iso_date(name.substr(0, 10));
    if (iso.date && (name.size() == 10 || !std::isdigit(static_cast<unsigned char>(name[10])))) return iso.date;
  }
  if (name.size() >= 8 && is_digits(name.substr(0, 8)) &&
      (name.size() == 8 || !std::isdigit(static_cast<unsigned char>(name[8])))) {
    const int y = to_int(name.substr(0, 4));
    const int m = to_int(name.substr(4, 2));
    const int d = to_int(name.substr(6, 2));
    if (y >= 1800 && is_valid_date(y, m, d)) return Date{y, m, d};
  }
  // Directory chain YYYY/MM/DD (the last such chain wins).
  for (std::size_t i = count - 1; i >= 3; --i) {
    const auto y = components[i - 3];
    const auto m = components[i - 2];
    const auto d = components[i - 1];
    if (y.size() == 4 && is_digits(y) && m.size() <= 2 && is_digits(m) && d.size() <= 2 && is_digits(d)) {
      const int year = to_int(y);
      if (year >= 1800 && is_valid_date(year, to_int(m), to_int(d))) return Date{year, to_int(m), to_int(d)};
    }
  }
  return std::nullopt;
}

Date parse_date_bound(std::string_view text, bool upper, std::string_view what) {
  const std::string original(text);
  auto fail = [&](const std::string& why) -> Date {
    throw UsageError(std::string(what) + ": " + why + " '" + original +
                     "' (expected YYYY, YYYY-MM or YYYY-MM-DD)");
  };
  text = trim(text);
  if (text.size() == 4 && is_digits(text)) {
    const int year = to_int(text);
    if (year < 1) fail("invalid year");
    return upper ? Date{year, 12, 31} : Date{year, 1, 1};
  }
  if (text.size() == 7 && text[4] == '-' && is_digits(text.substr(0, 4)) && is_digits(text.substr(5, 2))) {
    const int year = to_int(text.substr(0, 4));
    const int month = to_int(text.substr(5, 2));
    if (year < 1 || month < 1 || month > 12) fail("impossible month");
    return upper ? Date{year, month, days_in_month(year, month)} : Date{year, month, 1};
  }
  DateParse iso = parse_iso_date(text);
  if (iso.date) return *iso.date;
  return fail(iso.error.empty() ? "malformed date" : "impossible date");
}

std::int64_t day_number(const Date& date) {
  const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (date.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date date_from_day_number(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return Date{year, month, day};
}

Date today_utc() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return date_from_day_number(days.time_since_epoch().count());
}

Date latest_current_date() { return date_from_day_number(day_number(today_utc()) + 1); }

} // namespace dateline
