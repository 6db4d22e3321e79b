/** @file run_import_main.cpp
 *  @brief dateline-import-reuters' main(): parse, convert, report, map
 *  exceptions to exit codes.
 */
#include "corpus/import/run_import_main.hpp"

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/option_suggestion.hpp"
#include "corpus/import/exit_codes.hpp"
#include "common/version.hpp"
#include "corpus/import/reuters_import.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::reuters {
namespace {

constexpr const char* k_program = "dateline-import-reuters";

void print_error(const std::string& message) {
  std::cerr << diagnostic_line(k_program, "error", escape_for_terminal(message));
}


struct CommandLine {
  bool help = false;
  bool version = false;
  bool quiet = false;
  std::vector<std::string> positional;
};

CommandLine parse_command_line(int argc, char** argv) {
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
      // Worded as the other two programs word it (Boost's "unrecognised option").
      const std::optional<std::string> meant = nearest_option(arg, {"help", "version", "quiet"});
      throw dateline::UsageError("unrecognised option '" + std::string(arg) + "'" +
                                 (meant ? ": did you mean " + *meant + "?" : std::string()));
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

} // namespace

int run_import_main(int argc, char** argv) {
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
    const auto counts = import_reuters({line.positional[0], line.positional[1]});
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    if (!line.quiet) {
      char elapsed[32];
      std::snprintf(elapsed, sizeof elapsed, ", %.1f s", seconds.count());
      std::cerr << k_program << ": " << summary_line(counts) << elapsed << '\n';
    }
    return k_exit_ok;
  } catch (const UsageError& error) {
    print_error(error.what());
    std::cerr << "Try '" << k_program << " --help'.\n";
    return k_exit_usage;
  } catch (const std::exception& error) {
    print_error(error.what());
    return k_exit_failed;
  } catch (...) {
    print_error("internal error: unknown exception");
    return k_exit_failed;
  }
}

} // namespace dateline::reuters
