/** @file stories.cpp
 *  @brief Regrouping changed documents into stories and writing their ids.
 */
#include "indexer/stories.hpp"

#include "common/schema.hpp"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <functional>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace dateline::indexer {
namespace {

/// What the decision needs of one document.
struct Member {
  std::optional<near_dup::Stored> stored;  ///< nullopt: no signature (no words), never grouped
  std::optional<std::int64_t> day;
};

/// Documents and their candidates, read through the database (a few
/// lookups per document) or, for a whole-database regrouping, from memory.
class Candidates {
public:
  Candidates(Xapian::WritableDatabase& db, bool in_memory) : m_db(db), m_in_memory(in_memory) {
    if (!in_memory) return;
    for (auto v = db.valuestream_begin(schema::k_slot_signature); v != db.valuestream_end(schema::k_slot_signature);
         ++v) {
      m_members[v.get_docid()].stored = near_dup::unpack(*v);
    }
    for (auto v = db.valuestream_begin(schema::k_slot_date); v != db.valuestream_end(schema::k_slot_date); ++v) {
      const auto found = m_members.find(v.get_docid());
      if (found != m_members.end()) found->second.day = near_dup::day_number(*v);
    }
    for (const auto& [docid, member] : m_members) {
      if (!member.stored) continue;
      for (const std::string& term : near_dup::band_terms(member.stored->signature)) {
        m_bands[std::hash<std::string>{}(term)].push_back(docid);
      }
    }
  }

  /// nullptr when @p docid does not exist.
  const Member* member(Xapian::docid docid) {
    const auto found = m_members.find(docid);
    if (found != m_members.end()) return &found->second;
    if (m_in_memory) return nullptr;  // every document with a signature is loaded
    try {
      const Xapian::Document doc = m_db.get_document(docid);
      Member& member = m_members[docid];
      member.stored = near_dup::unpack(doc.get_value(schema::k_slot_signature));
      member.day = near_dup::day_number(doc.get_value(schema::k_slot_date));
      return &member;
    } catch (const Xapian::DocNotFoundError&) {
      return nullptr;
    }
  }

  /// Documents sharing a band with @p member (unverified, maybe itself).
  std::vector<Xapian::docid> of(const Member& member) {
    std::vector<Xapian::docid> out;
    if (!member.stored) return out;
    for (const std::string& term : near_dup::band_terms(member.stored->signature)) {
      if (m_in_memory) {
        const auto found = m_bands.find(std::hash<std::string>{}(term));
        if (found != m_bands.end()) out.insert(out.end(), found->second.begin(), found->second.end());
      } else {
        for (auto p = m_db.postlist_begin(term); p != m_db.postlist_end(term); ++p) out.push_back(*p);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

private:
  Xapian::WritableDatabase& m_db;
  bool m_in_memory;
  std::unordered_map<Xapian::docid, Member> m_members;
  std::unordered_map<std::size_t, std::vector<Xapian::docid>> m_bands;
};

} // namespace

StoryCounts assign_stories(Xapian::WritableDatabase& db, const near_dup::Rule& rule, const StoryChanges& changes) {
  StoryCounts counts;
  const Xapian::doccount total = db.get_doccount();
  if (total == 0 || (!changes.all && changes.seeds.empty() && changes.old_stories.empty())) return counts;

  // Story values as stored now (only grouped documents have one).
  std::unordered_map<Xapian::docid, std::string> current;
  std::vector<Xapian::docid> seeds;
  for (auto v = db.valuestream_begin(schema::k_slot_story); v != db.valuestream_end(schema::k_slot_story); ++v) {
    current.emplace(v.get_docid(), *v);
    if (!changes.all && changes.old_stories.count(*v) != 0) seeds.push_back(v.get_docid());
  }
  if (changes.all) {
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) seeds.push_back(*p);
  } else {
    seeds.insert(seeds.end(), changes.seeds.begin(), changes.seeds.end());
  }
  std::sort(seeds.begin(), seeds.end());
  seeds.erase(std::unique(seeds.begin(), seeds.end()), seeds.end());

  // Reading every signature once beats posting-list lookups when most
  // documents are to be regrouped anyway.
  Candidates candidates(db, changes.all || seeds.size() * 4 > total);
  std::unordered_set<Xapian::docid> done;
  for (const Xapian::docid seed : seeds) {
    if (done.count(seed) != 0) continue;
    const Member* first = candidates.member(seed);
    if (first == nullptr) {
      done.insert(seed);
      continue;
    }
    // The seed's connected group.
    std::vector<Xapian::docid> group{seed};
    done.insert(seed);
    for (std::size_t i = 0; i < group.size(); ++i) {
      const Member* member = candidates.member(group[i]);
      if (member == nullptr || !member->stored) continue;
      for (const Xapian::docid other : candidates.of(*member)) {
        if (done.count(other) != 0) continue;
        const Member* candidate = candidates.member(other);
        if (candidate == nullptr || !candidate->stored) continue;
        if (near_dup::same_story(rule, member->stored->signature, member->day, candidate->stored->signature,
                                 candidate->day)) {
          done.insert(other);
          group.push_back(other);
        }
      }
    }
    std::string id;
    if (group.size() > 1) {
      std::uint64_t smallest = UINT64_MAX;
      for (const Xapian::docid docid : group) smallest = std::min(smallest, candidates.member(docid)->stored->key);
      id = near_dup::story_id(smallest);
      counts.grouped += group.size();
    }
    counts.examined += group.size();
    for (const Xapian::docid docid : group) {
      const auto found = current.find(docid);
      const std::string& now = found == current.end() ? std::string() : found->second;
      if (now == id) continue;
      // Only a value changes: Xapian rewrites no terms for this.
      Xapian::Document doc = db.get_document(docid);
      if (id.empty()) {
        doc.remove_value(schema::k_slot_story);
      } else {
        doc.add_value(schema::k_slot_story, id);
      }
      db.replace_document(docid, doc);
      ++counts.changed;
    }
  }
  return counts;
}

} // namespace dateline::indexer
