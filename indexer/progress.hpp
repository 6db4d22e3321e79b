/** @file progress.hpp
 *  @brief A progress bar on stderr (only when stderr is a terminal).
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>

namespace dateline::indexer {

class Progress {
public:
  /// @p enabled false makes every call a no-op (not a TTY, --quiet, --verbose logs).
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

  bool m_enabled;
  std::size_t m_total;
  std::size_t m_done = 0;
  bool m_drawn = false;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last_draw;
};

} // namespace dateline::indexer
