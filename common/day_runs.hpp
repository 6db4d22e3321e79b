/** @file day_runs.hpp
 *  @brief The docid -> day map (schema::k_meta_day_runs, #12.1): the runs of
 *  consecutive docids that share one day, kept as database metadata by
 *  dateline-index and read by --timeline, with what it was computed for.
 *  One codec for both sides (docs/index-schema.md, "Day runs").
 */
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::day_runs {

/// The day of a run that holds documents without a valid date value (or no
/// document at all: docids of deleted documents never match).
inline constexpr std::int64_t k_undated = INT64_MIN;

/// From docid @c first up to the next run's first (or the last docid), every
/// document is dated @c day (common/date.hpp day_number) or undated.
struct Run {
  Xapian::docid first = 1;
  std::int64_t day = k_undated;
  friend bool operator==(const Run&, const Run&) = default;
};

/// The map and what it was computed for: valid for a database only while
/// its revision, last docid and document count are these.
struct DayRuns {
  Xapian::rev revision = 0;
  Xapian::docid last_docid = 0;
  Xapian::doccount documents = 0;
  std::vector<Run> runs;  ///< first docids strictly ascending, the first one 1 (when any)
  friend bool operator==(const DayRuns&, const DayRuns&) = default;
};

/// The day of each of a series of ascending docids, walking the runs
/// alongside them: a few instructions per docid.
class Cursor {
public:
  explicit Cursor(const std::vector<Run>& runs) : m_runs(runs) {}
  /// The index of @p docid's run (docids no lower than the last call's;
  /// runs.size() when there are no runs).
  [[nodiscard]] std::size_t run_of(Xapian::docid docid) {
    if (m_runs.empty()) return 0;
    while (m_at + 1 < m_runs.size() && m_runs[m_at + 1].first <= docid) ++m_at;
    return m_at;
  }
  /// The day of @p docid (k_undated also when there are no runs).
  [[nodiscard]] std::int64_t day_of(Xapian::docid docid) {
    const std::size_t at = run_of(docid);
    return at < m_runs.size() ? m_runs[at].day : k_undated;
  }

private:
  const std::vector<Run>& m_runs;
  std::size_t m_at = 0;
};

/// At most this many runs per document: a map with more runs than
/// documents / k_max_documents_per_run (and more than k_min_runs_cap) is not
/// kept (docids far out of date order; the searcher reads dates per match).
inline constexpr std::size_t k_max_documents_per_run = 4;
inline constexpr std::size_t k_min_runs_cap = 64;
[[nodiscard]] bool within_cap(std::size_t runs, std::size_t documents);

/// The day of a date slot value (schema::date_value), nullopt when it is
/// not a valid date (such a document counts as undated, as the hit shows it).
[[nodiscard]] std::optional<std::int64_t> day_of_value(std::string_view value);

/// Builds runs from (docid, day) pairs in ascending docid order: docids
/// missing between them are undated (k_undated); adjacent equal days merge.
class Builder {
public:
  void add(Xapian::docid docid, std::int64_t day);
  /// The runs, ending at @p last_docid (undated after the last added docid).
  [[nodiscard]] std::vector<Run> finish(Xapian::docid last_docid);

private:
  void push(Xapian::docid first, std::int64_t day);
  std::vector<Run> m_runs;
  std::uint64_t m_next = 1;  ///< the docid after the last one added (past the highest docid too)
};

/// The runs of @p db's date values (schema::k_slot_date), one
/// sequential read of the value stream, for its last docid and document
/// count; revision 0 (the writer sets the revision of the commit it goes in).
[[nodiscard]] DayRuns compute(const Xapian::Database& db);

/// The value of schema::k_meta_day_runs to commit in @p db as its revision
/// @p revision: compute()'s map for that revision, encoded, or empty when it
/// is over within_cap (the indexer's last commit of a run, and --compact's).
[[nodiscard]] std::string metadata_for_commit(const Xapian::Database& db, Xapian::rev revision);

/// The map stored in @p db (schema::k_meta_day_runs) when it holds for the
/// database opened: well-formed, and computed for its revision, last docid
/// and document count (any commit since, by any writer, changes the
/// revision). nullopt when absent, stale, or @p db is several databases
/// opened as one (no one revision: a time-sharded archive, two --db).
[[nodiscard]] std::optional<DayRuns> load(const Xapian::Database& db);

/// "1 REVISION LAST_DOCID DOCUMENTS RUNS\n" then per run the varint of its
/// first docid less the previous run's, and the zigzag varint of its day
/// code less the previous run's (code: day + 2^32, 0 undated).
[[nodiscard]] std::string encode(const DayRuns& map);
/// The map, or nullopt when @p text is not one encode() writes (empty,
/// another format version, truncated, docids not ascending or past the last).
[[nodiscard]] std::optional<DayRuns> decode(std::string_view text);

} // namespace dateline::day_runs
