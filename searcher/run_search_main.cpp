/** @file run_search_main.cpp
 *  @brief dateline-search: one query or a --batch of them, errors to exit codes.
 */
#include "searcher/run_search_main.hpp"

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/version.hpp"
#include "searcher/change_retry.hpp"
#include "searcher/options.hpp"
#include "searcher/output.hpp"
#include "searcher/query_dates.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/request_options.hpp"
#include "searcher/searcher.hpp"
#include "searcher/watch_state.hpp"
#include "common/schema.hpp"

#include <xapian.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <new>
#include <optional>
#include <string_view>
#include <sys/ioctl.h>
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

/// One line on stderr in every program's form (common/error.hpp):
/// "dateline-search: KIND: MESSAGE" ("warning", "note"; none for a plain line).
void print_diagnostic(std::string_view kind, const std::string& message) {
  // Messages name paths (--db, --batch FILE) and echo queries: control and
  // bidi characters escaped, so nothing can forge a line; backslashes kept, so
  // a query is quoted as typed.
  std::cerr << diagnostic_line(k_program, kind, escape_for_terminal(message, false));
}

/// What ends the run: "dateline-search: error: MESSAGE".
void print_error(const std::string& message) { print_diagnostic("error", message); }

/// The searcher's warnings not reported yet (#15.4: shards left out, spelling
/// without remote shards), on stderr; each starts with its kind ("warning: ", "note: ").
void print_warnings(Searcher& searcher) {
  for (const std::string& warning : searcher.take_warnings()) {
    const std::size_t colon = warning.find(": ");
    const std::string kind = colon == std::string::npos ? std::string() : warning.substr(0, colon);
    if (kind == "warning" || kind == "note") {
      print_diagnostic(kind, warning.substr(colon + 2));
    } else {
      print_diagnostic("warning", warning);
    }
  }
}

/// A query that is not valid UTF-8 is searched with U+FFFD for each invalid
/// sequence (clean_query_text), which separates words ("harbo\xffur" asks for
/// the phrase "harbo ur"): said once on stderr, @p where naming a --batch line;
/// called after the search, so that a query error stays the one line of a failed run.
void warn_if_not_utf8(std::string_view query, const std::string& where = {}) {
  if (is_valid_utf8(query)) return;
  print_diagnostic("warning", where + "the query is not valid UTF-8; each invalid byte sequence was replaced by "
                                     "U+FFFD, which separates words: searched as '" +
                                     echo_for_error(clean_query_text(query)) + "'");
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
  std::size_t line_number = 0;
  // A line that cannot be searched gets {"query": ..., "error": ...}; the
  // query is echoed up to 256 bytes (a 100 KB line is not copied back whole).
  const auto write_error = [&](const std::string& message) {
    const std::string_view shown = utf8_prefix(line, 256);
    out.write(render_json_error(shown.size() < line.size() ? std::string(shown) + "…" : line, message) + "\n");
    out.flush();
  };
  while (std::getline(*in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Blank as the query language sees it: Unicode spaces and controls too.
    if (clean_query_text(line).find_first_not_of(' ') == std::string::npos) continue;
    if (const std::optional<std::string> option = option_in_batch_line(line)) {
      // "--limit 5" would be searched as the words "limit 5": refused like a
      // bad query, naming where it is (an option applies to every line).
      any_error = true;
      const std::string where = options.batch_file == "-" ? std::string("standard input") : options.batch_file;
      const std::string message = "query error: line " + std::to_string(line_number) + " of --batch " + where +
                                  ": '" + *option + "' is an option, not a query; options apply to every line " +
                                  "and go on the command line (dateline-search " + *option + " ... --batch " +
                                  options.batch_file + "); to search for the word, leave out the '--'";
      write_error(message);
      continue;
    }
    SearchRequest request = make_request(options, line);
    request.explain = options.explain;
    searcher.refresh();  // a long-running reader follows commits and swapped-in rebuilds
    try {
      const SearchResult result = searcher.search(request);
      print_warnings(searcher);
      warn_if_not_utf8(line, "--batch line " + std::to_string(line_number) + ": ");
      if (result.total_estimate > 0) any_hits = true;
      out.write(render_json(result) + "\n");
      out.flush();  // each answer as soon as it is ready: a program on the other end of a pipe can wait for it
    } catch (const UsageError& e) {
      any_error = true;
      write_error(e.what());
    }
  }
  out.flush();
  if (any_error) return finish(k_exit_usage);
  return finish(any_hits ? k_exit_hits : k_exit_no_hits);
}

/// How --timeline charts are drawn on this stdout, from the terminal and the environment.
ChartStyle chart_style(const SearchOptions& options) {
  std::optional<std::size_t> columns;
  winsize size{};
  if (::isatty(STDOUT_FILENO) == 1 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    columns = size.ws_col;
  }
  return choose_chart_style(options.color, std::getenv("COLUMNS"), columns,
                            locale_is_utf8(std::getenv("LC_ALL"), std::getenv("LC_CTYPE"), std::getenv("LANG")));
}

/// True when a writer (dateline-index) holds the write lock of the local
/// database @p path (a time-sharded archive's lock is its undated/ shard's).
/// Opened as glass only, never through a stub file; false when it cannot tell.
bool being_written(const std::string& path) {
  std::error_code error;
  const std::string glass = schema::sharded_archive_stub(path) ? path + "/undated" : path;
  if (!std::filesystem::exists(glass + "/iamglass", error)) return false;
  try {
    return Xapian::Database(glass, Xapian::DB_BACKEND_GLASS).locked();
  } catch (const Xapian::Error&) {
    return false;
  }
}

/// Why a search found no documents at all, for stderr; "" when nothing is to
/// be said. "has no documents yet (index articles into it ...)" only when
/// that is the remedy: not when the dates left a time-sharded archive's other
/// shards closed (the result line names the dates), not for one period of
/// such an archive searched alone (indexing into it would break the archive),
/// not while an indexer is writing the database (a first build commits at the
/// end).
std::string no_documents_message(const std::vector<std::string>& paths, const Searcher& searcher) {
  if (searcher.shards_left_closed() > 0) return "";
  for (const std::string& path : paths) {
    if (const std::optional<std::string> archive = archive_of_dated_shard(path)) {
      return "database '" + path + "' has no documents: it is one period of the time-sharded archive '" + *archive +
             "' (search the whole archive with --db " + *archive + "; --since/--until choose its shards, and " +
             "dateline-index --db " + *archive + " fills them)";
    }
  }
  std::string names;
  for (const std::string& path : paths) names += (names.empty() ? "'" : ", '") + path + "'";
  for (const std::string& path : paths) {
    if (being_written(path)) {
      return (paths.size() == 1 ? "database " + names + " has no documents yet: dateline-index is writing it now"
                                : "databases " + names + " have no documents yet: dateline-index is writing '" +
                                      path + "' now") +
             " (a first build commits its documents when it finishes); search again then";
    }
  }
  if (paths.size() == 1) {
    return "database " + names + " has no documents yet (index articles into it with dateline-index --db " +
           paths.front() + " FOLDER)";
  }
  return "databases " + names + " have no documents yet (index articles into them with dateline-index --db DB FOLDER)";
}

/// The output of one query (or a saved search's new articles) in the format asked for.
std::string render(const SearchOptions& options, const SearchResult& result) {
  if (options.count_only && result.timeline) {  // --timeline --count: the chart only
    return options.format == OutputFormat::json ? render_json(result) + "\n"
                                                : render_timeline_text(*result.timeline, chart_style(options));
  }
  if (options.count_only) return std::to_string(result.total_estimate) + "\n";
  if (options.files_only) return render_paths(result, options.null_separated);
  if (options.format == OutputFormat::json) return render_json(result) + "\n";
  return render_text(result,
                     HighlightStyle::choose(options.color, ::isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR"),
                                            std::getenv("TERM")),
                     chart_style(options));
}

/// --new-since STATE_FILE (#12.3): reports what is new since the state
/// file's watermark, and moves the watermark only once that is written.
int run_new_since(const SearchOptions& options, Searcher& searcher, OutputWriter& out) {
  const std::string& path = options.new_since;
  for (const std::string& db : options.databases) {
    // One period of a time-sharded archive has no counter of its own (it is
    // in the archive's undated/): every run would find nothing new.
    if (const std::optional<std::string> archive = archive_of_dated_shard(db)) {
      throw UsageError("option --new-since: '" + db + "' is one shard of the time-sharded archive '" + *archive +
                       "', whose saved-search counter is in its undated/ shard: give the archive (--db " + *archive +
                       "; --since/--until choose its shards)");
    }
  }
  check_watch_state_writable(path);  // before anything is printed
  const WatchStateLock lock(path);    // overlapping runs take turns: each reads the last one's watermark
  const std::optional<WatchState> previous = load_watch_state(path);  // corrupt: exit 2
  WatchDecision decision;
  std::optional<SearchResult> result;
  ChangeRetry changes;
  for (int attempt = 1;; ++attempt) {
    // The counter and the UUID from the snapshot that is searched: every
    // document numbered up to the counter is in it. The range's upper end
    // keeps out documents committed later (seen if the search reopens),
    // which the next run reports.
    std::string uuid;
    std::string stored;
    std::string compacted_from;
    try {
      uuid = searcher.uuid();
      stored = searcher.metadata(std::string(schema::k_meta_seq));
      compacted_from = searcher.metadata(std::string(schema::k_meta_compacted_from));
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (!changes.wait_before_retry()) {
        throw DatabaseError("the database kept changing while searching (" + changes.summary() + "): " +
                            e.get_msg());
      }
      searcher.refresh();  // the snapshot was discarded by later commits: take the newest
      continue;
    }
    const std::optional<std::uint64_t> counter = schema::parse_seq_metadata(stored);
    if (!counter) {
      throw DatabaseError("database metadata " + std::string(schema::k_meta_seq) + " is not a number ('" + stored +
                          "'); rebuild the database with dateline-index --rebuild");
    }
    decision = decide_watch(previous, uuid, *counter, options.query, options.watch_init, path, compacted_from);
    result.reset();
    if (decision.action == WatchAction::report_current || decision.action == WatchAction::report_new) {
      SearchRequest request = make_request(options, options.query);
      request.suggest = false;
      request.sequence = SearchRequest::SequenceRange{decision.first, decision.last};
      result = searcher.search(request);
      print_warnings(searcher);
    }
    // A search that had to open a rebuilt database searched another one
    // than the counter belongs to: start again from its counter. A
    // time-sharded archive served whole by xapian-tcpsrv whose server now
    // opens other shards may have been searched without a new period that
    // the counter covers (docs/scaling.md): open again, and start again.
    const bool remote_changed = searcher.remote_archives_changed();
    if (searcher.uuid() == uuid && !remote_changed) break;
    if (attempt >= k_max_reopen_attempts) {
      throw DatabaseError("the database was replaced again and again while searching; try again");
    }
    if (remote_changed) searcher.reopen();
  }
  if (decision.rebaselined) {
    print_diagnostic("warning", "state file '" + path + "' was made for another database (rebuilt or replaced); "
                "starting the saved search again from now: articles indexed from now on will be reported");
  }
  const bool any = result && result->total_estimate > 0;
  // Nothing new prints nothing (mail -E sends no mail), except --count: a
  // number, 0, as for every other empty answer (--init prints nothing).
  const bool count_zero = !any && options.count_only && !options.watch_init;
  if (any || count_zero) {
    if (any && result->total_estimate > result->hits.size() && !options.count_only && result->limit > 0) {
      print_diagnostic("note", std::to_string(result->total_estimate - result->hits.size()) +
                  " more new articles not shown (--limit " + std::to_string(result->limit) + ")");
    }
    try {
      out.write(result ? render(options, *result) : std::string("0\n"));
      out.flush();
    } catch (const OutputClosed&) {
      throw std::runtime_error("standard output was closed before the new articles were written; state file '" +
                               path + "' keeps its watermark");
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(std::string(e.what()) + "; state file '" + path + "' keeps its watermark");
    }
    if (std::ferror(stdout) != 0) {
      throw std::runtime_error("cannot write to standard output; state file '" + path + "' keeps its watermark");
    }
  }
  if (!previous || decision.next != *previous) {
    try {
      save_watch_state(path, decision.next);
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string(e.what()) + (any ? " (the articles above will be reported again)" : ""));
    }
  }
  if (options.watch_init) return finish(k_exit_hits);
  return finish(any ? k_exit_hits : k_exit_no_hits);
}

int run(const SearchOptions& options, OutputWriter& out) {
  const UniqueDatabases databases = unique_databases(options.databases);
  for (const auto& [dropped, kept] : databases.repeats) {
    print_diagnostic("note", "--db '" + dropped + "' is the same database as '" + kept + "'; searched once");
  }
  for (const auto& [shard, archive] : databases.shards) {
    print_diagnostic("note", "--db '" + shard + "' is one shard of the time-sharded archive '" + archive +
                                 "', also given; searched once, as part of the archive");
  }
  ShardOptions shard_options{options.timeout, options.allow_partial, {}};
  // One request (or a saved search): its dates choose the shards (#15.3).
  // --like names articles of the whole archive (a path, or docid:N as a
  // search of every shard numbered it): every shard is opened, and the dates
  // restrict the hits only.
  if (options.batch_file.empty() && options.like.empty()) {
    shard_options.dates = {options.since, options.until};
    if (options.similar_to.empty()) {  // its article's copies may be in any shard
      const MatchMode mode = options.mode == MatchMode::natural && options.sort != SortOrder::relevance
                                 ? MatchMode::all
                                 : options.mode;
      shard_options.dates = intersect_dates(shard_options.dates, query_text_dates(options.query, mode));
    }
  }
  Searcher searcher(databases.paths, shard_options);
  print_warnings(searcher);
  if (!options.new_since.empty()) return run_new_since(options, searcher, out);
  if (!options.batch_file.empty()) {
    if (searcher.document_count() == 0) {
      if (const std::string note = no_documents_message(databases.paths, searcher); !note.empty()) {
        print_diagnostic("note", note);
      }
    }
    return run_batch(options, searcher, out);
  }
  const SearchResult result = searcher.search(make_request(options, options.query));
  print_warnings(searcher);
  warn_if_not_utf8(options.query);  // after the search: a query error is its one line
  const bool empty_database = searcher.document_count() == 0;
  out.write(render(options, result));
  out.flush();
  if (empty_database) {
    if (const std::string note = no_documents_message(databases.paths, searcher); !note.empty()) {
      print_diagnostic("", note);
    }
  }
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
      out.write(search_help_text(options.help_all));
      out.flush();
      return k_exit_hits;
    }
    if (options.version) {
      out.write(version_text(k_program));
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
    print_error(e.what());
    return k_exit_usage;
  } catch (...) {
    print_error("internal error: unknown exception");
    return k_exit_usage;
  }
}

} // namespace dateline::searcher
