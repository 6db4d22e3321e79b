/** @file reporter.hpp
 *  @brief Where an indexing run's events go: the engine reports warnings,
 *  notes, per-change events and progress ticks through this interface and
 *  never prints; the program decides what reaches a terminal
 *  (indexer/terminal_reporter.hpp in the command-line library). The run's
 *  counts come back as data (Indexer::run returns a Summary).
 */
#pragma once

#include <cstddef>
#include <string>

namespace dateline::indexer {

/// Every member may be called from several threads at once (the parallel
/// build's shard writers report through one Reporter). Messages name paths
/// unescaped: escaping them for a terminal is the printer's job.
class Reporter {
public:
  Reporter() = default;
  virtual ~Reporter() = default;
  Reporter(const Reporter&) = delete;
  Reporter& operator=(const Reporter&) = delete;

  /// Something went wrong but the run goes on (a file skipped, a folder unreadable).
  virtual void warning(const std::string& message) = 0;
  /// A note on what the run did or decided (the CLI prints them with --verbose).
  virtual void info(const std::string& message) = 0;
  /// One change @p action ("add", "update", "rename", "delete", "skip",
  /// "stories") to @p what (a path, or a description).
  virtual void change(const std::string& action, const std::string& what) = 0;
  /// The write phase starts: @p total files to read and write.
  virtual void progress_start(std::size_t total) = 0;
  /// One more of them written.
  virtual void progress_step() = 0;
  /// The write phase is over (also when interrupted).
  virtual void progress_end() = 0;
};

/// A Reporter that drops every event (tests, programs that want none).
class NullReporter final : public Reporter {
public:
  void warning(const std::string&) override {}
  void info(const std::string&) override {}
  void change(const std::string&, const std::string&) override {}
  void progress_start(std::size_t) override {}
  void progress_step() override {}
  void progress_end() override {}
};

} // namespace dateline::indexer
