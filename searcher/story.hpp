/** @file story.hpp
 *  @brief Near-duplicate stories at search time (#11.1): a hit's story id,
 *  the other copies' dates, and the --story filter. The index side is
 *  indexer/stories.hpp; the ids are schema::k_slot_story's.
 */
#pragma once

#include "common/day_runs.hpp"
#include "common/schema.hpp"
#include "searcher/result.hpp"

#include <xapian.h>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace dateline::searcher {

/// The story of @p doc (whose document data is @p data): its k_slot_story
/// value, or, for an article that is its own story, the story id of its
/// unique term (near_dup::member_key of root + path; no signature read).
[[nodiscard]] std::string story_of(const Xapian::Document& doc, const schema::DocumentData& data);

/// A filter matching every copy of story @p id (one value range over the
/// grouped documents, or the one article whose own story it is); nothing
/// when no article has that story.
[[nodiscard]] Xapian::Query story_filter(const Xapian::Database& db, const std::string& id);

/// Every grouped document by story id, from one pass over the story slot:
/// kept by a reader that runs many queries (--batch) so that each page's
/// "+N similar" dates cost a lookup, not a pass.
class StoryCopies {
public:
  explicit StoryCopies(const Xapian::Database& db);
  /// The copies of @p story in docid order; nullptr when it has none stored.
  [[nodiscard]] const std::vector<Xapian::docid>* find(const std::string& story) const;

private:
  std::unordered_map<std::string, std::vector<Xapian::docid>> m_copies;
};

/// What add_duplicate_dates read (for tests: its cost must not grow with
/// the number of grouped documents in the archive).
struct DuplicateDatesCost {
  std::size_t values_read = 0;  ///< story and signature values (a pass reads every grouped document's)
  bool pass = false;            ///< the whole story slot was read
};

/// Fills each hit's duplicate_dates with the dates of its story's other
/// copies, oldest first: from @p copies when given, else from the hits'
/// band terms (a story's copies are connected through shared bands, as the
/// indexer grouped them: a few posting lists per copy, whatever the size of
/// the archive), or, when a page's bands reach more candidates than a pass
/// would read (or @p use_bands is false: remote shards), one pass over the
/// story slot (grouped documents only) for the whole page.
void add_duplicate_dates(const Xapian::Database& db, std::vector<Hit>& hits, const StoryCopies* copies = nullptr,
                         bool use_bands = true, DuplicateDatesCost* cost = nullptr);

/// add_duplicate_dates() for a database with remote shards (#15.4), whose
/// value streams and band walks would fetch documents one round trip each:
/// per story of the page, one match over its value range with a
/// ValueCountMatchSpy on the date slot, run by each server (the hit's own
/// date counted once less). @p cost counts the matches run.
void add_duplicate_dates_on_servers(const Xapian::Database& db, std::vector<Hit>& hits, std::size_t* matches_run = nullptr);

/// The matches among @p docids (ascending, as match_set gives them) that
/// share their story with other articles (a k_slot_story value), with their
/// dates from k_slot_date (a value that is not a valid date: undated, as the
/// timeline counts it): one pass of the story slot's value stream alongside
/// the matches, and a date read per copy found (#12.1), or the day from
/// @p map (usable_day_runs() of @p db) when given.
[[nodiscard]] std::vector<StoryCopy> story_copies(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                                                  const day_runs::DayRuns* map = nullptr);

/// The distinct stories among @p docids (ascending, as match_set gives
/// them): copies sharing a story value count once, an article without one
/// alone. One pass of the story slot's value stream, no document read (an
/// exact collapsed count; story_copies() when the dates are needed too).
[[nodiscard]] std::size_t distinct_stories(const Xapian::Database& db, const std::vector<Xapian::docid>& docids);

/// The same for the matches of @p query, for queries match_set cannot read:
/// Xapian's matcher over @p query filtered to the documents with a story
/// value (a minority: copies of stories), their values read from the MSet.
[[nodiscard]] std::vector<StoryCopy> story_copies(const Xapian::Database& db, const Xapian::Query& query);

/// story_copies() of @p query for a database with remote shards (#15.4):
/// the same copies from one match whose items carry the story value as
/// their collapse key (never collapsing: at most every copy kept) and the
/// date value as their sort key, so no document is fetched.
[[nodiscard]] std::vector<StoryCopy> story_copies_on_servers(const Xapian::Database& db, const Xapian::Query& query);

} // namespace dateline::searcher
