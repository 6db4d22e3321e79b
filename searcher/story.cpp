/** @file story.cpp
 *  @brief Story ids of hits, the copies' dates, the --story filter.
 */
#include "searcher/story.hpp"

#include "common/near_duplicate.hpp"
#include "common/schema.hpp"

#include <algorithm>
#include <map>

namespace dateline::searcher {

std::string story_of(const Xapian::Document& doc) {
  std::string story = doc.get_value(schema::k_slot_story);
  if (!story.empty()) return story;
  const std::optional<near_dup::Stored> stored = near_dup::unpack(doc.get_value(schema::k_slot_signature));
  return stored ? near_dup::story_id(stored->key) : std::string();
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
  // An article that is its own story: the one whose member key is the id
  // (a pass over the signatures; --story is not a hot path).
  const auto signatures = schema::k_slot_signature;
  for (auto v = db.valuestream_begin(signatures); v != db.valuestream_end(signatures); ++v) {
    const std::optional<near_dup::Stored> stored = near_dup::unpack(*v);
    if (!stored || near_dup::story_id(stored->key) != id) continue;
    const Xapian::Document doc = db.get_document(v.get_docid());
    if (!doc.get_value(slot).empty()) continue;  // grouped under another id
    auto term = doc.termlist_begin();
    term.skip_to(std::string(schema::k_prefix_unique));
    if (term != doc.termlist_end() && (*term).rfind(schema::k_prefix_unique, 0) == 0) return Xapian::Query(*term);
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
  // One value range from the smallest to the largest story on the page.
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, copies.begin()->first, copies.rbegin()->first));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  const Xapian::MSet members = enquire.get_mset(0, db.get_doccount());
  for (auto it = members.begin(); it != members.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    const auto found = copies.find(doc.get_value(slot));
    if (found == copies.end()) continue;
    found->second.emplace_back(schema::iso_date_from_value(doc.get_value(schema::k_slot_date)), *it);
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

} // namespace dateline::searcher
