/** @file searcher.hpp
 *  @brief Opens one or several Dateline databases as one and answers queries.
 */
#pragma once

#include "common/date.hpp"
#include "common/text_analyzer.hpp"
#include "searcher/options.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/result.hpp"
#include "searcher/timeline.hpp"

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dateline::searcher {

/// BM25 parameters. Length normalisation is weak (b = 0.2; Xapian's default is
/// 0.5, the textbook value 0.75): in news archives the short items are briefs,
/// tables and price lines that repeat a headline word, while the story about
/// the subject is longer. Chosen on half of the Reuters-21578 topic queries
/// (scripts/eval, odd topics) and checked on the other half, where it beats
/// omindex + quest on P@10, MAP and nDCG@10 (docs/benchmarks.md); b = 0.75
/// lost on both halves.
struct Bm25Parameters {
  double k1 = 1.2;
  double k2 = 0.0;
  double k3 = 1.0;
  double b = 0.2;
  double min_normlen = 0.5;
};

/// Reopen-and-retry attempts on Xapian::DatabaseModifiedError (a running indexer).
inline constexpr int k_max_reopen_attempts = 5;
/// Opening one database: attempts before a DatabaseModifiedError/OpeningError
/// race (a writer committing meanwhile) is reported (about 1.3 s of waits).
inline constexpr int k_max_open_attempts = 7;

/// Result sets that may hold up to this many articles are counted exactly
/// ("305 results"): when Xapian's first pass (which stops once the page is
/// full) leaves the count uncertain and its upper bound is at most this, a
/// second match checks every candidate and returns none. Larger sets keep
/// Xapian's estimate ("About 4400 results"), which can be far off for small
/// ones (a phrase in 305 Reuters articles was "about 50").
/// Cost on Reuters-21578, 291 two-word title queries in one --batch: +14%
/// instructions (+5.7% with a limit of 1000, which leaves that phrase at
/// "about 50"); raising check_at_least on every query instead cost +20%.
inline constexpr std::size_t k_exact_count_limit = 2000;

/// A word is offered a "Did you mean" spelling only when it is absent from
/// the index, or when the spelling is in at least this many times as many
/// articles as the word (a typo that slipped into a few articles).
inline constexpr unsigned k_suggest_frequency_ratio = 100;

struct SearchRequest {
  std::string query;
  MatchMode mode = MatchMode::natural;
  SortOrder sort = SortOrder::relevance;
  std::size_t offset = 0;
  std::size_t limit = k_default_limit;
  std::optional<Date> since;
  std::optional<Date> until;
  std::size_t snippets = k_default_snippets;
  std::size_t snippet_chars = k_default_snippet_chars;
  bool count_only = false;  ///< total_estimate is exact, no hits (also when limit is 0)
  bool explain = false;
  bool synonyms = true;     ///< expand synonyms automatically (--no-synonyms: false)
  bool suggest = true;      ///< look for a spelling suggestion
  /// --timeline: count every match per period (result.timeline; the count
  /// is then exact too).
  std::optional<TimelineUnit> timeline;
  /// --new-since: only articles whose indexing sequence number
  /// (schema::k_slot_seq) is in [first, last]; absent: no such filter.
  struct SequenceRange {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
  };
  std::optional<SequenceRange> sequence;
  /// Near-duplicate stories (#11.1): one hit per story (schema::k_slot_story).
  bool collapse = true;
  /// --story: only the copies of this story (16 hex digits); the query may be empty.
  std::string story;
};

/// --db paths with repeats removed, first spelling kept.
struct UniqueDatabases {
  std::vector<std::string> paths;                              ///< in the order given
  std::vector<std::pair<std::string, std::string>> repeats;    ///< (dropped path, the path kept for it)
};

/// Removes paths naming a database already named (same directory by device
/// and inode, so "db", "./db/" and a symbolic link to it are one; a path that
/// cannot be examined is compared by its text). Searching a database twice
/// would list every hit twice.
[[nodiscard]] UniqueDatabases unique_databases(const std::vector<std::string>& paths);

/// Builds a SearchRequest for one query from the command-line options.
[[nodiscard]] SearchRequest make_request(const SearchOptions& options, const std::string& query);

class Searcher {
public:
  /// Opens every path (glass databases only: stub files, which can name
  /// programs to run, are refused). Throws DatabaseError naming the path when
  /// one is missing, unreadable, corrupt, not a Dateline database, of another
  /// schema version, or when the databases use different stemming languages.
  explicit Searcher(const std::vector<std::string>& paths);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  /// Runs @p request. Throws UsageError for a bad query; retries after
  /// reopening on DatabaseModifiedError (and, when a database directory was
  /// replaced, after opening it again by path), then throws DatabaseError.
  [[nodiscard]] SearchResult search(const SearchRequest& request);

  /// Brings the databases up to date before a query of a long-running
  /// reader (--batch): a directory replaced since it was opened (a rebuilt
  /// database swapped in with renameat2 RENAME_EXCHANGE, or deleted and
  /// created again) or a database created again in place (a new UUID) is
  /// opened again by path; otherwise Xapian's reopen()
  /// picks up new commits. Costs a stat and a version-file read per
  /// database. Throws DatabaseError when a replaced database cannot be
  /// opened after k_max_reopen_attempts (with short waits) or its stemming
  /// language changed.
  void refresh();

  [[nodiscard]] const std::string& language() const noexcept { return m_language; }
  [[nodiscard]] Xapian::doccount document_count() const { return m_db.get_doccount(); }
  /// The UUID of the database snapshot searched now (combined UUIDs for several).
  [[nodiscard]] std::string uuid() const { return m_db.get_uuid(); }
  /// Metadata @p key of the snapshot searched now (of the first database).
  [[nodiscard]] std::string metadata(const std::string& key) const { return m_db.get_metadata(key); }

private:
  /// A database directory as opened, held open so that its identity (device
  /// and inode) cannot be reused by another directory while it is compared.
  struct WatchedDirectory {
    int fd = -1;
  };

  std::string open_by_path();
  [[nodiscard]] bool directories_replaced() const;  ///< a path now names another directory
  [[nodiscard]] bool databases_replaced() const;    ///< that, or a new UUID since opening
  void reopen_replaced();
  void close_directories() noexcept;
  SearchResult search_once(const SearchRequest& request, const RewrittenQuery& rewritten);
  /// Counts every match of @p query per day with a ValueCountMatchSpy over
  /// k_slot_date, buckets the days into @p unit and makes @p result's count exact.
  void count_timeline(const Xapian::Query& query, TimelineUnit unit, SearchResult& result) const;
  /// @p synonyms: the query expands synonyms (a word with synonyms is then
  /// vocabulary, never corrected).
  std::optional<std::string> suggest(const RewrittenQuery& rewritten, bool synonyms) const;
  Explanation explain(const SearchRequest& request, const RewrittenQuery& rewritten) const;

  std::vector<std::string> m_paths;
  std::vector<WatchedDirectory> m_directories;  ///< parallel to m_paths
  Xapian::Database m_db;
  std::string m_uuid;  ///< m_db.get_uuid() when opened (the combined UUIDs)
  std::string m_language;
  TextAnalyzer m_analyzer;
  QueryBuilder m_builder;
  QueryRewriter m_rewriter;
  Bm25Parameters m_bm25;
};

} // namespace dateline::searcher
