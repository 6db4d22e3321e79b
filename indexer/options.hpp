/** @file options.hpp
 *  @brief dateline-index's command line: the options struct and its pure parser.
 */
#pragma once

#include "common/article.hpp"
#include "common/option_choices.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::indexer {

inline constexpr std::uint64_t k_default_max_size = 16ULL * 1024 * 1024;
inline constexpr std::size_t k_default_commit_every = 1000;
/// A first build of at least this many files with --jobs > 1 writes parallel
/// shards merged by Xapian's compactor (parallel_build.hpp); below it the merge
/// costs more than the second writer saves.
inline constexpr std::size_t k_default_shard_threshold = 2000;
inline constexpr int k_default_max_depth = 256;
inline constexpr const char* k_default_db = "./dateline.db";
inline constexpr const char* k_default_language = "english";

/// What to do when another indexer holds the database (--if-locked).
enum class LockPolicy {
  fail,  ///< exit 75 at once (the default)
  wait,  ///< retry for wait_seconds, then exit 75
  skip,  ///< exit 0 (a note on stderr unless --quiet): the cron overlap case
};

/// Which stem terms a document gets (dateline-index --stem-terms).
enum class StemTerms {
  all,        ///< Z + stem for every stemmed word (the default)
  differing,  ///< only where the stem differs from the word, and schema::k_term_stems_differ
};

// The allowed values of the enumerated options, written once
// (common/option_choices.hpp): the option table, the parser's errors, the man
// page and the completions take them from here; --language's are
// TextAnalyzer::known_languages().
inline constexpr Choice<UndatedPolicy> k_undated_choices[] = {
    {"skip", UndatedPolicy::skip}, {"mtime", UndatedPolicy::mtime}, {"index", UndatedPolicy::index}};
inline constexpr Choice<StemTerms> k_stem_terms_choices[] = {{"all", StemTerms::all},
                                                             {"differing", StemTerms::differing}};
/// --shard-by PERIOD (kept as its name: the database records it).
inline constexpr Choice<std::string_view> k_shard_by_choices[] = {{"none", "none"}, {"year", "year"}, {"month", "month"}};
/// --if-locked: wait takes its SECONDS after a colon (parse_lock_policy).
inline constexpr Choice<LockPolicy> k_if_locked_choices[] = {
    {"fail", LockPolicy::fail}, {"skip", LockPolicy::skip}, {"wait:SECONDS", LockPolicy::wait}};

/// Everything one run of dateline-index needs to know.
struct IndexOptions {
  std::string db_path;                  ///< --db, else $DATELINE_DB, else ./dateline.db
  std::vector<std::string> roots;       ///< positional DIR arguments (none: the recorded roots)
  std::vector<std::string> includes;    ///< --include globs; {"*.txt"} when none given
  std::vector<std::string> excludes;    ///< --exclude globs (files and directories)
  bool follow_symlinks = false;         ///< --follow
  int max_depth = k_default_max_depth;  ///< --max-depth
  std::uint64_t max_size = k_default_max_size;  ///< --max-size, bytes
  UndatedPolicy undated = UndatedPolicy::skip;  ///< --undated
  StemTerms stems = StemTerms::all;     ///< --stem-terms (session 14)
  std::optional<std::string> language;  ///< --language; nullopt: stored or english
  unsigned jobs = 1;                    ///< --jobs, analysis threads (and shard writers)
  std::size_t commit_every = k_default_commit_every;  ///< --commit-every
  std::size_t shard_threshold = k_default_shard_threshold;  ///< --shard-threshold (0: never shard)
  LockPolicy if_locked = LockPolicy::fail;  ///< --if-locked
  std::optional<double> wait_seconds;   ///< --if-locked=wait:SECONDS or --wait SECONDS (set only for wait)
  std::string summary_json;             ///< --summary-json FILE ("" = none)
  bool rebuild = false;                 ///< --rebuild
  bool no_delete = false;               ///< --no-delete
  /// --allow-removal: a changed --include/--exclude/--max-size/--undated may
  /// remove documents whose files are still there (else the run is refused).
  bool allow_removal = false;
  bool dry_run = false;                 ///< --dry-run
  bool retry_failed = false;            ///< --retry-failed
  bool verbose = false;                 ///< --verbose
  bool quiet = false;                   ///< --quiet

  // What the database remembers (#9.9; indexer/recorded.hpp).
  /// Document-shaping options given on the command line ("undated",
  /// "include", "exclude", "max-size", "follow", "max-depth"); the others
  /// take the values recorded in the database.
  std::set<std::string> given;
  std::vector<std::string> forget;      ///< --forget ROOT (repeatable)
  /// --synonyms FILE: the synonym table to load (#12.2; indexer/synonyms.hpp)
  std::optional<std::string> synonyms;
  /// --dup-threshold, --dup-window (#11.1): the near-duplicate rule;
  /// nullopt: the one the database was grouped with, else the defaults.
  std::optional<double> dup_threshold;
  std::optional<int> dup_window;
  /// --shard-by (#15.3): "none", "year" or "month"; nullopt: as recorded (none for a new database)
  std::optional<std::string> shard_by;
  bool compact = false;                 ///< --compact: compact a sharded archive's changed shards, index nothing
  bool info = false;                    ///< --info: describe the database, index nothing
  bool json = false;                    ///< --json (with --info)
};

/// What the command line asked for: a run, or only help/version text.
struct ParsedCommandLine {
  IndexOptions options;
  bool show_help = false;
  bool show_help_all = false;  ///< --help-all: every option, the tuning ones too
  bool show_version = false;
};

/// Inputs of the parser that do not come from argv, so it stays pure.
struct ParseEnvironment {
  std::optional<std::string> db_from_env;  ///< $DATELINE_DB
  unsigned hardware_threads = 1;           ///< std::thread::hardware_concurrency()
};

/// Parses argv. Throws UsageError (naming the option) on anything invalid.
[[nodiscard]] ParsedCommandLine parse_index_options(int argc, const char* const argv[],
                                                    const ParseEnvironment& env);

/// The --help text: synopsis, the everyday options, examples, exit codes and
/// a closing note naming how many options it left out; with @p all
/// (--help-all, and the man page) every option and no note.
[[nodiscard]] std::string index_help_text(bool all = false);

/// Parses a size such as "16M", "512k", "1G" or "1000" (bytes). Throws UsageError.
[[nodiscard]] std::uint64_t parse_size(const std::string& text, const std::string& option);

} // namespace dateline::indexer
