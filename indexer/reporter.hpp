/** @file reporter.hpp
 *  @brief Where the indexer's messages go: warnings and errors on stderr (unless
 *  --quiet), per-change lines on stdout for --dry-run or stderr for --verbose.
 */
#pragma once

#include "indexer/progress.hpp"

#include <mutex>
#include <string>

namespace dateline::indexer {

/// Thread-safe: shard writer threads report through one Reporter.
class Reporter {
public:
  struct Params {
    bool quiet = false;
    bool verbose = false;
    bool dry_run = false;
  };
  explicit Reporter(const Params& params) : m_params(params) {}

  /// The progress bar to erase before printing (may be null).
  void set_progress(Progress* progress) { m_progress = progress; }

  void warning(const std::string& message);
  /// Only with --verbose.
  void info(const std::string& message);
  /// One change ("add", "update", "rename", "delete", "skip"): stdout in a dry
  /// run, stderr with --verbose, nowhere otherwise.
  void change(const std::string& action, const std::string& what);

private:
  Params m_params;
  Progress* m_progress = nullptr;
  std::mutex m_mutex;  ///< one message at a time
};

} // namespace dateline::indexer
