/** @file timeline_chart.hpp
 *  @brief Rendering of a --timeline: a bar chart for the terminal (Unicode
 *  block bars or ASCII '#') and the JSON "timeline" fields. Pure: the caller
 *  passes in the terminal width and the locale.
 */
#pragma once

#include "searcher/options.hpp"
#include "searcher/timeline.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace dateline::searcher {

inline constexpr std::size_t k_default_chart_width = 80;
inline constexpr std::size_t k_min_chart_width = 20;
inline constexpr std::size_t k_max_chart_width = 1000;

/// How the chart is drawn.
struct ChartStyle {
  std::size_t width = k_default_chart_width;  ///< columns of a line
  bool unicode = true;                        ///< U+2588.. block bars in eighths, else '#'
};

/// True when the locale named by the environment (the first non-empty of
/// $LC_ALL, $LC_CTYPE, $LANG, as setlocale(LC_CTYPE, "") reads them) has
/// the UTF-8 codeset ("en_US.UTF-8", "C.utf8"); unset means the C locale: false.
[[nodiscard]] bool locale_is_utf8(const char* lc_all, const char* lc_ctype, const char* lang);

/// The style for this run: width from $COLUMNS (@p columns_env, when a
/// number) or else the terminal's (@p terminal_columns, from TIOCGWINSZ when
/// stdout is one), else 80, clamped to 20..1000; Unicode bars unless
/// --color=never or the locale is not UTF-8 (@p utf8_locale).
[[nodiscard]] ChartStyle choose_chart_style(ColorMode color, const char* columns_env,
                                            std::optional<std::size_t> terminal_columns, bool utf8_locale);

/// The text chart: a heading ("Articles per month: 1234 dated, 5 undated (not
/// charted)"), then one line per period: label, count, bar scaled so the
/// largest count fills the line (any count above 0 shows at least a sliver).
/// With story counts that differ from the article counts somewhere (a story
/// with two copies among the matches), each count is followed by its stories
/// in brackets ("Articles (stories) per month: 1234 (1100) dated", "2024-07
/// 120 (97) ███"); the bars still count articles.
[[nodiscard]] std::string render_timeline_text(const Timeline& timeline, const ChartStyle& style);

/// Appends `,"timeline_unit":"month","timeline":[{"period":...,"count":N},...],
/// "timeline_undated":N` (with the leading comma) to a JSON object being
/// written; with story counts each period also has `"stories":M` and
/// `"timeline_undated_stories":M` follows.
void append_timeline_json(std::string& out, const Timeline& timeline);

} // namespace dateline::searcher
