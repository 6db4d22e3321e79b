/** @file reporter.cpp
 *  @brief Terminal-safe message printing.
 */
#include "indexer/reporter.hpp"

#include "common/encoding.hpp"

#include <cstdio>

namespace dateline::indexer {

void Reporter::warning(const std::string& message) {
  if (m_params.quiet) {
    return;
  }
  const std::lock_guard lock(m_mutex);
  if (m_progress != nullptr) {
    m_progress->clear();
  }
  std::fprintf(stderr, "dateline-index: warning: %s\n", strip_control_chars(repair_utf8(message)).c_str());
}

void Reporter::info(const std::string& message) {
  if (!m_params.verbose) {
    return;
  }
  const std::lock_guard lock(m_mutex);
  if (m_progress != nullptr) {
    m_progress->clear();
  }
  std::fprintf(stderr, "dateline-index: %s\n", strip_control_chars(repair_utf8(message)).c_str());
}

void Reporter::change(const std::string& action, const std::string& what) {
  if (!m_params.dry_run && !m_params.verbose) {
    return;
  }
  const std::string line = action + " " + strip_control_chars(repair_utf8(what));
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

} // namespace dateline::indexer
