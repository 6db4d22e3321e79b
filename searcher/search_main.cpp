/** @file search_main.cpp
 *  @brief dateline-search: one query or a --batch of them, errors to exit codes.
 */
#include "searcher/search_main.hpp"

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "searcher/options.hpp"
#include "searcher/output.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/searcher.hpp"

#include <xapian.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <new>
#include <unistd.h>

namespace dateline::searcher {
namespace {

constexpr const char* k_program = "dateline-search";

#if defined(__SANITIZE_ADDRESS__)
constexpr bool k_leak_checked = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool k_leak_checked = true;
#else
constexpr bool k_leak_checked = false;
#endif
#else
constexpr bool k_leak_checked = false;
#endif

/// Ends the process once the answer is out: the databases were opened
/// read-only and stdout has been flushed, so nothing is left that a user
/// could notice. Closing Xapian's tables and handing the heap back to the
/// system cost about 2% of a one-query run (docs/benchmarks.md), so the
/// process skips them, as Clang does with -disable-free. Builds with
/// AddressSanitizer return normally, so LeakSanitizer still checks every run.
int finish(int code) {
  if constexpr (!k_leak_checked) {
    std::fflush(nullptr);
    std::_Exit(code);
  }
  return code;
}

void print_error(const std::string& message) {
  // Messages name paths (--db, --batch FILE) and echo queries: control and
  // bidi characters escaped, so nothing can forge a line; backslashes kept, so
  // a query is quoted as typed.
  std::cerr << k_program << ": " << escape_for_terminal(message, false) << '\n';
}

int run_batch(const SearchOptions& options, Searcher& searcher, OutputWriter& out) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (options.batch_file != "-") {
    file.open(options.batch_file);
    if (!file) {
      throw UsageError("option --batch: cannot open '" + options.batch_file + "': " + std::strerror(errno));
    }
    in = &file;
  }
  bool any_hits = false;
  bool any_error = false;
  std::string line;
  while (std::getline(*in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Blank as the query language sees it: Unicode spaces and controls too.
    if (clean_query_text(line).find_first_not_of(' ') == std::string::npos) continue;
    SearchRequest request = make_request(options, line);
    request.explain = options.explain;
    searcher.refresh();  // a long-running reader follows commits and swapped-in rebuilds
    try {
      const SearchResult result = searcher.search(request);
      if (result.total_estimate > 0) any_hits = true;
      out.write(render_json(result) + "\n");
      out.flush();  // each answer as soon as it is ready: a program on the other end of a pipe can wait for it
    } catch (const UsageError& e) {
      any_error = true;
      // Echo at most 256 bytes of the query: a 100 KB line is not copied back whole.
      const std::string_view shown = utf8_prefix(line, 256);
      out.write(render_json_error(shown.size() < line.size() ? std::string(shown) + "…" : line, e.what()) + "\n");
      out.flush();
    }
  }
  out.flush();
  if (any_error) return finish(k_exit_usage);
  return finish(any_hits ? k_exit_hits : k_exit_no_hits);
}

/// "database 'db' has no documents yet (...)", naming every database searched.
std::string no_documents_message(const std::vector<std::string>& paths) {
  std::string names;
  for (const std::string& path : paths) names += (names.empty() ? "'" : ", '") + path + "'";
  if (paths.size() == 1) {
    return "database " + names + " has no documents yet (index articles into it with dateline-index --db " +
           paths.front() + " FOLDER)";
  }
  return "databases " + names + " have no documents yet (index articles into them with dateline-index --db DB FOLDER)";
}

int run(const SearchOptions& options, OutputWriter& out) {
  const UniqueDatabases databases = unique_databases(options.databases);
  for (const auto& [dropped, kept] : databases.repeats) {
    print_error("note: --db '" + dropped + "' is the same database as '" + kept + "'; searched once");
  }
  Searcher searcher(databases.paths);
  if (!options.batch_file.empty()) {
    if (searcher.document_count() == 0) print_error("note: " + no_documents_message(databases.paths));
    return run_batch(options, searcher, out);
  }
  const SearchResult result = searcher.search(make_request(options, options.query));
  const bool empty_database = searcher.document_count() == 0;
  if (options.count_only) {
    out.write(std::to_string(result.total_estimate) + "\n");
  } else if (options.files_only) {
    out.write(render_paths(result));
  } else if (options.format == OutputFormat::json) {
    out.write(render_json(result) + "\n");
  } else {
    out.write(render_text(result, HighlightStyle::choose(options.color, ::isatty(STDOUT_FILENO) == 1,
                                                         std::getenv("NO_COLOR"), std::getenv("TERM"))));
  }
  out.flush();
  if (empty_database) print_error(no_documents_message(databases.paths));
  return finish(result.total_estimate > 0 ? k_exit_hits : k_exit_no_hits);
}

} // namespace

int run_search_main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  OutputWriter out(stdout);
  try {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    OptionEnvironment environment;
    if (const char* db = std::getenv("DATELINE_DB")) environment.dateline_db = db;
    const SearchOptions options = parse_search_options(args, environment);
    if (options.help) {
      out.write(search_help_text());
      out.flush();
      return k_exit_hits;
    }
    if (options.version) {
      out.write(std::string(k_program) + " 0.1.0 (Xapian " + Xapian::version_string() + ")\n");
      out.flush();
      return k_exit_hits;
    }
    return run(options, out);
  } catch (const OutputClosed&) {
    return k_exit_hits;  // the reader went away (| head): not an error
  } catch (const UsageError& e) {
    print_error(e.what());
    return k_exit_usage;
  } catch (const DatabaseError& e) {
    print_error(e.what());
    return k_exit_database;
  } catch (const Xapian::DatabaseError& e) {
    print_error("database error: " + e.get_description());
    return k_exit_database;
  } catch (const Xapian::Error& e) {
    print_error("search failed: " + e.get_description());
    return k_exit_database;
  } catch (const std::bad_alloc&) {
    print_error("out of memory");
    return k_exit_usage;
  } catch (const std::exception& e) {
    print_error(std::string("error: ") + e.what());
    return k_exit_usage;
  }
}

} // namespace dateline::searcher
