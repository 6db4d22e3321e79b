/** @file output.hpp
 *  @brief The only code that writes search results to stdout: text for people,
 *  JSON for scripts (docs/json-output.md), JSON lines for --batch.
 */
#pragma once

#include "searcher/options.hpp"
#include "searcher/result.hpp"
#include "searcher/timeline_chart.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

namespace dateline::searcher {

/// How highlighted words are marked in text output.
struct HighlightStyle {
  std::string open;
  std::string close;

  [[nodiscard]] static HighlightStyle bold() { return {"\x1b[1m", "\x1b[22m"}; }
  [[nodiscard]] static HighlightStyle marker() { return {"[[", "]]"}; }
  /// --color: always bold, never the marker; automatic: bold when
  /// @p is_terminal, $NO_COLOR (@p no_color) is unset or empty and $TERM
  /// (@p term) is not "dumb".
  [[nodiscard]] static HighlightStyle choose(ColorMode mode, bool is_terminal, const char* no_color,
                                             const char* term);
};

/// The text rendering: header, "Did you mean", then rank, date, title, path and
/// snippets per hit. Article text and the query have control characters,
/// escape sequences, bidi controls and invisible characters removed
/// (neutralize_for_terminal); paths are escaped (escape_for_terminal).
/// With a timeline, its chart (drawn in @p chart) comes after the header,
/// before the hits.
[[nodiscard]] std::string render_text(const SearchResult& result, const HighlightStyle& style,
                                      const ChartStyle& chart = {});
/// -l/--files-with-matches: each hit's path, escaped, one per line.
[[nodiscard]] std::string render_paths(const SearchResult& result, bool null_separated = false);
/// The --explain block shown before text results.
[[nodiscard]] std::string render_explanation_text(const Explanation& explanation, const std::string& parsed);
/// One JSON object on one line (no trailing newline), as in docs/json-output.md.
[[nodiscard]] std::string render_json(const SearchResult& result);
/// A --batch line for a query that failed: {"query": ..., "error": ...}.
[[nodiscard]] std::string render_json_error(std::string_view query, std::string_view message);

/// Thrown when stdout is closed by the reader (EPIPE, e.g. `| head`): the
/// program stops quietly.
class OutputClosed : public std::runtime_error {
public:
  OutputClosed() : std::runtime_error("stdout closed") {}
};

/// Writes to a stream, turning write failures into OutputClosed (EPIPE) or
/// std::runtime_error (anything else, e.g. ENOSPC).
class OutputWriter {
public:
  explicit OutputWriter(std::FILE* stream) : m_stream(stream) {}
  void write(std::string_view text);
  void flush();

private:
  std::FILE* m_stream;
};

} // namespace dateline::searcher
