/** @file first_pass.hpp
 *  @brief Feedback's first pass (#15.2): the query's best articles without
 *  feedback, for one term found among the articles whose wdf can reach them.
 *
 *  BM25 weighs an article by the term's wdf in it and its length; a higher
 *  wdf weighs more, and no article weighs more than its wdf allows at the
 *  shortest normalised length (BM25's min_normlen). For a query of one term
 *  (half of the bench's queries, the broad ones), the best N articles are
 *  therefore among those whose wdf is at least some w, when the N-th best
 *  of those outweighs what wdf w - 1 can give: a walk over the term's
 *  postings (wdf only) picks w (first the highest wdf that N + N / 8
 *  articles hold, then, where the bound fails there, the highest that 2 N
 *  hold), and the match weighs a few hundred articles
 *  (a document length each) instead of every article holding the term. The
 *  same articles, weights and order as Enquire::get_mset(0, N); the counts
 *  are the term frequency, as that whole match reports them. Anything else
 *  (several terms, several databases, a bound that does not hold) runs the
 *  match as before.
 */
#pragma once

#include "searcher/oldest_first.hpp"

#include <xapian.h>

namespace dateline::searcher {

struct Bm25Parameters;

/// The first pass's answer.
struct FirstPass {
  Xapian::MSet best;    ///< the best articles, as Enquire::get_mset(0, items) orders and weighs them
  MatchPage counts;     ///< the whole match's counts, as that MSet reports them (no hits)
  bool by_wdf = false;  ///< found among the articles whose wdf could reach them
  /// Articles the short cut weighed last, found or not (0: it did not try).
  Xapian::doccount weighed = 0;
};

/// @p enquire's best @p items articles. @p weighting: the BM25 parameters
/// @p enquire weighs with (the short cut needs them), or nullptr (none).
/// Terms held by more than an eighth of @p db's articles run the whole match.
[[nodiscard]] FirstPass first_pass(const Xapian::Database& db, const Xapian::Enquire& enquire, Xapian::doccount items,
                                   const Bm25Parameters* weighting);

} // namespace dateline::searcher
