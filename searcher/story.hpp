/** @file story.hpp
 *  @brief Near-duplicate stories at search time (#11.1): a hit's story id,
 *  the other copies' dates, and the --story filter. The index side is
 *  indexer/stories.hpp; the ids are schema::k_slot_story's.
 */
#pragma once

#include "common/schema.hpp"
#include "searcher/result.hpp"

#include <xapian.h>

#include <string>
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

/// Fills each hit's duplicate_dates with the dates of its story's other
/// copies, oldest first: one pass over the story slot (grouped documents
/// only) for the whole page.
void add_duplicate_dates(const Xapian::Database& db, std::vector<Hit>& hits);

/// The matches among @p docids (ascending, as match_set gives them) that
/// share their story with other articles (a k_slot_story value), with their
/// dates from k_slot_date (a value that is not a valid date: undated, as the
/// timeline counts it): one pass of the story slot's value stream alongside
/// the matches, and a date read per copy found (#12.1).
[[nodiscard]] std::vector<StoryCopy> story_copies(const Xapian::Database& db, const std::vector<Xapian::docid>& docids);

/// The same for the matches of @p query, for queries match_set cannot read:
/// Xapian's matcher over @p query filtered to the documents with a story
/// value (a minority: copies of stories), their values read from the MSet.
[[nodiscard]] std::vector<StoryCopy> story_copies(const Xapian::Database& db, const Xapian::Query& query);

} // namespace dateline::searcher
