/** @file terminal_reporter.hpp
 *  @brief dateline-index's printing of the run's events (indexer/reporter.hpp):
 *  warnings on stderr (unless --quiet), notes with --verbose, per-change lines
 *  on stdout for --dry-run or stderr for --verbose, and the progress bar on a
 *  terminal (indexer/progress.hpp).
 */
#pragma once

#include "indexer/progress.hpp"
#include "indexer/reporter.hpp"

#include <memory>
#include <mutex>
#include <string>

namespace dateline::indexer {

/// Thread-safe: shard writer threads report through one TerminalReporter.
class TerminalReporter final : public Reporter {
public:
  struct Params {
    bool quiet = false;
    bool verbose = false;
    bool dry_run = false;
    bool progress_bar = false;  ///< stderr is a terminal (the bar is drawn unless quiet, verbose or dry run)
  };
  explicit TerminalReporter(const Params& params) : m_params(params) {}

  void warning(const std::string& message) override;
  /// Only with --verbose.
  void info(const std::string& message) override;
  /// stdout in a dry run, stderr with --verbose, nowhere otherwise.
  void change(const std::string& action, const std::string& what) override;
  void progress_start(std::size_t total) override;
  void progress_step() override;
  void progress_end() override;

private:
  Params m_params;
  std::unique_ptr<Progress> m_progress;  ///< during the write phase
  std::mutex m_mutex;  ///< one message at a time
};

} // namespace dateline::indexer
