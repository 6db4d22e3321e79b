/** @file run_index_main.cpp
 *  @brief The only place that catches broadly and chooses the exit code.
 */
#include "indexer/run_index_main.hpp"

#include "common/error.hpp"
#include "indexer/exit_codes.hpp"
#include "indexer/indexer.hpp"
#include "indexer/options.hpp"
#include "indexer/progress.hpp"
#include "indexer/signals.hpp"

#include <xapian.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <thread>

namespace dateline::indexer {
namespace {

void print_error(const std::string& message) {
  std::fprintf(stderr, "dateline-index: error: %s\n", message.c_str());
}

int exit_code_for(const Summary& summary) {
  if (summary.interrupted) {
    return stop_signal() == SIGINT ? k_exit_sigint : k_exit_sigterm;
  }
  return summary.failed_new > 0 ? k_exit_new_failures : k_exit_ok;
}

int run(int argc, char* argv[]) {
  ParseEnvironment env;
  if (const char* db = std::getenv("DATELINE_DB")) {
    env.db_from_env = db;
  }
  env.hardware_threads = std::thread::hardware_concurrency();
  const ParsedCommandLine parsed = parse_index_options(argc, argv, env);
  if (parsed.show_help) {
    std::cout << index_help_text();
    return k_exit_ok;
  }
  if (parsed.show_version) {
    std::cout << "dateline-index 0.1.0 (Xapian " << Xapian::version_string() << ")\n";
    return k_exit_ok;
  }
  const IndexOptions& options = parsed.options;
  const std::atomic<bool>& stop = install_stop_handlers();
  Indexer indexer(options, stop);
  Summary summary = indexer.run();
  summary.exit_code = exit_code_for(summary);
  const bool on_tty = Progress::stderr_is_tty();
  if (!options.quiet && (on_tty || options.verbose || options.dry_run || summary.interrupted)) {
    std::fprintf(stderr, "dateline-index: %s\n", summary.to_line().c_str());
  }
  if (!options.summary_json.empty()) {
    write_file_atomically(options.summary_json, summary.to_json());
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
  }
}

} // namespace dateline::indexer
