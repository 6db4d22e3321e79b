/** @file stories.cpp
 *  @brief Regrouping changed documents into stories and writing their ids.
 */
#include "indexer/stories.hpp"

#include "common/schema.hpp"

#include <algorithm>
#include <compare>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace dateline::indexer {
namespace {

/// What the decision needs of one document.
struct Member {
  std::optional<near_dup::Stored> stored;  ///< nullopt: no signature (no words), never grouped
  std::optional<std::int64_t> day;
};

/// Documents and their candidates, read through the database (a few
/// lookups per document) or, for a whole-database regrouping, from memory.
/// In memory the documents are one vector in docid order and the bands one
/// sorted vector of (band key, docid): about 200 bytes per document, where
/// a hash map of band buckets took about 1 KB (a million documents: 10
/// million buckets, most of them holding one docid).
class Candidates {
public:
  Candidates(Xapian::WritableDatabase& db, bool in_memory) : m_db(db), m_in_memory(in_memory) {
    if (!in_memory) return;
    m_loaded.reserve(db.get_doccount());
    // A value stream runs in docid order, so m_loaded is sorted as built.
    for (auto v = db.valuestream_begin(schema::k_slot_signature); v != db.valuestream_end(schema::k_slot_signature);
         ++v) {
      m_loaded.emplace_back(v.get_docid(), Member{near_dup::unpack(*v), std::nullopt});
    }
    for (auto v = db.valuestream_begin(schema::k_slot_date); v != db.valuestream_end(schema::k_slot_date); ++v) {
      if (Member* found = loaded(v.get_docid())) found->day = near_dup::day_number(*v);
    }
    std::size_t bands = 0;
    for (const auto& [docid, member] : m_loaded) {
      if (member.stored && !member.stored->signature.empty) bands += near_dup::k_bands;
    }
    m_bands.reserve(bands);
    for (const auto& [docid, member] : m_loaded) {
      if (!member.stored) continue;
      for (const std::uint64_t key : near_dup::band_keys(member.stored->signature)) m_bands.push_back({key, docid});
    }
    std::sort(m_bands.begin(), m_bands.end());
  }

  /// nullptr when @p docid does not exist.
  const Member* member(Xapian::docid docid) {
    if (m_in_memory) return loaded(docid);  // every document with a signature is loaded
    const auto found = m_members.find(docid);
    if (found != m_members.end()) return &found->second;
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

  /// The numbers of @p docid (near_dup::Numbers), read from its term list
  /// the first time a pair it is in passes the similarity test: a few
  /// documents of each group, so nothing is stored for them (session 17).
  const near_dup::Numbers& numbers(Xapian::docid docid) {
    auto found = m_numbers.find(docid);
    if (found != m_numbers.end()) return found->second;
    return m_numbers.emplace(docid, near_dup::indexed_numbers(m_db, docid)).first->second;
  }

  /// Documents sharing a band with @p member (unverified, maybe itself).
  std::vector<Xapian::docid> of(const Member& member) {
    std::vector<Xapian::docid> out;
    if (!member.stored) return out;
    if (m_in_memory) {
      for (const std::uint64_t key : near_dup::band_keys(member.stored->signature)) {
        for (auto it = std::lower_bound(m_bands.begin(), m_bands.end(), BandEntry{key, 0});
             it != m_bands.end() && it->key == key; ++it) {
          out.push_back(it->docid);
        }
      }
    } else {
      for (const std::string& term : near_dup::band_terms(member.stored->signature)) {
        for (auto p = m_db.postlist_begin(term); p != m_db.postlist_end(term); ++p) out.push_back(*p);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

private:
  struct BandEntry {
    std::uint64_t key = 0;  ///< near_dup::band_keys: band number and rows
    Xapian::docid docid = 0;
    auto operator<=>(const BandEntry&) const = default;
  };

  Member* loaded(Xapian::docid docid) {
    const auto found = std::lower_bound(m_loaded.begin(), m_loaded.end(), docid,
                                        [](const auto& entry, Xapian::docid id) { return entry.first < id; });
    return found != m_loaded.end() && found->first == docid ? &found->second : nullptr;
  }

  Xapian::WritableDatabase& m_db;
  bool m_in_memory;
  std::unordered_map<Xapian::docid, Member> m_members;        ///< read through the database
  std::vector<std::pair<Xapian::docid, Member>> m_loaded;     ///< in memory, docid order
  std::vector<BandEntry> m_bands;                              ///< in memory, sorted
  std::unordered_map<Xapian::docid, near_dup::Numbers> m_numbers;  ///< read so far
};

} // namespace

near_dup::Rule run_rule(const std::optional<near_dup::Rule>& recorded, std::optional<double> threshold,
                         std::optional<int> window_days) {
  near_dup::Rule rule = recorded.value_or(near_dup::Rule{});
  if (threshold) rule.threshold = *threshold;
  if (window_days) rule.window_days = *window_days;
  rule.grouping = near_dup::k_grouping_windowed;  // a chained database is regrouped (the rule text differs)
  rule.numbers = near_dup::k_default_number_overlap;  // so is one grouped without the number check (session 16)
  return rule;
}

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
    // The seed's connected group, with every link verified in it.
    std::vector<Xapian::docid> group{seed};
    std::unordered_map<Xapian::docid, std::size_t> index_of{{seed, 0}};
    std::vector<near_dup::GroupMember> members(1);
    done.insert(seed);
    for (std::size_t i = 0; i < group.size(); ++i) {
      const Member* member = candidates.member(group[i]);
      if (member == nullptr || !member->stored) continue;
      members[i].key = member->stored->key;
      members[i].day = member->day;
      for (const Xapian::docid other : candidates.of(*member)) {
        if (other == group[i]) continue;
        const auto known = index_of.find(other);
        if (known == index_of.end() && done.count(other) != 0) continue;  // another group's (links are symmetric)
        const Member* candidate = candidates.member(other);
        if (candidate == nullptr || !candidate->stored) continue;
        if (!near_dup::same_story(rule, member->stored->signature, member->day, candidate->stored->signature,
                                  candidate->day) ||
            !near_dup::numbers_agree(rule, candidates.numbers(group[i]), member->day, candidates.numbers(other),
                                     candidate->day)) {
          continue;
        }
        if (known != index_of.end()) {
          members[i].links.push_back(known->second);
          continue;
        }
        done.insert(other);
        index_of.emplace(other, group.size());
        members[i].links.push_back(group.size());
        group.push_back(other);
        members.emplace_back();
      }
    }
    // A group of copies linked day after day is cut into stories of one
    // window each (near_dup::split_into_stories); each story's id is its
    // smallest member key.
    const std::vector<std::size_t> story_of = near_dup::split_into_stories(rule, members);
    std::unordered_map<std::size_t, std::pair<std::size_t, std::uint64_t>> stories;  // first copy -> size, smallest key
    for (std::size_t i = 0; i < group.size(); ++i) {
      const auto it = stories.try_emplace(story_of[i], 0, UINT64_MAX).first;
      ++it->second.first;
      it->second.second = std::min(it->second.second, members[i].key);
    }
    counts.examined += group.size();
    for (std::size_t i = 0; i < group.size(); ++i) {
      const auto& [size, smallest] = stories.at(story_of[i]);
      const std::string id = size > 1 ? near_dup::story_id(smallest) : std::string();
      if (size > 1) ++counts.grouped;
      const Xapian::docid docid = group[i];
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
