/** @file terminal_reporter.cpp
 *  @brief Terminal-safe message printing: paths and names in messages are
 *  escaped (common/encoding.hpp escape_for_terminal), never stripped, so a file
 *  name cannot forge a line or hide what it is.
 */
#include "indexer/terminal_reporter.hpp"

#include "common/encoding.hpp"

#include <cstdio>

namespace dateline::indexer {

void TerminalReporter::warning(const std::string& message) {
  if (m_params.quiet) {
    return;
  }
  const std::lock_guard lock(m_mutex);
  if (m_progress != nullptr) {
    m_progress->clear();
  }
  std::fprintf(stderr, "dateline-index: warning: %s\n", escape_for_terminal(message).c_str());
}

void TerminalReporter::info(const std::string& message) {
  if (!m_params.verbose) {
    return;
  }
  const std::lock_guard lock(m_mutex);
  if (m_progress != nullptr) {
    m_progress->clear();
  }
  std::fprintf(stderr, "dateline-index: %s\n", escape_for_terminal(message).c_str());
}

void TerminalReporter::change(const std::string& action, const std::string& what) {
  if (!m_params.dry_run && !m_params.verbose) {
    return;
  }
  const std::string line = action + " " + escape_for_terminal(what);
  const std::lock_guard lock(m_mutex);
  if (m_params.dry_run) {
    std::fprintf(stdout, "%s\n", line.c_str());
  } else if (m_params.verbose) {
    if (m_progress != nullptr) {
      m_progress->clear();
    }
    std::fprintf(stderr, "dateline-index: %s\n", line.c_str());
  }
}

void TerminalReporter::progress_start(std::size_t total) {
  const std::lock_guard lock(m_mutex);
  m_progress = std::make_unique<Progress>(
      m_params.progress_bar && !m_params.quiet && !m_params.verbose && !m_params.dry_run, total);
}

void TerminalReporter::progress_step() {
  const std::lock_guard lock(m_mutex);
  if (m_progress != nullptr) {
    m_progress->step();
  }
}

void TerminalReporter::progress_end() {
  const std::lock_guard lock(m_mutex);
  m_progress.reset();  // erases the bar
}

} // namespace dateline::indexer
