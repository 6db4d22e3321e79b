/** @file progress.cpp
 *  @brief Drawing the progress bar: files done/total, rate and ETA.
 */
#include "indexer/progress.hpp"

#include <string>
#include <unistd.h>

namespace dateline::indexer {

Progress::Progress(bool enabled, std::size_t total)
    : m_enabled(enabled && total > 0), m_total(total), m_start(std::chrono::steady_clock::now()),
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
  std::fprintf(stderr, "\r[%s] %zu/%zu files  %.0f/s  ETA %d:%02d \033[K", bar.c_str(), m_done, m_total, rate,
               static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
  std::fflush(stderr);
  m_drawn = true;
}

void Progress::clear() {
  const std::lock_guard lock(m_mutex);
  if (m_drawn) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    m_drawn = false;
  }
}

} // namespace dateline::indexer
