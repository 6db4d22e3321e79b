/** @file progress.hpp
 *  @brief A progress bar on stderr (only when stderr is a terminal, and TERM is
 *  not dumb; no escape sequences under NO_COLOR).
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>

namespace dateline::indexer {

/// How the bar may be drawn on this terminal.
enum class ProgressStyle {
  none,   ///< TERM=dumb: no bar at all
  plain,  ///< NO_COLOR set: redrawn with a carriage return and spaces, no escape sequences
  ansi,   ///< redrawn with "\r" and "ESC [K" (erase to the end of the line)
};

/// The style for $TERM @p term and $NO_COLOR @p no_color (either may be null).
[[nodiscard]] ProgressStyle progress_style(const char* term, const char* no_color);

class Progress {
public:
  /// @p enabled false makes every call a no-op (not a TTY, --quiet, --verbose
  /// logs); so does TERM=dumb (progress_style, read from the environment).
  Progress(bool enabled, std::size_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Records one more finished file and redraws at most a few times a second.
  /// step() and clear() may be called from several threads.
  void step();
  /// Erases the bar (before other output, and at the end).
  void clear();

  /// True when stderr is a terminal.
  [[nodiscard]] static bool stderr_is_tty();

private:
  void draw();

  std::mutex m_mutex;

  ProgressStyle m_style;
  bool m_enabled;
  std::size_t m_drawn_width = 0;  ///< characters of the last bar (plain style erases them)
  std::size_t m_total;
  std::size_t m_done = 0;
  bool m_drawn = false;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last_draw;
};

} // namespace dateline::indexer
