/** @file options.cpp
 *  @brief Boost.Program_options front end for dateline-search.
 */
#include "searcher/options.hpp"
#include "searcher/option_declarations.hpp"

#include "common/choice_value.hpp"
#include "common/error.hpp"
#include "searcher/exit_codes.hpp"
#include "searcher/recency.hpp"
#include "searcher/weighting.hpp"
#include "common/near_duplicate.hpp"
#include "common/option_suggestion.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
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

/// A decimal number from @p min_value to @p max_value ("0.3", "1", "1e-1").
double parse_decimal(const std::string& text, const char* option, double min_value, double max_value) {
  double value = 0.0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (text.empty() || ec != std::errc() || ptr != last || !(value >= min_value && value <= max_value)) {
    std::ostringstream range;
    range << min_value << " to " << max_value;
    throw UsageError(std::string("option ") + option + ": '" + text + "' is not a number from " + range.str());
  }
  return value;
}

/// --weighting MODEL (#13.1, session 10); --bm25-k1, --bm25-b and
/// --specific-bm25-b only beside a model they mean something to.
WeightingModel parse_weighting(const po::variables_map& vm) {
  WeightingModel model = WeightingModel::bm25;
  if (vm.count("weighting")) {
    const std::string& name = vm["weighting"].as<std::string>();
    const std::optional<WeightingModel> found = weighting_from_name(name);
    if (!found) throw UsageError(not_a_choice("--weighting", name, weighting_model_names()));
    model = *found;
  }
  if (!uses_bm25_parameters(model)) {
    for (const char* option : {"bm25-k1", "bm25-b", "specific-bm25-b"}) {
      if (vm.count(option)) {
        throw UsageError(std::string("option --") + option + " applies to --weighting bm25 or bm25plus, not " +
                         std::string(weighting_name(model)));
      }
    }
  }
  return model;
}

RankingOptions parse_ranking(const po::variables_map& vm) {
  RankingOptions ranking;
  ranking.weighting = parse_weighting(vm);
  if (vm.count("bm25-k1")) ranking.bm25_k1 = parse_decimal(vm["bm25-k1"].as<std::string>(), "--bm25-k1", 0.0, k_max_bm25_k1);
  if (vm.count("bm25-b")) ranking.bm25_b = parse_decimal(vm["bm25-b"].as<std::string>(), "--bm25-b", 0.0, 1.0);
  if (vm.count("specific-bm25-b")) {
    ranking.specific_bm25_b = parse_decimal(vm["specific-bm25-b"].as<std::string>(), "--specific-bm25-b", 0.0, 1.0);
  }
  if (vm.count("title-weight")) {
    ranking.title_weight =
        parse_decimal(vm["title-weight"].as<std::string>(), "--title-weight", 0.0, k_max_evidence_weight);
  }
  if (vm.count("title-match")) {
    if (ranking.title_weight <= 0.0) throw UsageError("option --title-match needs title evidence (not --title-weight 0)");
    ranking.title_match = chosen_value(vm, "title-match", k_title_match_choices);
  }
  if (vm.count("proximity")) {
    ranking.proximity_weight = parse_decimal(vm["proximity"].as<std::string>(), "--proximity", 0.0, k_max_evidence_weight);
  }
  if (vm.count("all-words-boost")) {
    ranking.all_words_boost =
        parse_decimal(vm["all-words-boost"].as<std::string>(), "--all-words-boost", 0.0, k_max_evidence_weight);
  }
  if (vm.count("broad-all-words-boost")) {
    ranking.broad_all_words_boost = parse_decimal(vm["broad-all-words-boost"].as<std::string>(),
                                                  "--broad-all-words-boost", 0.0, k_max_evidence_weight);
  }
  if (vm.count("pair-proximity")) {
    ranking.pair_proximity_weight =
        parse_decimal(vm["pair-proximity"].as<std::string>(), "--pair-proximity", 0.0, k_max_evidence_weight);
  }
  if (vm.count("feedback")) {
    ranking.feedback_terms =
        static_cast<unsigned>(parse_count(vm["feedback"].as<std::string>(), "--feedback", 0, k_max_feedback_terms));
  }
  if (vm.count("feedback-weight")) {
    if (ranking.feedback_terms == 0) throw UsageError("option --feedback-weight needs feedback (not --feedback 0)");
    ranking.feedback_weight =
        parse_decimal(vm["feedback-weight"].as<std::string>(), "--feedback-weight", 0.0, k_max_evidence_weight);
  }
  if (vm.count("feedback-max-words")) {
    if (ranking.feedback_terms == 0) throw UsageError("option --feedback-max-words needs feedback (not --feedback 0)");
    ranking.feedback_max_words = static_cast<std::size_t>(
        parse_count(vm["feedback-max-words"].as<std::string>(), "--feedback-max-words", 1, k_feedback_max_words_limit));
  }
  if (vm.count("feedback-depth")) {
    if (ranking.feedback_terms == 0) throw UsageError("option --feedback-depth needs feedback (not --feedback 0)");
    ranking.feedback_depth = static_cast<std::size_t>(
        parse_count(vm["feedback-depth"].as<std::string>(), "--feedback-depth", 0, k_feedback_depth_limit));
  }
  if (vm.count("feedback-max-share")) {
    if (ranking.feedback_terms == 0) throw UsageError("option --feedback-max-share needs feedback (not --feedback 0)");
    ranking.feedback_max_share =
        parse_decimal(vm["feedback-max-share"].as<std::string>(), "--feedback-max-share", 0.0, 1.0);
  }
  // --feedback-depth N is a depth of its own: no window (the default's) then.
  if (vm.count("feedback-depth")) ranking.feedback_window = 0;
  if (vm.count("feedback-window")) {
    if (ranking.feedback_terms == 0) throw UsageError("option --feedback-window needs feedback (not --feedback 0)");
    if (vm.count("feedback-depth")) throw UsageError("options --feedback-window and --feedback-depth exclude each other");
    ranking.feedback_window = static_cast<std::size_t>(
        parse_count(vm["feedback-window"].as<std::string>(), "--feedback-window", 0, k_feedback_window_limit));
  }
  return ranking;
}

} // namespace

std::vector<OptionBlock> search_option_blocks() {
  // One block per group: --help, the man page and the completions show them
  // under these captions (docgen/); --help leaves out the advanced blocks.
  po::options_description database("Database");
  po::options_description remote("Remote shards");  // --help-all only
  po::options_description matching("Matching");
  po::options_description results("Results");
  po::options_description ranking("Ranking");
  po::options_description tuning("Ranking tuning");  // --help-all only
  po::options_description output("Output");
  po::options_description batch("Batch and saved searches");
  po::options_description general("General");
  // clang-format off
  database.add_options()
    ("db,d", po::value<std::vector<std::string>>()->value_name("PATH")->composing(),
     "the database to search (default: $DATELINE_DB, else ./dateline.db): a database directory; a directory "
     "holding a XAPIANDB stub file (a time-sharded archive of dateline-index --shard-by, or a replica kept by "
     "xapian-replicate); a Xapian stub file listing databases; or a remote shard served by xapian-tcpsrv, as "
     "HOST:PORT (no '/') or tcp://HOST:PORT. Repeat to search several as one (the same database named twice is "
     "searched once)");
  // #15.4 shards on other machines
  remote.add_options()
    ("timeout", po::value<std::string>()->value_name("SECONDS"),
     "wait at most SECONDS (default 10; 0.1..3600) for a remote shard (--db HOST:PORT) to connect or answer; "
     "a shard that is down or slow fails the search with exit 3, naming it and saying what happened (connection "
     "refused, host unknown, no answer within SECONDS)")
    ("allow-partial", "answer from the shards that respond: a remote shard that cannot be reached, or fails "
     "during the search, is left out with a warning on stderr (JSON: \"missing_shards\")");
  matching.add_options()
    ("since", po::value<std::string>()->value_name("DATE"), "only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    ("until", po::value<std::string>()->value_name("DATE"), "only articles dated on or before DATE (whole year/month included)")
    ("all", "every word must match (AND)")
    ("any", "any word may match (plain OR)")
    ("no-synonyms", "do not expand words with the database's synonyms (dateline-index --synonyms); ~word "
     "still expands that word");
  results.add_options()
    ("limit,n", po::value<std::string>()->value_name("N"),
     "hits to show (default 10, at most 10000); 0 shows only the result line, with an exact count")
    ("offset", po::value<std::string>()->value_name("N"), "skip this many hits first (for paging)")
    ("sort", choices(k_sort_choices)->value_name("ORDER"),
     "relevance (default), newest or oldest; date order lists only articles with every word (unless --any)")
    ("duplicates", choices(k_duplicates_choices)->value_name("MODE"),
     "near-duplicate copies of one story (wire updates, reruns): collapse (default: one hit per story, the "
     "best copy, with '+N similar' and their dates) or show (every copy)")
    ("story", po::value<std::string>()->value_name("ID"),
     "list every copy of story ID (as shown with a hit or in JSON's \"story\"), oldest first; a query "
     "is optional and narrows the list")
    ("similar-to", po::value<std::string>()->value_name("PATH"),
     "list every indexed copy of the story of the article file PATH (indexed or not: its text is compared "
     "as dateline-index would), oldest first; a query is optional and narrows the list");
  ranking.add_options()
    ("recency", po::value<std::string>()->value_name("HALF_LIFE"),
     "rank newer articles higher: add to each hit's relevance a bonus that halves every HALF_LIFE of its "
     "age (30d, 12w, 6m, 2y), counted from --now; undated articles get none (not with --sort newest/oldest)")
    ("now", po::value<std::string>()->value_name("DATE"),
     "with --recency: the day of age 0 (YYYY, YYYY-MM or YYYY-MM-DD; default: the newest article date in the "
     "database not after today, so an old archive works as well as today's feed)")
    ("like", po::value<std::vector<std::string>>()->value_name("PATH")->composing(),
     "more like this: articles similar to the indexed article PATH (or docid:N); repeat for several; the "
     "given articles are left out; a query and --since/--until narrow it (--like A.txt tariff)");
  // Ranking tuning (#13.1): each re-orders the matches, never adds or removes one.
  tuning.add_options()
    ("recency-weight", po::value<std::string>()->value_name("W"),
     "with --recency: the bonus of an article dated --now, as a fraction of the query's highest possible text "
     "score (default 0.1)")
    ("weighting", choice_value(weighting_model_names())->value_name("MODEL"),
     ("the text weighting model, one of " + listed_choices(weighting_model_names(), ",") +
      " (default bm25; dph: divergence from randomness, parameter-free; ineb2, bb2: divergence from "
      "randomness, c 1; lm: query likelihood, Dirichlet mu 2000; lm-two-stage: Xapian's "
      "two-stage smoothing; bm25plus: BM25 with a lower bound on the term-frequency part). Headline "
      "evidence, the all-words boost, feedback and --recency are weighed by the same model")
         .c_str())
    ("bm25-k1", po::value<std::string>()->value_name("K1"),
     "BM25 term-frequency saturation, 0 to 10 (default 1.2)")
    ("bm25-b", po::value<std::string>()->value_name("B"),
     "BM25 length normalisation, 0 (none) to 1 (full) (default 0.2)")
    ("specific-bm25-b", po::value<std::string>()->value_name("B"),
     "natural mode: the BM25 b (0 to 1) of a specific query, one whose words fewer than 10 articles hold "
     "together (a known item); broad queries keep --bm25-b's default; ignored when --bm25-b is given "
     "(default: off, every query takes the same b)")
    ("title-weight", po::value<std::string>()->value_name("W"),
     "also score the query's words among headline words, with the headlines' own statistics, times W "
     "(0 to 100; default 0.5; 0 = off)")
    ("title-match", choices(k_title_match_choices)->value_name("MATCH"),
     "with --title-weight: find the query's words among headline words as typed (word, the default) or by "
     "stem, as the body and title: match them (stem)")
    ("proximity", po::value<std::string>()->value_name("W"),
     "boost articles with all the query's words within max(8, 2 x words) positions, times W "
     "(0 to 100; default 0 = off)")
    ("all-words-boost", po::value<std::string>()->value_name("W"),
     "natural mode: add the all-words match's weight times W to the any-word score, so articles with "
     "every word rank first (0 to 100; default 10; 0 = plain OR ranking)")
    ("broad-all-words-boost", po::value<std::string>()->value_name("W"),
     "natural mode: the all-words boost for a broad query, one whose words at least 10 articles hold "
     "together (0 to 100; default: as --all-words-boost; 0.3 suits topic searches)")
    ("pair-proximity", po::value<std::string>()->value_name("W"),
     "graded proximity: boost each pair of neighbouring query words standing next to each other in order, "
     "times W, or within 8 words in any order, times W/2 (0 to 100; default 0 = off)")
    ("feedback", po::value<std::string>()->value_name("N"),
     "pseudo-relevance feedback: re-rank with N words taken from the top 10 articles, for queries "
     "of at most 4 words that at least 10 articles match in full (0 to 50; default 10; 0 = off)")
    ("feedback-weight", po::value<std::string>()->value_name("W"),
     "with --feedback: the feedback words' weight relative to the query's (0 to 100; default 0.3)")
    ("feedback-max-words", po::value<std::string>()->value_name("N"),
     "with --feedback: feedback only for queries of at most N plain words (1 to 20; default 4)")
    ("feedback-depth", po::value<std::string>()->value_name("N"),
     "with --feedback: the feedback words count only for the first pass's best N articles, which costs "
     "less on broad queries (0 to 100000; default 0 = every match; not over remote shards)")
    ("feedback-max-share", po::value<std::string>()->value_name("F"),
     "with --feedback: leave out feedback words held by more than the fraction F of the articles, whose "
     "long posting lists cost most at scale (0 to 1; default 1 = none left out)")
    ("feedback-window", po::value<std::string>()->value_name("K"),
     "with --feedback: --feedback-depth tied to the page: the feedback words count only for the first "
     "pass's best K x limit articles (whatever the offset, so pages of one size neither repeat nor skip a hit), "
     "and the page is matched among those, which costs less (0 to 100; default 10; 0 = every match; not with --feedback-depth; not over remote shards)");
  output.add_options()
    ("format", choices(k_format_choices)->value_name("FORMAT"), "text (default) or json (--batch writes JSON only)")
    ("snippets", po::value<std::string>()->value_name("N"), "snippet fragments per hit (default 1, 0 for none, at most 10)")
    ("snippet-chars", po::value<std::string>()->value_name("N"), "characters per fragment (default 200, 20..10000)")
    ("count", "print only the number of matching stories (copies of one story count once; every article with --duplicates=show)")
    ("files-with-matches,l", "print only the matching articles' paths, one per line (all hits up to 10000 "
     "unless --limit is given); unusual characters escaped as in text output")
    ("null,0", "with --files-with-matches: each path exactly as stored, unescaped, ended by a NUL byte instead "
     "of a newline, for xargs -0 (as grep -Z and rg --null)")
    ("color", choices(k_color_choices)->value_name("WHEN"),
     "bold highlights: auto (default: on a terminal, unless NO_COLOR is set or TERM=dumb), always (e.g. for "
     "less -R) or never ([[word]] markers)")
    ("timeline", choice_value(timeline_unit_names())->value_name("UNIT")->implicit_value("auto"),
     "also chart how many articles match per period, counted over every match: --timeline (auto: about "
     "10-40 bars) or --timeline=year|month|week|day (ISO weeks); with --count the chart only; while "
     "duplicates are collapsed each period also counts its distinct stories")
    ("explain", "show the parsed query, stems, wildcard and synonym expansions and date bounds");
  batch.add_options()
    ("batch", po::value<std::string>()->value_name("FILE"), "read one query per line from FILE ('-' = stdin); JSON lines out; "
     "a line holding an option (--limit 5) is an error line: options go on the command line")
    ("new-since", po::value<std::string>()->value_name("STATE_FILE"),
     "saved search: print only articles added or changed (by dateline-index) since the last run with this "
     "state file, then remember this run (the first run prints the current hits); exit 1 and print nothing "
     "(with --count: 0) when nothing is new; all new hits unless --limit is given")
    ("init", "with --new-since: only record the starting point, print nothing");
  general.add_options()
    ("help,h", "show this help: the everyday options")
    ("help-all", "show this help with every option (also remote shards and ranking tuning)")
    ("version", "show the versions of Dateline, Xapian and ICU");
  // clang-format on
  using enum OptionLevel;
  return {{database, everyday}, {remote, advanced}, {matching, everyday}, {results, everyday},
          {ranking, everyday},  {tuning, advanced}, {output, everyday},   {batch, everyday},
          {general, everyday}};
}

po::options_description search_option_declarations() {
  return joined_options(search_option_blocks(), true);
}

namespace {

/// --recency, --recency-weight, --now and --like (#11.2, #11.3).
void parse_ranking_options(const po::variables_map& vm, SearchOptions& options) {
  if (vm.count("recency")) {
    options.recency_half_life_days = parse_half_life(vm["recency"].as<std::string>());
    if (options.sort != SortOrder::relevance) {
      throw UsageError("option --recency ranks by relevance, but --sort " +
                       std::string(options.sort == SortOrder::newest ? "newest" : "oldest") +
                       " is strict date order; leave one out");
    }
    if (options.count_only) throw UsageError("option --recency does not apply to --count, which prints only a number");
  }
  if (vm.count("recency-weight")) {
    if (!options.recency_half_life_days) throw UsageError("option --recency-weight needs --recency HALF_LIFE");
    options.recency_weight = parse_recency_weight(vm["recency-weight"].as<std::string>());
  }
  if (vm.count("now")) {
    if (!options.recency_half_life_days) throw UsageError("option --now needs --recency HALF_LIFE");
    options.now = parse_date_bound(vm["now"].as<std::string>(), false, "--now");
  }
  if (vm.count("like")) {
    options.like = vm["like"].as<std::vector<std::string>>();
    for (const std::string& like : options.like) {
      if (like.empty()) throw UsageError("option --like: the article path is empty");
    }
    if (!options.new_since.empty()) {
      throw UsageError("option --like does not apply to --new-since (a saved search is a query)");
    }
  }
}

} // namespace

std::optional<std::string> option_in_batch_line(std::string_view line) {
  const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  std::vector<std::string> names;
  std::size_t i = 0;
  for (bool first = true;; first = false) {
    while (i < line.size() && is_blank(line[i])) ++i;
    if (i == line.size()) return std::nullopt;
    std::size_t end = i;
    while (end < line.size() && !is_blank(line[end])) ++end;
    const std::string_view word = line.substr(i, end - i);
    i = end;
    if (word.size() < 3 || word.substr(0, 2) != "--" || !is_letter(word[2])) continue;
    const std::string_view name = word.substr(2, word.find('=') == std::string_view::npos ? std::string_view::npos
                                                                                          : word.find('=') - 2);
    if (first) return "--" + std::string(name);
    if (names.empty()) {
      const po::options_description declared = search_option_declarations();  // kept alive while read
      for (const auto& option : declared.options()) names.push_back(option->long_name());
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) return "--" + std::string(name);
  }
}

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
  po::options_description all = search_option_declarations();
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
    const std::string name = e.get_option_name();
    // A mistyped option: name the one meant. --json is dateline-index
    // --info's spelling; here it is --format json.
    const po::options_description declared = search_option_declarations();  // not the hidden operand
    std::vector<std::string> names;
    for (const auto& option : declared.options()) names.push_back(option->long_name());
    const std::optional<std::string> meant =
        name == "--json" || name.rfind("--json=", 0) == 0 ? std::optional<std::string>("--format json")
                                                            : nearest_option(name, names);
    if (meant) throw UsageError(std::string(e.what()) + ": did you mean " + *meant + "? (options: --help)");
    // Otherwise most often a query word starting with '-' typed before the
    // query. After --, "-oil" excludes oil, and a query of exclusions alone
    // cannot run (exit 2, "every word is excluded"): the hint says so.
    if (name.size() > 1 && name[0] == '-' && name[1] != '-') {
      throw UsageError(std::string(e.what()) + " (a query goes after -- when it starts with '-', and there " + name +
                       " excludes " + name.substr(1) + ", so add a word to search for: dateline-search -- 'WORD " +
                       name + "'; to search for " + name.substr(1) + " itself, drop the '-'; options: --help)");
    }
    throw UsageError(std::string(e.what()) + " (options: --help)");
  } catch (const po::invalid_command_line_syntax& e) {
    const std::string choice = missing_choice_error(all, e);  // "--format=": name the values
    throw UsageError((choice.empty() ? std::string(e.what()) : choice) + " (see --help)");
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see --help)");
  }

  SearchOptions options;
  options.help = vm.count("help") > 0 || vm.count("help-all") > 0;
  options.help_all = vm.count("help-all") > 0;
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
  } else if (!vm.count("query") && !vm.count("like") && !vm.count("story") && !vm.count("similar-to")) {
    throw UsageError("no query given (try: dateline-search 'export curbs', or --help)");
  }

  if (vm.count("all") && vm.count("any")) throw UsageError("options --all and --any exclude each other");
  if (vm.count("all")) options.mode = MatchMode::all;
  if (vm.count("any")) options.mode = MatchMode::any;
  if (vm.count("sort")) options.sort = chosen_value(vm, "sort", k_sort_choices);
  if (vm.count("format")) options.format = chosen_value(vm, "format", k_format_choices);
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
  if (vm.count("color")) options.color = chosen_value(vm, "color", k_color_choices);
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
  if (vm.count("null")) {
    if (!options.files_only) throw UsageError("option --null applies only to --files-with-matches (-l)");
    options.null_separated = true;
  }
  options.explain = vm.count("explain") > 0;
  if (vm.count("timeline")) {
    const std::string unit = vm["timeline"].as<std::string>();
    options.timeline = parse_timeline_unit(unit);
    if (!options.timeline) {
      throw UsageError(not_a_choice("--timeline", unit, timeline_unit_names()));
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
  options.ranking = parse_ranking(vm);
  parse_ranking_options(vm, options);
  if (vm.count("timeout")) {  // #15.4
    const std::string text = vm["timeout"].as<std::string>();
    double seconds = 0;
    std::size_t used = 0;
    try {
      seconds = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size() || !(seconds >= 0.1 && seconds <= 3600)) {
      throw UsageError("option --timeout: '" + text + "' is not a number of seconds from 0.1 to 3600");
    }
    options.timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000 + 0.5));
  }
  options.allow_partial = vm.count("allow-partial") > 0;
  if (vm.count("duplicates")) {
    options.collapse = chosen_value(vm, "duplicates", k_duplicates_choices);
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
  if (vm.count("similar-to")) {
    options.similar_to = vm["similar-to"].as<std::string>();
    if (options.similar_to.empty()) throw UsageError("option --similar-to: the article path is empty");
    if (vm.count("story")) throw UsageError("options --similar-to and --story exclude each other");
    if (!options.batch_file.empty()) throw UsageError("option --similar-to does not apply to --batch");
    if (vm.count("like")) throw UsageError("options --similar-to and --like exclude each other");
    if (vm.count("duplicates") && options.collapse) {
      throw UsageError("option --similar-to lists every copy of one story; --duplicates=collapse would show one");
    }
    options.collapse = false;
    if (!vm.count("sort")) options.sort = SortOrder::oldest;
  }
  return options;
}

namespace {

/// The saved-search crontab line of --help. README.md, docs/searcher.md and
/// packaging/crontab.example show the same line, and all four run as cron
/// runs them (tests/integration/searcher/cron_lines_test.cpp).
constexpr std::string_view k_saved_search_cron_line =
    "*/30 * * * * umask 027; dateline-index -q --if-locked=skip --db ~/news.db; [ $? -le 1 ] && "
    "dateline-search --db ~/news.db --new-since ~/.local/state/dateline/chips 'semiconductor export curbs' "
    "| mail -E -s 'chips: new articles' me@example.org";

} // namespace

std::string search_help_text(bool all) {
  std::ostringstream out;
  out << "Usage: dateline-search [OPTIONS] QUERY...\n"
         "       dateline-search [OPTIONS] --batch FILE\n"
         "       dateline-search [OPTIONS] --like PATH [QUERY...]\n"
         "\n"
         "Searches a Dateline news archive built by dateline-index. It prints the best\n"
         "matches, most relevant first (or by date), each with its date, title, path and\n"
         "a snippet with the query's words highlighted: as text for people, or as JSON\n"
         "for scripts (--format json). Filters narrow by date (--since, --until); other\n"
         "modes count matches, chart them over time, list the copies of one story, find\n"
         "articles like a given one, or report only what is new (saved searches).\n"
         "\n"
         "Query syntax:\n"
         "  semiconductor export curbs   articles with every word rank first; a long pasted\n"
         "                               sentence still finds articles sharing most words\n"
         "                               ('Date: March' and an unclosed \" are read as words,\n"
         "                               with a note on stderr)\n"
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
         "  title:opec                   word or \"phrase\" in a headline (not a derived title)\n"
         "  author:\"yoko kamikawa\"       header fields: author:, source:, topic: (the whole\n"
         "                               value; a part such as author:kamikawa suggests it)\n"
         "  date:2024  date:2024-07      a whole year or month\n"
         "  date:2024-07-01..2024-07-31  a date range, both ends included; open: date:..1987-03\n"
         "                               (only date: takes a range: 2020..2022 is refused)\n"
         "  中日关系                     Chinese/Japanese/Thai need no spaces\n"
         "  usa  united states           synonyms from the database's table (dateline-index\n"
         "                               --synonyms FILE) are searched too; ~usa forces it\n"
         "                               under --no-synonyms (one plain word: a ~ before a\n"
         "                               phrase, field, bracket or wildcard is refused);\n"
         "                               phrases stay literal\n"
         "Words are matched after the same analysis as the index: case, accents (cafe = café)\n"
         "and Unicode forms do not matter, and word forms are matched by their stem\n"
         "(curbs ~ curb); words in quotes match exactly.\n"
         "\n";
  const std::vector<OptionBlock> blocks = search_option_blocks();
  out << joined_options(blocks, all);
  out << "\n"
         "Examples:\n"
         "  dateline-search --db ~/news.db 'semiconductor export curbs'\n"
         "  dateline-search '\"foreign minister\" NEAR japan' --since 2024-07-01 --sort newest\n"
         "  dateline-search 'title:opec date:1987-03' --format json | jq '.hits[].path'\n"
         "  dateline-search --count 'coffee AND brazil'\n"
         "  dateline-search -- '-gas oil'      a query starting with '-' goes after --\n"
         "  dateline-search -l 'coffee AND brazil' | xargs grep -l arabica\n"
         "  dateline-search --timeline=month --count coffee   matches per month, a bar chart\n"
         "  dateline-search --recency 30d 'opec output'   newer articles first among good matches\n"
         "  dateline-search --like ~/news/2024/storm-closes-port.txt --since 2024-02-13   what followed\n"
         "  dateline-search --story 4a71c72668931a2d   every copy of one story, oldest first\n"
         "  dateline-search --similar-to ~/inbox/wire.txt   the indexed copies of this file's story\n"
         "\n"
         "Copies of one wire story (updates, corrected and trimmed copies, grouped by\n"
         "dateline-index) are one hit, the best copy, with '+N similar' and their dates;\n"
         "counts then count stories. --duplicates=show lists every copy.\n"
         "\n"
         "Saved searches (--new-since): each run prints only the articles dateline-index\n"
         "added or changed since the previous run with the same state file (moved or\n"
         "renamed files are not new), in relevance order (or --sort), and exits 1 printing\n"
         "nothing when there are none. A crontab line that mails only news, also after\n"
         "the indexer's exit 1 (some articles skipped, the rest indexed) and silent while\n"
         "another indexer run holds the database:\n"
         "  "
      << k_saved_search_cron_line
      << "\n"
         "The state file (mode 0600) remembers the database and its watermark; it moves\n"
         "on only after the output was written. A rebuilt database restarts the saved\n"
         "search with one warning; a state file of another query is refused.\n"
         "\n"
         "Highlights: matched words are bold on a terminal (unless NO_COLOR is set or\n"
         "TERM=dumb; --color overrides) and written as [[word]] otherwise. Paths are\n"
         "printed with control characters, bidi controls, backslashes and bytes that\n"
         "are not UTF-8 escaped (\\n, \\x1b, \\u202e, \\\\); JSON has the exact path.\n"
         "\n"
      << exit_codes_help("Exit status", k_search_exit_codes)
      << "\n"
         "With --new-since: 0 something new printed (or --init done), 1 nothing new, 2 also\n"
         "for a state file that is corrupt, of another query or not writable, or output\n"
         "that could not be written (the watermark then stays where it was).\n";
  if (!all) out << '\n' << left_out_options_note(blocks, "dateline-search");
  return out.str();
}

} // namespace dateline::searcher
