/** @file options.cpp
 *  @brief Boost.Program_options front end for dateline-search.
 */
#include "searcher/options.hpp"

#include "common/error.hpp"
#include "common/near_duplicate.hpp"

#include <boost/program_options.hpp>

#include <charconv>
#include <sstream>

namespace dateline::searcher {
namespace {

namespace po = boost::program_options;

std::size_t parse_count(const std::string& text, const char* option, std::size_t min_value,
                        std::size_t max_value) {
  std::size_t value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (text.empty() || ec != std::errc() || ptr != last || value < min_value || value > max_value) {
    throw UsageError(std::string("option ") + option + ": '" + text + "' is not a whole number from " +
                     std::to_string(min_value) + " to " + std::to_string(max_value));
  }
  return value;
}

po::options_description visible_options() {
  po::options_description options("Options");
  // clang-format off
  options.add_options()
    ("db,d", po::value<std::vector<std::string>>()->value_name("PATH")->composing(),
     "database directory; repeat to search several as one (default: $DATELINE_DB, else ./dateline.db; "
     "the same database named twice is searched once)")
    ("limit,n", po::value<std::string>()->value_name("N"),
     "hits to show (default 10, at most 10000); 0 shows only the result line, with an exact count")
    ("offset", po::value<std::string>()->value_name("N"), "skip this many hits first (for paging)")
    ("sort", po::value<std::string>()->value_name("ORDER"),
     "relevance (default), newest or oldest; date order lists only articles with every word (unless --any)")
    ("since", po::value<std::string>()->value_name("DATE"), "only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    ("until", po::value<std::string>()->value_name("DATE"), "only articles dated on or before DATE (whole year/month included)")
    ("all", "every word must match (AND)")
    ("any", "any word may match (plain OR)")
    ("format", po::value<std::string>()->value_name("FORMAT"), "text (default) or json (--batch writes JSON only)")
    ("snippets", po::value<std::string>()->value_name("N"), "snippet fragments per hit (default 1, 0 for none, at most 10)")
    ("snippet-chars", po::value<std::string>()->value_name("N"), "characters per fragment (default 200, 20..10000)")
    ("count", "print only the number of matching articles")
    ("files-with-matches,l", "print only the matching articles' paths, one per line (all hits up to 10000 "
     "unless --limit is given); unusual characters escaped as in text output")
    ("color", po::value<std::string>()->value_name("WHEN"),
     "bold highlights: auto (default: on a terminal, unless NO_COLOR is set or TERM=dumb), always (e.g. for "
     "less -R) or never ([[word]] markers)")
    ("timeline", po::value<std::string>()->value_name("UNIT")->implicit_value("auto"),
     "also chart how many articles match per period, counted over every match: --timeline (auto: about "
     "10-40 bars) or --timeline=year|month|week|day (ISO weeks); with --count the chart only")
    ("explain", "show the parsed query, stems, wildcard and synonym expansions and date bounds")
    ("no-synonyms", "do not expand words with the database's synonyms (dateline-index --synonyms); ~word "
     "still expands that word")
    ("batch", po::value<std::string>()->value_name("FILE"), "read one query per line from FILE ('-' = stdin); JSON lines out")
    ("new-since", po::value<std::string>()->value_name("STATE_FILE"),
     "saved search: print only articles added or changed (by dateline-index) since the last run with this "
     "state file, then remember this run (the first run prints the current hits); exit 1 and print nothing "
     "when nothing is new; all new hits unless --limit is given")
    ("init", "with --new-since: only record the starting point, print nothing")
    ("duplicates", po::value<std::string>()->value_name("MODE"),
     "near-duplicate copies of one story (wire updates, reruns): collapse (default: one hit per story, the "
     "best copy, with '+N similar' and their dates) or show (every copy)")
    ("story", po::value<std::string>()->value_name("ID"),
     "list every copy of story ID (as shown with a hit or in JSON's \"story\"), oldest first; a query "
     "is optional and narrows the list")
    ("help,h", "show this help")
    ("version", "show the version");
  // clang-format on
  return options;
}

SortOrder parse_sort(const std::string& text) {
  if (text == "relevance") return SortOrder::relevance;
  if (text == "newest") return SortOrder::newest;
  if (text == "oldest") return SortOrder::oldest;
  throw UsageError("option --sort: '" + text + "' is not one of relevance, newest, oldest");
}

OutputFormat parse_format(const std::string& text) {
  if (text == "text") return OutputFormat::text;
  if (text == "json") return OutputFormat::json;
  throw UsageError("option --format: '" + text + "' is not one of text, json");
}

ColorMode parse_color(const std::string& text) {
  if (text == "auto") return ColorMode::automatic;
  if (text == "always") return ColorMode::always;
  if (text == "never") return ColorMode::never;
  throw UsageError("option --color: '" + text + "' is not one of auto, always, never");
}

} // namespace

SearchOptions parse_search_options(const std::vector<std::string>& args,
                                   const OptionEnvironment& environment) {
  // --timeline takes its unit only as --timeline=UNIT: a word after a bare
  // --timeline is the query (Boost would take it as the unit), and a unit
  // name there is refused, as "--timeline month oil" means --timeline=month.
  std::vector<std::string> arguments = args;
  for (std::size_t i = 0; i < arguments.size() && arguments[i] != "--"; ++i) {
    if (arguments[i] != "--timeline") continue;
    if (i + 1 < arguments.size() && parse_timeline_unit(arguments[i + 1])) {
      throw UsageError("option --timeline: write --timeline=" + arguments[i + 1] +
                       " (a bare --timeline is auto; to search for '" + arguments[i + 1] + "' put the query after --)");
    }
    arguments[i] = "--timeline=auto";
  }
  po::options_description all = visible_options();
  all.add_options()("query", po::value<std::vector<std::string>>(), "query words");
  po::positional_options_description positional;
  positional.add("query", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(arguments)
                  .options(all)
                  .positional(positional)
                  .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    // Most often a query word starting with '-' typed before the query.
    const std::string name = e.get_option_name();
    throw UsageError(std::string(e.what()) + " (to search for a word starting with '-', put the whole query after --: " +
                     "dateline-search -- " + name + "; options: --help)");
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see --help)");
  }

  SearchOptions options;
  options.help = vm.count("help") > 0;
  options.version = vm.count("version") > 0;
  if (options.help || options.version) return options;

  if (vm.count("db")) {
    options.databases = vm["db"].as<std::vector<std::string>>();
    for (const std::string& db : options.databases) {
      if (db.empty()) throw UsageError("option --db: the database path is empty");
    }
  } else if (environment.dateline_db && !environment.dateline_db->empty()) {
    options.databases.push_back(*environment.dateline_db);
  } else {
    options.databases.emplace_back("./dateline.db");
  }

  if (vm.count("query")) {
    for (const std::string& word : vm["query"].as<std::vector<std::string>>()) {
      if (!options.query.empty()) options.query += ' ';
      options.query += word;
    }
  }
  if (vm.count("batch")) {
    options.batch_file = vm["batch"].as<std::string>();
    if (options.batch_file.empty()) throw UsageError("option --batch: the file name is empty");
    if (vm.count("query")) throw UsageError("option --batch: give queries in the file, not on the command line");
    if (vm.count("format") && vm["format"].as<std::string>() != "json") {
      throw UsageError("option --format " + vm["format"].as<std::string>() +
                       ": --batch writes JSON lines only (leave out --format or use --format json)");
    }
  } else if (!vm.count("query") && !vm.count("story")) {
    throw UsageError("no query given (try: dateline-search 'export curbs', or --help)");
  }

  if (vm.count("all") && vm.count("any")) throw UsageError("options --all and --any exclude each other");
  if (vm.count("all")) options.mode = MatchMode::all;
  if (vm.count("any")) options.mode = MatchMode::any;
  if (vm.count("sort")) options.sort = parse_sort(vm["sort"].as<std::string>());
  if (vm.count("format")) options.format = parse_format(vm["format"].as<std::string>());
  if (vm.count("limit")) options.limit = parse_count(vm["limit"].as<std::string>(), "--limit", 0, k_max_limit);
  if (vm.count("offset")) options.offset = parse_count(vm["offset"].as<std::string>(), "--offset", 0, k_max_offset);
  if (vm.count("snippets")) {
    options.snippets = parse_count(vm["snippets"].as<std::string>(), "--snippets", 0, k_max_snippets);
  }
  if (vm.count("snippet-chars")) {
    options.snippet_chars = parse_count(vm["snippet-chars"].as<std::string>(), "--snippet-chars",
                                        k_min_snippet_chars, k_max_snippet_chars);
  }
  if (vm.count("since")) options.since = parse_date_bound(vm["since"].as<std::string>(), false, "--since");
  if (vm.count("until")) options.until = parse_date_bound(vm["until"].as<std::string>(), true, "--until");
  if (options.since && options.until && *options.until < *options.since) {
    throw UsageError("options --since " + options.since->iso() + " and --until " + options.until->iso() +
                     ": the range is inverted (--since must not be after --until)");
  }
  options.count_only = vm.count("count") > 0;
  if (vm.count("color")) options.color = parse_color(vm["color"].as<std::string>());
  if (vm.count("files-with-matches")) {
    if (options.count_only) throw UsageError("options --files-with-matches and --count exclude each other");
    if (!options.batch_file.empty()) throw UsageError("option --files-with-matches does not apply to --batch");
    if (options.format == OutputFormat::json) {
      throw UsageError("option --files-with-matches prints plain paths; for exact paths in JSON use --format json "
                       "without it");
    }
    options.files_only = true;
    options.snippets = 0;
    if (!vm.count("limit")) options.limit = k_max_limit;
  }
  options.explain = vm.count("explain") > 0;
  if (vm.count("timeline")) {
    const std::string unit = vm["timeline"].as<std::string>();
    options.timeline = parse_timeline_unit(unit);
    if (!options.timeline) {
      throw UsageError("option --timeline: '" + unit + "' is not one of auto, year, month, week, day (write --timeline=" +
                       "month; a bare --timeline is auto)");
    }
    if (options.files_only) throw UsageError("options --timeline and --files-with-matches exclude each other");
  }
  // An option whose output another one replaces is refused, never ignored.
  if (options.explain && (options.count_only || options.files_only)) {
    throw UsageError(std::string("option --explain does not apply to ") +
                     (options.count_only ? "--count" : "--files-with-matches") +
                     ", which print only a number or paths; leave it out, or drop " +
                     (options.count_only ? "--count" : "--files-with-matches"));
  }
  if (vm.count("new-since")) {
    options.new_since = vm["new-since"].as<std::string>();
    if (options.new_since.empty()) throw UsageError("option --new-since: the state file name is empty");
    if (!options.batch_file.empty()) {
      throw UsageError("option --new-since does not apply to --batch (one saved search, one state file, per run)");
    }
    if (vm.count("offset")) throw UsageError("option --offset does not apply to --new-since (every new hit is listed)");
    if (options.databases.size() > 1) {
      throw UsageError("option --new-since searches one database (its watermark is that database's); give one --db");
    }
    options.watch_init = vm.count("init") > 0;
    if (!vm.count("limit")) options.limit = k_max_limit;
  } else if (vm.count("init")) {
    throw UsageError("option --init needs --new-since STATE_FILE");
  }
  options.synonyms = vm.count("no-synonyms") == 0;
  if (vm.count("duplicates")) {
    const std::string mode = vm["duplicates"].as<std::string>();
    if (mode != "collapse" && mode != "show") {
      throw UsageError("option --duplicates: '" + mode + "' is not one of collapse, show");
    }
    options.collapse = mode == "collapse";
  }
  if (vm.count("story")) {
    options.story = vm["story"].as<std::string>();
    if (!near_dup::is_story_id(options.story)) {
      throw UsageError("option --story: '" + options.story + "' is not a story id (16 hex digits, as shown with a hit)");
    }
    if (!options.batch_file.empty()) throw UsageError("option --story does not apply to --batch");
    if (vm.count("duplicates") && options.collapse) {
      throw UsageError("option --story lists every copy of one story; --duplicates=collapse would show one");
    }
    options.collapse = false;
    if (!vm.count("sort")) options.sort = SortOrder::oldest;
  }
  return options;
}

std::string search_help_text() {
  std::ostringstream out;
  out << "Usage: dateline-search [OPTIONS] QUERY...\n"
         "       dateline-search [OPTIONS] --batch FILE\n"
         "\n"
         "Searches a Dateline news archive built by dateline-index.\n"
         "\n"
         "Query syntax:\n"
         "  semiconductor export curbs   articles with every word rank first; a long pasted\n"
         "                               sentence still finds articles sharing most words\n"
         "  \"foreign minister\"           a phrase (words adjacent, in order); also \u201c\u2026\u201d \u00ab\u2026\u00bb \u300c\u2026\u300d\n"
         "  oil AND opec, oil OR gas     boolean operators (upper case only; lower-case\n"
         "  oil NOT gas, oil XOR gas     'and'/'or' in pasted text are ordinary words)\n"
         "  +opec -saudi                 require / exclude a word or phrase; oil (-gas) = oil -gas\n"
         "  (oil OR gas) AND prices      brackets group\n"
         "  wang NEAR kamikawa           within 10 words, any order (NEAR/5: within 5)\n"
         "  \"foreign minister\" NEAR japan  phrases may take part in NEAR/ADJ chains (not\n"
         "                               brackets, fields, wildcards or -words)\n"
         "  china ADJ japan              within 10 words, in this order (ADJ/3)\n"
         "  export*                      words starting with 'export' (the 100 most frequent)\n"
         "  title:opec                   word or \"phrase\" in the headline\n"
         "  author:\"yoko kamikawa\"       header fields: author:, source:, topic:\n"
         "  date:2024  date:2024-07      a whole year or month\n"
         "  date:2024-07-01..2024-07-31  a date range, both ends included; open: date:..1987-03\n"
         "  中日关系                     Chinese/Japanese/Thai need no spaces\n"
         "  usa  united states           synonyms from the database's table (dateline-index\n"
         "                               --synonyms FILE) are searched too; ~usa forces it\n"
         "                               under --no-synonyms; phrases stay literal\n"
         "Words are matched after the same analysis as the index: case, accents (cafe = café)\n"
         "and Unicode forms do not matter, and word forms are matched by their stem\n"
         "(curbs ~ curb); words in quotes match exactly.\n"
         "\n";
  out << visible_options();
  out << "\n"
         "Examples:\n"
         "  dateline-search --db ~/news.db 'semiconductor export curbs'\n"
         "  dateline-search '\"foreign minister\" NEAR japan' --since 2024-07-01 --sort newest\n"
         "  dateline-search 'title:opec date:1987-03' --format json | jq '.hits[].path'\n"
         "  dateline-search --count 'coffee AND brazil'\n"
         "  dateline-search -- '-gas oil'      a query starting with '-' goes after --\n"
         "  dateline-search -l 'coffee AND brazil' | xargs grep -l arabica\n"
         "  dateline-search --timeline=month --count coffee   matches per month, a bar chart\n"
         "  dateline-search --story 4a71c72668931a2d   every copy of one story, oldest first\n"
         "\n"
         "Copies of one wire story (updates, corrected and trimmed copies, grouped by\n"
         "dateline-index) are one hit, the best copy, with '+N similar' and their dates;\n"
         "counts then count stories. --duplicates=show lists every copy.\n"
         "\n"
         "Saved searches (--new-since): each run prints only the articles dateline-index\n"
         "added or changed since the previous run with the same state file (moved or\n"
         "renamed files are not new), in relevance order (or --sort), and exits 1 printing\n"
         "nothing when there are none. A cron line that mails only news:\n"
         "  dateline-index -q --db ~/news.db ~/news && dateline-search --db ~/news.db \\\n"
         "    --new-since ~/.local/state/dateline/chips 'semiconductor export curbs' \\\n"
         "    | mail -E -s 'chips: new articles' me@example.org\n"
         "The state file (mode 0600) remembers the database and its watermark; it moves\n"
         "on only after the output was written. A rebuilt database restarts the saved\n"
         "search with one warning; a state file of another query is refused.\n"
         "\n"
         "Highlights: matched words are bold on a terminal (unless NO_COLOR is set or\n"
         "TERM=dumb; --color overrides) and written as [[word]] otherwise. Paths are\n"
         "printed with control characters, bidi controls, backslashes and bytes that\n"
         "are not UTF-8 escaped (\\n, \\x1b, \\u202e, \\\\); JSON has the exact path.\n"
         "\n"
         "Exit status: 0 hits found, 1 no hits (or no documents yet), 2 usage or query error,\n"
         "3 database error (missing, not a Dateline database, wrong schema version, corrupt).\n"
         "\n"
         "With --new-since: 0 something new printed (or --init done), 1 nothing new, 2 also\n"
         "for a state file that is corrupt, of another query or not writable, or output\n"
         "that could not be written (the watermark then stays where it was).\n";
  return out.str();
}

} // namespace dateline::searcher
