/** @file import_reuters.cpp
 *  @brief dateline-import-reuters: Reuters-21578 SGML -> Dateline article files.
 */
#include "common/error.hpp"
#include "common/version.hpp"
#include "corpus/import/reuters_import.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_failed = 1;
constexpr int k_exit_usage = 2;


struct CommandLine {
  bool help = false;
  bool version = false;
  bool quiet = false;
  std::vector<std::string> positional;
};

[[nodiscard]] CommandLine parse_command_line(int argc, char** argv) {
  CommandLine line;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!options_done && arg == "--") {
      options_done = true;
    } else if (!options_done && (arg == "-h" || arg == "--help")) {
      line.help = true;
    } else if (!options_done && arg == "--version") {
      line.version = true;
    } else if (!options_done && (arg == "-q" || arg == "--quiet")) {
      line.quiet = true;
    } else if (!options_done && arg.size() > 1 && arg.front() == '-') {
      throw dateline::UsageError("unknown option '" + std::string(arg) + "'");
    } else {
      line.positional.emplace_back(arg);
    }
  }
  if (!line.help && !line.version && line.positional.size() != 2) {
    throw dateline::UsageError("expected SRC_DIR and OUT_DIR, got " +
                               std::to_string(line.positional.size()) + " argument(s)");
  }
  return line;
}

[[nodiscard]] int run_import_reuters_main(int argc, char** argv) {
  try {
    const CommandLine line = parse_command_line(argc, argv);
    if (line.help) {
      std::cout << dateline::reuters::import_help_text();
      return k_exit_ok;
    }
    if (line.version) {
      std::cout << dateline::version_text("dateline-import-reuters");
      return k_exit_ok;
    }
    const auto started = std::chrono::steady_clock::now();
    const auto counts = dateline::reuters::import_reuters({line.positional[0], line.positional[1]});
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    if (!line.quiet) {
      char elapsed[32];
      std::snprintf(elapsed, sizeof elapsed, ", %.1f s", seconds.count());
      std::cerr << "dateline-import-reuters: " << dateline::reuters::summary_line(counts) << elapsed
                << '\n';
    }
    return k_exit_ok;
  } catch (const dateline::UsageError& error) {
    std::cerr << "dateline-import-reuters: " << error.what()
              << "\nTry 'dateline-import-reuters --help'.\n";
    return k_exit_usage;
  } catch (const std::exception& error) {
    std::cerr << "dateline-import-reuters: " << error.what() << '\n';
    return k_exit_failed;
  }
}

} // namespace

int main(int argc, char** argv) {
  return run_import_reuters_main(argc, argv);
}
