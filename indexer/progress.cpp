/** @file progress.cpp
 *  @brief Drawing the progress bar: files done/total, rate and ETA.
 */
#include "indexer/progress.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace dateline::indexer {

ProgressStyle progress_style(const char* term, const char* no_color) {
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return ProgressStyle::none;
  if (no_color != nullptr && no_color[0] != '\0') return ProgressStyle::plain;
  return ProgressStyle::ansi;
}

Progress::Progress(bool enabled, std::size_t total)
    : m_style(progress_style(std::getenv("TERM"), std::getenv("NO_COLOR"))),
      m_enabled(enabled && total > 0 && m_style != ProgressStyle::none), m_total(total), m_start(std::chrono::steady_clock::now()),
      m_last_draw(m_start) {}

Progress::~Progress() { clear(); }

bool Progress::stderr_is_tty() { return ::isatty(STDERR_FILENO) == 1; }

void Progress::step() {
  const std::lock_guard lock(m_mutex);
  ++m_done;
  if (!m_enabled) {
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - m_last_draw >= std::chrono::milliseconds(200) || m_done == m_total) {
    m_last_draw = now;
    draw();
  }
}

void Progress::draw() {
  constexpr int k_width = 30;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  const double rate = elapsed > 0 ? static_cast<double>(m_done) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(m_total - m_done) / rate : 0.0;
  const int filled = static_cast<int>(static_cast<double>(k_width) * static_cast<double>(m_done) /
                                      static_cast<double>(m_total));
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(k_width, '.');
  char line[160];
  const int n = std::snprintf(line, sizeof line, "[%s] %zu/%zu files  %.0f/s  ETA %d:%02d ", bar.c_str(), m_done,
                              m_total, rate, static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
  const std::size_t width = n > 0 ? std::min(static_cast<std::size_t>(n), sizeof line - 1) : 0;
  if (m_style == ProgressStyle::ansi) {
    std::fprintf(stderr, "\r%s\033[K", line);
  } else {
    // No escape sequences: pad over what the previous bar left.
    std::fprintf(stderr, "\r%s%*s", line, static_cast<int>(m_drawn_width > width ? m_drawn_width - width : 0), "");
  }
  m_drawn_width = std::max(m_drawn_width, width);
  std::fflush(stderr);
  m_drawn = true;
}

void Progress::clear() {
  const std::lock_guard lock(m_mutex);
  if (m_drawn) {
    if (m_style == ProgressStyle::ansi) {
      std::fprintf(stderr, "\r\033[K");
    } else {
      std::fprintf(stderr, "\r%*s\r", static_cast<int>(m_drawn_width), "");
    }
    m_drawn_width = 0;
    std::fflush(stderr);
    m_drawn = false;
  }
}

} // namespace dateline::indexer
