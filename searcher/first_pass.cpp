/** @file first_pass.cpp
 *  @brief Feedback's first pass, for one term among the articles whose wdf
 *  can reach its best (#15.2).
 */
#include "searcher/first_pass.hpp"

#include "searcher/ranking.hpp"
#include "searcher/searcher.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dateline::searcher {
namespace {

/// The wdf levels told apart when picking the articles to weigh; wdf above
/// the last counts as the last.
constexpr Xapian::termcount k_wdf_levels = 64;
/// The articles weighed, at least, as a multiple of those asked for: enough
/// that the N-th best of them usually outweighs the wdf left out.
constexpr Xapian::doccount k_weighed_multiple = 2;
/// Tried first: the wdf that items + items / k_fewer_share articles hold (a
/// higher wdf still, fewer articles weighed). At a million articles
/// (docs/benchmarks.md, "Session 11") the bound holds there for 61 of the
/// bench's 96 one-term queries against 54 with 2 x items, for a mean of
/// -0.24 ms CPU in the first pass; where it fails, the 2 x items try costs
/// up to 0.9 ms more than before.
constexpr Xapian::doccount k_fewer_share = 8;
/// Terms held by more than this share of the archive's articles (1 / N) run
/// the whole match: many of their articles hold them two or three times, so
/// the bound seldom holds, and the walk over their postings then costs on
/// top (at a million articles: +35-70% CPU for terms in 15-40% of them,
/// -10 to -35% for terms in 0.5-13%; docs/benchmarks.md, "Session 10").
constexpr Xapian::doccount k_common_term_share = 8;


/// The counts an MSet reports, without its hits.
MatchPage counts_of(const Xapian::MSet& mset) {
  MatchPage counts;
  counts.estimated = mset.get_matches_estimated();
  counts.lower = mset.get_matches_lower_bound();
  counts.upper = mset.get_matches_upper_bound();
  counts.uncollapsed_upper = mset.get_uncollapsed_matches_upper_bound();
  return counts;
}

/// A margin for rounding: the bounds below are computed in another order
/// than Xapian's weights.
double above(double bound) { return bound + 1e-9 * std::max(1.0, bound); }

/// A one-term query's postings (wdf only) and how many of its articles
/// hold it at least w times, read once for every list length tried.
struct Postings {
  std::string term;
  Xapian::doccount freq = 0;
  std::vector<std::pair<Xapian::docid, Xapian::termcount>> list;  ///< ascending docid
  std::array<Xapian::doccount, k_wdf_levels + 1> with{};          ///< with[w]: articles whose wdf is w (the last: w or more)
};

/// @p query's postings where the short cut may weigh at least @p weigh of
/// its articles and leave some out, else nullopt.
std::optional<Postings> postings_of(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount weigh,
                                    const Bm25Parameters& bm25) {
  if (weigh == 0 || query.get_type() != Xapian::Query::LEAF_TERM || db.size() != 1) return std::nullopt;
  if (bm25.k1 <= 0.0 || bm25.k2 != 0.0 || db.get_avlength() <= 0.0) return std::nullopt;
  Postings p;
  p.term = *query.get_terms_begin();
  p.freq = db.get_termfreq(p.term);
  if (p.freq <= weigh || p.freq > db.get_doccount() / k_common_term_share) return std::nullopt;
  p.list.reserve(p.freq);
  for (Xapian::PostingIterator it = db.postlist_begin(p.term); it != db.postlist_end(p.term); ++it) {
    const Xapian::termcount wdf = it.get_wdf();
    p.list.emplace_back(*it, wdf);
    ++p.with[std::min(wdf, k_wdf_levels)];
  }
  return p;
}

/// The short cut (first_pass.hpp) for the best @p items articles, or
/// nullopt where it cannot tell (@p weighed_count: how many articles it
/// weighed then).
std::optional<FirstPass> by_wdf(const Xapian::Database& db, const Xapian::Query& query, const Postings& postings,
                                Xapian::doccount items, Xapian::doccount weigh, const Bm25Parameters& bm25,
                                Xapian::doccount& weighed_count, Xapian::termcount& tried) {
  if (items == 0 || postings.freq <= weigh) return std::nullopt;
  // The highest wdf w held by at least `weigh` articles (with[w] becomes "at least w").
  std::array<Xapian::doccount, k_wdf_levels + 1> with = postings.with;
  Xapian::termcount least = k_wdf_levels;
  for (; least > 1 && with[least] < weigh; --least) with[least - 1] += with[least];
  if (least <= 1 || least == tried) return std::nullopt;  // every article: nothing to leave out; or tried already
  tried = least;
  std::vector<Xapian::docid> weighed;
  weighed.reserve(with[least]);
  for (const auto& [did, wdf] : postings.list) {
    if (wdf >= least) weighed.push_back(did);
  }
  const auto weighed_size = static_cast<Xapian::doccount>(weighed.size());
  Xapian::Enquire among(db);
  among.set_weighting_scheme(Xapian::BM25Weight(bm25.k1, bm25.k2, bm25.k3, bm25.b, bm25.min_normlen));
  among.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, documents_query({std::move(weighed)}, {std::string()})));
  FirstPass out{among.get_mset(0, items), {}, true, weighed_size};
  weighed_count = out.weighed;
  if (out.best.size() < items) return std::nullopt;
  // The term's weight factor, from the best article (its weight is that
  // factor times wdf / (k1 (normlen b + 1 - b) + wdf)), and the most an
  // article holding the term fewer than `least` times can weigh: at that
  // wdf, at the shortest normalised length.
  const Xapian::docid top = *out.best[0];
  const auto found =
      std::lower_bound(postings.list.begin(), postings.list.end(), std::make_pair(top, Xapian::termcount{0}));
  if (found == postings.list.end() || found->first != top || found->second == 0) return std::nullopt;
  const double top_wdf = found->second;
  const double normlen = std::max(static_cast<double>(db.get_doclength(top)) / db.get_avlength(), bm25.min_normlen);
  const double factor = out.best[0].get_weight() * (bm25.k1 * (normlen * bm25.b + (1 - bm25.b)) + top_wdf) / top_wdf;
  const double below = static_cast<double>(least - 1);
  const double left_out_at_most =
      factor * below / (bm25.k1 * (std::max(bm25.min_normlen, 0.0) * bm25.b + (1 - bm25.b)) + below);
  const double last = out.best[items - 1].get_weight();
  if (!(last > above(left_out_at_most))) return std::nullopt;
  // The whole match reads every posting (its N-th best is below the term's
  // bound, so Xapian cannot stop early) and counts exactly: the term's frequency.
  if (!(above(last) < out.best.get_max_possible())) return std::nullopt;
  out.counts.estimated = out.counts.lower = out.counts.upper = out.counts.uncollapsed_upper = postings.freq;
  return out;
}

} // namespace

FirstPass first_pass(const Xapian::Database& db, const Xapian::Enquire& enquire, Xapian::doccount items,
                     const Bm25Parameters* weighting) {
  Xapian::doccount weighed = 0;
  if (weighting != nullptr && items > 0) {
    const Xapian::Query query = enquire.get_query();
    // Fewer articles weighed first (a higher wdf), then more; the postings are read once.
    const Xapian::doccount fewer = items + items / k_fewer_share;
    if (const std::optional<Postings> postings = postings_of(db, query, fewer, *weighting)) {
      Xapian::termcount tried = 0;  // the wdf of the articles weighed last
      for (const Xapian::doccount weigh : {fewer, k_weighed_multiple * items}) {
        if (std::optional<FirstPass> found = by_wdf(db, query, *postings, items, weigh, *weighting, weighed, tried)) {
          return std::move(*found);
        }
      }
    }
  }
  FirstPass out{enquire.get_mset(0, items), {}, false, weighed};
  out.counts = counts_of(out.best);
  return out;
}

} // namespace dateline::searcher
