/** @file ranking.cpp
 *  @brief Optional ranking evidence: title terms, proximity, feedback.
 */
#include "searcher/ranking.hpp"

#include "common/schema.hpp"

#include <algorithm>
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

Xapian::Query feedback_evidence(const Xapian::Enquire& enquire, const RewrittenQuery& query, unsigned count,
                                double weight) {
  if (count == 0 || weight <= 0.0) return {};
  const std::vector<std::string> terms = evidence_terms(query);
  if (terms.empty() || terms.size() > k_feedback_max_words) return {};
  const Xapian::MSet top = enquire.get_mset(0, k_feedback_documents);
  if (top.size() < k_feedback_documents) return {};
  Xapian::RSet relevant;
  for (auto it = top.begin(); it != top.end(); ++it) relevant.add_document(*it);
  std::set<std::string> excluded;
  for (const QueryWord& word : query.words) {
    excluded.insert(std::string(schema::k_prefix_stem) + (word.stem.empty() ? word.term : word.stem));
  }
  const FeedbackDecider decider(std::move(excluded));
  const Xapian::ESet eset = enquire.get_eset(count, relevant, &decider);
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
