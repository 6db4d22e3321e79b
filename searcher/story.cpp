/** @file story.cpp
 *  @brief Story ids of hits, the copies' dates, the --story filter.
 */
#include "searcher/story.hpp"

#include "common/date.hpp"
#include "common/near_duplicate.hpp"
#include "common/schema.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace dateline::searcher {

std::string story_of(const Xapian::Document& doc, const schema::DocumentData& data) {
  std::string story = doc.get_value(schema::k_slot_story);
  if (!story.empty()) return story;
  return near_dup::story_id(near_dup::member_key(schema::unique_term(data.root, data.path)));
}

Xapian::Query story_filter(const Xapian::Database& db, const std::string& id) {
  if (!near_dup::is_story_id(id)) return Xapian::Query::MatchNothing;
  // A story of several copies: their k_slot_story values.
  const auto slot = schema::k_slot_story;
  if (db.get_value_freq(slot) > 0 && db.get_value_lower_bound(slot) <= id && id <= db.get_value_upper_bound(slot)) {
    Xapian::Enquire probe(db);
    probe.set_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, id, id));
    probe.set_weighting_scheme(Xapian::BoolWeight());
    if (!probe.get_mset(0, 1).empty()) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, id, id);
  }
  // An article that is its own story: the one whose unique term hashes to
  // the id (a pass over the unique terms; --story is not a hot path).
  const std::string prefix(schema::k_prefix_unique);
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
    if (near_dup::story_id(near_dup::member_key(*term)) != id) continue;
    auto posting = db.postlist_begin(*term);
    if (posting == db.postlist_end(*term) || !db.get_document(*posting).get_value(slot).empty()) continue;
    return Xapian::Query(*term);
  }
  return Xapian::Query::MatchNothing;
}

void add_duplicate_dates(const Xapian::Database& db, std::vector<Hit>& hits) {
  std::map<std::string, std::vector<std::pair<std::string, Xapian::docid>>> copies;  // story -> (date, docid)
  for (const Hit& hit : hits) {
    if (!hit.story.empty()) copies[hit.story];
  }
  const auto slot = schema::k_slot_story;
  if (copies.empty() || db.get_value_freq(slot) == 0) return;
  // One pass over the story slot, which only grouped documents have (a
  // value range per story would scan it once per story; a match over the
  // range from the smallest to the largest id would read most documents).
  for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
    const auto found = copies.find(*v);
    if (found == copies.end()) continue;
    const Xapian::Document doc = db.get_document(v.get_docid());
    found->second.emplace_back(schema::iso_date_from_value(doc.get_value(schema::k_slot_date)), v.get_docid());
  }
  for (Hit& hit : hits) {
    const auto found = copies.find(hit.story);
    if (found == copies.end()) continue;
    std::vector<std::pair<std::string, Xapian::docid>> others = found->second;
    std::sort(others.begin(), others.end());  // oldest first, undated ("") first
    for (const auto& [date, docid] : others) {
      if (docid != hit.docid) hit.duplicate_dates.push_back(date);
    }
  }
}

namespace {

StoryCopy copy_of(std::string story, const std::string& date_value) {
  return StoryCopy{parse_iso_date(schema::iso_date_from_value(date_value)).date, std::move(story)};
}

} // namespace

std::vector<StoryCopy> story_copies(const Xapian::Database& db, const std::vector<Xapian::docid>& docids) {
  std::vector<StoryCopy> copies;
  const auto slot = schema::k_slot_story;
  if (docids.empty() || db.get_value_freq(slot) == 0) return copies;
  Xapian::ValueIterator story = db.valuestream_begin(slot);
  const Xapian::ValueIterator stories_end = db.valuestream_end(slot);
  Xapian::ValueIterator date = db.valuestream_begin(schema::k_slot_date);
  const Xapian::ValueIterator dates_end = db.valuestream_end(schema::k_slot_date);
  for (const Xapian::docid id : docids) {
    if (story == stories_end) break;
    if (story.get_docid() < id) {
      story.skip_to(id);
      if (story == stories_end) break;
    }
    if (story.get_docid() != id) continue;  // a story of one copy
    if (date != dates_end && date.get_docid() < id) date.skip_to(id);
    copies.push_back(copy_of(*story, date != dates_end && date.get_docid() == id ? *date : std::string()));
  }
  return copies;
}

std::vector<StoryCopy> story_copies(const Xapian::Database& db, const Xapian::Query& query) {
  std::vector<StoryCopy> copies;
  const auto slot = schema::k_slot_story;
  const Xapian::doccount grouped = db.get_value_freq(slot);
  if (grouped == 0) return copies;
  // Every document with a story value: no story id sorts below the lowest.
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                  Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, db.get_value_lower_bound(slot))));
  // Weighed as the searcher's exact counts are (the set of matches does not
  // depend on the weights; not BoolWeight: see Searcher::search_once).
  enquire.set_weighting_scheme(Xapian::BM25Weight(1.0, 0.0, 1.0, 0.0, 0.5));
  const Xapian::MSet mset = enquire.get_mset(0, grouped, grouped);
  copies.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    copies.push_back(copy_of(doc.get_value(slot), doc.get_value(schema::k_slot_date)));
  }
  return copies;
}

} // namespace dateline::searcher
