/** @file story.cpp
 *  @brief Story ids of hits, the copies' dates, the --story filter.
 */
#include "searcher/story.hpp"

#include "common/date.hpp"
#include "common/near_duplicate.hpp"
#include "common/schema.hpp"
#include "searcher/match_set.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>
#include <optional>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace dateline::searcher {

namespace {

/// "YYYY-MM-DD" of @p docid's date value, "" when undated.
std::string date_of(const Xapian::Database& db, Xapian::docid docid) {
  return schema::iso_date_from_value(db.get_document(docid).get_value(schema::k_slot_date));
}

} // namespace

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

StoryCopies::StoryCopies(const Xapian::Database& db) {
  const auto slot = schema::k_slot_story;
  for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) m_copies[*v].push_back(v.get_docid());
}

const std::vector<Xapian::docid>* StoryCopies::find(const std::string& story) const {
  const auto found = m_copies.find(story);
  return found == m_copies.end() ? nullptr : &found->second;
}

namespace {

/// Copies of each story by story id: (date, docid).
using DatedCopies = std::map<std::string, std::vector<std::pair<std::string, Xapian::docid>>>;

/// Band candidates a page may look up before one pass over the story slot
/// is cheaper: a candidate costs a value lookup, a pass step a fraction of one.
std::size_t band_budget(const Xapian::Database& db) {
  return std::max<std::size_t>(64, db.get_value_freq(schema::k_slot_story) / 16);
}

/// Fills @p copies from the hits through shared band terms: the indexer
/// grouped a story's copies by following shared bands from copy to copy
/// (indexer/stories.hpp), so from any copy the others are reached through
/// documents with the same story value. False, with @p copies partly
/// filled, when the bands reach more than @p budget documents.
bool copies_from_bands(const Xapian::Database& db, const std::vector<Hit>& hits, DatedCopies& copies,
                       std::size_t budget, DuplicateDatesCost* cost) {
  std::unordered_map<Xapian::docid, std::string> story_values;  // every document looked up
  const auto value_of = [&](Xapian::docid docid, Xapian::valueno slot) {
    if (cost != nullptr) ++cost->values_read;
    return db.get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(slot);
  };
  const auto story_value = [&](Xapian::docid docid) -> const std::string& {
    auto found = story_values.find(docid);
    if (found == story_values.end()) found = story_values.emplace(docid, value_of(docid, schema::k_slot_story)).first;
    return found->second;
  };
  for (const Hit& hit : hits) {
    if (hit.story.empty() || !copies[hit.story].empty()) continue;  // another hit's story, found already
    if (story_value(hit.docid) != hit.story) continue;               // an article that is its own story
    std::vector<Xapian::docid> members{hit.docid};
    std::unordered_set<Xapian::docid> in_story{hit.docid};
    for (std::size_t i = 0; i < members.size(); ++i) {
      const std::optional<near_dup::Stored> stored = near_dup::unpack(value_of(members[i], schema::k_slot_signature));
      if (!stored) continue;
      for (const std::string& band : near_dup::band_terms(stored->signature)) {
        for (auto p = db.postlist_begin(band); p != db.postlist_end(band); ++p) {
          if (in_story.count(*p) != 0) continue;
          if (story_values.size() >= budget && story_values.count(*p) == 0) return false;
          if (story_value(*p) != hit.story) continue;
          in_story.insert(*p);
          members.push_back(*p);
        }
      }
    }
    std::vector<std::pair<std::string, Xapian::docid>>& dated = copies[hit.story];
    for (const Xapian::docid docid : members) dated.emplace_back(date_of(db, docid), docid);
  }
  return true;
}

} // namespace

void add_duplicate_dates(const Xapian::Database& db, std::vector<Hit>& hits, const StoryCopies* known,
                         bool use_bands, DuplicateDatesCost* cost) {
  DatedCopies copies;
  for (const Hit& hit : hits) {
    if (!hit.story.empty()) copies[hit.story];
  }
  const auto slot = schema::k_slot_story;
  if (copies.empty() || db.get_value_freq(slot) == 0) return;
  if (known != nullptr) {
    for (auto& [story, dated] : copies) {
      if (const std::vector<Xapian::docid>* docids = known->find(story)) {
        for (const Xapian::docid docid : *docids) dated.emplace_back(date_of(db, docid), docid);
      }
    }
  } else if (!use_bands || !copies_from_bands(db, hits, copies, band_budget(db), cost)) {
    // One pass over the story slot, which only grouped documents have (a
    // value range per story would scan it once per story; a match over the
    // range from the smallest to the largest id would read most documents).
    for (auto& [story, dated] : copies) dated.clear();
    if (cost != nullptr) cost->pass = true;
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
      if (cost != nullptr) ++cost->values_read;
      const auto found = copies.find(*v);
      if (found == copies.end()) continue;
      found->second.emplace_back(date_of(db, v.get_docid()), v.get_docid());
    }
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

void add_duplicate_dates_on_servers(const Xapian::Database& db, std::vector<Hit>& hits, std::size_t* matches_run) {
  const auto slot = schema::k_slot_story;
  if (db.get_value_freq(slot) == 0) return;
  // The dates of each story's copies, oldest first ("" undated first, as
  // add_duplicate_dates sorts them); a story of one copy has none stored.
  std::map<std::string, std::vector<std::string>> copies;
  for (const Hit& hit : hits) {
    if (hit.story.empty() || copies.count(hit.story) != 0) continue;
    std::vector<std::string>& dates = copies[hit.story];
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, hit.story, hit.story));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy spy(schema::k_slot_date);
    enquire.add_matchspy(&spy);
    (void)enquire.get_mset(0, 0, db.get_doccount());
    if (matches_run != nullptr) ++*matches_run;
    std::size_t dated = 0;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
      dates.insert(dates.end(), it.get_termfreq(), schema::iso_date_from_value(*it));
      dated += it.get_termfreq();
    }
    const std::size_t total = spy.get_total();
    if (total > dated) dates.insert(dates.end(), total - dated, std::string());
    std::sort(dates.begin(), dates.end());
  }
  for (Hit& hit : hits) {
    const auto found = copies.find(hit.story);
    if (found == copies.end() || found->second.empty()) continue;
    std::vector<std::string> others = found->second;
    // The hit itself is one of the copies: its date once less.
    const auto own = std::find(others.begin(), others.end(), hit.date);
    if (own != others.end()) others.erase(own);
    hit.duplicate_dates = std::move(others);
  }
}

namespace {

/// A story value as a number: the 16 hex digits of a story id, or (a value
/// dateline-index never writes) a hash of the bytes.
std::uint64_t story_number(const std::string& value) {
  std::uint64_t number = 0;
  if (near_dup::is_story_id(value)) {
    (void)std::from_chars(value.data(), value.data() + value.size(), number, 16);
    return number;
  }
  return std::hash<std::string>{}(value);
}

/// The dates of copies, from their date values ("YYYYMMDD"; a value that is
/// not a valid date is undated, as the timeline counts it); a run of copies
/// of one day (docid order mostly is date order) is parsed once.
class CopyDates {
public:
  std::optional<Date> operator()(const std::string& value) {
    if (value != m_value) {
      m_value = value;
      m_date = parse_iso_date(schema::iso_date_from_value(value)).date;
    }
    return m_date;
  }

private:
  std::string m_value = "-";
  std::optional<Date> m_date;
};

} // namespace

std::vector<StoryCopy> story_copies(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                                    const day_runs::DayRuns* map) {
  std::vector<StoryCopy> copies;
  const auto slot = schema::k_slot_story;
  if (docids.empty() || db.get_value_freq(slot) == 0) return copies;
  Xapian::ValueIterator story = db.valuestream_begin(slot);
  const Xapian::ValueIterator stories_end = db.valuestream_end(slot);
  Xapian::ValueIterator date = db.valuestream_begin(schema::k_slot_date);
  const Xapian::ValueIterator dates_end = db.valuestream_end(schema::k_slot_date);
  CopyDates dates;
  std::optional<day_runs::Cursor> days;
  if (map != nullptr) days.emplace(map->runs);
  std::int64_t last_day = day_runs::k_undated;
  std::optional<Date> last_date;
  for (const Xapian::docid id : docids) {
    if (story == stories_end) break;
    if (story.get_docid() < id) {
      story.skip_to(id);
      if (story == stories_end) break;
    }
    if (story.get_docid() != id) continue;  // a story of one copy
    if (days) {  // the day from the runs: no read of the date value
      const std::int64_t day = days->day_of(id);
      if (day != last_day) {
        last_day = day;
        last_date = day == day_runs::k_undated ? std::nullopt : std::optional<Date>(date_from_day_number(day));
      }
      copies.push_back({last_date, story_number(*story)});
      continue;
    }
    if (date != dates_end && date.get_docid() < id) date.skip_to(id);
    copies.push_back({dates(date != dates_end && date.get_docid() == id ? *date : std::string()), story_number(*story)});
  }
  return copies;
}

namespace {

/// An Enquire over the matches of @p query that have a story value (no story
/// id sorts below the lowest), weighed as the searcher's exact counts are
/// (counting_enquire).
Xapian::Enquire grouped_matches(const Xapian::Database& db, const Xapian::Query& query) {
  const auto slot = schema::k_slot_story;
  return counting_enquire(db, Xapian::Query(Xapian::Query::OP_FILTER, query,
                                            Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
                                                          db.get_value_lower_bound(slot))));
}

} // namespace

std::vector<StoryCopy> story_copies(const Xapian::Database& db, const Xapian::Query& query) {
  std::vector<StoryCopy> copies;
  const auto slot = schema::k_slot_story;
  const Xapian::doccount grouped = db.get_value_freq(slot);
  if (grouped == 0) return copies;
  Xapian::Enquire enquire = grouped_matches(db, query);
  const Xapian::MSet mset = enquire.get_mset(0, grouped, grouped);
  copies.reserve(mset.size());
  CopyDates dates;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    copies.push_back({dates(doc.get_value(schema::k_slot_date)), story_number(doc.get_value(slot))});
  }
  return copies;
}

std::vector<StoryCopy> story_copies_on_servers(const Xapian::Database& db, const Xapian::Query& query) {
  std::vector<StoryCopy> copies;
  const auto slot = schema::k_slot_story;
  const Xapian::doccount grouped = db.get_value_freq(slot);
  if (grouped == 0) return copies;
  Xapian::Enquire enquire = grouped_matches(db, query);
  // The keys travel with each item of the MSet: the story value as the
  // collapse key (with room for every copy, nothing is collapsed) and the
  // date value as the sort key.
  enquire.set_collapse_key(slot, grouped);
  enquire.set_sort_by_value(schema::k_slot_date, false);
  const Xapian::MSet mset = enquire.get_mset(0, grouped, grouped);
  copies.reserve(mset.size());
  CopyDates dates;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    copies.push_back({dates(it.get_sort_key()), story_number(it.get_collapse_key())});
  }
  return copies;
}

std::size_t distinct_stories(const Xapian::Database& db, const std::vector<Xapian::docid>& docids) {
  std::unordered_set<std::string> stories;
  std::size_t alone = 0;
  Xapian::ValueIterator it = db.valuestream_begin(schema::k_slot_story);
  const Xapian::ValueIterator end = db.valuestream_end(schema::k_slot_story);
  for (const Xapian::docid id : docids) {
    if (it != end && it.get_docid() < id) it.skip_to(id);
    if (it != end && it.get_docid() == id) {
      stories.insert(*it);
    } else {
      ++alone;
    }
  }
  return stories.size() + alone;
}

} // namespace dateline::searcher
