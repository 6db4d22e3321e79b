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

#include "searcher/oldest_first.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/ranking_options.hpp"

#include <xapian.h>

#include <string>
#include <vector>

namespace dateline::searcher {

struct Bm25Parameters;

/// Matches the documents it is given and no others, with no weight: per
/// shard their local ids (ascending), the shards told apart by @p uuids in
/// combined order (one shard: one entry, which may be empty). Joined with
/// OP_FILTER it restricts a match to those documents (--feedback-depth's
/// filter, the one-term first pass).
[[nodiscard]] Xapian::Query documents_query(std::vector<std::vector<Xapian::docid>> per_shard,
                                            std::vector<std::string> uuids);

/// The plain words of @p query that add evidence: not excluded, not
/// wildcards, not inside title:; each term once, in query order.
[[nodiscard]] std::vector<std::string> evidence_terms(const RewrittenQuery& query);

/// The headline terms title evidence looks up for evidence_terms' words
/// (--title-match): S + the word (TitleMatch::word), or ZS + its stem
/// (TitleMatch::stem; S + the word when it has no stem); each once.
[[nodiscard]] std::vector<std::string> title_terms(const RewrittenQuery& query, TitleMatch match);

/// @p headline_terms (title_terms' answer) ORed and scaled by @p weight; an
/// empty query when there are none or @p weight is 0. With @p db, a stem
/// term is asked as StemQueries::term_query does (stem_terms.hpp): a
/// database indexed with --stem-terms differing.
[[nodiscard]] Xapian::Query headline_evidence(const std::vector<std::string>& headline_terms, double weight,
                                              const Xapian::Database* db = nullptr);

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
/// are not (fewer when too few are left). @p weighting: the BM25
/// parameters @p enquire weighs with, which let the first pass of a one-term
/// query weigh only the articles whose wdf can reach its best
/// (first_pass.hpp); nullptr: every match is weighed.
[[nodiscard]] Xapian::Query feedback_evidence(const Xapian::Database& db, const Xapian::Enquire& enquire,
                                              const RewrittenQuery& query, unsigned count, double weight,
                                              std::size_t max_words = k_feedback_max_words, std::size_t depth = 0,
                                              double max_share = 1.0, const Bm25Parameters* weighting = nullptr);

/// feedback_window's answer.
struct FeedbackWindow {
  Xapian::Query expansion;  ///< as feedback_evidence's with depth = the window; empty: no feedback
  Xapian::Query window;     ///< the window's articles as a filter; empty: every match is in it (no short cut)
  double outside_at_most = 0.0;  ///< no article outside the window scored more in the first pass
  MatchPage first;          ///< the first pass's counts (the query alone, no hits), when the window is not empty
};

/// --feedback-window (#15.2): feedback_evidence with depth = @p window (the
/// expansion counts only for the first pass's best @p window articles, ties
/// at the edge all in or all out), and what the page's match needs to skip
/// every other match. An article outside the window scores in the ranked
/// query what it scored in the first pass plus its other evidence (title,
/// proximity) and no expansion; so where no other evidence reaches it
/// (the caller adds the articles that title evidence reaches to the
/// window), it scores at most @p outside_at_most, and a page matched among
/// the window (and those articles) alone whose last hit scores more is the
/// page of the whole match (window_page_holds). @p window 0: the expansion
/// counts for every match, and there is no window (feedback_evidence).
[[nodiscard]] FeedbackWindow feedback_window(const Xapian::Database& db, const Xapian::Enquire& enquire,
                                             const RewrittenQuery& query, unsigned count, double weight,
                                             std::size_t max_words, std::size_t window, double max_share = 1.0,
                                             const Bm25Parameters* weighting = nullptr);

/// Whether a page matched among a window's articles alone (hit weights
/// @p page_weights, best first, @p limit asked for) is the whole match's
/// page: it is full and its last hit scores more than @p outside_at_most
/// (beyond rounding), which no article left out can reach.
[[nodiscard]] bool window_page_holds(const std::vector<double>& page_weights, std::size_t limit,
                                     double outside_at_most);

/// Whether at least @p at_least articles of @p db hold every plain word of
/// @p query (by stem where the word was stemmed); false without plain words.
[[nodiscard]] bool all_words_in_at_least(const Xapian::Database& db, const RewrittenQuery& query,
                                         Xapian::doccount at_least);

/// @p query AND_MAYBE @p extra (@p query itself when @p extra is empty).
[[nodiscard]] Xapian::Query with_evidence(const Xapian::Query& query, const Xapian::Query& extra);

} // namespace dateline::searcher
