/** @file process.hpp
 *  @brief Runs a real binary for integration tests and captures its output.
 */
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace dateline::test {

struct ProcessResult {
  int exit_code = -1;      ///< exit status, or 128 + signal number when killed
  std::string out;         ///< everything written to stdout
  std::string err;         ///< everything written to stderr
  long max_rss_kb = 0;     ///< the child's peak resident set (getrusage via wait4), KiB
};

struct ProcessOptions {
  std::string stdin_data;                                   ///< fed to the child's stdin
  std::vector<std::pair<std::string, std::string>> env;     ///< extra/overriding variables
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};  ///< SIGKILL after this
};

/// Runs @p argv (argv[0] is a path, not searched in PATH) and waits for it.
[[nodiscard]] ProcessResult run_process(const std::vector<std::string>& argv,
                                        const ProcessOptions& options = {});

/// Starts @p argv in the background with stdout/stderr to /dev/null; returns its pid.
[[nodiscard]] int spawn_process(const std::vector<std::string>& argv,
                                const ProcessOptions& options = {});

/// Waits for a child started with spawn_process; returns the exit code as run_process does.
[[nodiscard]] int wait_process(int pid);

/// Paths of the binaries under test, from the environment that CTest sets.
[[nodiscard]] std::string index_binary();
[[nodiscard]] std::string search_binary();

} // namespace dateline::test
