/** @file ranking.hpp
 *  @brief Optional ranking evidence (issue #13.1), each off by default and
 *         chosen per search: BM25 parameters, title words as separate
 *         evidence, a proximity boost and pseudo-relevance feedback.
 *
 *  Every extra piece of evidence is joined to the built query with
 *  OP_AND_MAYBE: it re-orders the articles the query matches and never adds
 *  or removes one, so counts, timelines and --new-since are unchanged.
 *  Measured with scripts/eval (docs/benchmarks.md, "Ranking options").
 */
#pragma once

#include "searcher/query_rewriter.hpp"
#include "searcher/ranking_options.hpp"

#include <xapian.h>

#include <string>
#include <vector>

namespace dateline::searcher {

/// The plain words of @p query that add evidence: not excluded, not
/// wildcards, not inside title:; each term once, in query order.
[[nodiscard]] std::vector<std::string> evidence_terms(const RewrittenQuery& query);

/// S-prefixed headline terms of @p terms, ORed and scaled by @p weight;
/// an empty query when there are none.
[[nodiscard]] Xapian::Query title_evidence(const std::vector<std::string>& terms, double weight);

/// @p terms within max(8, 2 x terms) positions of each other, any order,
/// scaled by @p weight; an empty query for fewer than two terms.
[[nodiscard]] Xapian::Query proximity_evidence(const std::vector<std::string>& terms, double weight);

/// Graded proximity, after the sequential dependence model (Metzler and
/// Croft, SIGIR 2005): for each pair of neighbouring @p terms, the pair as a
/// two-word phrase (adjacent, in order) scaled by @p weight, OR the pair
/// within k_pair_window positions in any order scaled by @p weight / 2. An
/// article with some of the words close together gains a little, one with
/// all of them in order gains most; an empty query for fewer than two terms.
[[nodiscard]] Xapian::Query pair_proximity_evidence(const std::vector<std::string>& terms, double weight);

/// Pseudo-relevance feedback (RM3-like, through Xapian's ESet): the top
/// k_feedback_documents articles of @p enquire's current query are taken as
/// relevant and their @p count best expansion terms (stemmed body/title terms,
/// Z prefix, not already in the query) ORed and scaled by @p weight.
/// Guards against drift: nothing for more than @p max_words plain words
/// (--feedback-max-words, default k_feedback_max_words), when the first pass finds fewer than k_feedback_documents
/// articles, or when fewer than k_feedback_min_all_words articles of @p db
/// hold every plain word (a specific query); the caller joins it with
/// AND_MAYBE (it only re-orders). @p depth (--feedback-depth, #15.2): when
/// not 0, the expansion counts only for the first pass's best @p depth
/// articles (a filter of their ids), so the second match checks the
/// expansion terms for those alone instead of for every match; 0 = for
/// every match. Not for remote shards (a custom PostingSource).
/// @p max_share (--feedback-max-share, #15.2): when below 1, stems held by
/// more than that share of @p db's articles are left out: the best @p count
/// of the expansion set's best k_feedback_share_candidates x @p count that
/// are not (fewer when too few are left).
[[nodiscard]] Xapian::Query feedback_evidence(const Xapian::Database& db, const Xapian::Enquire& enquire,
                                              const RewrittenQuery& query, unsigned count, double weight,
                                              std::size_t max_words = k_feedback_max_words, std::size_t depth = 0,
                                              double max_share = 1.0);

/// feedback_window's answer.
struct FeedbackWindow {
  bool ran = false;           ///< the first pass ran (feedback's guards let the query have it)
  Xapian::MSet first;         ///< the first pass, when it ran
  Xapian::Query expansion;    ///< the expansion, scaled; empty: no feedback
  Xapian::Query articles;     ///< a filter of the window's articles; empty: match among every match
};

/// Feedback in a rescore window (--feedback-window, #15.2). @p first_pass is
/// set up with the query and its other evidence (title, proximity), the
/// weighting scheme and the collapse key of the page's match; its best
/// @p window articles (ties at the edge all in, or all out when the tie runs
/// past what was fetched) are the window, its best k_feedback_documents
/// give the expansion (with the guards and @p max_share of
/// feedback_evidence). Every article outside the window scores no more than
/// any inside it, and the expansion only adds weight, so the page's best
/// (up to the window's size) are the best of the window re-ranked with the
/// expansion: the caller matches with @p articles as a filter instead of
/// over every match, and takes the counts from @p first. @p articles is
/// empty (match over everything) when every match is in the window, or when
/// fewer than @p page_end articles are. Not for remote shards.
[[nodiscard]] FeedbackWindow feedback_window(const Xapian::Database& db, const Xapian::Enquire& first_pass,
                                             const RewrittenQuery& query, unsigned count, double weight,
                                             std::size_t max_words, std::size_t window, std::size_t page_end,
                                             double max_share = 1.0);

/// Whether at least @p at_least articles of @p db hold every plain word of
/// @p query (by stem where the word was stemmed); false without plain words.
[[nodiscard]] bool all_words_in_at_least(const Xapian::Database& db, const RewrittenQuery& query,
                                         Xapian::doccount at_least);

/// @p query AND_MAYBE @p extra (@p query itself when @p extra is empty).
[[nodiscard]] Xapian::Query with_evidence(const Xapian::Query& query, const Xapian::Query& extra);

} // namespace dateline::searcher
