/** @file searcher.hpp
 *  @brief Opens one or several Dateline databases as one and answers queries.
 */
#pragma once

#include "common/date.hpp"
#include "common/text_analyzer.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/recency.hpp"
#include "searcher/request.hpp"
#include "searcher/remote.hpp"
#include "searcher/result.hpp"
#include "searcher/story.hpp"
#include "searcher/timeline.hpp"
#include "searcher/window_page.hpp"

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dateline::searcher {

namespace searcher_detail {
struct QueryPlan;  // what search_once's phases share (searcher_internal.hpp)
} // namespace searcher_detail

/// BM25 parameters. Length normalisation is weak (b = 0.2; Xapian's default is
/// 0.5, the textbook value 0.75): in news archives the short items are briefs,
/// tables and price lines that repeat a headline word, while the story about
/// the subject is longer. First chosen on half of the Reuters-21578 topic
/// queries; session 9's grid (k1 0.9-1.6, b 0.2-0.75) on the tuning parts of
/// all ten scripts/eval sets found no better pair: more normalisation helps
/// known items and costs topic queries more (docs/benchmarks.md, "Session 9:
/// length normalisation by evidence").
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

/// --db paths with repeats removed, first spelling kept.
struct UniqueDatabases {
  std::vector<std::string> paths;                              ///< in the order given
  std::vector<std::pair<std::string, std::string>> repeats;    ///< (dropped path, the path kept for it)
  std::vector<std::pair<std::string, std::string>> shards;     ///< (dropped shard, its archive's path kept)
};

/// Removes paths naming a database already named (same directory by device
/// and inode, so "db", "./db/" and a symbolic link to it are one; a path that
/// cannot be examined is compared by its text), and paths naming one shard
/// of a time-sharded archive also given (archive_of_shard; before or after
/// it). Searching a database twice would list every hit twice.
[[nodiscard]] UniqueDatabases unique_databases(const std::vector<std::string>& paths);

class Searcher {
public:
  /// Opens every path (glass databases only: stub files, which can name
  /// programs to run, are refused). Throws DatabaseError naming the path when
  /// one is missing, unreadable, corrupt, not a Dateline database, of another
  /// schema version, or when the databases use different stemming languages.
  /// A path may also be a stub file (its "remote :COMMAND" entries are
  /// refused, never run) or a remote shard (HOST:PORT, tcp://HOST:PORT;
  /// remote.hpp), opened with @p shards' timeout; unreachable remote shards
  /// are left out with shards.allow_partial (missing_shards()).
  explicit Searcher(const std::vector<std::string>& paths, const ShardOptions& shards = {});
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
  /// Remote shards left out (--allow-partial), as "host:port".
  [[nodiscard]] const std::vector<std::string>& missing_shards() const noexcept { return m_missing; }
  /// Lines for stderr not reported yet: a shard left out (once per shard),
  /// spelling suggestions without the remote shards (once).
  [[nodiscard]] std::vector<std::string> take_warnings();
  [[nodiscard]] Xapian::doccount document_count() const { return m_db.get_doccount(); }
  /// Shards of time-sharded archives that this search's dates left closed.
  [[nodiscard]] std::size_t shards_left_closed() const noexcept { return m_tally.skipped; }
  /// The UUID of the database snapshot searched now (combined UUIDs for several).
  /// Time-sharded archives (#15.3) count by their undated shard only, so a
  /// new period's shard does not make the archive another database.
  [[nodiscard]] std::string uuid() const;
  /// True when a remote server that serves a whole time-sharded archive
  /// (its UUID lists its shards') opens other shards now than it did for
  /// this searcher's connection: a new connection's UUIDs differ. The server
  /// reads the archive's stub when a connection opens, and may read it
  /// before a new period's line and undated/ after the run that filled that
  /// period. Costs a connection per such shard; false for anything else.
  /// Throws DatabaseError naming the shard when it cannot be reached.
  [[nodiscard]] bool remote_archives_changed() const;
  /// Opens every database again by path (remote shards: new connections).
  void reopen() { reopen_replaced(); }
  /// Archive metadata @p key of the snapshot searched now (the saved
  /// searches' counter, the near-duplicate rule), read from the first
  /// database that is not a dated shard of a time-sharded archive: a
  /// time-sharded archive keeps it in undated/, wherever a stub file lists
  /// that (Xapian reads metadata from the first database only). Throws
  /// DatabaseError when every database searched is a dated shard.
  [[nodiscard]] std::string metadata(const std::string& key) const;

private:
  /// A database directory as opened, held open so that its identity (device
  /// and inode) cannot be reused by another directory while it is compared.
  struct WatchedDirectory {
    int fd = -1;
  };

  std::string open_by_path();
  /// The shard metadata() reads; nullptr when every shard is a dated one.
  [[nodiscard]] const OpenedShard* metadata_shard() const;
  /// Follows the databases to their newest revision (reopened in place, or
  /// opened again by path when replaced); true when they moved on (new
  /// commits, or a database replaced): what was read before is stale.
  [[nodiscard]] bool refresh_databases();
  /// Records the missing remote shards (a warning for each one new).
  void set_missing(const std::vector<MissingShard>& missing);
  /// After @p error from a remote shard: finds the remote shards that no
  /// longer answer; with --allow-partial and @p may_drop searches on without
  /// them, else throws DatabaseError naming them.
  void drop_failed_shards(const Xapian::Error& error, bool may_drop);
  [[nodiscard]] bool directories_replaced() const;  ///< a path now names another directory
  [[nodiscard]] bool databases_replaced() const;    ///< that, or a new UUID since opening
  void reopen_replaced();
  void forget_stories() noexcept;  ///< m_db changed: the kept stories no longer hold
  void close_directories() noexcept;
  /// One search, its phases in order (searcher.cpp, searcher_page.cpp).
  SearchResult search_once(const SearchRequest& request, const RewrittenQuery& rewritten);
  /// The request's query with its filters, BM25's parameters and --recency.
  [[nodiscard]] searcher_detail::QueryPlan plan_query(const SearchRequest& request,
                                                      const RewrittenQuery& rewritten) const;
  /// The ranking evidence and feedback on @p enquire (relevance order only);
  /// what the page's match needs for --feedback-window's short cut, if any.
  std::optional<WindowMatch> set_ranking(Xapian::Enquire& enquire, const SearchRequest& request,
                                         const RewrittenQuery& rewritten, const searcher_detail::QueryPlan& plan,
                                         const Xapian::Weight& weighting) const;
  /// The matching stories (copies beyond a story's first not counted), and
  /// whether that is exact, having checked at least @p check_at_least matches.
  [[nodiscard]] std::pair<std::size_t, bool> count_stories(const searcher_detail::QueryPlan& plan,
                                                           Xapian::doccount check_at_least) const;
  /// --timeline: the count per period, and per story under collapse.
  void add_timeline(const SearchRequest& request, const searcher_detail::QueryPlan& plan, SearchResult& result) const;
  /// --count and --limit 0: the exact count without a page.
  void count_without_page(Xapian::Enquire& enquire, const SearchRequest& request, const RewrittenQuery& rewritten,
                          const searcher_detail::QueryPlan& plan, SearchResult& result) const;
  /// The page [offset, offset + limit) of @p enquire's match.
  [[nodiscard]] MatchPage match_page(Xapian::Enquire& enquire, const std::optional<WindowMatch>& window_match,
                                     const SearchRequest& request, const searcher_detail::QueryPlan& plan) const;
  /// The count from @p page, made exact where few candidates are uncertain.
  void count_page(const searcher_detail::QueryPlan& plan, const MatchPage& page, SearchResult& result) const;
  /// The page's hits, with their snippets.
  void add_hits(const MatchPage& page, const SearchRequest& request, const RewrittenQuery& rewritten,
                const searcher_detail::QueryPlan& plan, SearchResult& result) const;
  /// The "+N similar" dates of the hits' stories.
  void add_story_dates(SearchResult& result, bool any_remote);
  /// The spelling suggestion and --explain's account (searcher_explain.cpp);
  /// @p with_synonyms: the explanation lists the query's synonym expansions.
  void add_notes(const SearchRequest& request, const RewrittenQuery& rewritten, const searcher_detail::QueryPlan& plan,
                 SearchResult& result, bool with_synonyms) const;
  /// @p result's notes (searcher_explain.cpp): the rewriter's (pasted text
  /// read as words) and wildcard_notes; each also a "note: " warning.
  void add_query_notes(const RewrittenQuery& rewritten, SearchResult& result) const;
  /// Counts every match of @p query per day (match_set, count_days, or the
  /// matcher), buckets the days into @p unit and makes @p result's count
  /// exact (in articles). @p date_ranges: the date restrictions the query was
  /// built with. Returns the matches when they came from match_set. @p map:
  /// the database's usable day runs, if any (#12.1).
  std::optional<std::vector<Xapian::docid>> count_timeline(const Xapian::Query& query, const std::vector<DateBounds>& date_ranges, TimelineUnit unit,
                      SearchResult& result, const day_runs::DayRuns* map = nullptr) const;
  /// @p synonyms: the query expands synonyms (a word with synonyms is then
  /// vocabulary, never corrected).
  std::optional<std::string> suggest(const RewrittenQuery& rewritten, bool synonyms, bool absent_only = false) const;
  /// True when a searched word (not excluded, a wildcard or a CJK group's)
  /// is in no document: one termfreq lookup a word.
  bool has_absent_word(const RewrittenQuery& rewritten) const;
  Explanation explain(const SearchRequest& request, const RewrittenQuery& rewritten) const;

  std::vector<std::string> m_paths;
  std::vector<WatchedDirectory> m_directories;  ///< parallel to m_paths
  ShardOptions m_shard_options;
  std::vector<OpenedShard> m_shards;           ///< what m_db combines
  ShardTally m_tally;                          ///< time-sharded archives: shards listed and left closed
  std::vector<std::string> m_missing;          ///< remote shards left out
  std::vector<std::string> m_warned_missing;   ///< every shard ever reported missing
  mutable std::vector<std::string> m_warnings; ///< for take_warnings()
  mutable std::string m_spelling_note;         ///< reported once, on the first spelling lookup
  bool m_spelling_noted = false;
  Xapian::Database m_db;
  /// The grouped documents of m_db by story, built on the second page that
  /// shows "+N similar" dates (a --batch) and dropped whenever m_db changes.
  std::optional<StoryCopies> m_story_copies;
  std::size_t m_story_pages = 0;  ///< pages given duplicate dates since m_db last changed
  std::string m_uuid;  ///< m_db.get_uuid() when opened (the combined UUIDs)
  std::string m_language;
  TextAnalyzer m_analyzer;
  QueryBuilder m_builder;
  QueryRewriter m_rewriter;
  Bm25Parameters m_bm25;
};

} // namespace dateline::searcher
