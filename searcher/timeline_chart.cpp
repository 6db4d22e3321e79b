/** @file timeline_chart.cpp
 *  @brief Bar chart and JSON fields of a --timeline.
 */
#include "searcher/timeline_chart.hpp"

#include "common/json.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <string_view>

namespace dateline::searcher {
namespace {

bool contains_utf8(std::string_view name) {
  std::string lower;
  for (const char c : name) {
    if (c != '-') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower.find("utf8") != std::string::npos;
}

std::string padded_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string padded_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

/// A bar of @p count against @p largest, at most @p columns wide.
std::string bar(std::size_t count, std::size_t largest, std::size_t columns, bool unicode) {
  if (count == 0 || largest == 0) return {};
  const std::uint64_t steps = unicode ? 8 : 1;
  const std::uint64_t full = static_cast<std::uint64_t>(columns) * steps;
  std::uint64_t units = (static_cast<std::uint64_t>(count) * full + largest / 2) / largest;
  units = std::clamp<std::uint64_t>(units, 1, full);
  if (!unicode) return std::string(units, '#');
  std::string out;
  for (std::uint64_t i = 0; i < units / 8; ++i) out += "\u2588";
  if (const auto eighths = static_cast<unsigned>(units % 8); eighths > 0) {
    // U+2589 (seven eighths) .. U+258F (one eighth): E2 96 (0x90 - eighths).
    out += "\xE2\x96";
    out += static_cast<char>(0x90 - eighths);
  }
  return out;
}

/// True when the timeline has story counts that differ from its article
/// counts somewhere (a story with two copies among the matches).
bool stories_differ(const Timeline& timeline) {
  if (timeline.undated_stories && *timeline.undated_stories != timeline.undated) return true;
  return std::any_of(timeline.periods.begin(), timeline.periods.end(),
                     [](const TimelinePeriod& p) { return p.stories && *p.stories != p.count; });
}

} // namespace

bool locale_is_utf8(const char* lc_all, const char* lc_ctype, const char* lang) {
  for (const char* name : {lc_all, lc_ctype, lang}) {
    if (name != nullptr && name[0] != '\0') return contains_utf8(name);
  }
  return false;
}

ChartStyle choose_chart_style(ColorMode color, const char* columns_env, std::optional<std::size_t> terminal_columns,
                              bool utf8_locale) {
  ChartStyle style;
  style.unicode = color != ColorMode::never && utf8_locale;
  std::size_t width = terminal_columns.value_or(k_default_chart_width);
  if (columns_env != nullptr) {
    const std::string_view text(columns_env);
    std::size_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!text.empty() && ec == std::errc() && ptr == text.data() + text.size() && value > 0) width = value;
  }
  style.width = std::clamp(width, k_min_chart_width, k_max_chart_width);
  return style;
}

std::string render_timeline_text(const Timeline& timeline, const ChartStyle& style) {
  std::size_t dated = 0;
  std::size_t largest = 0;
  std::size_t most_stories = 0;
  std::size_t label_width = 0;
  for (const TimelinePeriod& p : timeline.periods) {
    dated += p.count;
    largest = std::max(largest, p.count);
    most_stories = std::max(most_stories, p.stories.value_or(0));
    label_width = std::max(label_width, p.period.size());
  }
  // Story counts in brackets after the article counts, only when they say
  // something: while duplicates are collapsed and some story has two copies.
  const bool stories = stories_differ(timeline);
  const auto in_brackets = [](std::optional<std::size_t> n) { return " (" + std::to_string(n.value_or(0)) + ")"; };
  std::string out = std::string(stories ? "Articles (stories) per " : "Articles per ") +
                    std::string(timeline_unit_name(timeline.unit)) + ": " + std::to_string(dated) +
                    (stories ? in_brackets(timeline.dated_stories) : "") + " dated";
  if (timeline.undated > 0) {
    out += ", " + std::to_string(timeline.undated) + (stories ? in_brackets(timeline.undated_stories) : "") +
           " undated (not charted)";
  }
  out += "\n";
  const std::size_t count_width = std::to_string(largest).size();
  const std::size_t story_width = stories ? std::to_string(most_stories).size() + 3 : 0;  // " (N)"
  // label, two spaces, count, stories, a space, the bar; the last column
  // stays free so a terminal does not wrap.
  const std::size_t used = label_width + 2 + count_width + story_width + 1 + 1;
  const std::size_t columns = style.width > used + 10 ? style.width - used : 10;
  for (const TimelinePeriod& p : timeline.periods) {
    std::string line = padded_right(p.period, label_width) + "  " + padded_left(std::to_string(p.count), count_width);
    if (stories) line += " (" + padded_left(std::to_string(p.stories.value_or(0)), story_width - 3) + ")";
    const std::string drawn = bar(p.count, largest, columns, style.unicode);
    if (!drawn.empty()) line += " " + drawn;
    out += line + "\n";
  }
  return out;
}

void append_timeline_json(std::string& out, const Timeline& timeline) {
  out += ",\"timeline_unit\":";
  append_json_string(out, timeline_unit_name(timeline.unit));
  out += ",\"timeline\":[";
  for (std::size_t i = 0; i < timeline.periods.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"period\":";
    append_json_string(out, timeline.periods[i].period);
    out += ",\"count\":" + std::to_string(timeline.periods[i].count);
    if (timeline.periods[i].stories) out += ",\"stories\":" + std::to_string(*timeline.periods[i].stories);
    out += "}";
  }
  out += "],\"timeline_undated\":" + std::to_string(timeline.undated);
  if (timeline.undated_stories) out += ",\"timeline_undated_stories\":" + std::to_string(*timeline.undated_stories);
}

} // namespace dateline::searcher
