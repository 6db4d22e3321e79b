/** @file options.hpp
 *  @brief Command-line options of dateline-search and their parsing (pure: no I/O).
 */
#pragma once

#include "common/date.hpp"
#include "common/option_choices.hpp"
#include "searcher/ranking_options.hpp"
#include "searcher/request.hpp"
#include "searcher/timeline.hpp"

#include <cstddef>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::searcher {

enum class OutputFormat { text, json };
/// --color: when text output may use escape sequences (bold highlights).
enum class ColorMode { automatic, always, never };

// The allowed values of the enumerated options, written once
// (common/option_choices.hpp): the option table, the parser's errors, --help's
// check, the man page and the completions take them from here; --weighting's
// are weighting_model_names() and --timeline's timeline_unit_names().
inline constexpr Choice<SortOrder> k_sort_choices[] = {
    {"relevance", SortOrder::relevance}, {"newest", SortOrder::newest}, {"oldest", SortOrder::oldest}};
inline constexpr Choice<OutputFormat> k_format_choices[] = {{"text", OutputFormat::text}, {"json", OutputFormat::json}};
inline constexpr Choice<ColorMode> k_color_choices[] = {
    {"auto", ColorMode::automatic}, {"always", ColorMode::always}, {"never", ColorMode::never}};
/// --duplicates: whether copies of one story collapse into one hit.
inline constexpr Choice<bool> k_duplicates_choices[] = {{"collapse", true}, {"show", false}};
inline constexpr Choice<TitleMatch> k_title_match_choices[] = {{"word", TitleMatch::word}, {"stem", TitleMatch::stem}};

struct SearchOptions {
  std::vector<std::string> databases;  ///< --db, in order; never empty after parsing
  std::string query;                   ///< positional words joined by single spaces
  std::string batch_file;              ///< --batch FILE ("-" = stdin); "" when not batch
  MatchMode mode = MatchMode::natural;
  SortOrder sort = SortOrder::relevance;
  OutputFormat format = OutputFormat::text;
  std::size_t limit = k_default_limit;
  std::size_t offset = 0;
  std::size_t snippets = k_default_snippets;
  std::size_t snippet_chars = k_default_snippet_chars;
  std::optional<Date> since;  ///< first day included
  std::optional<Date> until;  ///< last day included
  bool count_only = false;
  ColorMode color = ColorMode::automatic;  ///< --color
  bool files_only = false;                 ///< -l/--files-with-matches: paths only, no snippets
  bool null_separated = false;             ///< --null/-0 with -l: each path exact, ended by a NUL byte
  bool explain = false;
  std::optional<TimelineUnit> timeline;    ///< --timeline[=UNIT]: matches per period
  /// --new-since STATE_FILE: a saved search reporting only articles added or
  /// changed since its previous run (searcher/watch_state.hpp); "" otherwise.
  std::string new_since;
  bool watch_init = false;  ///< --init: record the saved search's starting point, print nothing
  bool synonyms = true;                    ///< false: --no-synonyms (`~word` still expands)
  RankingOptions ranking;                  ///< --bm25-k1, --bm25-b, --title-weight, --proximity, --feedback*
  // ---- #11.2 recency, #11.3 more like this (searcher/recency.hpp, searcher/like.hpp)
  std::optional<double> recency_half_life_days;  ///< --recency HALF_LIFE, in days
  std::optional<double> recency_weight;          ///< --recency-weight W (default k_default_recency_weight)
  std::optional<Date> now;                       ///< --now DATE: age 0 for --recency
  std::vector<std::string> like;                 ///< --like PATH|docid:N, in order; the query may then be empty
  std::chrono::milliseconds timeout{10000};  ///< --timeout: remote shards (#15.4)
  bool allow_partial = false;                ///< --allow-partial: answer without unreachable remote shards
  /// --duplicates=collapse|show (#11.1): one hit per near-duplicate story
  /// (the default) or every copy.
  bool collapse = true;
  /// --story ID: every copy of one story, oldest first (a query is optional).
  std::string story;
  /// --similar-to PATH: every copy of the story of an article file (searcher/similar_to.hpp).
  std::string similar_to;
  bool help = false;
  bool help_all = false;  ///< --help-all: every option, the advanced ones too
  bool version = false;
};

/// Where --db defaults come from; injected so parsing stays testable.
struct OptionEnvironment {
  std::optional<std::string> dateline_db;  ///< $DATELINE_DB
};

/// Parses @p args (without the program name). Throws UsageError with a one-line
/// message naming the option on any problem (unknown option, bad number, bad or
/// inverted dates, --all with --any, no query, query with --batch).
/// With --help or --version the other checks are skipped.
[[nodiscard]] SearchOptions parse_search_options(const std::vector<std::string>& args,
                                                 const OptionEnvironment& environment = {});

/// An option written into a --batch line, which would be searched as words:
/// the line's first word when it starts with "--" and a letter ("--limit 5",
/// "--since 2024-01-01 oil"), or a later word "--NAME" / "--NAME=VALUE" where
/// NAME is a declared option ("oil --limit 5"). Returns that word up to any
/// '=', or nullopt. A query word starting with one '-' (an exclusion) and a
/// "--" in prose ("oil -- gas", "prices --analysts") are not options.
[[nodiscard]] std::optional<std::string> option_in_batch_line(std::string_view line);

/// The --help text: usage, query syntax with examples, the everyday options
/// and a closing note naming how many it left out; with @p all (--help-all,
/// and the man page) every option and no note.
[[nodiscard]] std::string search_help_text(bool all = false);

} // namespace dateline::searcher
