/** @file run_index_main.cpp
 *  @brief The only place that catches broadly and chooses the exit code.
 */
#include "indexer/run_index_main.hpp"

#include "common/atomic_file.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "indexer/build_dir.hpp"
#include "indexer/compact.hpp"
#include "common/version.hpp"
#include "indexer/exit_codes.hpp"
#include "indexer/indexer.hpp"
#include "indexer/info.hpp"
#include "indexer/shards.hpp"
#include "indexer/options.hpp"
#include "indexer/progress.hpp"
#include "indexer/signals.hpp"
#include "indexer/summary.hpp"
#include "indexer/terminal_reporter.hpp"

#include <xapian.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <sys/statvfs.h>
#include <thread>

namespace dateline::indexer {
namespace {

void print_error(const std::string& message) {
  // Messages name paths: escaped so a name cannot forge lines (common/encoding.hpp).
  std::fputs(diagnostic_line("dateline-index", "error", escape_for_terminal(message)).c_str(), stderr);
}

/// The database being written, for the terminate handler below.
std::string g_db_path;  // NOLINT: set once before indexing starts

/// Xapian 1.4.22 sometimes calls std::terminate instead of throwing when a
/// write fails with ENOSPC inside commit() (seen on a full tmpfs at about one
/// point in three; tests/reliability/disk_full_test.cpp). Glass writes
/// copy-on-write, so the database is still at its last commit: report the
/// disk error and exit 3 like every other failed write. Any other terminate
/// (a real bug) still aborts.
[[noreturn]] void terminate_handler() {
  const int saved_errno = errno;
  struct statvfs fs {};
  constexpr unsigned long long k_nearly_full = 1024ULL * 1024ULL;
  const bool full = saved_errno == ENOSPC ||
                    (!g_db_path.empty() && ::statvfs(g_db_path.c_str(), &fs) == 0 &&
                     static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize < k_nearly_full);
  if (full) {
    std::fprintf(stderr,
                 "dateline-index: error: database '%s': a write failed inside Xapian's commit: "
                 "No space left on device (the database keeps its last committed state)\n",
                 g_db_path.c_str());
    std::_Exit(k_exit_database);
  }
  std::fprintf(stderr, "dateline-index: error: internal error: std::terminate called\n");
  std::abort();
}

int exit_code_for(const Summary& summary) {
  if (summary.interrupted) {
    return stop_signal() == SIGINT ? k_exit_sigint : k_exit_sigterm;
  }
  // 1: look at the warnings (files failed for the first time, or a folder
  // held no article), so that cron can tell "nothing there" from success.
  // held back: a folder lost most of its files at once (a half-mounted share?).
  return summary.failed_new > 0 || summary.empty_roots > 0 || summary.deletions_held_back > 0 ? k_exit_new_failures
                                                                                               : k_exit_ok;
}

int run(int argc, char* argv[]) {
  ParseEnvironment env;
  if (const char* db = std::getenv("DATELINE_DB")) {
    env.db_from_env = db;
  }
  env.hardware_threads = std::thread::hardware_concurrency();
  const ParsedCommandLine parsed = parse_index_options(argc, argv, env);
  if (parsed.show_help) {
    std::cout << index_help_text(parsed.show_help_all);
    return k_exit_ok;
  }
  if (parsed.show_version) {
    std::cout << version_text("dateline-index");
    return k_exit_ok;
  }
  const IndexOptions& options = parsed.options;
  if (options.info) {  // #9.9: describe the database, index nothing
    std::cout << describe_database(options.db_path, options.json);
    return k_exit_ok;
  }
  if (options.compact) {  // #15.3: compact what was written since its last compaction
    const CompactCounts counts = compact_database(options.db_path, options.wait_seconds);
    if (!options.quiet) std::fprintf(stderr, "dateline-index: %s\n", compact_line(counts).c_str());
    return k_exit_ok;
  }
  if (!options.summary_json.empty()) {
    check_summary_path(options.summary_json, options.db_path);  // exit 2 before any work
  }
  g_db_path = options.db_path;
  std::set_terminate(terminate_handler);
  const std::atomic<bool>& stop = install_stop_handlers();
  TerminalReporter reporter({options.quiet, options.verbose, options.dry_run, Progress::stderr_is_tty()});
  Indexer indexer(options, stop, reporter);
  Summary summary;
  try {
    summary = indexer.run();
  } catch (const DatabaseLockedError& e) {
    if (options.if_locked != LockPolicy::skip) {
      throw;
    }
    // Cron's overlap case: the other run does the work. Nothing was written.
    // Said where the closing summary would be (a terminal, --verbose), so a
    // cron job without -q still mails only what went wrong.
    if (!options.quiet && (Progress::stderr_is_tty() || options.verbose)) {
      std::string message = e.what();
      const std::string hint = k_lock_hint;
      if (message.size() > hint.size() && message.compare(message.size() - hint.size(), hint.size(), hint) == 0) {
        message.resize(message.size() - hint.size());
      }
      std::fprintf(stderr, "dateline-index: %s; skipped this run (--if-locked=skip)\n", message.c_str());
    }
    return k_exit_ok;
  }
  summary.exit_code = exit_code_for(summary);
  const bool on_tty = Progress::stderr_is_tty();
  if (!options.quiet && (on_tty || options.verbose || options.dry_run || summary.interrupted)) {
    std::fprintf(stderr, "dateline-index: %s\n", summary.to_line().c_str());
  }
  if (!options.summary_json.empty()) {
    try {
      write_file_atomically(options.summary_json, summary.to_json());
    } catch (const Error& e) {
      print_error(std::string(e.what()) + " (--summary-json; the index run itself finished and is committed)");
      return k_exit_summary;
    }
  }
  return summary.exit_code;
}

} // namespace

int run_index_main(int argc, char* argv[]) {
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    print_error(e.what());
    return k_exit_usage;
  } catch (const DatabaseLockedError& e) {
    print_error(e.what());
    return k_exit_locked;
  } catch (const DatabaseError& e) {
    print_error(e.what());
    return k_exit_database;
  } catch (const Xapian::DatabaseLockError& e) {
    print_error("database is locked: another indexer holds it: " + e.get_msg());
    return k_exit_locked;
  } catch (const Xapian::Error& e) {
    print_error(e.get_type() + std::string(": ") + e.get_msg());
    return k_exit_database;
  } catch (const std::exception& e) {
    print_error(e.what());
    return k_exit_database;
  } catch (...) {
    print_error("internal error: unknown exception");
    return k_exit_database;
  }
}

} // namespace dateline::indexer
