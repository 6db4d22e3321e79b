/** @file timeline.cpp
 *  @brief Period arithmetic (ISO weeks, month and year ends) and bucketing of
 *  per-day counts into a gap-free timeline.
 */
#include "searcher/timeline.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dateline::searcher {
namespace {

/// 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday).
int weekday(long days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

long monday_of(long days) { return days - weekday(days); }

/// The index of @p date's period counted in @p unit from an arbitrary origin:
/// consecutive periods have consecutive indexes.
long period_index(const Date& date, TimelineUnit unit) {
  switch (unit) {
    case TimelineUnit::year: return date.year;
    case TimelineUnit::month: return static_cast<long>(date.year) * 12 + (date.month - 1);
    case TimelineUnit::week: {
      const long monday = monday_of(day_number(date));
      return monday >= 0 ? monday / 7 : -((-monday + 6) / 7);  // floor division: Mondays are 7 apart
    }
    case TimelineUnit::day:
    case TimelineUnit::automatic: break;
  }
  return day_number(date);
}

/// The first day of the period with index @p index (inverse of period_index).
Date period_start(long index, TimelineUnit unit) {
  switch (unit) {
    case TimelineUnit::year: return Date{static_cast<int>(index), 1, 1};
    case TimelineUnit::month: return Date{static_cast<int>(index / 12), static_cast<int>(index % 12) + 1, 1};
    case TimelineUnit::week: return date_from_day_number(index * 7 + 4);  // 1970-01-05 was a Monday: 7 * 0 + 4
    case TimelineUnit::day:
    case TimelineUnit::automatic: break;
  }
  return date_from_day_number(index);
}

/// @p n with at least @p width digits, zero-padded: "%0*d" without
/// snprintf's cost (a timeline labels a period per distinct day, #12.1).
std::string padded(int n, std::size_t width) {
  if (n < 0) {  // as printf: the sign, then the padded digits of the rest
    std::array<char, 16> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%0*d", static_cast<int>(width), n);
    return buffer.data();
  }
  std::array<char, 16> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), n).ptr;
  const auto count = static_cast<std::size_t>(end - digits.data());
  std::string out(count < width ? width - count : 0, '0');
  out.append(digits.data(), count);
  return out;
}

std::string two_digits(int n) { return padded(n, 2); }

std::string four_digits(int n) { return padded(n, 4); }

/// Articles less copies plus distinct stories, never more than the articles
/// (nor, should the inputs disagree, below zero).
std::size_t stories_among(std::size_t articles, std::size_t copies, std::size_t distinct) {
  return articles >= copies ? articles - copies + distinct : std::min(articles, distinct);
}

/// How many different numbers @p ids holds (sorts them).
std::size_t distinct_count(std::vector<std::uint64_t>& ids) {
  std::sort(ids.begin(), ids.end());
  return static_cast<std::size_t>(std::unique(ids.begin(), ids.end()) - ids.begin());
}

/// How far @p bars is from the auto range, as a ratio >= 1 (1 inside it).
double distance_from_range(std::size_t bars) {
  if (bars < k_timeline_min_bars) return static_cast<double>(k_timeline_min_bars) / static_cast<double>(bars);
  if (bars > k_timeline_max_bars) return static_cast<double>(bars) / static_cast<double>(k_timeline_max_bars);
  return 1.0;
}

} // namespace

namespace {
constexpr TimelineUnit k_units[] = {TimelineUnit::automatic, TimelineUnit::year, TimelineUnit::month,
                                    TimelineUnit::week, TimelineUnit::day};
} // namespace

std::optional<TimelineUnit> parse_timeline_unit(std::string_view text) {
  for (const TimelineUnit unit : k_units) {
    if (text == timeline_unit_name(unit)) return unit;
  }
  return std::nullopt;
}

std::vector<std::string> timeline_unit_names() {
  std::vector<std::string> out;
  for (const TimelineUnit unit : k_units) out.emplace_back(timeline_unit_name(unit));
  return out;
}

std::string_view timeline_unit_name(TimelineUnit unit) {
  switch (unit) {
    case TimelineUnit::automatic: return "auto";
    case TimelineUnit::year: return "year";
    case TimelineUnit::month: return "month";
    case TimelineUnit::week: return "week";
    case TimelineUnit::day: return "day";
  }
  return "auto";
}

IsoWeek iso_week(const Date& date) {
  // The week belongs to the year of its Thursday.
  const long days = day_number(date);
  const long thursday = monday_of(days) + 3;
  const Date t = date_from_day_number(thursday);
  const long first_thursday_week = (thursday - day_number(Date{t.year, 1, 1})) / 7;
  return IsoWeek{t.year, static_cast<int>(first_thursday_week) + 1};
}

std::string period_label(const Date& date, TimelineUnit unit) {
  switch (unit) {
    case TimelineUnit::year: return four_digits(date.year);
    case TimelineUnit::month: return four_digits(date.year) + "-" + two_digits(date.month);
    case TimelineUnit::week: {
      const IsoWeek w = iso_week(date);
      return four_digits(w.year) + "-W" + two_digits(w.week);
    }
    case TimelineUnit::day:
    case TimelineUnit::automatic: break;
  }
  return date.iso();
}

std::size_t period_count(const Date& first, const Date& last, TimelineUnit unit) {
  const long span = period_index(last, unit) - period_index(first, unit);
  return span < 0 ? 0 : static_cast<std::size_t>(span) + 1;
}

TimelineUnit choose_timeline_unit(const Date& first, const Date& last) {
  TimelineUnit best = TimelineUnit::year;
  double best_distance = 0.0;
  for (const TimelineUnit unit : {TimelineUnit::year, TimelineUnit::month, TimelineUnit::week, TimelineUnit::day}) {
    const double distance = distance_from_range(period_count(first, last, unit));
    if (unit == TimelineUnit::year || distance <= best_distance) {
      best = unit;
      best_distance = distance;
    }
    if (distance == 1.0) break;  // the coarsest unit inside the range
  }
  return best;
}

Timeline make_timeline(std::vector<DayCount> days, std::size_t undated, TimelineUnit unit) {
  Timeline timeline;
  timeline.undated = undated;
  days.erase(std::remove_if(days.begin(), days.end(), [](const DayCount& d) { return d.count == 0; }), days.end());
  if (days.empty()) {
    timeline.unit = unit == TimelineUnit::automatic ? TimelineUnit::month : unit;
    return timeline;
  }
  const auto [min_it, max_it] =
      std::minmax_element(days.begin(), days.end(), [](const DayCount& a, const DayCount& b) { return a.date < b.date; });
  const Date first = min_it->date;
  const Date last = max_it->date;
  timeline.unit = unit == TimelineUnit::automatic ? choose_timeline_unit(first, last) : unit;
  const std::size_t bars = period_count(first, last, timeline.unit);
  if (bars > k_timeline_max_periods) {
    throw UsageError("option --timeline=" + std::string(timeline_unit_name(timeline.unit)) + ": the matches from " +
                     first.iso() + " to " + last.iso() + " need " + std::to_string(bars) + " bars (at most " +
                     std::to_string(k_timeline_max_periods) +
                     "); use a coarser unit or narrow the dates with --since/--until");
  }
  const long origin = period_index(first, timeline.unit);
  timeline.periods.resize(bars);
  for (std::size_t i = 0; i < bars; ++i) {
    timeline.periods[i].period = period_label(period_start(origin + static_cast<long>(i), timeline.unit), timeline.unit);
  }
  for (const DayCount& d : days) {
    timeline.periods[static_cast<std::size_t>(period_index(d.date, timeline.unit) - origin)].count += d.count;
  }
  return timeline;
}

void add_story_counts(Timeline& timeline, const std::vector<StoryCopy>& copies) {
  // Each copy placed in its period (by index; periods.size() for the
  // undated). A day's period is looked up once: the copies come in docid
  // order, mostly date order, so the previous day's slot usually answers,
  // else a cache by day; labels sort as their periods do (four-digit years,
  // two-digit months, weeks and days), so a label's period is found by
  // binary search.
  const std::size_t undated_slot = timeline.periods.size();
  std::vector<std::pair<std::size_t, std::uint64_t>> placed;  // (slot, story)
  placed.reserve(copies.size());
  std::vector<std::uint64_t> dated_ids;
  std::unordered_map<std::int64_t, std::optional<std::size_t>> slots;  // day -> slot; none: outside the chart
  std::optional<Date> day;
  std::optional<std::size_t> day_slot;  // the slot of `day`
  for (const StoryCopy& copy : copies) {
    if (!copy.date) {
      placed.emplace_back(undated_slot, copy.story);
      continue;
    }
    if (!day || *day != *copy.date) {
      day = copy.date;
      const auto [cached, fresh] = slots.try_emplace(day_number(*copy.date));
      if (fresh) {
        const std::string label = period_label(*copy.date, timeline.unit);
        const auto it = std::lower_bound(timeline.periods.begin(), timeline.periods.end(), label,
                                         [](const TimelinePeriod& p, const std::string& l) { return p.period < l; });
        cached->second = it != timeline.periods.end() && it->period == label
                             ? std::optional<std::size_t>(static_cast<std::size_t>(it - timeline.periods.begin()))
                             : std::nullopt;  // outside the chart: the inputs disagree
      }
      day_slot = cached->second;
    }
    if (!day_slot) continue;
    placed.emplace_back(*day_slot, copy.story);
    dated_ids.push_back(copy.story);
  }
  std::sort(placed.begin(), placed.end());
  std::vector<std::size_t> grouped(undated_slot + 1, 0);
  std::vector<std::size_t> distinct(undated_slot + 1, 0);
  for (std::size_t i = 0; i < placed.size(); ++i) {
    ++grouped[placed[i].first];
    if (i == 0 || placed[i] != placed[i - 1]) ++distinct[placed[i].first];
  }
  std::size_t dated = 0;
  for (std::size_t i = 0; i < undated_slot; ++i) {
    TimelinePeriod& period = timeline.periods[i];
    period.stories = stories_among(period.count, grouped[i], distinct[i]);
    dated += period.count;
  }
  const std::size_t dated_copies = dated_ids.size();
  timeline.dated_stories = stories_among(dated, dated_copies, distinct_count(dated_ids));
  timeline.undated_stories = stories_among(timeline.undated, grouped[undated_slot], distinct[undated_slot]);
}

std::size_t count_distinct_stories(std::size_t matches, const std::vector<StoryCopy>& copies) {
  std::vector<std::uint64_t> ids;
  ids.reserve(copies.size());
  for (const StoryCopy& copy : copies) ids.push_back(copy.story);
  return stories_among(matches, copies.size(), distinct_count(ids));
}

} // namespace dateline::searcher
