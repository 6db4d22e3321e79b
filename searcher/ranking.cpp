/** @file ranking.cpp
 *  @brief Optional ranking evidence: title terms, proximity (all words, or
 *         graded by neighbouring pairs), feedback.
 */
#include "searcher/ranking.hpp"

#include "common/schema.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <set>
#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

/// Accepts stemmed terms (Z prefix) that are not one of the query's own.
class FeedbackDecider : public Xapian::ExpandDecider {
public:
  explicit FeedbackDecider(std::set<std::string> excluded) : m_excluded(std::move(excluded)) {}
  bool operator()(const std::string& term) const override {
    // "Z" then at least two bytes: one-letter stems are noise.
    return term.size() > schema::k_prefix_stem.size() + 1 && term.starts_with(schema::k_prefix_stem) &&
           !m_excluded.contains(term);
  }

private:
  std::set<std::string> m_excluded;
};

/// Two weights equal up to the rounding that summing statistics over shards
/// in another order gives.
bool same_weight(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a)); }

/// The @p k best documents of @p enquire's query as a set that does not
/// depend on document ids. Xapian breaks ties in weight by document id, that
/// is by the order the files were indexed in (and the shard they live in);
/// when the k-th and the next document tie, the tied group is ordered by the
/// article's content hash instead, so the same articles give the same
/// feedback however the database was built. Empty when fewer than k match.
std::vector<Xapian::docid> top_documents(const Xapian::Enquire& enquire, unsigned k) {
  constexpr Xapian::doccount k_tie_window = 64;  ///< tied candidates weighed at most
  // One match for the tie window too: a second one for the third of the
  // queries whose k-th and next articles tie cost more than the longer
  // list costs the rest (#15.2). The best k of a longer list are the same.
  const Xapian::MSet top = enquire.get_mset(0, k + k_tie_window);
  if (top.size() < k) return {};
  std::vector<Xapian::docid> chosen;
  for (Xapian::doccount i = 0; i < k; ++i) chosen.push_back(*top[i]);
  if (top.size() == k || !same_weight(top[k - 1].get_weight(), top[k].get_weight())) return chosen;
  const double boundary = top[k - 1].get_weight();
  chosen.clear();
  std::vector<std::pair<std::string, Xapian::docid>> tied;
  for (auto it = top.begin(); it != top.end(); ++it) {
    if (same_weight(it.get_weight(), boundary)) {
      tied.emplace_back(it.get_document().get_value(schema::k_slot_content_hash), *it);
    } else if (it.get_weight() > boundary) {
      chosen.push_back(*it);
    }
  }
  std::sort(tied.begin(), tied.end());
  for (const auto& [hash, did] : tied) {
    if (chosen.size() == k) break;
    chosen.push_back(did);
  }
  return chosen;
}

/// The term a plain word matches by: its stem (Z prefix) when it has one.
std::string matching_term(const QueryWord& word) {
  return word.stem.empty() ? word.term : std::string(schema::k_prefix_stem) + word.stem;
}

} // namespace

std::vector<std::string> evidence_terms(const RewrittenQuery& query) {
  std::vector<std::string> terms;
  for (const QueryWord& word : query.words) {
    if (word.excluded || word.wildcard || word.in_title || word.term.empty()) continue;
    if (std::find(terms.begin(), terms.end(), word.term) == terms.end()) terms.push_back(word.term);
  }
  return terms;
}

Xapian::Query title_evidence(const std::vector<std::string>& terms, double weight) {
  if (terms.empty() || weight <= 0.0) return {};
  std::vector<Xapian::Query> leaves;
  leaves.reserve(terms.size());
  for (const std::string& term : terms) leaves.emplace_back(std::string(schema::k_prefix_title) + term);
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end()), weight);
}

Xapian::Query proximity_evidence(const std::vector<std::string>& terms, double weight) {
  if (terms.size() < 2 || weight <= 0.0) return {};
  const auto window = static_cast<Xapian::termcount>(std::max<std::size_t>(8, 2 * terms.size()));
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), window), weight);
}

Xapian::Query pair_proximity_evidence(const std::vector<std::string>& terms, double weight) {
  if (terms.size() < 2 || weight <= 0.0) return {};
  std::vector<Xapian::Query> pieces;
  pieces.reserve(2 * (terms.size() - 1));
  for (std::size_t i = 0; i + 1 < terms.size(); ++i) {
    const std::string* pair = &terms[i];
    pieces.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_PHRASE, pair, pair + 2, 2),
                        weight);
    pieces.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                        Xapian::Query(Xapian::Query::OP_NEAR, pair, pair + 2, k_pair_window), weight / 2);
  }
  return Xapian::Query(Xapian::Query::OP_OR, pieces.begin(), pieces.end());
}

bool all_words_in_at_least(const Xapian::Database& db, const RewrittenQuery& query, Xapian::doccount at_least) {
  std::vector<std::string> terms;
  for (const QueryWord& word : query.words) {
    if (word.excluded || word.wildcard || word.in_title || word.term.empty()) continue;
    terms.push_back(matching_term(word));
  }
  if (terms.empty()) return false;
  Xapian::Enquire all(db);
  all.set_query(Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()));
  all.set_weighting_scheme(Xapian::BoolWeight());
  return all.get_mset(0, 0, at_least).get_matches_lower_bound() >= at_least;
}

Xapian::Query feedback_evidence(const Xapian::Database& db, const Xapian::Enquire& enquire,
                                const RewrittenQuery& query, unsigned count, double weight, std::size_t max_words) {
  if (count == 0 || weight <= 0.0) return {};
  const std::vector<std::string> terms = evidence_terms(query);
  if (terms.empty() || terms.size() > max_words) return {};
  if (!all_words_in_at_least(db, query, k_feedback_min_all_words)) return {};
  const std::vector<Xapian::docid> top = top_documents(enquire, k_feedback_documents);
  if (top.empty()) return {};
  Xapian::RSet relevant;
  for (const Xapian::docid did : top) relevant.add_document(did);
  std::set<std::string> excluded;
  for (const QueryWord& word : query.words) {
    excluded.insert(std::string(schema::k_prefix_stem) + (word.stem.empty() ? word.term : word.stem));
  }
  const FeedbackDecider decider(std::move(excluded));
  // Exact term frequencies: over several databases (a time-sharded archive,
  // remote shards) Xapian otherwise approximates them from one database, and
  // the expansion, so the ranking, would depend on how the archive is split.
  const Xapian::ESet eset = enquire.get_eset(count, relevant, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  std::vector<Xapian::Query> leaves;
  for (auto it = eset.begin(); it != eset.end(); ++it) leaves.emplace_back(*it);
  if (leaves.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end()), weight);
}

Xapian::Query with_evidence(const Xapian::Query& query, const Xapian::Query& extra) {
  if (extra.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, extra);
}

} // namespace dateline::searcher
