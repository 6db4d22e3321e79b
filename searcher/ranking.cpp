/** @file ranking.cpp
 *  @brief Optional ranking evidence: title terms, proximity (all words, or
 *         graded by neighbouring pairs), feedback.
 */
#include "searcher/ranking.hpp"

#include "common/schema.hpp"
#include "searcher/first_pass.hpp"
#include "searcher/stem_terms.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>
#include <set>
#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

/// Accepts stemmed terms (Z prefix) that are not one of the query's own;
/// in a database indexed with --stem-terms differing also the words that
/// stand for their own stem (StemQueries::is_own_stem_word), as the stem
/// term they stand for.
class FeedbackDecider : public Xapian::ExpandDecider {
public:
  FeedbackDecider(std::set<std::string> excluded, const StemQueries& stems)
      : m_excluded(std::move(excluded)), m_stems(stems) {}
  bool operator()(const std::string& term) const override {
    // "Z" then at least two bytes: one-letter stems are noise.
    if (term.size() > schema::k_prefix_stem.size() + 1 && term.starts_with(schema::k_prefix_stem)) {
      return !m_excluded.contains(term);
    }
    return m_stems.active() && term.size() > 1 && !m_excluded.contains(std::string(schema::k_prefix_stem) + term) &&
           m_stems.is_own_stem_word(term);
  }

private:
  std::set<std::string> m_excluded;
  const StemQueries& m_stems;
};

/// Tied candidates at the k-th place weighed at most.
constexpr Xapian::doccount k_tie_window = 64;

/// Two weights equal up to the rounding that summing statistics over shards
/// in another order gives.
bool same_weight(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a)); }

/// The @p k best documents of @p top (the first pass's best, at least
/// k + k_tie_window of them when there are) as a set that does not depend on
/// document ids. Xapian breaks ties in weight by document id, that
/// is by the order the files were indexed in (and the shard they live in);
/// when the k-th and the next document tie, the tied group is ordered by the
/// article's content hash instead, so the same articles give the same
/// feedback however the database was built. Empty when fewer than k match.
std::vector<Xapian::docid> top_documents(const Xapian::MSet& top, unsigned k) {
  if (top.size() < k) return {};
  std::vector<Xapian::docid> chosen;
  for (Xapian::doccount i = 0; i < k; ++i) chosen.push_back(*top[i]);
  if (top.size() == k || !same_weight(top[k - 1].get_weight(), top[k].get_weight())) return chosen;
  const double boundary = top[k - 1].get_weight();
  chosen.clear();
  std::vector<std::pair<std::string, Xapian::docid>> tied;
  for (auto it = top.begin(); it != top.end() && it.get_rank() < k + k_tie_window; ++it) {
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

/// documents_query's source. Documents are kept per shard by their local
/// ids: over several databases Xapian hands each clone one shard,
/// recognised by its UUID. Clones share the lists.
class DocumentsSource : public Xapian::PostingSource {
public:
  using Lists = std::vector<std::vector<Xapian::docid>>;
  DocumentsSource(std::shared_ptr<const Lists> per_shard, std::shared_ptr<const std::vector<std::string>> uuids)
      : m_per_shard(std::move(per_shard)), m_uuids(std::move(uuids)) {}
  DocumentsSource* clone() const override { return new DocumentsSource(m_per_shard, m_uuids); }
  void init(const Xapian::Database& db) override {
    std::size_t shard = 0;
    if (m_uuids->size() > 1) {
      const auto found = std::find(m_uuids->begin(), m_uuids->end(), db.get_uuid());
      shard = found == m_uuids->end() ? m_per_shard->size() : static_cast<std::size_t>(found - m_uuids->begin());
    }
    m_ids = shard < m_per_shard->size() ? &(*m_per_shard)[shard] : &m_none;
    m_at = 0;
    m_started = false;
  }
  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(m_ids->size()); }
  Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(m_ids->size()); }
  Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(m_ids->size()); }
  void next(double) override {
    if (m_started) ++m_at;
    m_started = true;
  }
  void skip_to(Xapian::docid did, double) override {
    m_started = true;
    m_at = static_cast<std::size_t>(std::lower_bound(m_ids->begin() + static_cast<std::ptrdiff_t>(m_at), m_ids->end(), did) -
                                    m_ids->begin());
  }
  bool at_end() const override { return m_started && m_at >= m_ids->size(); }
  Xapian::docid get_docid() const override { return (*m_ids)[m_at]; }
  std::string get_description() const override { return "DocumentsSource(" + std::to_string(m_ids->size()) + ")"; }

private:
  std::shared_ptr<const Lists> m_per_shard;                 ///< local ids, ascending
  std::shared_ptr<const std::vector<std::string>> m_uuids;  ///< the shards' UUIDs, in combined order
  std::vector<Xapian::docid> m_none;
  const std::vector<Xapian::docid>* m_ids = &m_none;
  std::size_t m_at = 0;
  bool m_started = false;
};

/// A filter matching the first @p depth articles of @p ranked (the first
/// pass, fetched with k_tie_window more; @p upper: its whole match's upper
/// bound on the number of matches), or an empty query (no limit) when
/// @p depth is 0, when every match is among them, or when the shards cannot
/// be told apart (two with the same UUID). Articles tied with the depth-th
/// are all in, or (when the tie runs past what was fetched) all out, so the
/// set does not depend on document ids, that is on how the archive was
/// built or sharded.
/// @p kept, when given, is set to how many articles the filter holds.
Xapian::Query first_pass_filter(const Xapian::Database& db, const Xapian::MSet& ranked, Xapian::doccount upper,
                                std::size_t depth, std::size_t* kept = nullptr) {
  if (kept != nullptr) *kept = 0;
  if (depth == 0 || ranked.size() < depth || upper <= depth) return {};
  const double boundary = ranked[static_cast<Xapian::doccount>(depth - 1)].get_weight();
  std::size_t end = depth;  // ranks [0, end) are in
  while (end < ranked.size() && same_weight(ranked[static_cast<Xapian::doccount>(end)].get_weight(), boundary)) ++end;
  if (end == ranked.size() && upper > ranked.size()) {  // the tie may run on: leave it out
    end = depth;
    while (end > 0 && same_weight(ranked[static_cast<Xapian::doccount>(end - 1)].get_weight(), boundary)) --end;
  }
  if (end == 0) return {};
  const std::size_t shards = std::max<std::size_t>(1, db.size());
  std::vector<std::string> uuids;
  if (shards > 1) {
    const std::string all = db.get_uuid();
    std::size_t from = 0;
    while (from <= all.size()) {
      const std::size_t colon = std::min(all.find(':', from), all.size());
      uuids.push_back(all.substr(from, colon - from));
      from = colon + 1;
    }
    std::vector<std::string> sorted = uuids;
    std::sort(sorted.begin(), sorted.end());
    if (uuids.size() != shards || sorted.front().empty() || std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      return {};
    }
  } else {
    uuids.emplace_back();
  }
  std::vector<std::vector<Xapian::docid>> per_shard(shards);
  for (auto it = ranked.begin(); it != ranked.end() && it.get_rank() < end; ++it) {
    const Xapian::docid did = *it;
    per_shard[(did - 1) % shards].push_back((did - 1) / static_cast<Xapian::docid>(shards) + 1);
  }
  for (auto& ids : per_shard) std::sort(ids.begin(), ids.end());
  if (kept != nullptr) *kept = end;
  return documents_query(std::move(per_shard), std::move(uuids));
}

/// The term a plain word matches by: its stem (Z prefix) when it has one.
std::string matching_term(const QueryWord& word) {
  return word.stem.empty() ? word.term : std::string(schema::k_prefix_stem) + word.stem;
}

} // namespace

Xapian::Query documents_query(std::vector<std::vector<Xapian::docid>> per_shard, std::vector<std::string> uuids) {
  return Xapian::Query((new DocumentsSource(std::make_shared<const DocumentsSource::Lists>(std::move(per_shard)),
                                            std::make_shared<const std::vector<std::string>>(std::move(uuids))))
                           ->release());
}

namespace {

/// A plain word that adds evidence: not excluded, not a wildcard, not
/// inside title: (evidence_terms, title_terms and all_words_in_at_least read
/// the same words).
bool adds_evidence(const QueryWord& word) {
  return !word.excluded && !word.wildcard && !word.in_title && !word.term.empty();
}

} // namespace

std::vector<std::string> evidence_terms(const RewrittenQuery& query) {
  std::vector<std::string> terms;
  for (const QueryWord& word : query.words) {
    if (!adds_evidence(word)) continue;
    if (std::find(terms.begin(), terms.end(), word.term) == terms.end()) terms.push_back(word.term);
  }
  return terms;
}

std::vector<std::string> title_terms(const RewrittenQuery& query, TitleMatch match) {
  std::vector<std::string> terms;
  for (const QueryWord& word : query.words) {
    if (!adds_evidence(word)) continue;
    std::string term = match == TitleMatch::stem && !word.stem.empty()
                           ? std::string(schema::k_prefix_stem) + std::string(schema::k_prefix_title) + word.stem
                           : std::string(schema::k_prefix_title) + word.term;
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
  }
  return terms;
}

Xapian::Query headline_evidence(const std::vector<std::string>& headline_terms, double weight,
                                const Xapian::Database* db) {
  if (headline_terms.empty() || weight <= 0.0) return {};
  const StemQueries stems = db != nullptr ? StemQueries::of(*db) : StemQueries(std::string(), false);
  if (!stems.active()) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, headline_terms.begin(), headline_terms.end()), weight);
  }
  std::vector<Xapian::Query> leaves;
  for (const std::string& term : headline_terms) leaves.push_back(stems.term_query(*db, term));
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end()),
                       weight);
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
  const StemQueries stems = StemQueries::of(db);
  std::vector<Xapian::Query> terms;
  for (const QueryWord& word : query.words) {
    if (!adds_evidence(word)) continue;
    terms.push_back(stems.term_query(db, matching_term(word)));
  }
  if (terms.empty()) return false;
  Xapian::Enquire all(db);
  all.set_query(Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()));
  all.set_weighting_scheme(Xapian::BoolWeight());
  return all.get_mset(0, 0, at_least).get_matches_lower_bound() >= at_least;
}

namespace {

/// Whether feedback's guards let @p query have it (ranking.hpp).
bool feedback_applies(const Xapian::Database& db, const RewrittenQuery& query, unsigned count, double weight,
                      std::size_t max_words) {
  if (count == 0 || weight <= 0.0) return false;
  const std::vector<std::string> terms = evidence_terms(query);
  if (terms.empty() || terms.size() > max_words) return false;
  return all_words_in_at_least(db, query, k_feedback_min_all_words);
}

/// The expansion from the top articles of @p first (@p enquire's first
/// pass), ORed and not yet scaled; empty when there is none.
Xapian::Query expansion_of(const Xapian::Database& db, const Xapian::Enquire& enquire, const Xapian::MSet& first,
                           const RewrittenQuery& query, unsigned count, double max_share) {
  const std::vector<Xapian::docid> top = top_documents(first, k_feedback_documents);
  if (top.empty()) return {};
  Xapian::RSet relevant;
  for (const Xapian::docid did : top) relevant.add_document(did);
  std::set<std::string> excluded;
  for (const QueryWord& word : query.words) {
    excluded.insert(std::string(schema::k_prefix_stem) + (word.stem.empty() ? word.term : word.stem));
  }
  const StemQueries stems = StemQueries::of(db);
  const FeedbackDecider decider(std::move(excluded), stems);
  // Exact term frequencies: over several databases (a time-sharded archive,
  // remote shards) Xapian otherwise approximates them from one database, and
  // the expansion, so the ranking, would depend on how the archive is split.
  // --feedback-max-share: more candidates, the common ones left out below.
  const bool share_limit = max_share < 1.0;
  // With --stem-terms differing a stem may come twice (as Z s and as the
  // word s): twice the candidates, each stem taken once, at its better place.
  const unsigned candidates = (share_limit ? count * k_feedback_share_candidates : count) * (stems.active() ? 2 : 1);
  const Xapian::ESet eset = enquire.get_eset(candidates, relevant, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  const double documents = static_cast<double>(db.get_doccount());
  const double most = max_share * documents;
  std::vector<Xapian::Query> leaves;
  std::set<std::string> taken;
  for (auto it = eset.begin(); it != eset.end() && leaves.size() < count; ++it) {
    const std::string found = *it;
    const std::string term = found.starts_with(schema::k_prefix_stem) ? found : std::string(schema::k_prefix_stem) + found;
    if (!taken.insert(term).second) continue;
    if (share_limit) {
      // The stem's articles: Z s and the word s together, estimated as
      // independent (a + b - ab/N) where both are held.
      const double a = static_cast<double>(db.get_termfreq(term));
      const std::string word = stems.word_of(term);
      const double b = word.empty() ? 0.0 : static_cast<double>(db.get_termfreq(word));
      if (a + b - (documents > 0.0 ? a * b / documents : 0.0) > most) continue;
    }
    leaves.push_back(stems.term_query(db, term));
  }
  if (leaves.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end());
}

} // namespace

Xapian::Query feedback_evidence(const Xapian::Database& db, const Xapian::Enquire& enquire,
                                const RewrittenQuery& query, unsigned count, double weight, std::size_t max_words,
                                std::size_t depth, double max_share, const Bm25Parameters* weighting) {
  // The same first pass, expansion and depth filter as the window's.
  return feedback_window(db, enquire, query, count, weight, max_words, depth, max_share, weighting).expansion;
}

FeedbackWindow feedback_window(const Xapian::Database& db, const Xapian::Enquire& enquire,
                               const RewrittenQuery& query, unsigned count, double weight, std::size_t max_words,
                               std::size_t window, double max_share, const Bm25Parameters* weighting) {
  FeedbackWindow out;
  if (!feedback_applies(db, query, count, weight, max_words)) return out;
  // The first pass of --feedback-depth @p window, and its expansion. One
  // match for the tie windows and the depth: a second one for the third of
  // the queries whose k-th and next articles tie cost more than the longer
  // list costs the rest (#15.2). The best k of a longer list are the same.
  // (first_pass.hpp: for one term, among the articles whose wdf can reach them.)
  const FirstPass pass = first_pass(
      db, enquire, static_cast<Xapian::doccount>(std::max<std::size_t>(k_feedback_documents, window) + k_tie_window),
      weighting);
  const Xapian::MSet& first = pass.best;
  Xapian::Query expansion = expansion_of(db, enquire, first, query, count, max_share);
  if (expansion.empty()) return out;
  std::size_t kept = 0;
  const Xapian::Query depth_filter = first_pass_filter(db, first, pass.counts.upper, window, &kept);
  if (!depth_filter.empty()) expansion = Xapian::Query(Xapian::Query::OP_FILTER, expansion, depth_filter);
  out.expansion = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, expansion, weight);
  if (!depth_filter.empty()) {
    out.window = depth_filter;
    // Every article outside the window scored no more than the first one
    // left out, or than the last one fetched when all fetched are in.
    out.outside_at_most = first[static_cast<Xapian::doccount>(std::min<std::size_t>(kept, first.size() - 1))].get_weight();
    out.first = pass.counts;
  }
  return out;
}

bool window_page_holds(const std::vector<double>& page_weights, std::size_t limit, double outside_at_most) {
  if (page_weights.size() < limit || page_weights.empty()) return false;
  return page_weights.back() > outside_at_most + 1e-9 * std::max(1.0, std::abs(outside_at_most));
}

Xapian::Query with_evidence(const Xapian::Query& query, const Xapian::Query& extra) {
  if (extra.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, extra);
}

} // namespace dateline::searcher
